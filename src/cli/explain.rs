//! `cozescope explain CODE|TEXT`: prints what a Coze error means, its likely causes, fixes and sources from
//! the knowledge base in [`crate::explain`]. Offline; no network. The text may be anything a user pastes,
//! given as arguments or on stdin (`-`); it is read in bounded time and printed through the redactor, so a
//! token inside the pasted text is masked.

use std::ffi::OsString;

use super::explain_input::{self, binary_share};
use super::{CliError, CommandResult, eprint_redacted};
use crate::exit;
use crate::i18n::Lang;

/// `cozescope explain`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cozescope explain 4101\n  cozescope explain invalid_client\n  cozescope explain \"invalid jwt: kid not been registred\"\n  cozescope explain \"cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid, logid: …\"\n  pbpaste | cozescope explain -          (a whole log or JSON body from stdin)\n  cozescope explain /v1/workflow/run      (which permission an endpoint needs)\n  cozescope explain getChat               (which endpoints a permission guards)\n  cozescope explain --lang zh 4100"
)]
pub struct ExplainArgs {
    /// A numeric code (4101), an OAuth error_code (invalid_request), a message or part of one, a whole
    /// pasted error (an SDK's error line, a log, a JSON body; `-` reads it from stdin), an endpoint
    /// (`POST /v1/workflow/run`), or a permission name (`getChat`). Several words are joined with spaces.
    #[arg(value_name = "CODE|TEXT", num_args = 0.., allow_hyphen_values = true)]
    pub query: Vec<OsString>,
    /// Language [default: from LANG, zh_* gives zh, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Runs `cozescope explain`; exit 2 when the input is empty or nothing in it is known or looks like a
/// Coze error.
pub fn explain(args: ExplainArgs) -> CommandResult {
    let lang = Lang::resolve(args.lang);
    let input = explain_input::read(&args.query).map_err(CliError::Usage)?;
    let note = input.partial.map(|partial| partial.note());
    let query = input.text;
    if let Some(share) = binary_share(&query) {
        return Err(CliError::Usage(format!(
            "nothing to explain: the input is not text ({share}% of it is binary bytes)\n  paste the error as text, or save it as UTF-8 (or UTF-16 with its byte-order mark) and pipe it with `-`"
        )));
    }
    if query.trim().is_empty() {
        return Err(CliError::Usage(format!(
            "nothing to explain: the input is empty\n{}",
            crate::explain::known(lang)
        )));
    }
    let Some(text) = crate::explain::explain(&query, lang) else {
        // `printable` masks before it cuts: a token cut short no longer has the shape the redactor knows.
        let shown: String = crate::explain::printable(query.trim())
            .chars()
            .take(80)
            .collect();
        let note = note.map(|note| format!("{note}\n")).unwrap_or_default();
        return Err(CliError::Usage(format!(
            "no explanation for `{shown}`: it names no known code, error_code, message, endpoint or permission, and nothing in it looks like a Coze error\n{note}{}",
            crate::explain::known(lang)
        )));
    };
    if let Some(note) = note {
        eprint_redacted(&note);
    }
    super::screen::print(&super::screen::screen(lang), &text);
    Ok(exit::OK)
}

/// Flags written after the text, which the text's free form would otherwise take as words of it:
/// `--lang`, and the global `--width` and `--ascii`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TrailingFlags {
    pub lang: Option<Lang>,
    pub width: Option<u16>,
    pub ascii: bool,
}

/// The words of the text, and the flags given among them.
pub fn flags_after_text(words: Vec<OsString>) -> Result<(Vec<OsString>, TrailingFlags), String> {
    use clap::ValueEnum;
    let lang = |value: &str| {
        Lang::from_str(value, true).map_err(|_| {
            format!("invalid value '{value}' for '--lang <LANG>' (possible values: en, zh)")
        })
    };
    let mut text = Vec::with_capacity(words.len());
    let mut flags = TrailingFlags::default();
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let Some(word_text) = word.to_str() else {
            text.push(word);
            continue;
        };
        let (name, inline) = match word_text.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (word_text, None),
        };
        if name == "--ascii" && inline.is_none() {
            flags.ascii = true;
            continue;
        }
        if name != "--lang" && name != "--width" {
            text.push(word);
            continue;
        }
        let value = match inline {
            Some(value) => value,
            None => words
                .next()
                .map(|value| value.to_string_lossy().into_owned())
                .ok_or_else(|| format!("a value is required for '{name}'"))?,
        };
        if name == "--lang" {
            flags.lang = Some(lang(&value)?);
        } else {
            flags.width =
                Some(super::screen::parse_width(&value).map_err(|range| {
                    format!("invalid value '{value}' for '--width <N>': {range}")
                })?);
        }
    }
    Ok((text, flags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_after_the_text_are_flags() {
        let words = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        let (text, flags) = flags_after_text(words(&["4101", "--lang", "zh"])).expect("parsed");
        assert_eq!((text, flags.lang), (words(&["4101"]), Some(Lang::Zh)));
        let (text, flags) = flags_after_text(words(&[
            "- code: 4101",
            "--lang=en",
            "--width",
            "40",
            "--ascii",
        ]))
        .expect("parsed");
        assert_eq!(text, words(&["- code: 4101"]));
        assert_eq!(
            flags,
            TrailingFlags {
                lang: Some(Lang::En),
                width: Some(40),
                ascii: true
            }
        );
        assert_eq!(
            flags_after_text(words(&["-", "--width=120"]))
                .expect("parsed")
                .1
                .width,
            Some(120)
        );
        assert!(flags_after_text(words(&["4101", "--lang", "fr"])).is_err());
        assert!(flags_after_text(words(&["4101", "--lang"])).is_err());
        assert!(flags_after_text(words(&["4101", "--width", "5"])).is_err());
    }
}

//! `cozescope explain CODE|TEXT`: prints what a Coze error means, its likely causes, fixes and sources from
//! the knowledge base in [`crate::explain`]. Offline; no network. The text may be anything a user pastes,
//! given as arguments or on stdin (`-`); it is read in bounded time and printed through the redactor, so a
//! token inside the pasted text is masked.

use std::ffi::OsString;

use super::explain_input::{self, binary_share};
use super::{CliError, CommandResult, eprint_redacted, print_redacted};
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
    let (query, flag) = lang_after_text(args.query).map_err(CliError::Usage)?;
    let lang = Lang::resolve(flag.or(args.lang));
    let input = explain_input::read(&query).map_err(CliError::Usage)?;
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
    print_redacted(&text);
    Ok(exit::OK)
}

/// The text's words without a `--lang` given after them (`explain 4101 --lang zh`): the text may begin with
/// a hyphen, so every argument after the first word is taken as text, and `--lang` is picked out here.
fn lang_after_text(words: Vec<OsString>) -> Result<(Vec<OsString>, Option<Lang>), String> {
    use clap::ValueEnum;
    let parse = |value: &OsString| {
        let value = value.to_string_lossy();
        Lang::from_str(&value, true).map_err(|_| {
            format!("invalid value '{value}' for '--lang <LANG>' (possible values: en, zh)")
        })
    };
    let mut text = Vec::with_capacity(words.len());
    let mut lang = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        if word == "--lang" {
            let value = words
                .next()
                .ok_or_else(|| "a value is required for '--lang <LANG>' (en, zh)".to_string())?;
            lang = Some(parse(&value)?);
        } else if let Some(value) = word.to_str().and_then(|word| word.strip_prefix("--lang=")) {
            lang = Some(parse(&OsString::from(value))?);
        } else {
            text.push(word);
        }
    }
    Ok((text, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lang_flag_after_the_text_is_a_flag() {
        let words = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        let (text, lang) = lang_after_text(words(&["4101", "--lang", "zh"])).expect("parsed");
        assert_eq!((text, lang), (words(&["4101"]), Some(Lang::Zh)));
        let (text, lang) = lang_after_text(words(&["- code: 4101", "--lang=en"])).expect("parsed");
        assert_eq!((text, lang), (words(&["- code: 4101"]), Some(Lang::En)));
        assert!(lang_after_text(words(&["4101", "--lang", "fr"])).is_err());
        assert!(lang_after_text(words(&["4101", "--lang"])).is_err());
    }
}

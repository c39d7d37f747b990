//! `cozescope explain CODE|TEXT`: prints what a Coze error means, its likely causes, fixes and sources from
//! the knowledge base in [`crate::explain`]. Offline; no network. The text may be anything a user pastes,
//! given as arguments or on stdin (`-`); it is read in bounded time and printed through the redactor, so a
//! token inside the pasted text is masked.

use std::ffi::OsString;
use std::io::{IsTerminal, Read};

use super::{CliError, CommandResult};
use crate::exit;
use crate::i18n::Lang;

/// The most read from stdin; `explain` looks at the head and the tail of a text anyway.
const MAX_STDIN_BYTES: u64 = 8 << 20;

/// `cozescope explain`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cozescope explain 4101\n  cozescope explain invalid_client\n  cozescope explain \"invalid jwt: kid not been registred\"\n  cozescope explain \"cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid, logid: …\"\n  pbpaste | cozescope explain -          (a whole log or JSON body from stdin)\n  cozescope explain /v1/workflow/run      (which permission an endpoint needs)\n  cozescope explain getChat               (which endpoints a permission guards)\n  cozescope explain --lang zh 4100"
)]
pub struct ExplainArgs {
    /// A numeric code (4101), an OAuth error_code (invalid_request), a message or part of one, a whole
    /// pasted error (an SDK's error line, a log, a JSON body; `-` reads it from stdin), an endpoint
    /// (`POST /v1/workflow/run`), or a permission name (`getChat`). Several words are joined with spaces.
    #[arg(value_name = "CODE|TEXT", num_args = 0..)]
    pub query: Vec<OsString>,
    /// Language [default: from LANG, zh_* gives zh, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Runs `cozescope explain`; exit 2 when the input is empty or nothing in it is known or looks like a
/// Coze error.
pub fn explain(args: ExplainArgs) -> CommandResult {
    let lang = Lang::resolve(args.lang);
    let query = query_text(&args.query).map_err(CliError::Usage)?;
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
        return Err(CliError::Usage(format!(
            "no explanation for `{shown}`: it names no known code, error_code, message, endpoint or permission, and nothing in it looks like a Coze error\n{}",
            crate::explain::known(lang)
        )));
    };
    super::screen::print(&super::screen::screen(lang), &text);
    Ok(exit::OK)
}

/// The text to explain: the arguments joined with spaces (bytes that are not UTF-8 become `�`), or stdin
/// for `-` or for no argument when stdin is not a terminal.
fn query_text(query: &[OsString]) -> Result<String, String> {
    let from_stdin = match query {
        [] => !std::io::stdin().is_terminal(),
        [only] => only == "-",
        _ => false,
    };
    if from_stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_STDIN_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|error| format!("cannot read stdin: {error}"))?;
        return Ok(decode(&bytes));
    }
    if query.is_empty() {
        return Err("give a CODE|TEXT to explain, or `-` to read it from stdin".into());
    }
    Ok(query
        .iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" "))
}

/// Stdin as text: UTF-8, or UTF-16 when it starts with a byte-order mark (what a Windows shell's `>`
/// writes); bytes that are not text become `�`.
fn decode(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The share (in %) of `text` that is not text — bytes that were not UTF-8, control characters other than
/// line breaks, tabs and terminal colours — when it is so large that the input is a binary file.
fn binary_share(text: &str) -> Option<usize> {
    // A log pasted with a few stray bytes or colour codes is still text; a binary file is mostly not.
    const BINARY_PERCENT: usize = 30;
    let mut total = 0usize;
    let mut binary = 0usize;
    for c in text.chars() {
        total += 1;
        if c == char::REPLACEMENT_CHARACTER
            || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{1b}'))
        {
            binary += 1;
        }
    }
    let share = binary * 100 / total.max(1);
    (total >= 16 && share >= BINARY_PERCENT).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_text() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("code: 4101 权限".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), "code: 4101 权限");
        let mut be = vec![0xFE, 0xFF];
        be.extend("code: 4101".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), "code: 4101");
        assert_eq!(decode(b"\xEF\xBB\xBFcode: 4101"), "code: 4101");
    }

    #[test]
    fn a_binary_file_is_not_text_but_a_log_with_stray_bytes_is() {
        let random: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(binary_share(&decode(&random)).is_some());
        let log = "2025-11-25 \u{1b}[31mERROR\u{1b}[0m code: 4101 \u{fffd}\u{fffd} msg: denied\n"
            .repeat(20);
        assert_eq!(binary_share(&log), None);
        assert_eq!(binary_share("\u{fffd}\u{fffd}"), None, "too short to judge");
    }
}

//! `cozescope explain CODE|TEXT`: prints what a Coze error means, its likely causes, fixes and sources from
//! the knowledge base in [`crate::explain`]. Offline; no network. The text may be anything a user pastes,
//! given as arguments or on stdin (`-`); it is read in bounded time and printed through the redactor, so a
//! token inside the pasted text is masked.

use std::ffi::OsString;
use std::io::{IsTerminal, Read};

use super::{CommandResult, eprint_redacted, print_redacted};
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
    let query = match query_text(&args.query) {
        Ok(query) => query,
        Err(message) => {
            eprint_redacted(&format!("error: {message}"));
            return Ok(exit::INVALID_INPUT);
        }
    };
    if query.trim().is_empty() {
        eprint_redacted(&format!(
            "error: nothing to explain: the input is empty\n{}",
            crate::explain::known(lang)
        ));
        return Ok(exit::INVALID_INPUT);
    }
    match crate::explain::explain(&query, lang) {
        Some(text) => {
            print_redacted(&text);
            Ok(exit::OK)
        }
        None => {
            let shown: String = crate::explain::printable(query.trim())
                .chars()
                .take(80)
                .collect();
            eprint_redacted(&format!(
                "error: no explanation for `{shown}`: it names no known code, error_code, message, endpoint or permission, and nothing in it looks like a Coze error\n{}",
                crate::explain::known(lang)
            ));
            Ok(exit::INVALID_INPUT)
        }
    }
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
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
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

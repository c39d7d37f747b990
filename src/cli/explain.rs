//! `cozescope explain CODE|TEXT`: prints what a Coze error means, its likely causes, fixes and sources from
//! the knowledge base in [`crate::explain`]. Offline; no network.

use super::{CommandResult, eprint_redacted, print_redacted};
use crate::exit;
use crate::i18n::Lang;

/// `cozescope explain`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cozescope explain 4101\n  cozescope explain invalid_client\n  cozescope explain \"invalid jwt: kid not been registred\"\n  cozescope explain /v1/workflow/run      (which permission an endpoint needs)\n  cozescope explain getChat               (which endpoints a permission guards)\n  cozescope explain --lang zh 4100"
)]
pub struct ExplainArgs {
    /// A numeric code (4101), an OAuth error_code (invalid_request), a message or part of one (a whole SDK
    /// error line works too), an endpoint (`POST /v1/workflow/run`), or a permission name (`getChat`).
    /// Several words are joined with spaces.
    #[arg(required = true, value_name = "CODE|TEXT", num_args = 1..)]
    pub query: Vec<String>,
    /// Language [default: from LANG, zh_* gives zh, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Runs `cozescope explain`; exit 2 when the input is unknown.
pub fn explain(args: ExplainArgs) -> CommandResult {
    let lang = Lang::resolve(args.lang);
    let query = args.query.join(" ");
    match crate::explain::explain(&query, lang) {
        Some(text) => {
            print_redacted(&text);
            Ok(exit::OK)
        }
        None => {
            let shown: String = query.trim().chars().take(80).collect();
            eprint_redacted(&format!(
                "error: no explanation for `{shown}`\n{}",
                crate::explain::known(lang)
            ));
            Ok(exit::INVALID_INPUT)
        }
    }
}

//! Command-line definitions (clap) and dispatch. Each command turns its outcome into an exit code; every
//! line it prints goes through the redactor.

mod check;
mod dry_run;
mod explain;
mod output;
mod run;
mod setup;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::exit;
use crate::report::Lang;

pub use output::{eprint_redacted, print_redacted};

/// Permission diagnostics for the Coze OpenAPI.
#[derive(Debug, Parser)]
#[command(name = "cozescope", version, about, after_help = exit::TABLE)]
pub struct Cli {
    /// More logs on stderr (-v info, -vv debug, -vvv trace); secrets are always redacted.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenarios: issue tokens, probe operations, write the comparison report.
    #[command(after_help = exit::TABLE)]
    Run(RunArgs),
    /// Validate scenarios offline: variables, keys, the JWT that would be sent, region mistakes. Sends nothing.
    #[command(after_help = exit::TABLE)]
    Check(check::CheckArgs),
    /// Explain a Coze error code, OAuth error_code or message: meaning, causes, fixes, sources.
    #[command(after_help = exit::TABLE)]
    Explain(explain::ExplainArgs),
    /// Serve the Coze sandbox standalone, for the official SDKs or your own code.
    #[command(after_help = exit::TABLE)]
    Emulator(crate::emulator::EmulatorArgs),
}

/// `cozescope run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files or folders of *.toml files.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    /// Where requests go: `sandbox` (the embedded emulator), `cn` (api.coze.cn), `com` (api.coze.com), or a base URL.
    #[arg(long, default_value = "sandbox")]
    pub target: String,
    /// Folder for report files.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Report formats, comma-separated: md, json, junit.
    #[arg(long, default_value = "md", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Report language: en or zh (default: from LANG, zh_* gives zh).
    #[arg(long)]
    pub lang: Option<String>,
    /// The .env file read for ${VAR} after the environment (real targets only).
    #[arg(long, default_value = ".env")]
    pub env_file: PathBuf,
    /// Sandbox world file (default: the embedded demo world).
    #[arg(long)]
    pub world: Option<PathBuf>,
    /// Cases run at the same time.
    #[arg(long, default_value_t = 4)]
    pub jobs: usize,
    /// Do not add follow-up cases (no-scope retry of a denied scoped case, other-region retry of a rejected credential).
    #[arg(long)]
    pub no_follow_up: bool,
    /// Seconds to wait for a connection [default: 10, or the scenario's `connect_timeout`].
    #[arg(long)]
    pub connect_timeout: Option<f64>,
    /// Seconds to wait for a whole response [default: 30, or the scenario's `timeout`].
    #[arg(long)]
    pub timeout: Option<f64>,
    /// Retries of a probe that failed in a retry-safe way (429, 5xx, transport) [default: 2, or the scenario's `retries`].
    #[arg(long)]
    pub retries: Option<u32>,
    /// Let probes that create something (create_bot) run against a real target.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the requests that would be sent (secrets redacted) and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Parses the command line, runs the command, and returns the exit code.
pub fn main() -> i32 {
    output::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                exit::INVALID_INPUT
            } else {
                exit::OK
            };
            let _ = error.print();
            return code;
        }
    };
    output::init_tracing(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprint_redacted(&format!(
                "error: failed to start the async runtime: {error}"
            ));
            return exit::INCOMPLETE;
        }
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Run(args) => run::run(args).await,
            Command::Check(args) => check::check(args),
            Command::Explain(args) => explain::run_explain(args),
            Command::Emulator(args) => {
                register_world_secrets(args.world.as_deref());
                serve_emulator(args).await
            }
        }
    })
}

/// The sandbox's own credentials are masked in its logs too (a bad world file is reported by `serve`).
fn register_world_secrets(world: Option<&std::path::Path>) {
    let world = match world {
        Some(path) => crate::emulator::World::load(path).ok(),
        None => Some(crate::emulator::World::demo()),
    };
    for secret in world.iter().flat_map(|world| world.secrets()) {
        crate::redact::register(&secret);
    }
}

async fn serve_emulator(args: crate::emulator::EmulatorArgs) -> i32 {
    match crate::emulator::serve(args).await {
        Ok(()) => exit::OK,
        Err(error) => {
            eprint_redacted(&format!("error: {error}"));
            if error.is_input_error() {
                exit::INVALID_INPUT
            } else {
                exit::INCOMPLETE
            }
        }
    }
}

/// The report language: the flag, else LC_ALL / LANG.
pub(crate) fn resolve_lang(flag: Option<&str>) -> Result<Lang, String> {
    match flag {
        Some(word) => <Lang as clap::ValueEnum>::from_str(word, false)
            .map_err(|_| format!("unknown language `{word}` (expected `en` or `zh`)")),
        None => {
            let locale = std::env::var("LC_ALL")
                .ok()
                .filter(|value| !value.is_empty())
                .or_else(|| std::env::var("LANG").ok());
            Ok(Lang::from_locale(locale.as_deref()))
        }
    }
}

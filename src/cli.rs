//! Command-line definitions (clap) and dispatch. Each command returns its exit code or a [`CliError`]; this
//! module prints the error once, redacted, and hands the code to `main`. Every line printed goes through
//! the redactor.

mod check;
mod completions;
mod diff;
mod doctor;
mod dry_run;
mod emulator;
mod error;
mod explain;
mod explain_input;
mod inputs;
mod man;
mod output;
mod run;
mod screen;
mod signal;
mod sweep;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

pub use error::CliError;
pub use inputs::TargetChoice;
pub use output::{eprint_redacted, print_redacted};

use crate::exit;
use crate::i18n::Lang;
use crate::report::Format;

/// What a command ends with: an exit code, or an error to print.
pub type CommandResult = Result<u8, CliError>;

/// Permission diagnostics for the Coze OpenAPI.
#[derive(Debug, Parser)]
#[command(name = "cozescope", version = crate::build_info::DESCRIBED, about, after_help = exit::RUN)]
pub struct Cli {
    /// More logs on stderr (-v info, -vv debug, -vvv trace); secrets are always redacted.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Fit stdout to N columns [default: COLUMNS, else the terminal's width, else 100].
    #[arg(long, global = true, value_name = "N", value_parser = screen::parse_width)]
    pub width: Option<u16>,
    /// ASCII glyphs and table borders instead of emoji and box drawing (also with TERM=dumb).
    #[arg(long, global = true)]
    pub ascii: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Diagnose the credentials your SDK already uses (COZE_API_TOKEN, COZE_JWT_OAUTH_*, COZE_WORKSPACE_ID,
    /// COZE_API_BASE): no scenario to write. Saves the generated scenario next to the report.
    #[command(after_help = exit::DOCTOR)]
    Doctor(doctor::DoctorArgs),
    /// Write the doctor's scenario (default scenarios/doctor.toml) to edit before running it with `run`.
    #[command(after_help = exit::INIT)]
    Init(doctor::InitArgs),
    /// Run scenarios: issue tokens, probe operations, write the comparison report.
    #[command(after_help = exit::RUN)]
    Run(RunArgs),
    /// Validate scenarios offline: variables, keys, the JWT that would be sent, region mistakes. Sends nothing.
    #[command(after_help = exit::CHECK)]
    Check(check::CheckArgs),
    /// Explain a Coze error code, OAuth error_code or message: meaning, causes, fixes, sources.
    #[command(after_help = exit::EXPLAIN)]
    Explain(explain::ExplainArgs),
    /// Find which scope names the token endpoint accepts for a JWT app, by group testing (few requests).
    #[command(after_help = exit::SWEEP)]
    Sweep(sweep::SweepArgs),
    /// What changed between two JSON reports of the same scenario (before and after a console change).
    #[command(after_help = exit::DIFF)]
    Diff(diff::DiffArgs),
    /// Serve the Coze sandbox standalone, for the official SDKs or your own code.
    #[command(after_help = exit::EMULATOR)]
    Emulator(emulator::EmulatorArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) on stdout.
    #[command(after_help = exit::COMPLETIONS, after_long_help = completions::long_help())]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) on stdout; `cozescope man COMMAND` for one command's page.
    #[command(after_help = exit::MAN)]
    Man(man::ManArgs),
}

/// Where to send requests and how to report: what `run` and the commands built on it share.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Where requests go: `sandbox` (the embedded emulator), `cn` (api.coze.cn), `com` (api.coze.com), or a
    /// base URL [default: the scenario's `target`, else the sandbox].
    #[arg(long, value_parser = inputs::TargetParser, hide_possible_values = true)]
    pub target: Option<TargetChoice>,
    #[command(flatten)]
    pub region_bases: inputs::RegionBases,
    /// The .env file read for ${VAR} after the environment (real targets only) [default: .env, when it
    /// exists].
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Sandbox world file (default: the embedded demo world).
    #[arg(long)]
    pub world: Option<PathBuf>,
}

impl TargetArgs {
    /// The target of the scenarios under `paths`: the flags, else what they record, else the sandbox.
    pub fn choose(&self, paths: &[PathBuf]) -> Result<TargetChoice, CliError> {
        let recorded = crate::scenario::recorded_targets(paths)?;
        inputs::choose_target(
            self.target.as_ref(),
            &self.region_bases,
            &recorded,
            TargetChoice::Sandbox,
        )
    }
}

/// `cozescope run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files or folders of *.toml files.
    #[arg(default_value = "scenarios")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

/// Where reports go and how they read: shared by `run`, `doctor` and `sweep`.
#[derive(Debug, Args)]
pub struct ReportFlags {
    /// Folder for report files.
    #[arg(long, default_value = "reports", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// Report formats, comma-separated.
    #[arg(long, default_value = "md", value_delimiter = ',', value_enum)]
    pub format: Vec<Format>,
    /// Report language [default: from LANG, zh_* gives zh, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// How requests are sent: shared by `run`, `doctor` and `sweep`.
#[derive(Debug, Args)]
pub struct RequestFlags {
    /// Seconds to wait for a connection [default: 10, or the scenario's `connect_timeout`].
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    pub connect_timeout: Option<Duration>,
    /// Seconds to wait for a whole response [default: 30, or the scenario's `timeout`].
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,
    /// Retries of a request that failed in a retry-safe way (429, 5xx, transport) [default: 2, or the scenario's `retries`].
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=i64::from(crate::scenario::MAX_RETRIES)))]
    pub retries: Option<u32>,
    /// Stop sending after N requests (retries included); the rest is skipped [default: the scenario's
    /// `max_requests`, else no limit]. A free Coze account has 500 API calls in its whole life.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::scenario::MAX_REQUESTS)))]
    pub max_requests: Option<u32>,
    /// Requests per second across the whole run; slows down by itself when the service throttles
    /// [default: the scenario's `qps`, else no limit].
    #[arg(long, value_name = "N", value_parser = parse_qps)]
    pub qps: Option<f64>,
    /// The JWT `aud` to sign instead of the host addressed, for a target behind a proxy (e.g. api.coze.cn).
    #[arg(long, value_name = "HOST", value_parser = parse_audience)]
    pub audience: Option<String>,
}

/// The flags of a run, shared by `run` and `doctor`.
#[derive(Debug, Args)]
pub struct RunFlags {
    #[command(flatten)]
    pub report: ReportFlags,
    #[command(flatten)]
    pub requests: RequestFlags,
    /// Cases run at the same time.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Do not add follow-up cases (the variants that prove or rule out a cause).
    #[arg(long)]
    pub no_follow_up: bool,
    /// Let probes that create something or spend quota run against a real target.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the requests that would be sent (secrets redacted) and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the verdicts as JSON on stdout (the report's `verdicts` block, one line per scenario) instead
    /// of the terminal summary; the report files are written as usual.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a credential's verdict is a cause (for CI jobs and "test connection" buttons); by
    /// default a diagnosed denial is a successful run.
    #[arg(long)]
    pub fail_on_cause: bool,
}

impl ReportFlags {
    /// Proves `--out` can take report files, before anything is sent: exit 2 with the reason if not.
    pub fn writable_out(&self) -> Result<(), CliError> {
        crate::report::write::ensure_writable(&self.out).map_err(|error| {
            CliError::Usage(format!(
                "cannot write reports under --out {}: {} (it must be a folder you can write to)",
                self.out.display(),
                error.reason
            ))
        })
    }
}

impl RequestFlags {
    /// Run options with these flags set (the rest default).
    pub fn options(&self) -> crate::runner::RunOptions {
        crate::runner::RunOptions {
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            retries: self.retries,
            max_requests: self.max_requests,
            qps: self.qps,
            audience: self.audience.clone(),
            ..crate::runner::RunOptions::default()
        }
    }
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    crate::scenario::seconds(value).ok_or_else(|| {
        format!(
            "{value} is not a usable number of seconds: use {} to {}",
            crate::scenario::MIN_SECONDS,
            crate::scenario::MAX_SECONDS
        )
    })
}

fn parse_qps(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of requests per second"))?;
    crate::scenario::qps(value).ok_or_else(|| {
        format!(
            "{value} is not a usable rate: use {} to {} requests per second",
            crate::scenario::MIN_QPS,
            crate::scenario::MAX_QPS
        )
    })
}

pub(crate) fn parse_audience(text: &str) -> Result<String, String> {
    let host = text.trim();
    if crate::scenario::is_host(host) {
        Ok(host.to_string())
    } else {
        Err(format!(
            "`{text}` is not a host: the JWT `aud` is the API host without scheme or path, e.g. api.coze.cn"
        ))
    }
}

/// Parses the command line, runs the command, and returns the exit code.
pub fn main() -> ExitCode {
    output::install_panic_hook();
    let mut cli = match parse_args() {
        Ok(cli) => cli,
        Err(error) => {
            // Through the boundary too: clap quotes the arguments it could not parse.
            let text = error.render().to_string();
            return ExitCode::from(output::exit_code(if error.use_stderr() {
                eprint_redacted(&text);
                exit::INVALID_INPUT
            } else {
                print_redacted(&text);
                exit::OK
            }));
        }
    };
    if let Command::Explain(args) = &mut cli.command {
        // The text's free form would take flags written after it as words of it.
        match explain::flags_after_text(std::mem::take(&mut args.query)) {
            Ok((text, flags)) => {
                args.query = text;
                args.lang = flags.lang.or(args.lang);
                cli.width = flags.width.or(cli.width);
                cli.ascii |= flags.ascii;
            }
            Err(message) => {
                let error = CliError::Usage(message);
                eprint_redacted(&format!("error: {error}"));
                return ExitCode::from(output::exit_code(error.exit_code()));
            }
        }
    }
    output::init_tracing(cli.verbose);
    screen::set_flags(screen::ScreenFlags {
        width: cli.width,
        ascii: cli.ascii,
    });
    let result = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(dispatch(cli.command)),
        Err(error) => Err(CliError::Incomplete(format!(
            "failed to start the async runtime: {error}"
        ))),
    };
    ExitCode::from(output::exit_code(match result {
        Ok(code) => code,
        Err(error) => {
            eprint_redacted(&format!("error: {error}"));
            error.exit_code()
        }
    }))
}

/// The command line parsed; help and usage errors are wrapped at `--width N` when it is given (clap
/// renders them before the flag reaches the screen settings).
fn parse_args() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let width = args.iter().enumerate().find_map(|(index, arg)| {
        let arg = arg.to_str()?;
        let value = match arg.strip_prefix("--width=") {
            Some(value) => value,
            None if arg == "--width" => args.get(index + 1)?.to_str()?,
            None => return None,
        };
        screen::parse_width(value).ok()
    });
    let mut command = Cli::command();
    if let Some(width) = width {
        let width = usize::from(width);
        command = command.term_width(width).max_term_width(width);
    }
    let matches = command.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

async fn dispatch(command: Command) -> CommandResult {
    match command {
        Command::Doctor(args) => doctor::doctor(args).await,
        Command::Init(args) => doctor::init(args),
        Command::Run(args) => run::run(args).await,
        Command::Check(args) => check::check(args),
        Command::Explain(args) => explain::explain(args),
        Command::Sweep(args) => sweep::sweep(args).await,
        Command::Diff(args) => diff::run_diff(args),
        Command::Emulator(args) => emulator::emulator(args).await,
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => man::man(args),
    }
}

//! `cozescope run`: load scenarios, start the sandbox when it is the target, run, diagnose, write reports.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use super::inputs::{TargetChoice, load, world_for};
use super::{CliError, CommandResult, RunArgs, RunFlags, dry_run, eprint_redacted, print_redacted};
use crate::coze::region::Region;
use crate::emulator::{Sandbox, SandboxConfig, World};
use crate::exit;
use crate::i18n::Lang;
use crate::redact;
use crate::report::{Format, ReportInput, summary, write};
use crate::runner::{self, CancellationToken, Event, RunOptions, RunResult, Target};
use crate::scenario::Plan;

pub(super) async fn run(args: RunArgs) -> CommandResult {
    let choice = args.target.choose(&args.paths)?;
    let world = world_for(&choice, args.target.world.as_deref())?;
    let plan = load(&args.paths, args.target.env_file.as_deref(), world.as_ref())?;
    super::output::simulate_crash_for_tests(&plan.secrets());
    // Find an unusable --out now, not after bots were created.
    if !args.run.dry_run {
        args.run.report.writable_out()?;
    }
    execute_plan(&plan, &choice, world, &args.run).await
}

/// Runs a loaded plan and reports it: what `run` and `doctor` share once they have a plan (and have
/// checked that `--out` is writable).
pub(super) async fn execute_plan(
    plan: &Plan,
    choice: &TargetChoice,
    world: Option<World>,
    flags: &RunFlags,
) -> CommandResult {
    if flags.dry_run {
        let target = match choice {
            TargetChoice::Sandbox => None,
            TargetChoice::Real(target) => Some(target),
        };
        super::screen::print(
            &super::screen::screen(Lang::resolve(flags.report.lang)),
            &dry_run::render(plan, target),
        );
        return Ok(exit::OK);
    }
    let result = run_plan(plan, choice, world, flags).await?;
    Ok(finish(&result, flags))
}

/// Runs a loaded plan (not a dry run) and returns its result, every text from outside masked and escaped.
pub(super) async fn run_plan(
    plan: &Plan,
    choice: &TargetChoice,
    world: Option<World>,
    flags: &RunFlags,
) -> Result<RunResult, CliError> {
    let options = RunOptions {
        jobs: usize::from(flags.jobs),
        follow_up: !flags.no_follow_up,
        allow_side_effects: flags.yes,
        ..flags.requests.options()
    };
    let mut result = on_target(choice, world, &options.cancel, async |target| {
        execute(plan, target, &options).await
    })
    .await??;
    // Mask secrets and escape control characters in server messages, value by value, before the writers
    // cut, lay out or measure them.
    result.map_texts(redact::shown_value);
    Ok(result)
}

/// Runs `work` against the target — a sandbox started for it when the sandbox is the target, stopped
/// after — with Ctrl-C, SIGTERM and SIGHUP cancelling `cancel` meanwhile.
pub(super) async fn on_target<T>(
    choice: &TargetChoice,
    world: Option<World>,
    cancel: &CancellationToken,
    work: impl AsyncFnOnce(&Target) -> T,
) -> Result<T, CliError> {
    let running = Running::start(choice, world).await?;
    let interrupt = on_interrupt(cancel);
    let result = work(&running.target).await;
    interrupt.abort();
    running.stop().await;
    Ok(result)
}

/// The target requests go to: the real one, or a sandbox started for this command.
struct Running {
    target: Target,
    sandbox: Option<Sandbox>,
}

impl Running {
    /// Starts the sandbox when it is the target (both realms on loopback ports).
    async fn start(choice: &TargetChoice, world: Option<World>) -> Result<Running, CliError> {
        Ok(match choice {
            TargetChoice::Real(target) => Running {
                target: target.clone(),
                sandbox: None,
            },
            TargetChoice::Sandbox => {
                let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
                let config = SandboxConfig {
                    cn: loopback,
                    com: Some(loopback),
                    ..SandboxConfig::default()
                };
                let sandbox = Sandbox::start(world.unwrap_or_else(World::demo), config).await?;
                let urls: BTreeMap<Region, String> = Region::ALL
                    .into_iter()
                    .filter_map(|region| sandbox.base_url(region).map(|url| (region, url)))
                    .collect();
                Running {
                    target: Target::sandbox(urls),
                    sandbox: Some(sandbox),
                }
            }
        })
    }

    /// Shuts the sandbox down, if one was started.
    async fn stop(self) {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
    }
}

/// Ctrl-C, SIGTERM or SIGHUP cancels `cancel` (requests in flight finish, then the partial report is written).
fn on_interrupt(cancel: &CancellationToken) -> tokio::task::JoinHandle<()> {
    let cancel = cancel.clone();
    tokio::spawn(async move {
        super::signal::interrupted().await;
        eprint_redacted(
            "interrupted: finishing the requests in flight, then writing a partial report",
        );
        cancel.cancel();
    })
}

/// Registers the secrets a run obtains (assertions, access tokens) with the redactor the moment they exist.
pub(super) fn register_secret(event: &Event<'_>) {
    if let Event::SecretIssued { secret } = event {
        redact::register(secrecy::ExposeSecret::expose_secret(*secret));
    }
}

/// Runs the plan with a progress bar on stderr (only when stderr is a terminal).
async fn execute(
    plan: &Plan,
    target: &Target,
    options: &RunOptions,
) -> Result<RunResult, runner::TargetError> {
    let progress = ProgressBar::hidden();
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        progress.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} cases {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let on_event = |event: Event<'_>| match event {
        Event::Started { cases } => progress.set_length(cases as u64),
        Event::FollowUps { cases } => progress.inc_length(cases as u64),
        Event::SecretIssued { .. } => register_secret(&event),
        Event::CaseFinished { case } => {
            progress.set_message(redact::redact(&case.name));
            progress.inc(1);
        }
    };
    let result = runner::run(plan, target, options, &on_event).await;
    progress.finish_and_clear();
    result
}

/// Writes the reports, prints the summaries (or, with `--json`, the verdicts), and decides the exit code.
pub(super) fn finish(result: &RunResult, flags: &RunFlags) -> u8 {
    let lang = Lang::resolve(flags.report.lang);
    let out: &Path = &flags.report.out;
    let screen = super::screen::screen(lang);
    // With --json, stdout holds JSON only: what a person reads goes to stderr.
    let say = |text: &str| {
        if flags.json {
            eprint_redacted(text);
        } else {
            super::screen::print(&screen, text);
        }
    };
    let mut formats: Vec<Format> = Vec::new();
    for format in &flags.report.format {
        if !formats.contains(format) {
            formats.push(*format);
        }
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut write_failed = false;
    let mut mismatches = 0;
    let mut causes: Vec<String> = Vec::new();
    for scenario in &result.scenarios {
        let diagnosis = crate::diagnose::diagnose(scenario);
        for verdict in diagnosis.verdicts.iter().filter(|v| v.cause().is_some()) {
            causes.push(format!("{} ({})", verdict.credential, verdict.label()));
        }
        let matrix = crate::diagnose::matrix(scenario);
        let input = ReportInput {
            run: result,
            scenario,
            findings: &diagnosis.findings,
            verdicts: &diagnosis.verdicts,
            matrix: &matrix,
            lang,
        };
        let stem = write::report_stem(result.started_at, &scenario.file);
        let rendered: Vec<String> = formats.iter().map(|format| format.render(&input)).collect();
        let files: Vec<(&str, &str)> = formats
            .iter()
            .zip(&rendered)
            .map(|(format, contents)| (format.extension(), contents.as_str()))
            .collect();
        match write::write_set(out, &stem, &files) {
            Ok(paths) => written.extend(paths),
            // Keep going: the summary below still carries the logids and the ids of created bots.
            Err(error) => {
                eprint_redacted(&format!("error: {error}"));
                write_failed = true;
            }
        }
        if flags.json {
            print_redacted(&verdicts_json(&input));
        } else {
            super::screen::print(&screen, &summary::render(&input, &screen));
        }
        mismatches += scenario
            .cases
            .iter()
            .map(|case| case.mismatches().len())
            .sum::<usize>();
    }
    let stats = result.request_stats();
    say(&match lang {
        Lang::En => format!(
            "requests sent: {} ({} retries)\n",
            stats.requests, stats.retries
        ),
        Lang::Zh => format!(
            "已发送请求：{}（重试 {} 次）\n",
            stats.requests, stats.retries
        ),
    });
    for path in &written {
        say(&format!("report: {}\n", path.display()));
    }
    let created: Vec<&str> = result
        .cases()
        .flat_map(|case| &case.probes)
        .filter_map(|probe| probe.created_bot_id.as_deref())
        .collect();
    if write_failed && !created.is_empty() {
        say(&format!(
            "bots created by this run: {}\n",
            created.join(", ")
        ));
    }
    if result.interrupted {
        eprint_redacted("the run was interrupted; the report is partial");
        exit::INCOMPLETE
    } else if write_failed {
        exit::INCOMPLETE
    } else if result.target_unreachable() {
        eprint_redacted(
            "error: no probe reached the target; check the network, the base URL and any proxy",
        );
        exit::INCOMPLETE
    } else if mismatches > 0 {
        eprint_redacted(&format!(
            "{mismatches} expectation(s) did not hold; see the report"
        ));
        exit::EXPECT_FAILED
    } else if flags.fail_on_cause && !causes.is_empty() {
        eprint_redacted(&format!(
            "--fail-on-cause: a verdict names a cause: {}",
            causes.join(", ")
        ));
        exit::EXPECT_FAILED
    } else {
        exit::OK
    }
}

/// One scenario's verdicts on one line of JSON: `{"scenario": FILE, "verdicts": [...]}`, the `verdicts`
/// block exactly as the JSON report holds it.
fn verdicts_json(input: &ReportInput<'_>) -> String {
    let line = serde_json::json!({
        "scenario": input.scenario.file.display().to_string(),
        "verdicts": crate::report::json::verdicts(input.verdicts, input.lang),
    });
    format!("{line}\n")
}

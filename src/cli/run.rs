//! `cozescope run`: load scenarios, start the sandbox when it is the target, run, diagnose, write reports.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::setup::{TargetChoice, load, parse_target, world_for};
use super::{RunArgs, dry_run, eprint_redacted, print_redacted, resolve_lang};
use crate::coze::region::Region;
use crate::emulator::{Sandbox, SandboxConfig, World};
use crate::exit;
use crate::redact;
use crate::report::{Format, Lang, ReportInput, summary, write};
use crate::runner::{self, Cancel, Event, RunOptions, RunResult, Target};
use crate::scenario::Plan;

fn usage_error(message: &str) -> i32 {
    eprint_redacted(&format!("error: {message}"));
    exit::INVALID_INPUT
}

fn seconds(value: Option<f64>, flag: &str) -> Result<Option<Duration>, String> {
    match value {
        None => Ok(None),
        Some(value) if value.is_finite() && value > 0.0 && value <= 3600.0 => {
            Ok(Some(Duration::from_secs_f64(value)))
        }
        Some(value) => Err(format!(
            "{flag} must be a number of seconds greater than 0 and at most 3600, got {value}"
        )),
    }
}

/// Everything the flags decide before any file is read.
struct Settings {
    lang: Lang,
    formats: Vec<Format>,
    options: RunOptions,
    choice: TargetChoice,
}

fn settings(args: &RunArgs) -> Result<Settings, String> {
    let lang = resolve_lang(args.lang.as_deref())?;
    let formats = args
        .format
        .iter()
        .map(|word| word.trim().parse())
        .collect::<Result<Vec<Format>, String>>()?;
    if formats.is_empty() {
        return Err("--format needs at least one format".into());
    }
    let mut formats = formats;
    let mut seen = Vec::new();
    formats.retain(|format| {
        let new = !seen.contains(format);
        seen.push(*format);
        new
    });
    let choice = parse_target(&args.target)?;
    if args
        .retries
        .is_some_and(|retries| retries > crate::scenario::MAX_RETRIES)
    {
        return Err(format!(
            "--retries must be at most {}",
            crate::scenario::MAX_RETRIES
        ));
    }
    let options = RunOptions {
        connect_timeout: seconds(args.connect_timeout, "--connect-timeout")?,
        timeout: seconds(args.timeout, "--timeout")?,
        retries: args.retries,
        jobs: args.jobs.max(1),
        follow_up: !args.no_follow_up,
        allow_side_effects: args.yes,
        cancel: Cancel::default(),
    };
    Ok(Settings {
        lang,
        formats,
        options,
        choice,
    })
}

pub(super) async fn run(args: RunArgs) -> i32 {
    let settings = match settings(&args) {
        Ok(settings) => settings,
        Err(message) => return usage_error(&message),
    };
    let world = match world_for(&settings.choice, args.world.as_deref()) {
        Ok(world) => world,
        Err(message) => return usage_error(&message),
    };
    let plan = match load(&args.paths, &args.env_file, world.as_ref()) {
        Ok(plan) => plan,
        Err(message) => {
            eprint_redacted(&format!("error: {message}"));
            return exit::INVALID_INPUT;
        }
    };
    simulate_crash_for_tests(&plan);
    if args.dry_run {
        let target = match &settings.choice {
            TargetChoice::Sandbox => None,
            TargetChoice::Real(target) => Some(target),
        };
        print_redacted(&dry_run::render(&plan, target));
        return exit::OK;
    }

    // Find an unusable --out now, not after bots were created.
    if let Err(error) = write::ensure_writable(&args.out) {
        return usage_error(&format!(
            "cannot write reports under --out {}: {} (it must be a folder you can write to)",
            args.out.display(),
            error.reason
        ));
    }

    let (target, sandbox) = match (settings.choice, world) {
        (TargetChoice::Real(target), _) => (target, None),
        (TargetChoice::Sandbox, world) => {
            let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            let config = SandboxConfig {
                cn: loopback,
                com: Some(loopback),
                ..SandboxConfig::default()
            };
            let sandbox = match Sandbox::start(world.unwrap_or_else(World::demo), config).await {
                Ok(sandbox) => sandbox,
                Err(error) => {
                    eprint_redacted(&format!("error: failed to start the sandbox: {error}"));
                    return exit::INCOMPLETE;
                }
            };
            let urls: BTreeMap<Region, String> = Region::ALL
                .into_iter()
                .filter_map(|region| sandbox.base_url(region).map(|url| (region, url)))
                .collect();
            (Target::sandbox(urls), Some(sandbox))
        }
    };

    let cancel = settings.options.cancel.clone();
    let signals = tokio::spawn(async move {
        wait_for_interrupt().await;
        eprint_redacted(
            "interrupted: finishing the probes in flight, then writing a partial report",
        );
        cancel.cancel();
    });
    let result = execute(&plan, &target, &settings.options).await;
    signals.abort();
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    let mut result = match result {
        Ok(result) => result,
        Err(error) => {
            eprint_redacted(&format!("error: {error}"));
            return exit::INVALID_INPUT;
        }
    };
    // Mask secrets in server messages before the writers cut or escape them.
    result.map_texts(redact::redact);
    finish(&result, &settings.formats, settings.lang, &args.out)
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
        Event::SecretIssued { secret } => {
            redact::register(secrecy::ExposeSecret::expose_secret(secret))
        }
        Event::CaseFinished { case } => {
            progress.set_message(redact::redact(&case.name));
            progress.inc(1);
        }
    };
    let result = runner::run(plan, target, options, &on_event).await;
    progress.finish_and_clear();
    result
}

/// Writes the reports, prints the summaries, and decides the exit code.
fn finish(result: &RunResult, formats: &[Format], lang: Lang, out: &std::path::Path) -> i32 {
    let mut written: Vec<PathBuf> = Vec::new();
    let mut write_failed = false;
    let mut mismatches = 0;
    for scenario in &result.scenarios {
        let findings = crate::diagnose::diagnose(scenario);
        let input = ReportInput {
            run: result,
            scenario,
            findings: &findings,
            lang,
        };
        let stem = write::report_stem(result.started_at, &scenario.file);
        for format in formats {
            let contents = redact::redact(&format.render(&input));
            match write::write_new(out, &stem, format.extension(), &contents) {
                Ok(path) => written.push(path),
                // Keep going: the summary below still carries the logids and the ids of created bots.
                Err(error) => {
                    eprint_redacted(&format!("error: {error}"));
                    write_failed = true;
                }
            }
        }
        print_redacted(&summary::render(&input));
        mismatches += scenario
            .cases
            .iter()
            .map(|case| case.mismatches().len())
            .sum::<usize>();
    }
    for path in &written {
        print_redacted(&format!("report: {}\n", path.display()));
    }
    let created: Vec<&str> = result
        .cases()
        .flat_map(|case| &case.probes)
        .filter_map(|probe| probe.created_bot_id.as_deref())
        .collect();
    if write_failed && !created.is_empty() {
        print_redacted(&format!(
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
    } else {
        exit::OK
    }
}

/// Debug builds only: `COZESCOPE_DEBUG_PANIC=1` panics with every loaded secret in the message, so that the
/// tests can prove the panic hook prints none of them.
fn simulate_crash_for_tests(plan: &Plan) {
    if cfg!(debug_assertions) && std::env::var_os("COZESCOPE_DEBUG_PANIC").is_some() {
        panic!(
            "simulated crash holding secrets: {}",
            plan.secrets().join(" | ")
        );
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn wait_for_interrupt() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

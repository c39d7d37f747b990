//! `cozescope run`: load scenarios, start the sandbox when it is the target, run, diagnose, write reports.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{RunArgs, eprint_redacted, print_redacted, resolve_lang};
use crate::coze::client::ClientOptions;
use crate::coze::region::Region;
use crate::emulator::{Sandbox, SandboxConfig, World};
use crate::exit;
use crate::report::{Format, ReportInput, redact, summary, write};
use crate::runner::{self, Event, RunOptions, Target};
use crate::scenario::{LoadOptions, VariableSource, load_plan};

/// What `--target` asked for.
enum TargetChoice {
    Sandbox,
    Real(Target),
}

fn parse_target(word: &str) -> Result<TargetChoice, String> {
    match word {
        "sandbox" => Ok(TargetChoice::Sandbox),
        "cn" => Ok(TargetChoice::Real(Target::region(Region::Cn))),
        "com" => Ok(TargetChoice::Real(Target::region(Region::Com))),
        url if url.starts_with("http://") || url.starts_with("https://") => {
            crate::coze::client::Client::new(url, ClientOptions::default())
                .map_err(|error| error.to_string())?;
            Ok(TargetChoice::Real(Target::url(url)))
        }
        other => Err(format!(
            "unknown target `{other}`: use sandbox, cn, com, or a base URL such as https://api.coze.cn"
        )),
    }
}

fn usage_error(message: &str) -> i32 {
    eprint_redacted(&format!("error: {message}"));
    exit::INVALID_INPUT
}

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    if value.is_finite() && value > 0.0 && value <= 3600.0 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(format!(
            "{flag} must be a number of seconds between 0 and 3600, got {value}"
        ))
    }
}

pub(super) async fn run(args: RunArgs) -> i32 {
    let lang = match resolve_lang(args.lang.as_deref()) {
        Ok(lang) => lang,
        Err(message) => return usage_error(&message),
    };
    let formats: Result<Vec<Format>, String> =
        args.format.iter().map(|word| word.trim().parse()).collect();
    let formats = match formats {
        Ok(formats) if !formats.is_empty() => formats,
        Ok(_) => return usage_error("--format needs at least one format"),
        Err(message) => return usage_error(&message),
    };
    let client = match (
        seconds(args.connect_timeout, "--connect-timeout"),
        seconds(args.timeout, "--timeout"),
    ) {
        (Ok(connect_timeout), Ok(request_timeout)) => ClientOptions {
            connect_timeout,
            request_timeout,
        },
        (Err(message), _) | (_, Err(message)) => return usage_error(&message),
    };
    let choice = match parse_target(&args.target) {
        Ok(choice) => choice,
        Err(message) => return usage_error(&message),
    };
    if args.world.is_some() && !matches!(choice, TargetChoice::Sandbox) {
        return usage_error("--world applies only to --target sandbox");
    }

    // Variables: the sandbox's demo values, or the environment and .env for a real target.
    let world = match (&choice, &args.world) {
        (TargetChoice::Sandbox, Some(path)) => match World::load(path) {
            Ok(world) => Some(world),
            Err(error) => {
                eprint_redacted(&format!("error: {error}"));
                return exit::INVALID_INPUT;
            }
        },
        (TargetChoice::Sandbox, None) => Some(World::demo()),
        (TargetChoice::Real(_), _) => None,
    };
    let no_files = BTreeMap::new();
    let (variables, virtual_files) = match &world {
        Some(world) => {
            for secret in world.secrets() {
                redact::register(&secret);
            }
            (
                VariableSource::Sandbox {
                    values: world.variables().clone(),
                },
                world.files(),
            )
        }
        None => match VariableSource::environment(&args.env_file) {
            Ok(variables) => (variables, &no_files),
            Err(error) => {
                eprint_redacted(&format!("error: {error}"));
                return exit::INVALID_INPUT;
            }
        },
    };
    let plan = match load_plan(
        &args.paths,
        &LoadOptions {
            variables: &variables,
            virtual_files,
        },
    ) {
        Ok(plan) => plan,
        Err(error) => {
            eprint_redacted(&format!("error: {error}"));
            return exit::INVALID_INPUT;
        }
    };
    for secret in plan.secrets() {
        redact::register(&secret);
    }

    let (target, sandbox) = match (choice, world) {
        (TargetChoice::Real(target), _) => (target, None),
        (TargetChoice::Sandbox, Some(world)) => {
            let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            let config = SandboxConfig {
                cn: loopback,
                com: Some(loopback),
                ..SandboxConfig::default()
            };
            let sandbox = match Sandbox::start(world, config).await {
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
        (TargetChoice::Sandbox, None) => return exit::INCOMPLETE,
    };

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
    let options = RunOptions {
        client,
        jobs: args.jobs.max(1),
        follow_up: !args.no_follow_up,
    };
    let result = runner::run(&plan, &target, options, &on_event).await;
    progress.finish_and_clear();
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    let result = match result {
        Ok(result) => result,
        Err(error) => {
            eprint_redacted(&format!("error: {error}"));
            return exit::INVALID_INPUT;
        }
    };

    let mut written: Vec<PathBuf> = Vec::new();
    let mut mismatches = 0;
    for scenario in &result.scenarios {
        let findings = crate::diagnose::diagnose(scenario);
        let input = ReportInput {
            run: &result,
            scenario,
            findings: &findings,
            lang,
        };
        let stem = write::report_stem(result.started_at, &scenario.file);
        for format in &formats {
            let contents = redact::redact(&format.render(&input));
            match write::write_new(&args.out, &stem, format.extension(), &contents) {
                Ok(path) => written.push(path),
                Err(error) => {
                    eprint_redacted(&format!("error: {error}"));
                    return exit::INCOMPLETE;
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
    if result.target_unreachable() {
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

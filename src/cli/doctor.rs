//! `cozescope doctor` and `cozescope init`: a scenario built from the variables the official SDKs read, one
//! case per credential. `doctor` saves it next to the report and runs it through the same runner,
//! diagnosis and report as `run`; `init` only writes it, for people who want to edit before running.
//! Nothing is sent and nothing is written when a variable or flag is wrong.

use std::path::{Path, PathBuf};

use clap::Args;

use super::inputs::{TargetChoice, Variables, load_text, parse_target, world_for};
use super::run::execute_plan;
use super::{CliError, CommandResult, RunFlags, print_redacted};
use crate::exit;
use crate::report::write;
use crate::scenario::VariableSource;
use crate::scenario::doctor::{self, DoctorFlags};

/// What `doctor` and `init` read the variables and flags from.
#[derive(Debug, Args)]
pub struct Sources {
    /// Where requests go: `sandbox`, `cn`, `com`, or a base URL [default: COZE_API_BASE when it is set,
    /// else the sandbox, which uses its demo credentials].
    #[arg(long, value_parser = parse_target)]
    pub target: Option<TargetChoice>,
    /// The .env file read after the environment (real targets only).
    #[arg(long, default_value = ".env")]
    pub env_file: PathBuf,
    /// Sandbox world file (default: the embedded demo world).
    #[arg(long)]
    pub world: Option<PathBuf>,
    /// A workspace to probe besides COZE_WORKSPACE_ID (repeatable).
    #[arg(long = "workspace", value_name = "ID", value_parser = parse_id)]
    pub workspaces: Vec<String>,
    /// A bot to probe (retrieve_bot, list_conversations; chat with --yes) [default: COZE_BOT_ID].
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub bot: Option<String>,
    /// The operation you care about (repeatable): probed as yours, so that its failure is the verdict's
    /// cause; the doctor's other reads are context. Probes that create or spend need --yes.
    #[arg(long = "probe", value_name = "NAME", value_parser = parse_probe)]
    pub probes: Vec<crate::probe::ProbeKind>,
}

fn parse_probe(text: &str) -> Result<crate::probe::ProbeKind, String> {
    crate::probe::ProbeKind::from_name(text.trim())
        .filter(|kind| *kind != crate::probe::ProbeKind::Token)
        .ok_or_else(|| {
            format!(
                "unknown probe `{text}` (known: {})",
                crate::probe::ProbeKind::operations()
                    .map(|kind| kind.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// `cozescope doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub sources: Sources,
    #[command(flatten)]
    pub run: RunFlags,
}

/// `cozescope init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the scenario.
    #[arg(default_value = "scenarios/doctor.toml")]
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Include the probes that create something or spend quota (create_bot, chat, run_workflow).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub sources: Sources,
}

fn parse_id(text: &str) -> Result<String, String> {
    let id = text.trim();
    if crate::coze::ids::is_numeric_id(id) {
        Ok(id.to_string())
    } else {
        Err(format!(
            "`{text}` is not a numeric id (Coze ids are numbers, e.g. the one after /w/ in a workspace URL)"
        ))
    }
}

/// The target, the variables and the scenario text the flags and variables make.
pub(super) struct Prepared {
    pub choice: TargetChoice,
    pub world: Option<crate::emulator::World>,
    pub variables: Variables,
    pub text: String,
}

pub(super) fn prepare(sources: &Sources, consent: bool) -> Result<Prepared, CliError> {
    let (choice, environment) = match &sources.target {
        Some(choice) => (choice.clone(), None),
        None => {
            // COZE_API_BASE names the target the SDK code talks to.
            let environment = VariableSource::environment(&sources.env_file)?;
            let choice = match environment
                .get("COZE_API_BASE")
                .filter(|base| !base.trim().is_empty())
            {
                Some(base) => parse_target(base.trim()).map_err(|reason| {
                    CliError::Usage(format!("COZE_API_BASE is not a usable target: {reason}"))
                })?,
                None => TargetChoice::Sandbox,
            };
            (choice, Some(environment))
        }
    };
    let world = world_for(&choice, sources.world.as_deref())?;
    let variables = match (world.as_ref(), environment) {
        // The environment read above is the one the variables come from.
        (None, Some(source)) => Variables {
            source,
            files: Default::default(),
        },
        (world, _) => Variables::new(&sources.env_file, world)?,
    };
    let region = match &choice {
        TargetChoice::Sandbox => None,
        TargetChoice::Real(target) => target.fixed_region(),
    };
    let flags = DoctorFlags {
        workspaces: sources.workspaces.clone(),
        bot: sources.bot.clone(),
        probes: sources.probes.clone(),
        consent,
        region,
    };
    let inputs = doctor::inputs(&variables.source, &variables.files, &flags)?;
    let text = doctor::render(&inputs);
    Ok(Prepared {
        choice,
        world,
        variables,
        text,
    })
}

/// Runs `cozescope doctor`.
pub(super) async fn doctor(args: DoctorArgs) -> CommandResult {
    let prepared = prepare(&args.sources, args.run.yes)?;
    let stem = write::report_stem(chrono::Utc::now(), Path::new("doctor.toml"));
    let planned_path = args.run.report.out.join(format!("{stem}.toml"));
    // Validate before anything is written or sent.
    let mut plan = load_text(&planned_path, &prepared.text, &prepared.variables)?;
    if !args.run.dry_run {
        args.run.report.writable_out()?;
        let saved = write::write_new(&args.run.report.out, &stem, "toml", &prepared.text)
            .map_err(|error| CliError::Incomplete(error.to_string()))?;
        print_redacted(&format!("scenario: {}\n", saved.display()));
        for scenario in &mut plan.scenarios {
            scenario.file = saved.clone();
        }
    }
    execute_plan(&plan, &prepared.choice, prepared.world, &args.run).await
}

/// Runs `cozescope init`.
pub(super) fn init(args: InitArgs) -> CommandResult {
    if args.file.exists() && !args.force {
        return Err(CliError::Usage(format!(
            "{} exists; pass --force to replace it, or name another file",
            args.file.display()
        )));
    }
    let prepared = prepare(&args.sources, args.yes)?;
    // The file must load as `run` will load it (variables resolved, keys loaded).
    load_text(&args.file, &prepared.text, &prepared.variables)?;
    if let Some(parent) = args.file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| {
            CliError::Usage(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    write::write_file(&args.file, &prepared.text, args.force)
        .map_err(|error| CliError::Usage(error.to_string()))?;
    print_redacted(&format!(
        "wrote {}\nrun it with: cozescope run {}{}\n",
        args.file.display(),
        args.file.display(),
        match &prepared.choice {
            TargetChoice::Sandbox => String::new(),
            TargetChoice::Real(_) => " --target <the same target>".to_string(),
        }
    ));
    Ok(exit::OK)
}

//! `cozescope sweep`: which scope names the token endpoint accepts for a JWT credential (from a scenario and
//! `--auth NAME`, or from the SDK variables as `doctor` reads them), found by group testing, with the scope
//! map under `--map`, written as a markdown and JSON report.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::doctor::{Sources, prepare};
use super::inputs::{TargetChoice, load, world_for};
use super::run::{on_target, register_secret};
use super::{CliError, CommandResult, ReportFlags, RequestFlags};
use crate::auth::{AuthMode, Credential};
use crate::coze::catalogue::Effect;
use crate::coze::wire::ScopeBlock;
use crate::diagnose::diagnose;
use crate::exit;
use crate::i18n::Lang;
use crate::probe::{Probe, ProbeKind};
use crate::redact;
use crate::report::sweep::{SweepInput, json, markdown};
use crate::report::write;
use crate::runner::sweep::{SweepPlan, SweepResult, run_sweep};
use crate::runner::{CaseResult, ScenarioResult};
use crate::scenario::{Plan, ScenarioPlan};
use crate::sweep::candidates::{default_candidates, read_candidates};

/// The scope block the names go in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BlockArg {
    /// `account_permission` (the block the docs show).
    Account,
    /// `workspace_permission`, for the scenario's (or `--workspace`) workspaces.
    Workspace,
}

/// `cozescope sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// A scenario file holding the JWT credential [default: the SDK variables, as `doctor` reads them].
    pub scenario: Option<PathBuf>,
    /// The credential of the scenario ([auth.NAME]) [default: its only JWT credential].
    #[arg(long = "auth", value_name = "NAME")]
    pub auth: Option<String>,
    /// Candidate names, one per line, `#` comments [default: every permission of the operation
    /// catalogue in its plain, `Connector.` and qualified `Resource.` forms, and the documented names].
    #[arg(long, value_name = "FILE")]
    pub candidates: Option<PathBuf>,
    /// The scope block the names go in.
    #[arg(long, value_enum, default_value = "account")]
    pub block: BlockArg,
    /// Also try a token scoped to each accepted name alone against the read-only probes: the scope map.
    #[arg(long)]
    pub map: bool,
    #[command(flatten)]
    pub sources: Sources,
    #[command(flatten)]
    pub report: ReportFlags,
    #[command(flatten)]
    pub requests: RequestFlags,
}

/// The scenario and credential a sweep uses, and the target.
struct Subject {
    plan: Plan,
    credential: Arc<Credential>,
    choice: TargetChoice,
    world: Option<crate::emulator::World>,
}

fn subject(args: &SweepArgs) -> Result<Subject, CliError> {
    let (plan, choice, world) = match &args.scenario {
        Some(path) => {
            let recorded = crate::scenario::recorded_targets(std::slice::from_ref(path))?;
            let choice = super::inputs::choose_target(
                args.sources.target.as_ref(),
                &args.sources.region_bases,
                &recorded,
                TargetChoice::Sandbox,
            )?;
            let world = world_for(&choice, args.sources.world.as_deref())?;
            let plan = load(
                std::slice::from_ref(path),
                args.sources.env_file.as_deref(),
                world.as_ref(),
            )?;
            (plan, choice, world)
        }
        None => {
            let prepared = prepare(&args.sources, false, false, None)?;
            let plan = super::inputs::load_text(
                std::path::Path::new("sweep.toml"),
                &prepared.text,
                &prepared.variables,
            )?;
            (plan, prepared.choice, prepared.world)
        }
    };
    // One file is one scenario.
    let credentials: Vec<&Arc<Credential>> = plan
        .scenarios
        .first()
        .map(ScenarioPlan::credentials)
        .unwrap_or_default();
    let credential = match &args.auth {
        Some(name) => credentials
            .iter()
            .find(|credential| credential.name() == name)
            .map(|credential| (*credential).clone())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "no credential `{name}` in the scenario (it has: {})",
                    credentials
                        .iter()
                        .map(|c| format!("`{}`", c.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
        None => {
            let jwt: Vec<&Arc<Credential>> = credentials
                .iter()
                .copied()
                .filter(|credential| credential.mode() == AuthMode::Jwt)
                .collect();
            match jwt.as_slice() {
                [only] => (*only).clone(),
                [] => {
                    return Err(CliError::Usage(
                        "a sweep needs a JWT OAuth app credential (it asks the token endpoint): set COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY (or _FILE_PATH), or name a scenario with a jwt credential".into(),
                    ));
                }
                several => {
                    return Err(CliError::Usage(format!(
                        "the scenario has several JWT credentials ({}): pick one with --auth NAME",
                        several
                            .iter()
                            .map(|c| format!("`{}`", c.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
    };
    if credential.mode() != AuthMode::Jwt {
        return Err(CliError::Usage(format!(
            "credential `{}` is a {} credential: a sweep needs a JWT OAuth app (it asks the token endpoint which scope names it accepts)",
            credential.name(),
            credential.mode()
        )));
    }
    Ok(Subject {
        plan,
        credential,
        choice,
        world,
    })
}

/// The read-only probes the scenario has parameters for (whoami, list_workspaces and list_voices when it
/// has none): what `--map` tries each accepted name against.
fn map_probes(plan: &Plan) -> Vec<Probe> {
    let mut probes: Vec<Probe> = Vec::new();
    for probe in plan
        .scenarios
        .iter()
        .flat_map(|scenario| &scenario.cases)
        .flat_map(|case| &case.probes)
        .filter(|probe| probe.effect() == Effect::Reads)
    {
        if !probes.contains(probe) {
            probes.push(probe.clone());
        }
    }
    if probes.is_empty() {
        probes = [
            ProbeKind::Whoami,
            ProbeKind::ListWorkspaces,
            ProbeKind::ListVoices,
        ]
        .into_iter()
        .map(Probe::plain)
        .collect();
    }
    probes
}

/// Runs `cozescope sweep`.
pub(super) async fn sweep(args: SweepArgs) -> CommandResult {
    let candidates = match &args.candidates {
        Some(path) => read_candidates(path)?,
        None => default_candidates(),
    };
    let subject = subject(&args)?;
    let Some(scenario) = subject.plan.scenarios.first() else {
        return Err(CliError::Usage("the scenario has no case".into()));
    };
    let block = match args.block {
        BlockArg::Account => ScopeBlock::Account,
        BlockArg::Workspace => {
            let mut workspaces: Vec<String> = Vec::new();
            let named = subject
                .plan
                .scenarios
                .iter()
                .flat_map(|scenario| &scenario.cases)
                .flat_map(|case| &case.probes)
                .filter_map(|probe| probe.workspace())
                .chain(args.sources.workspaces.iter().map(String::as_str));
            for workspace in named {
                if !workspaces.iter().any(|known| known == workspace) {
                    workspaces.push(workspace.to_string());
                }
            }
            if workspaces.is_empty() {
                return Err(CliError::Usage(
                    "--block workspace needs workspaces: name them with --workspace ID, COZE_WORKSPACE_ID, or the scenario's space_id / workspaces".into(),
                ));
            }
            ScopeBlock::Workspace(workspaces)
        }
    };
    args.report.writable_out()?;
    let plan = SweepPlan {
        scenario,
        credential: subject.credential.clone(),
        candidates,
        block,
        map: args.map.then(|| map_probes(&subject.plan)),
    };
    let options = crate::runner::RunOptions {
        allow_side_effects: true,
        ..args.requests.options()
    };
    let mut result = on_target(
        &subject.choice,
        subject.world,
        &options.cancel,
        async |target| run_sweep(&plan, target, &options, &|event| register_secret(&event)).await,
    )
    .await??;
    result.map_texts(redact::shown_value);
    Ok(finish(&result, scenario, &args.report))
}

/// Findings about the answer that stopped the sweep: the run's rules read it as a one-row scenario.
fn stop_findings(
    result: &SweepResult,
    scenario: &crate::scenario::ScenarioPlan,
) -> Vec<crate::diagnose::Finding> {
    let Some(stopped) = &result.stopped else {
        return Vec::new();
    };
    let row = CaseResult {
        name: "sweep".to_string(),
        file: scenario.file.clone(),
        region: result.target.region,
        follow_up: None,
        auth: result.credential.clone(),
        scope: result.queries.last().map(|query| query.names.clone()),
        scope_object: None,
        jwt: None,
        probes: vec![stopped.clone()],
        expect: Default::default(),
        note: None,
    };
    diagnose(&ScenarioResult {
        file: scenario.file.clone(),
        sha256: scenario.sha256.clone(),
        title: scenario.title.clone(),
        target: result.target.clone(),
        started_at: result.started_at,
        cases: vec![row],
        earlier_requests: 0,
    })
    .findings
}

fn finish(
    result: &SweepResult,
    scenario: &crate::scenario::ScenarioPlan,
    flags: &ReportFlags,
) -> u8 {
    let lang = Lang::resolve(flags.lang);
    let findings = stop_findings(result, scenario);
    let input = SweepInput {
        result,
        findings: &findings,
        lang,
    };
    let stem = write::report_stem(result.started_at, std::path::Path::new("sweep.toml"));
    let mut failed = false;
    let mut written = Vec::new();
    // A sweep has no test cases for JUnit: it writes markdown in its place.
    for outcome in write::write_markdown_or_json(
        &flags.out,
        &stem,
        &flags.format,
        || markdown(&input),
        || json(&input),
    ) {
        match outcome {
            Ok(path) => written.push(path),
            Err(error) => {
                super::eprint_redacted(&format!("error: {error}"));
                failed = true;
            }
        }
    }
    let screen = super::screen::screen(lang);
    let print = |text: &str| super::screen::print(&screen, text);
    print(&format!(
        "sweep of `{}`{}: {} candidates, {} accepted, {} rejected{}; {} requests (the search {}, information bound {})\n",
        result.credential.name,
        if result.target.sandbox {
            " [SANDBOX]"
        } else {
            ""
        },
        result.candidates.len(),
        result.accepted.len(),
        result.rejected.len(),
        if result.unclassified.is_empty() {
            String::new()
        } else {
            format!(", {} not classified", result.unclassified.len())
        },
        result.requests_sent(),
        result.requests,
        result.information_bound
    ));
    print(&format!("accepted: {}\n", result.accepted.join(", ")));
    for finding in &findings {
        print(&format!(
            "finding [{}]: {}\n  fix: {}\n",
            finding.rule,
            finding.cause.get(lang),
            finding.fix.get(lang)
        ));
    }
    for path in &written {
        print(&format!("report: {}\n", path.display()));
    }
    if result.interrupted || failed || result.stopped.is_some() || !result.unclassified.is_empty() {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}

//! `cozescope doctor` and `cozescope init`: a scenario built from the variables the official SDKs read, one
//! case per credential. `doctor` saves it next to the report and runs it through the same runner,
//! diagnosis and report as `run`; `init` only writes it, for people who want to edit before running.
//! Nothing is sent and nothing is written when a variable or flag is wrong.

use std::path::{Path, PathBuf};

use clap::Args;

use super::inputs::{TargetChoice, Variables, load_text, parse_target, world_for};
use super::run::{execute_plan, run_plan};
use super::{CliError, CommandResult, RunFlags};
use crate::coze::region::Region;
use crate::diagnose::{Detail, Verdict};
use crate::exit;
use crate::report::write;
use crate::scenario::VariableSource;
use crate::scenario::doctor::{self, DoctorFlags};

/// What `doctor` and `init` read the variables and flags from.
#[derive(Debug, Args)]
pub struct Sources {
    /// Where requests go: `sandbox`, `cn`, `com`, or a base URL [default: COZE_API_BASE, else COZE_BASE_URL;
    /// with neither, the real service when a credential variable is set (api.coze.cn first, then
    /// api.coze.com if it refuses the credential), else the sandbox with its demo credentials].
    #[arg(long, value_parser = super::inputs::TargetParser, hide_possible_values = true)]
    pub target: Option<TargetChoice>,
    #[command(flatten)]
    pub region_bases: super::inputs::RegionBases,
    /// The .env file read after the environment (real targets only) [default: .env, when it exists].
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Sandbox world file (default: the embedded demo world).
    #[arg(long)]
    pub world: Option<PathBuf>,
    /// A workspace to probe besides COZE_WORKSPACE_ID (repeatable).
    #[arg(long = "workspace", value_name = "ID", value_parser = parse_id, value_hint = clap::ValueHint::Other)]
    pub workspaces: Vec<String>,
    /// A bot to probe (retrieve_bot, list_conversations; chat with --yes) [default: COZE_BOT_ID].
    #[arg(long, value_name = "ID", value_parser = parse_id, value_hint = clap::ValueHint::Other)]
    pub bot: Option<String>,
    /// The operation you care about (repeatable): probed as yours, so that its failure is the verdict's
    /// cause; the doctor's other reads are context. Probes that create or spend need --yes.
    #[arg(long = "probe", value_name = "NAME", value_parser = parse_probe)]
    pub probes: Vec<crate::probe::ProbeKind>,
    /// A scope name your code sends (repeatable): the JWT app is tried with it beside the no-scope baseline.
    #[arg(long = "scope", value_name = "NAME", conflicts_with = "scope_json")]
    pub scope: Vec<String>,
    /// The scope object your code sends, as JSON (`{"account_permission":{"permission_list":[…]}}`).
    #[arg(long, value_name = "JSON", value_parser = parse_scope_json)]
    pub scope_json: Option<String>,
}

fn parse_scope_json(text: &str) -> Result<String, String> {
    let text = text.trim();
    serde_json::from_str::<crate::coze::wire::Scope>(text)
        .ok()
        .filter(|_| text.starts_with('{'))
        .map(|_| text.to_string())
        .ok_or_else(|| {
            r#"not a scope object: give it as your code sends it, e.g. '{"account_permission":{"permission_list":["Connector.botChat"]}}'"#
                .to_string()
        })
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
    /// No credential variable was set: the sandbox's demo credentials are diagnosed.
    pub demo: bool,
    /// No base URL, target or region was given: the code relies on the SDKs' default base URL, and the
    /// doctor tries api.coze.cn first.
    pub region_assumed: bool,
}

/// The scope the demo tries beside its no-scope baseline when no `--scope` is given: the one of the failure
/// that made this tool (a JWT app's token scoped to chat, then refused `create_bot`).
const DEMO_SCOPE: &str = "Connector.botChat";

/// `seed_demo`: on the embedded demo (no credential variable, no world file), try the demo app with
/// [`DEMO_SCOPE`] and `create_bot` beside its baseline unless the flags name a scope or a probe, so that
/// the demo shows a diagnosis.
/// `moved_to`: the region to diagnose in instead of api.coze.cn when no base URL is set (see
/// [`every_one_from_com`]).
pub(super) fn prepare(
    sources: &Sources,
    consent: bool,
    seed_demo: bool,
    moved_to: Option<crate::coze::region::Region>,
) -> Result<Prepared, CliError> {
    let bases = sources.region_bases.map();
    // The environment and .env: where the SDK code's own variables are.
    let environment = VariableSource::environment(sources.env_file.as_deref())?;
    let mut demo = false;
    let choice = match &sources.target {
        Some(choice) => choice.clone(),
        // A world file is a sandbox world: it names the target.
        None if sources.world.is_some() => {
            if doctor::has_credentials(&environment) || doctor::base_url(&environment).is_some() {
                super::eprint_redacted(&format!(
                    "note: with --world the credentials and the base URL are the world's [variables] ({}); the environment's are not read",
                    sources
                        .world
                        .as_deref()
                        .map(|path| path.display().to_string())
                        .unwrap_or_default()
                ));
            }
            TargetChoice::Sandbox
        }
        None => match doctor::base_url(&environment) {
            Some((name, base, disagrees)) => {
                if let Some(other) = disagrees {
                    super::eprint_redacted(&format!(
                        "warning: {name} and {other} name different base URLs; the doctor uses {name} (the first set of {})",
                        doctor::BASE_VARIABLES.join(", ")
                    ));
                }
                parse_target(&base).map_err(|reason| {
                    CliError::Usage(format!("{name} is not a usable target: {reason}"))
                })?
            }
            // Real credentials never run on the demo: api.coze.cn first, the other region on refusal.
            None if doctor::has_credentials(&environment) || !bases.is_empty() => {
                TargetChoice::Real(crate::runner::Target::region(
                    moved_to.unwrap_or(Region::Cn),
                ))
            }
            None => {
                demo = true;
                TargetChoice::Sandbox
            }
        },
    };
    let choice = super::inputs::with_stand_ins(choice, &bases)?;
    let world = world_for(&choice, sources.world.as_deref())?;
    let variables = match world.as_ref() {
        None => Variables {
            source: environment,
            files: Default::default(),
        },
        Some(world) => Variables::new(sources.env_file.as_deref(), Some(world))?,
    };
    let region_assumed =
        sources.target.is_none() && !demo && doctor::base_url(&variables.source).is_none();
    let (region, target) = match &choice {
        TargetChoice::Sandbox => (moved_to, None),
        TargetChoice::Real(target) => (target.fixed_region(), Some(target.word())),
    };
    // The seed case belongs to the embedded demo world; a world file models a problem of its own.
    let seeded = seed_demo && demo && sources.world.is_none();
    let scope = match (&sources.scope_json, sources.scope.is_empty()) {
        (Some(json), _) => Some(doctor::UserScope::Json(json.clone())),
        (None, false) => Some(doctor::UserScope::Names(sources.scope.clone())),
        (None, true) if seeded => Some(doctor::UserScope::Names(vec![DEMO_SCOPE.to_string()])),
        (None, true) => None,
    };
    let mut probes = sources.probes.clone();
    if seeded && probes.is_empty() {
        probes.push(crate::probe::ProbeKind::CreateBot);
    }
    let flags = DoctorFlags {
        workspaces: sources.workspaces.clone(),
        bot: sources.bot.clone(),
        probes,
        scope,
        target,
        region_bases: match &choice {
            TargetChoice::Real(target) => target
                .stand_ins()
                .iter()
                .map(|(region, base)| (*region, base.clone()))
                .collect(),
            TargetChoice::Sandbox => Vec::new(),
        },
        consent,
        region,
        maybe_studio: match &choice {
            TargetChoice::Real(target) => target.region_unknown(),
            TargetChoice::Sandbox => world
                .as_ref()
                .is_some_and(|world| world.flavour() != crate::emulator::Flavour::Coze),
        },
    };
    let inputs = doctor::inputs(&variables.source, &variables.files, &flags)?;
    let text = doctor::render(&inputs);
    Ok(Prepared {
        choice,
        world,
        variables,
        text,
        demo,
        region_assumed,
    })
}

/// What the doctor says when it runs on the demo: no credential variable is set.
const DEMO_NOTICE: crate::i18n::Bilingual = crate::i18n::Bilingual::fixed(
    "Demo: no credential variable is set, so these are the sandbox's demo credentials, not yours. To diagnose your own, export COZE_API_TOKEN (or COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH) and run `cozescope doctor` again.",
    "演示：没有设置任何凭证变量，所以下面用的是沙箱的演示凭证，不是你的。要诊断你自己的凭证，请导出 COZE_API_TOKEN（或 COZE_JWT_OAUTH_CLIENT_ID、COZE_JWT_OAUTH_PUBLIC_KEY_ID 和 COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH），再运行一次 `cozescope doctor`。",
);

/// Runs `cozescope doctor`.
pub(super) async fn doctor(mut args: DoctorArgs) -> CommandResult {
    let mut prepared = prepare(&args.sources, args.run.yes, true, None)?;
    let lang = crate::i18n::Lang::resolve(args.run.report.lang);
    let screen = super::screen::screen(lang);
    // With --json, stdout holds JSON only: what a person reads goes to stderr.
    let say = |text: &str| {
        if args.run.json {
            super::eprint_redacted(text);
        } else {
            super::screen::print(&screen, text);
        }
    };
    if prepared.demo {
        say(&format!("{}\n", DEMO_NOTICE.get(lang)));
    }
    let stem = write::report_stem(chrono::Utc::now(), Path::new("doctor.toml"));
    let planned_path = args.run.report.out.join(format!("{stem}.toml"));
    // Validate before anything is written or sent.
    let mut plan = load_text(&planned_path, &prepared.text, &prepared.variables)?;
    if !args.run.dry_run {
        args.run.report.writable_out()?;
        let saved = write::write_new(&args.run.report.out, &stem, "toml", &prepared.text)
            .map_err(|error| CliError::Incomplete(error.to_string()))?;
        say(&format!("scenario: {}\n", saved.display()));
        for scenario in &mut plan.scenarios {
            scenario.file = saved.clone();
        }
    }
    if args.run.dry_run || !prepared.region_assumed {
        return execute_plan(&plan, &prepared.choice, prepared.world, &args.run).await;
    }
    let world = prepared.world.clone();
    let mut result = run_plan(&plan, &prepared.choice, world, &args.run).await?;
    let verdicts: Vec<Verdict> = result
        .scenarios
        .iter()
        .flat_map(|scenario| crate::diagnose::diagnose(scenario).verdicts)
        .collect();
    if let Some((com, cn)) = split_between_regions(&verdicts) {
        say(&format!(
            "{}\n",
            SPLIT_REGIONS
                .get(lang)
                .replace("{com}", &com.join(", "))
                .replace("{cn}", &cn.join(", "))
        ));
    }
    let spent = result.request_stats().requests;
    // A budget of requests is the whole run's: the second pass gets what the first left.
    let left = args
        .run
        .requests
        .max_requests
        .map(|most| most.saturating_sub(spent));
    if every_one_from_com(&verdicts) && !result.interrupted && left != Some(0) {
        args.run.requests.max_requests = left;
        // The code sets no base URL, so its SDK sends every request to api.coze.com: diagnose them there.
        say(&format!(
            "{}\n",
            MOVED_TO_COM.get(lang).replace("{n}", &spent.to_string())
        ));
        prepared = prepare(&args.sources, args.run.yes, true, Some(Region::Com))?;
        let file = plan
            .scenarios
            .first()
            .map(|scenario| scenario.file.clone())
            .unwrap_or(planned_path);
        plan = load_text(&file, &prepared.text, &prepared.variables)?;
        write::write_file(&file, &prepared.text, true)
            .map_err(|error| CliError::Incomplete(error.to_string()))?;
        result = run_plan(&plan, &prepared.choice, prepared.world, &args.run).await?;
        for scenario in &mut result.scenarios {
            scenario.earlier_requests = spent;
        }
    }
    Ok(super::run::finish(&result, &args.run))
}

/// Said when api.coze.cn refused every credential and api.coze.com accepted each: the doctor diagnoses
/// them again on api.coze.com, where an SDK with no base URL sends them.
const MOVED_TO_COM: crate::i18n::Bilingual = crate::i18n::Bilingual::fixed(
    "No base URL is set, so your SDK sends requests to api.coze.com (every official SDK's default). api.coze.cn refused every credential and api.coze.com accepted each: they are coze.com credentials, diagnosed on api.coze.com ({n} requests were spent finding out).",
    "没有设置基础 URL，所以你的 SDK 把请求发往 api.coze.com（所有官方 SDK 的默认值）。api.coze.cn 拒绝了所有凭证，而 api.coze.com 接受了每一个：它们是 coze.com 的凭证，下面在 api.coze.com 上诊断（为确认这一点用了 {n} 次请求）。",
);

/// Said when, with no base URL set, some credentials authenticated only on api.coze.com and others on
/// api.coze.cn: one base URL cannot serve both.
const SPLIT_REGIONS: crate::i18n::Bilingual = crate::i18n::Bilingual::fixed(
    "No base URL is set, so your SDK sends every request to api.coze.com (every official SDK's default): right for {com}, which api.coze.cn refused and api.coze.com accepted, wrong for {cn}, which authenticated on api.coze.cn. The credentials belong to different regions: give each its own client and base URL (https://api.coze.cn for {cn}).",
    "没有设置基础 URL，所以你的 SDK 把所有请求发往 api.coze.com（所有官方 SDK 的默认值）：这对 {com} 是对的（api.coze.cn 拒绝了它，api.coze.com 接受了它），对 {cn} 是错的（它在 api.coze.cn 上鉴权通过）。这些凭证属于不同区域：请为每个凭证使用各自的客户端和基础 URL（{cn} 用 https://api.coze.cn）。",
);

/// With no base URL set, the credentials that authenticated only on api.coze.com and those that did on
/// api.coze.cn, when there are both.
fn split_between_regions(verdicts: &[Verdict]) -> Option<(Vec<String>, Vec<String>)> {
    let named = |region: Region| -> Vec<String> {
        verdicts
            .iter()
            .filter(|verdict| verdict.authenticated_in == Some(region))
            .map(|verdict| format!("`{}`", verdict.credential))
            .collect()
    };
    let (com, cn) = (named(Region::Com), named(Region::Cn));
    (!com.is_empty() && !cn.is_empty()).then_some((com, cn))
}

/// Whether the run (on api.coze.cn, no base URL set) found every credential a coze.com one: refused on
/// api.coze.cn, proved accepted on api.coze.com.
fn every_one_from_com(verdicts: &[Verdict]) -> bool {
    !verdicts.is_empty()
        && verdicts.iter().all(|verdict| {
            verdict.authenticated_in == Some(Region::Com)
                && verdict.cause().is_some_and(|cause| {
                    cause.proved
                        && matches!(
                            cause.detail,
                            Detail::WrongRegion {
                                here: Region::Cn,
                                ..
                            }
                        )
                })
        })
}

/// Runs `cozescope init`.
pub(super) fn init(args: InitArgs) -> CommandResult {
    if args.file.exists() && !args.force {
        return Err(CliError::Usage(format!(
            "{} exists; pass --force to replace it, or name another file",
            args.file.display()
        )));
    }
    let prepared = prepare(&args.sources, args.yes, false, None)?;
    // The file must load as `run` will load it (variables resolved, keys loaded).
    load_text(&args.file, &prepared.text, &prepared.variables)?;
    if let Some(parent) = args.file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| {
            CliError::Usage(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    write::write_file(&args.file, &prepared.text, args.force)
        .map_err(|error| CliError::Usage(error.to_string()))?;
    let lang = crate::i18n::Lang::resolve(None);
    let screen = super::screen::screen(lang);
    if prepared.demo {
        super::screen::print(&screen, &format!("{}\n", DEMO_NOTICE.get(lang)));
    }
    super::screen::print(
        &screen,
        &format!(
            "wrote {}\nrun it with: cozescope run {}\n",
            args.file.display(),
            args.file.display(),
        ),
    );
    Ok(exit::OK)
}

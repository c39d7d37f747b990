//! What the commands read before they act: `--target`, the sandbox world, and the plan with the right
//! variables (the sandbox's demo values, or the environment and `.env`), every secret registered with the
//! redactor as soon as it is known.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::CliError;
use crate::coze::base_url::parse_base_url;
use crate::coze::region::Region;
use crate::emulator::World;
use crate::redact;
use crate::runner::Target;
use crate::scenario::{LoadOptions, Plan, VariableSource, load_plan, parse_scenario};

/// What `--target` asked for.
#[derive(Debug, Clone)]
pub enum TargetChoice {
    Sandbox,
    Real(Target),
}

/// The names `--target` takes besides a base URL, declared so that shell completions offer them.
const TARGET_NAMES: [(&str, &str); 3] = [
    ("sandbox", "the embedded Coze sandbox"),
    ("cn", "api.coze.cn"),
    ("com", "api.coze.com"),
];

/// `--target`'s value parser: [`parse_target`], with [`TARGET_NAMES`] as its declared values (a base URL is
/// accepted too, so help does not list them as the only ones).
#[derive(Debug, Clone, Copy)]
pub struct TargetParser;

impl clap::builder::TypedValueParser for TargetParser {
    type Value = TargetChoice;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<TargetChoice, clap::Error> {
        let parse: fn(&str) -> Result<TargetChoice, String> = parse_target;
        clap::builder::TypedValueParser::parse_ref(&parse, command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(TARGET_NAMES.iter().map(|(name, help)| {
            clap::builder::PossibleValue::new(*name).help(*help)
        })))
    }
}

/// Reads a `--target` value (or `COZE_API_BASE`).
pub fn parse_target(word: &str) -> Result<TargetChoice, String> {
    match word {
        "sandbox" => Ok(TargetChoice::Sandbox),
        "cn" => Ok(TargetChoice::Real(Target::region(Region::Cn))),
        "com" => Ok(TargetChoice::Real(Target::region(Region::Com))),
        url if url.contains("://") => {
            parse_base_url(url).map_err(|error| error.to_string())?;
            Ok(TargetChoice::Real(Target::url(url)))
        }
        other => Err(format!(
            "unknown target `{other}`: use sandbox, cn, com, or a base URL such as https://api.coze.cn"
        )),
    }
}

/// `--region-base`'s value parser: `cn=URL` or `com=URL`.
pub fn parse_region_base(text: &str) -> Result<(Region, String), String> {
    let (region, url) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not REGION=URL: use cn=URL or com=URL"))?;
    let region: Region = region
        .trim()
        .parse()
        .map_err(|_| format!("`{region}` is not a region: use cn or com"))?;
    let url = url.trim();
    parse_base_url(url).map_err(|error| error.to_string())?;
    Ok((region, url.trim_end_matches('/').to_string()))
}

/// Base URLs standing in for the public hosts of the regions.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RegionBases {
    /// Send what would go to api.coze.cn (`cn=URL`) or api.coze.com (`com=URL`) to URL instead, signing the
    /// JWT `aud` of the real host: a proxy, or a standalone sandbox serving both realms (repeatable).
    #[arg(long = "region-base", value_name = "REGION=URL", value_parser = parse_region_base)]
    pub region_bases: Vec<(Region, String)>,
}

impl RegionBases {
    pub fn map(&self) -> BTreeMap<Region, String> {
        self.region_bases.iter().cloned().collect()
    }
}

/// Applies stand-in base URLs to a choice (an error for the sandbox or a base URL of no region).
pub fn with_stand_ins(
    choice: TargetChoice,
    bases: &BTreeMap<Region, String>,
) -> Result<TargetChoice, CliError> {
    match choice {
        TargetChoice::Sandbox if bases.is_empty() => Ok(TargetChoice::Sandbox),
        TargetChoice::Sandbox => Err(CliError::Usage(
            "--region-base stands in for the real service's hosts: use it with --target cn, com, or no --target, not the sandbox".into(),
        )),
        TargetChoice::Real(target) => target
            .with_stand_ins(bases)
            .map(TargetChoice::Real)
            .map_err(CliError::Usage),
    }
}

/// The target of a command: `--target`, else the one the scenario files record (`target`, `region_base`:
/// what `init` wrote), else the real service when `--region-base` is given, else `default`.
pub fn choose_target(
    flag: Option<&TargetChoice>,
    flag_bases: &RegionBases,
    recorded: &[crate::scenario::RecordedTarget],
    default: TargetChoice,
) -> Result<TargetChoice, CliError> {
    let mut bases = flag_bases.map();
    let choice = match flag {
        Some(choice) => choice.clone(),
        None => {
            let mut recording = recorded.iter().filter(|file| file.target.is_some());
            match recording.next() {
                Some(first) => {
                    if let Some(other) = recording.find(|file| {
                        file.target != first.target || file.region_bases != first.region_bases
                    }) {
                        return Err(CliError::Usage(format!(
                            "{} and {} record different targets: pass --target to run them together",
                            first.file.display(),
                            other.file.display()
                        )));
                    }
                    for (region, base) in &first.region_bases {
                        parse_base_url(base).map_err(|error| {
                            CliError::Usage(format!(
                                "{}: region_base {region}: {error}",
                                first.file.display()
                            ))
                        })?;
                        bases.entry(*region).or_insert_with(|| base.clone());
                    }
                    let word = first.target.as_deref().unwrap_or_default();
                    parse_target(word).map_err(|reason| {
                        CliError::Usage(format!("{}: target {reason}", first.file.display()))
                    })?
                }
                None if !bases.is_empty() => TargetChoice::Real(Target::regions()),
                None => default,
            }
        }
    };
    with_stand_ins(choice, &bases)
}

/// The sandbox world for a sandbox target (`--world FILE` or the embedded demo), `None` otherwise.
pub fn world_for(choice: &TargetChoice, world: Option<&Path>) -> Result<Option<World>, CliError> {
    match (choice, world) {
        (TargetChoice::Sandbox, Some(path)) => Ok(Some(World::load(path)?)),
        (TargetChoice::Sandbox, None) => Ok(Some(World::demo())),
        (TargetChoice::Real(_), Some(_)) => Err(CliError::Usage(
            "--world applies only to --target sandbox".into(),
        )),
        (TargetChoice::Real(_), None) => Ok(None),
    }
}

/// Where `${VAR}` values come from: the sandbox world's demo values (its secrets registered with the
/// redactor first), or the environment and then `.env`.
pub struct Variables {
    pub source: VariableSource,
    pub files: BTreeMap<String, String>,
}

/// Masks a sandbox world's credentials in everything printed from now on.
pub(super) fn register_world_secrets(world: &World) {
    for secret in world.secrets() {
        redact::register(&secret);
    }
}

impl Variables {
    pub fn new(env_file: Option<&Path>, world: Option<&World>) -> Result<Variables, CliError> {
        Ok(match world {
            Some(world) => {
                register_world_secrets(world);
                Variables {
                    source: VariableSource::Sandbox {
                        values: world.variables().clone(),
                    },
                    files: world.files().clone(),
                }
            }
            None => Variables {
                source: VariableSource::environment(env_file)?,
                files: BTreeMap::new(),
            },
        })
    }

    fn options(&self) -> LoadOptions<'_> {
        LoadOptions {
            variables: &self.source,
            virtual_files: &self.files,
            keys: Default::default(),
        }
    }
}

/// Loads the plan and registers every secret it (and the world) holds with the redactor.
pub fn load(
    paths: &[PathBuf],
    env_file: Option<&Path>,
    world: Option<&World>,
) -> Result<Plan, CliError> {
    let variables = Variables::new(env_file, world)?;
    registered(load_plan(paths, &variables.options())?)
}

/// Loads one scenario given as text (named `file` in errors), registering its secrets.
pub fn load_text(file: &Path, text: &str, variables: &Variables) -> Result<Plan, CliError> {
    let scenario = parse_scenario(file, text, &variables.options())?;
    registered(Plan {
        scenarios: vec![scenario],
    })
}

fn registered(plan: Plan) -> Result<Plan, CliError> {
    for secret in plan.secrets() {
        redact::register(&secret);
    }
    Ok(plan)
}

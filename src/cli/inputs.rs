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

/// `--target`'s value parser.
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
    pub fn new(env_file: &Path, world: Option<&World>) -> Result<Variables, CliError> {
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
pub fn load(paths: &[PathBuf], env_file: &Path, world: Option<&World>) -> Result<Plan, CliError> {
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

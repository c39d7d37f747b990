//! Finding scenario files (one file or a folder of `*.toml`), reading them, and parsing them with positions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::build::build_scenario;
use super::model::RawScenario;
use super::vars::VariableSource;
use super::{Plan, ScenarioPlan};
use crate::auth::KeyCache;
use crate::source_error::SourceError;
use crate::textfile::{InputKind, io_reason, read_document};

/// Where variables and key files come from.
pub struct LoadOptions<'a> {
    pub variables: &'a VariableSource,
    /// Files that exist only in the sandbox world (e.g. the demo private key), consulted before the disk.
    pub virtual_files: &'a BTreeMap<String, String>,
    /// Keys loaded so far: files that share a key load it once.
    pub keys: KeyCache,
}

/// Loads every scenario under `paths` (files, or folders searched recursively for `*.toml`).
pub fn load_plan(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Plan, SourceError> {
    let files = scenario_files(paths)?;
    let mut scenarios = Vec::with_capacity(files.len());
    for file in files {
        let text = read_document(&file, InputKind::Scenario)?;
        scenarios.push(parse_scenario(&file, &text, options)?);
    }
    Ok(Plan { scenarios })
}

/// Where a scenario file says it runs (`target`, `region_base`), read before anything else: the target
/// decides where variables come from (the sandbox's demo values, or the environment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordedTarget {
    pub file: PathBuf,
    pub target: Option<String>,
    pub region_bases: BTreeMap<crate::coze::region::Region, String>,
}

/// The targets the scenario files under `paths` record (a file that does not parse records none: its
/// errors are reported when it loads).
pub fn recorded_targets(paths: &[PathBuf]) -> Result<Vec<RecordedTarget>, SourceError> {
    #[derive(serde::Deserialize)]
    struct Keys {
        target: Option<String>,
        #[serde(default)]
        region_base: BTreeMap<String, String>,
    }
    let mut recorded = Vec::new();
    for file in scenario_files(paths)? {
        let text = read_document(&file, InputKind::Scenario)?;
        let Ok(keys) = toml::from_str::<Keys>(&text) else {
            continue;
        };
        recorded.push(RecordedTarget {
            region_bases: keys
                .region_base
                .into_iter()
                .filter_map(|(region, base)| region.parse().ok().map(|region| (region, base)))
                .collect(),
            target: keys.target,
            file,
        });
    }
    Ok(recorded)
}

/// Parses and validates one scenario's text; `file` is only used to name it in errors.
pub fn parse_scenario(
    file: &Path,
    text: &str,
    options: &LoadOptions<'_>,
) -> Result<ScenarioPlan, SourceError> {
    let raw: RawScenario =
        toml::from_str(text).map_err(|error| SourceError::from_toml(file, text, &error))?;
    build_scenario(file, text, raw, options)
}

/// The scenario files under `paths`, each once, in the order given (folders sorted by name). Symbolic links
/// are followed, but a link back into a folder already being walked is not: against a real target every
/// extra run of a file creates its bots again.
fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SourceError> {
    let mut files = Vec::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut add = |path: PathBuf, files: &mut Vec<PathBuf>| {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            files.push(path);
        }
    };
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|error| {
            SourceError::whole_file(
                path,
                format!("failed to open scenario path: {}", io_reason(&error)),
            )
            .with_help("pass a scenario file or a folder of *.toml files (default: scenarios/)")
        })?;
        if !metadata.is_dir() {
            add(path.clone(), &mut files);
            continue;
        }
        let mut found = 0;
        for entry in WalkDir::new(path).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                // A link to an ancestor folder: its files are walked once already.
                Err(error) if error.loop_ancestor().is_some() => continue,
                Err(error) => {
                    let at = error.path().unwrap_or(path).to_path_buf();
                    let reason = error
                        .io_error()
                        .map(io_reason)
                        .unwrap_or_else(|| error.to_string());
                    return Err(SourceError::whole_file(
                        &at,
                        format!("failed to list folder: {reason}"),
                    ));
                }
            };
            let is_toml = entry.path().extension().is_some_and(|ext| ext == "toml");
            if entry.file_type().is_file() && is_toml {
                found += 1;
                add(entry.into_path(), &mut files);
            }
        }
        if found == 0 {
            return Err(
                SourceError::whole_file(path, "no *.toml scenario files in this folder")
                    .with_help("add a scenario file, e.g. copy scenarios/node-chat2.toml"),
            );
        }
    }
    Ok(files)
}

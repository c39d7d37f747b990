//! Finding scenario files (one file or a folder of `*.toml`), reading them, and parsing them with positions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::build::build_scenario;
use super::model::RawScenario;
use super::vars::VariableSource;
use super::{Plan, ScenarioPlan};
use crate::source_error::SourceError;
use crate::textfile::{ReadError, io_reason, read_text};

/// Scenario files larger than this are refused: a scenario is a handful of tables.
pub const MAX_SCENARIO_BYTES: u64 = crate::textfile::MAX_DOCUMENT_BYTES;

/// Where variables and key files come from.
pub struct LoadOptions<'a> {
    pub variables: &'a VariableSource,
    /// Files that exist only in the sandbox world (e.g. the demo private key), consulted before the disk.
    pub virtual_files: &'a BTreeMap<String, String>,
}

/// Loads every scenario under `paths` (files, or folders searched recursively for `*.toml`).
pub fn load_plan(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Plan, SourceError> {
    let files = scenario_files(paths)?;
    let mut scenarios = Vec::with_capacity(files.len());
    for file in files {
        let text = read_scenario(&file)?;
        scenarios.push(parse_scenario(&file, &text, options)?);
    }
    Ok(Plan { scenarios })
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

fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SourceError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|error| {
            SourceError::whole_file(
                path,
                format!("failed to open scenario path: {}", io_reason(&error)),
            )
            .with_help("pass a scenario file or a folder of *.toml files (default: scenarios/)")
        })?;
        if metadata.is_dir() {
            let before = files.len();
            collect_toml(path, &mut files)?;
            if files.len() == before {
                return Err(SourceError::whole_file(
                    path,
                    "no *.toml scenario files in this folder",
                )
                .with_help("add a scenario file, e.g. copy scenarios/node-chat2.toml"));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_toml(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        SourceError::whole_file(dir, format!("failed to list folder: {}", io_reason(&error)))
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_toml(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
    Ok(())
}

fn read_scenario(file: &Path) -> Result<String, SourceError> {
    read_text(file, MAX_SCENARIO_BYTES).map_err(|error| match error {
        ReadError::NotUtf8 { text, valid_up_to } => {
            SourceError::at_offset(file, &text, valid_up_to, "scenario file is not valid UTF-8")
        }
        other => SourceError::whole_file(file, format!("failed to read scenario: {other}")),
    })
}

//! What changed between two JSON reports of the same scenario (before and after a console change, for a
//! support ticket): probes whose outcome changed, matched by case, probe and workspace, and findings that
//! appeared or were resolved, matched by rule and credentials. Reads the reports' JSON layout (by field
//! names, so that reports of an older version still load); [`crate::report::diff`] writes the result.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::outcome::Outcome;
use crate::source_error::SourceError;

/// One report, as read back.
#[derive(Debug)]
pub struct Loaded {
    pub path: String,
    pub value: Value,
}

/// Why two reports cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("{0}")]
    Read(#[from] SourceError),
    #[error(
        "{new} is a report of layout version {new_version}, {old} of version {old_version}: diff compares reports of one version (run the scenario again with this cozescope)"
    )]
    Version {
        old: String,
        new: String,
        old_version: u64,
        new_version: u64,
    },
    #[error(
        "{old} is a report of scenario `{old_scenario}`, {new} of `{new_scenario}`: diff compares two reports of the same scenario"
    )]
    Scenario {
        old: String,
        new: String,
        old_scenario: String,
        new_scenario: String,
    },
    #[error("{0} is not a run report (diff compares the JSON reports of `run` and `doctor`)")]
    NotARunReport(String),
}

/// Reads a JSON report (bounded, with the position of a syntax error).
pub fn load(path: &Path) -> Result<Loaded, DiffError> {
    let text = crate::textfile::read_document(path, crate::textfile::InputKind::Report)?;
    let value: Value = serde_json::from_str(&text).map_err(|error| {
        let offset = text
            .lines()
            .take(error.line().saturating_sub(1))
            .map(|line| line.len() + 1)
            .sum::<usize>()
            + error.column().saturating_sub(1);
        SourceError::at_offset(path, &text, offset, format!("not a JSON report: {error}"))
            .with_help("pass two JSON reports written by `cozescope run --format json`")
    })?;
    let shown = path.display().to_string();
    if value.get("cases").and_then(Value::as_array).is_none() {
        return Err(DiffError::NotARunReport(shown));
    }
    Ok(Loaded { path: shown, value })
}

/// A probe whose outcome differs between the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub case: String,
    pub probe: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    /// `None`: the probe is only in the new report.
    pub old: Option<String>,
    /// `None`: the probe is only in the old report.
    pub new: Option<String>,
}

impl Change {
    /// Whether the probe went from `ok` to anything else.
    pub fn is_regression(&self) -> bool {
        let ok = Some(Outcome::Ok.as_str());
        self.old.as_deref() == ok && self.new.as_deref() != ok
    }
}

/// A finding present in one report only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    pub rule: String,
    pub credentials: Vec<String>,
    pub cause: String,
}

/// What changed.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub kind: &'static str,
    pub scenario: String,
    pub old: Side,
    pub new: Side,
    pub changed: Vec<Change>,
    pub unchanged: usize,
    pub resolved: Vec<FindingChange>,
    pub appeared: Vec<FindingChange>,
    pub regressions: usize,
}

/// One report's identity in the diff.
#[derive(Debug, Serialize)]
pub struct Side {
    pub report: String,
    pub started_at: String,
    pub requests: Option<u64>,
}

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The scenario a report is about: its title, else its file name.
fn scenario_of(report: &Value) -> String {
    let title = text(report, "/scenario/title");
    if !title.is_empty() {
        return title;
    }
    let file = text(report, "/scenario/file");
    Path::new(&file)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or(file)
}

type ProbeKey = (String, String, Option<String>);

fn probes(report: &Value) -> Vec<(ProbeKey, String)> {
    let mut probes = Vec::new();
    for case in report["cases"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        for probe in case["probes"].as_array().into_iter().flatten() {
            let key = (
                name.to_string(),
                probe["probe"].as_str().unwrap_or_default().to_string(),
                probe["workspace"].as_str().map(str::to_string),
            );
            probes.push((
                key,
                probe["outcome"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    probes
}

fn findings(report: &Value) -> Vec<FindingChange> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|finding| {
            let mut credentials: Vec<String> = finding["credentials"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|name| name.as_str().map(str::to_string))
                .collect();
            credentials.sort();
            FindingChange {
                rule: finding["rule"].as_str().unwrap_or_default().to_string(),
                credentials,
                cause: finding["cause"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// Compares two reports of the same scenario and layout version.
pub fn diff(old: &Loaded, new: &Loaded) -> Result<Diff, DiffError> {
    let version = |report: &Value| report["schema_version"].as_u64().unwrap_or(1);
    if version(&old.value) != version(&new.value) {
        return Err(DiffError::Version {
            old: old.path.clone(),
            new: new.path.clone(),
            old_version: version(&old.value),
            new_version: version(&new.value),
        });
    }
    let (old_scenario, new_scenario) = (scenario_of(&old.value), scenario_of(&new.value));
    if old_scenario != new_scenario {
        return Err(DiffError::Scenario {
            old: old.path.clone(),
            new: new.path.clone(),
            old_scenario,
            new_scenario,
        });
    }
    let before = probes(&old.value);
    let after = probes(&new.value);
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (key, outcome) in &before {
        match after.iter().find(|(other, _)| other == key) {
            Some((_, now)) if now == outcome => unchanged += 1,
            now => changed.push(Change {
                case: key.0.clone(),
                probe: key.1.clone(),
                workspace: key.2.clone(),
                old: Some(outcome.clone()),
                new: now.map(|(_, now)| now.clone()),
            }),
        }
    }
    for (key, outcome) in &after {
        if !before.iter().any(|(other, _)| other == key) {
            changed.push(Change {
                case: key.0.clone(),
                probe: key.1.clone(),
                workspace: key.2.clone(),
                old: None,
                new: Some(outcome.clone()),
            });
        }
    }
    let same =
        |a: &FindingChange, b: &FindingChange| a.rule == b.rule && a.credentials == b.credentials;
    let (was, is) = (findings(&old.value), findings(&new.value));
    let resolved = was
        .iter()
        .filter(|f| !is.iter().any(|g| same(f, g)))
        .cloned()
        .collect();
    let appeared = is
        .iter()
        .filter(|f| !was.iter().any(|g| same(f, g)))
        .cloned()
        .collect();
    let side = |loaded: &Loaded| Side {
        report: loaded.path.clone(),
        started_at: text(&loaded.value, "/started_at"),
        requests: loaded
            .value
            .pointer("/stats/requests")
            .and_then(Value::as_u64),
    };
    let regressions = changed
        .iter()
        .filter(|change| change.is_regression())
        .count();
    Ok(Diff {
        kind: "diff",
        scenario: old_scenario,
        old: side(old),
        new: side(new),
        changed,
        unchanged,
        resolved,
        appeared,
        regressions,
    })
}

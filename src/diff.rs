//! What changed between two JSON reports of the same scenario (before and after a console change, for a
//! support ticket): the user's probes whose outcome changed, matched by case, probe and workspace; the
//! follow-ups the runner added, apart (they are evidence about a denial: one that is gone after a fix is no
//! regression); and findings that appeared or were resolved, matched by rule and credentials. Reports are
//! read through the report's own typed layout ([`crate::report::json::Report`]), of its current version
//! only; [`crate::report::diff`] writes the result.

use std::path::Path;

use serde::Serialize;

use crate::outcome::Outcome;
use crate::report::json::{JsonFinding, Report, SCHEMA_VERSION};
use crate::source_error::SourceError;

/// One report, as read back.
#[derive(Debug)]
pub struct Loaded {
    pub path: String,
    pub report: Report<'static>,
}

/// Why two reports cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("{0}")]
    Read(#[from] SourceError),
    #[error(
        "{path} is a report of layout version {version}; this cozescope compares reports of layout version {SCHEMA_VERSION} (run the scenario again with this cozescope)"
    )]
    Version { path: String, version: u64 },
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

/// Reads a JSON report (bounded, with the position of a syntax or layout error).
pub fn load(path: &Path) -> Result<Loaded, DiffError> {
    let text = crate::textfile::read_document(path, crate::textfile::InputKind::Report)?;
    let at = |error: &serde_json::Error, what: &str| {
        let offset = text
            .lines()
            .take(error.line().saturating_sub(1))
            .map(|line| line.len() + 1)
            .sum::<usize>()
            + error.column().saturating_sub(1);
        SourceError::at_offset(path, &text, offset, format!("{what}: {error}"))
            .with_help("pass two JSON reports written by `cozescope run --format json`")
    };
    let shown = path.display().to_string();
    // The version first, so that another layout is refused as such, not for its first odd field.
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| at(&error, "not a JSON report"))?;
    if value
        .get("cases")
        .and_then(serde_json::Value::as_array)
        .is_none()
    {
        return Err(DiffError::NotARunReport(shown));
    }
    let version = match value.get("schema_version") {
        None => 1,
        Some(version) => version.as_u64().ok_or_else(|| {
            let offset = text.find("\"schema_version\"").unwrap_or(0);
            SourceError::at_offset(
                path,
                &text,
                offset,
                format!("`schema_version` is {version}, not a number"),
            )
            .with_help("pass two JSON reports written by `cozescope run --format json`")
        })?,
    };
    if version != u64::from(SCHEMA_VERSION) {
        return Err(DiffError::Version {
            path: shown,
            version,
        });
    }
    // The path of the field at fault (`cases[0].name`): the position serde gives for a field of a
    // flattened object is the end of that object.
    let mut fields = serde_json::Deserializer::from_str(&text);
    let report: Report<'static> =
        serde_path_to_error::deserialize(&mut fields).map_err(|error| {
            at(
                error.inner(),
                &format!(
                    "not a report of layout version {SCHEMA_VERSION}: `{}`",
                    error.path()
                ),
            )
        })?;
    Ok(Loaded {
        path: shown,
        report,
    })
}

/// A probe whose outcome differs between the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub case: String,
    pub probe: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    /// `None`: the probe is only in the new report.
    pub old: Option<Outcome>,
    /// `None`: the probe is only in the old report.
    pub new: Option<Outcome>,
}

impl Change {
    /// Whether a probe of the user's went from `ok` to anything else. A probe that is only in the new
    /// report never is one.
    pub fn is_regression(&self) -> bool {
        self.old == Some(Outcome::Ok) && self.new != Some(Outcome::Ok)
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
    /// The scenario's own probes that changed.
    pub changed: Vec<Change>,
    pub unchanged: usize,
    /// The follow-ups the runner added (evidence, never regressions) that changed, appeared or went.
    pub follow_ups: Vec<Change>,
    pub resolved: Vec<FindingChange>,
    pub appeared: Vec<FindingChange>,
    pub regressions: usize,
}

/// One report's identity in the diff.
#[derive(Debug, Serialize)]
pub struct Side {
    pub report: String,
    pub started_at: String,
    pub requests: u32,
    /// False when the run was interrupted: the probes it did not reach are `skipped`.
    pub complete: bool,
    /// The language the report's findings are written in.
    pub lang: String,
}

/// The scenario a report is about: its title, else its file name.
fn scenario_of(report: &Report<'_>) -> String {
    if let Some(title) = report
        .scenario
        .title
        .as_deref()
        .filter(|title| !title.is_empty())
    {
        return title.to_string();
    }
    let file = &report.scenario.file;
    Path::new(file.as_ref()).file_name().map_or_else(
        || file.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

type ProbeKey = (String, String, Option<String>);

/// The probes of a report, keyed, the user's apart from the runner's follow-ups.
struct Probes {
    own: Vec<(ProbeKey, Outcome)>,
    follow_ups: Vec<(ProbeKey, Outcome)>,
}

fn probes(report: &Report<'_>) -> Probes {
    let mut probes = Probes {
        own: Vec::new(),
        follow_ups: Vec::new(),
    };
    for case in report.cases.iter().map(|case| &case.case) {
        let list = if case.follow_up.is_some() {
            &mut probes.follow_ups
        } else {
            &mut probes.own
        };
        for probe in &case.probes {
            let key = (
                case.name.clone(),
                probe.probe.name().to_string(),
                probe.workspace.clone(),
            );
            list.push((key, probe.outcome));
        }
    }
    probes
}

/// The probes whose outcome differs, or that are in one list only; and how many are the same.
fn compare(before: &[(ProbeKey, Outcome)], after: &[(ProbeKey, Outcome)]) -> (Vec<Change>, usize) {
    let change = |key: &ProbeKey, old: Option<Outcome>, new: Option<Outcome>| Change {
        case: key.0.clone(),
        probe: key.1.clone(),
        workspace: key.2.clone(),
        old,
        new,
    };
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (key, outcome) in before {
        match after.iter().find(|(other, _)| other == key) {
            Some((_, now)) if now == outcome => unchanged += 1,
            now => changed.push(change(key, Some(*outcome), now.map(|(_, now)| *now))),
        }
    }
    for (key, outcome) in after {
        if !before.iter().any(|(other, _)| other == key) {
            changed.push(change(key, None, Some(*outcome)));
        }
    }
    (changed, unchanged)
}

fn findings(report: &Report<'_>) -> Vec<FindingChange> {
    report
        .findings
        .iter()
        .map(|finding: &JsonFinding<'_>| {
            let mut credentials = finding.credentials.to_vec();
            credentials.sort();
            FindingChange {
                rule: finding.rule.to_string(),
                credentials,
                cause: finding.cause.to_string(),
            }
        })
        .collect()
}

/// Compares two reports of the same scenario.
pub fn diff(old: &Loaded, new: &Loaded) -> Result<Diff, DiffError> {
    let (old_scenario, new_scenario) = (scenario_of(&old.report), scenario_of(&new.report));
    if old_scenario != new_scenario {
        return Err(DiffError::Scenario {
            old: old.path.clone(),
            new: new.path.clone(),
            old_scenario,
            new_scenario,
        });
    }
    let (before, after) = (probes(&old.report), probes(&new.report));
    let (changed, unchanged) = compare(&before.own, &after.own);
    let (follow_ups, _) = compare(&before.follow_ups, &after.follow_ups);
    let same =
        |a: &FindingChange, b: &FindingChange| a.rule == b.rule && a.credentials == b.credentials;
    let (was, is) = (findings(&old.report), findings(&new.report));
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
        started_at: loaded.report.started_at.to_string(),
        requests: loaded.report.stats.requests,
        complete: loaded.report.complete,
        lang: loaded.report.lang.to_string(),
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
        follow_ups,
        resolved,
        appeared,
        regressions,
    })
}

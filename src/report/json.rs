//! The JSON report: the same facts as the markdown, with stable field names (see `schema/report.schema.json`).
//! [`Report`] is the one description of its layout: written from a run (borrowing its results) and read
//! back, typed, by `diff` ([`crate::diff`]), so the two can never disagree on a field.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::ReportInput;
use crate::diagnose::{Cell, Severity};
use crate::runner::{CaseResult, Mismatch, RequestStats, TargetInfo};

/// The version of the JSON report's layout: `diff` reads only reports of this version. 1 is the layout
/// before `schema_version` existed.
pub const SCHEMA_VERSION: u32 = 2;

/// One scenario's JSON report. Borrowed when written, owned when read back.
#[derive(Debug, Serialize, Deserialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    pub tool: Tool,
    pub started_at: Cow<'a, str>,
    /// False when the run was interrupted and the report is partial.
    pub complete: bool,
    pub scenario: Scenario<'a>,
    pub target: Cow<'a, TargetInfo>,
    pub lang: Cow<'a, str>,
    /// The requests this scenario sent.
    pub stats: RequestStats,
    /// Credential × workspace × permission, from what was probed.
    pub matrix: Cow<'a, [Cell]>,
    pub findings: Vec<JsonFinding<'a>>,
    pub cases: Vec<JsonCase<'a>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: Cow<'static, str>,
    pub version: String,
}

impl Tool {
    pub(super) fn current(version: &str) -> Tool {
        Tool {
            name: Cow::Borrowed("cozescope"),
            version: version.to_string(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Scenario<'a> {
    pub file: Cow<'a, str>,
    pub sha256: Cow<'a, str>,
    pub title: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JsonFinding<'a> {
    pub rule: Cow<'a, str>,
    pub severity: Severity,
    pub cause: Cow<'a, str>,
    pub fix: Cow<'a, str>,
    /// The credentials (`cases[].auth.name`) the finding is about.
    pub credentials: Cow<'a, [String]>,
    /// Whether the evidence proves it.
    pub proved: bool,
    pub cases: Cow<'a, [String]>,
    pub logids: Cow<'a, [String]>,
}

impl<'a> JsonFinding<'a> {
    pub(super) fn of(finding: &'a crate::diagnose::Finding, lang: crate::i18n::Lang) -> Self {
        JsonFinding {
            rule: Cow::Borrowed(finding.rule),
            severity: finding.severity,
            cause: Cow::Borrowed(finding.cause.get(lang)),
            fix: Cow::Borrowed(finding.fix.get(lang)),
            credentials: Cow::Borrowed(&finding.credentials),
            proved: finding.proved,
            cases: Cow::Borrowed(&finding.cases),
            logids: Cow::Borrowed(&finding.logids),
        }
    }
}

/// One case: the runner's result and the `expect`s it contradicts.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonCase<'a> {
    #[serde(flatten)]
    pub case: Cow<'a, CaseResult>,
    pub mismatches: Vec<Mismatch>,
}

/// Renders the JSON report of one scenario (pretty-printed, trailing newline).
pub fn render(input: &ReportInput<'_>) -> String {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool::current(&input.run.tool_version),
        started_at: Cow::Owned(
            input
                .scenario
                .started_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ),
        complete: !input.run.interrupted,
        scenario: Scenario {
            file: Cow::Owned(input.scenario.file.display().to_string()),
            sha256: Cow::Borrowed(&input.scenario.sha256),
            title: input.scenario.title.as_deref().map(Cow::Borrowed),
        },
        target: Cow::Borrowed(&input.scenario.target),
        lang: Cow::Borrowed(input.lang.code()),
        stats: input.scenario.request_stats(),
        matrix: Cow::Borrowed(input.matrix),
        findings: input
            .findings
            .iter()
            .map(|finding| JsonFinding::of(finding, input.lang))
            .collect(),
        cases: input
            .scenario
            .cases
            .iter()
            .map(|case| JsonCase {
                case: Cow::Borrowed(case),
                mismatches: case.mismatches(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|error| {
        format!("{{\"error\": \"failed to serialise the report: {error}\"}}")
    });
    text.push('\n');
    text
}

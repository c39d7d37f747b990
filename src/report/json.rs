//! The JSON report: the same facts as the markdown, with stable field names (see `schema/report.schema.json`).

use serde::Serialize;

use super::ReportInput;
use crate::diagnose::{Cell, Severity};
use crate::runner::{CaseResult, Mismatch, RequestStats, TargetInfo};

/// The version of the JSON report's layout: `diff` compares only reports of the same version. 1 is the
/// layout before `schema_version` existed.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool,
    started_at: String,
    /// False when the run was interrupted and the report is partial.
    complete: bool,
    scenario: Scenario<'a>,
    target: &'a TargetInfo,
    lang: &'static str,
    /// The requests this scenario sent.
    stats: RequestStats,
    /// Credential × workspace × permission, from what was probed.
    matrix: &'a [Cell],
    findings: Vec<JsonFinding<'a>>,
    cases: Vec<JsonCase<'a>>,
}

#[derive(Serialize)]
pub(super) struct Tool {
    name: &'static str,
    version: String,
    /// The git commit the build came from, or `unknown`.
    commit: String,
}

impl Tool {
    pub(super) fn current(version: &str, commit: &str) -> Tool {
        Tool {
            name: "cozescope",
            version: version.to_string(),
            commit: commit.to_string(),
        }
    }
}

#[derive(Serialize)]
struct Scenario<'a> {
    file: String,
    sha256: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    cause: &'a str,
    fix: &'a str,
    /// The credentials (`cases[].auth.name`) the finding is about.
    credentials: &'a [String],
    /// Whether the evidence proves it.
    proved: bool,
    cases: &'a [String],
    logids: &'a [String],
}

impl<'a> JsonFinding<'a> {
    pub(super) fn of(finding: &'a crate::diagnose::Finding, lang: crate::i18n::Lang) -> Self {
        JsonFinding {
            rule: finding.rule,
            severity: finding.severity,
            cause: finding.cause.get(lang),
            fix: finding.fix.get(lang),
            credentials: &finding.credentials,
            proved: finding.proved,
            cases: &finding.cases,
            logids: &finding.logids,
        }
    }
}

#[derive(Serialize)]
struct JsonCase<'a> {
    #[serde(flatten)]
    case: &'a CaseResult,
    mismatches: Vec<Mismatch>,
}

/// Renders the JSON report of one scenario (pretty-printed, trailing newline).
pub fn render(input: &ReportInput<'_>) -> String {
    let report = JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool::current(&input.run.tool_version, &input.run.tool_commit),
        started_at: input
            .scenario
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        complete: !input.run.interrupted,
        scenario: Scenario {
            file: input.scenario.file.display().to_string(),
            sha256: &input.scenario.sha256,
            title: input.scenario.title.as_deref(),
        },
        target: &input.scenario.target,
        lang: input.lang.code(),
        stats: input.scenario.request_stats(),
        matrix: input.matrix,
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
                case,
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

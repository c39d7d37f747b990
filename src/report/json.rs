//! The JSON report: the same facts as the markdown, with stable field names (see `schema/report.schema.json`).

use serde::Serialize;

use super::ReportInput;
use crate::diagnose::{Cell, Severity, matrix};
use crate::runner::{CaseResult, Mismatch, RequestStats, TargetInfo};

#[derive(Serialize)]
struct JsonReport<'a> {
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
    matrix: Vec<Cell>,
    findings: Vec<JsonFinding<'a>>,
    cases: Vec<JsonCase<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: String,
}

#[derive(Serialize)]
struct Scenario<'a> {
    file: String,
    sha256: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
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

#[derive(Serialize)]
struct JsonCase<'a> {
    #[serde(flatten)]
    case: &'a CaseResult,
    mismatches: Vec<Mismatch>,
}

/// Renders the JSON report of one scenario (pretty-printed, trailing newline).
pub fn render(input: &ReportInput<'_>) -> String {
    let report = JsonReport {
        tool: Tool {
            name: "cozescope",
            version: input.run.tool_version.clone(),
        },
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
        matrix: matrix(input.scenario),
        findings: input
            .findings
            .iter()
            .map(|finding| JsonFinding {
                rule: finding.rule,
                severity: finding.severity,
                cause: finding.cause.get(input.lang),
                fix: finding.fix.get(input.lang),
                credentials: &finding.credentials,
                proved: finding.proved,
                cases: &finding.cases,
                logids: &finding.logids,
            })
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

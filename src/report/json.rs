//! The JSON report: the same facts as the markdown, with stable field names (see `schema/report.schema.json`).

use serde::Serialize;

use super::ReportInput;
use crate::auth::AuthMode;
use crate::coze::region::Region;
use crate::diagnose::{Cause, Cell, Cited, Severity, Verdict, wording};
use crate::i18n::Lang;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, Mismatch, RequestStats, TargetInfo};

/// The version of the JSON report's layout: `diff` compares only reports of the same version. 1 is the
/// layout before `schema_version` existed; 3 added `verdicts`.
pub const SCHEMA_VERSION: u32 = 3;

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
    /// One per credential: the cause or healthy, the proof, the alternatives ruled out.
    verdicts: Vec<JsonVerdict<'a>>,
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

/// A verdict as JSON: `cause` is a rule id or `healthy`.
#[derive(Serialize)]
pub struct JsonVerdict<'a> {
    credential: &'a str,
    mode: AuthMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_id: Option<&'a str>,
    /// Where the credential authenticated in this run, if anywhere.
    authenticated_in: Option<Region>,
    cause: &'static str,
    proved: bool,
    /// The cause in a sentence (the report's language); for a healthy credential, what held.
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
    evidence: &'a [Cited],
    ruled_out: Vec<JsonRuledOut<'a>>,
    /// The credential's other causes, most fundamental first.
    also: Vec<JsonCause<'a>>,
    notes: Vec<String>,
    untested: Vec<JsonUntested>,
    /// Requests its rows sent, follow-ups and retries included.
    requests: u32,
}

#[derive(Serialize)]
struct JsonRuledOut<'a> {
    hypothesis: &'static str,
    why: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a Cited>,
}

#[derive(Serialize)]
struct JsonCause<'a> {
    cause: &'static str,
    proved: bool,
    summary: String,
    fix: String,
    evidence: &'a [Cited],
}

#[derive(Serialize)]
struct JsonUntested {
    probe: ProbeKind,
    reason: Option<String>,
}

impl<'a> JsonCause<'a> {
    fn of(cause: &'a Cause, lang: Lang) -> Self {
        JsonCause {
            cause: cause.hypothesis().id(),
            proved: cause.proved,
            summary: wording::cause(cause).get(lang).to_string(),
            fix: wording::fix(cause).get(lang).to_string(),
            evidence: &cause.evidence,
        }
    }
}

/// The `verdicts` block of the JSON report (also what `--json` prints).
pub fn verdicts<'a>(verdicts: &'a [Verdict], lang: Lang) -> Vec<JsonVerdict<'a>> {
    let healthy = super::i18n::phrases(lang).healthy_detail;
    verdicts
        .iter()
        .map(|verdict| {
            let cause = verdict.cause().map(|cause| JsonCause::of(cause, lang));
            JsonVerdict {
                credential: &verdict.credential,
                mode: verdict.mode,
                app_id: verdict.app_id.as_deref(),
                authenticated_in: verdict.authenticated_in,
                cause: verdict.label(),
                proved: verdict.proved(),
                summary: cause
                    .as_ref()
                    .map_or_else(|| healthy.to_string(), |cause| cause.summary.clone()),
                fix: cause.as_ref().map(|cause| cause.fix.clone()),
                evidence: cause.as_ref().map_or(&[][..], |cause| cause.evidence),
                ruled_out: verdict
                    .ruled_out
                    .iter()
                    .map(|ruling| JsonRuledOut {
                        hypothesis: ruling.hypothesis.id(),
                        why: wording::ruled_out(ruling).get(lang).to_string(),
                        evidence: ruling.by.row(),
                    })
                    .collect(),
                also: verdict
                    .causes
                    .iter()
                    .skip(1)
                    .map(|cause| JsonCause::of(cause, lang))
                    .collect(),
                notes: verdict
                    .notes
                    .iter()
                    .map(|note| wording::note(note).get(lang).to_string())
                    .collect(),
                untested: verdict
                    .untested
                    .iter()
                    .map(|untested| JsonUntested {
                        probe: untested.probe,
                        reason: untested.reason.as_ref().map(ToString::to_string),
                    })
                    .collect(),
                requests: verdict.requests,
            }
        })
        .collect()
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
        verdicts: verdicts(input.verdicts, input.lang),
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

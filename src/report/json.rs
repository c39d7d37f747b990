//! The JSON report: the same facts as the markdown, with stable field names (see `schema/report.schema.json`).
//! [`Report`] is the one description of its layout: written from a run (borrowing its results) and read
//! back, typed, by `diff` ([`crate::diff`]), so the two can never disagree on a field.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::ReportInput;
use crate::auth::AuthMode;
use crate::coze::region::Region;
use crate::diagnose::{Cause, Cell, Cited, Severity, Verdict, wording};
use crate::i18n::Lang;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, Mismatch, RequestStats, TargetInfo};

/// The version of the JSON report's layout: `diff` reads only reports of this version. 1 is the layout
/// before `schema_version` existed; 3 added `verdicts`.
pub const SCHEMA_VERSION: u32 = 3;

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
    /// One per credential: the cause or healthy, the proof, the alternatives ruled out. Written, not read
    /// back: `diff` compares the findings, which are derived from the verdicts.
    #[serde(skip_deserializing)]
    pub verdicts: Vec<JsonVerdict<'a>>,
    pub findings: Vec<JsonFinding<'a>>,
    pub cases: Vec<JsonCase<'a>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: Cow<'static, str>,
    pub version: String,
    /// The git commit the build came from, or `unknown` (absent from reports of older builds).
    #[serde(default)]
    pub commit: String,
}

impl Tool {
    pub(super) fn current(version: &str, commit: &str) -> Tool {
        Tool {
            name: Cow::Borrowed("cozescope"),
            version: version.to_string(),
            commit: commit.to_string(),
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

/// A verdict as JSON: `cause` is a rule id or `healthy`.
#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
struct JsonRuledOut<'a> {
    hypothesis: &'static str,
    why: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a Cited>,
}

#[derive(Debug, Serialize)]
struct JsonCause<'a> {
    cause: &'static str,
    proved: bool,
    summary: String,
    fix: String,
    evidence: &'a [Cited],
}

#[derive(Debug, Serialize)]
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
    let text = super::i18n::phrases(lang);
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
                summary: cause.as_ref().map_or_else(
                    || super::verdicts::healthy_detail(verdict, text).to_string(),
                    |cause| cause.summary.clone(),
                ),
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
        tool: Tool::current(&input.run.tool_version, &input.run.tool_commit),
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

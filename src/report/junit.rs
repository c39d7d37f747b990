//! The JUnit XML report: one `<testcase>` per probe, for CI dashboards, written with `quick-junit` (the
//! writer cargo-nextest uses). A probe with an `expect` passes when the expectation holds; without one it
//! passes when it succeeded, and `skipped` probes are skipped.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::ReportInput;
use crate::outcome::Outcome;
use crate::runner::{CaseResult, ProbeResult};

/// Renders the JUnit report of one scenario.
pub fn render(input: &ReportInput<'_>) -> String {
    let scenario = input.scenario;
    let suite_name = scenario
        .title
        .clone()
        .unwrap_or_else(|| scenario.file.display().to_string());
    let classname = scenario.file.display().to_string();
    let mut suite = TestSuite::new(xml_text(&suite_name));
    suite.set_timestamp(scenario.started_at.fixed_offset());
    for case in &scenario.cases {
        for probe in &case.probes {
            let name = format!("{} / {}", case.name, probe.probe.name());
            let mut test = TestCase::new(xml_text(&name), status(case, probe));
            test.set_classname(xml_text(&classname))
                .set_time(Duration::from_millis(probe.duration_ms));
            suite.add_test_case(test);
        }
    }
    let mut report = Report::new("cozescope");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_else(|error| {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- failed to write the JUnit report: {error} -->\n<testsuites/>\n")
    })
}

fn status(case: &CaseResult, probe: &ProbeResult) -> TestCaseStatus {
    let skipped = |reason: String| {
        let mut status = TestCaseStatus::skipped();
        status.set_message(xml_text(&reason));
        status
    };
    let failed = |message: String| {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_type(probe.outcome.as_str())
            .set_message(xml_text(&message))
            .set_description(xml_text(&facts(probe)));
        status
    };
    if probe.held_back() {
        return skipped(probe.message_or_reason().unwrap_or_default());
    }
    match case.expect.get(&probe.probe) {
        Some(expected) if *expected == probe.outcome => TestCaseStatus::success(),
        Some(expected) => failed(format!("expected {expected}, got {}", probe.outcome)),
        None => match probe.outcome {
            Outcome::Ok => TestCaseStatus::success(),
            Outcome::Skipped => skipped(probe.message_or_reason().unwrap_or_default()),
            other => failed(other.to_string()),
        },
    }
}

fn facts(probe: &ProbeResult) -> String {
    let answer = &probe.answer;
    let mut facts = Vec::new();
    if let Some(status) = answer.http_status {
        facts.push(format!("HTTP {status}"));
    }
    if let Some(code) = answer.code {
        facts.push(format!("code {code}"));
    }
    if let Some(error_code) = &answer.error_code {
        facts.push(format!("error_code {error_code}"));
    }
    if let Some(message) = probe.message_or_reason() {
        facts.push(message);
    }
    if let Some(logid) = &answer.logid {
        facts.push(format!("logid {logid}"));
    }
    facts.join("; ")
}

/// Text XML 1.0 can carry: quick-junit drops control characters, but not the noncharacters U+FFFE/U+FFFF.
fn xml_text(text: &str) -> String {
    text.replace(['\u{FFFE}', '\u{FFFF}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_noncharacters() {
        assert_eq!(xml_text("a\u{FFFE}b\u{FFFF}"), "ab");
    }
}

//! The JUnit XML report: one `<testcase>` per probe, for CI dashboards. A probe with an `expect` passes when
//! the expectation holds; without one it passes when it succeeded, and `skipped` probes are skipped.

use std::fmt::Write;

use super::ReportInput;
use crate::outcome::Outcome;
use crate::runner::{CaseResult, ProbeResult};

/// Renders the JUnit report of one scenario.
pub fn render(input: &ReportInput<'_>) -> String {
    let scenario = input.scenario;
    let suite = scenario
        .title
        .clone()
        .unwrap_or_else(|| scenario.file.display().to_string());
    let classname = scenario.file.display().to_string();
    let mut cases = String::new();
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    for case in &scenario.cases {
        for probe in &case.probes {
            tests += 1;
            let name = format!("{} / {}", case.name, probe.probe.name());
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">",
                escape(&classname),
                escape(&name),
                probe.duration_ms as f64 / 1000.0
            );
            match verdict(case, probe) {
                Verdict::Pass => {}
                Verdict::Skip(reason) => {
                    skipped += 1;
                    let _ = write!(cases, "<skipped message=\"{}\"/>", escape(&reason));
                }
                Verdict::Fail(message) => {
                    failures += 1;
                    let _ = write!(
                        cases,
                        "<failure type=\"{}\" message=\"{}\">{}</failure>",
                        probe.outcome,
                        escape(&message),
                        escape(&facts(probe))
                    );
                }
            }
            let _ = writeln!(cases, "</testcase>");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\" timestamp=\"{}\">\n{cases}  </testsuite>\n</testsuites>\n",
        escape(&suite),
        scenario.started_at.format("%Y-%m-%dT%H:%M:%S")
    )
}

enum Verdict {
    Pass,
    Skip(String),
    Fail(String),
}

fn verdict(case: &CaseResult, probe: &ProbeResult) -> Verdict {
    if probe.reason.as_deref() == Some(crate::runner::SIDE_EFFECT_REASON) {
        return Verdict::Skip(crate::runner::SIDE_EFFECT_REASON.to_string());
    }
    match case.expect.get(&probe.probe) {
        Some(expected) if *expected == probe.outcome => Verdict::Pass,
        Some(expected) => Verdict::Fail(format!("expected {expected}, got {}", probe.outcome)),
        None => match probe.outcome {
            Outcome::Ok => Verdict::Pass,
            Outcome::Skipped => Verdict::Skip(probe.reason.clone().unwrap_or_default()),
            other => Verdict::Fail(format!("{other}")),
        },
    }
}

fn facts(probe: &ProbeResult) -> String {
    let mut facts = Vec::new();
    if let Some(status) = probe.http_status {
        facts.push(format!("HTTP {status}"));
    }
    if let Some(code) = probe.code {
        facts.push(format!("code {code}"));
    }
    if let Some(error_code) = &probe.error_code {
        facts.push(format!("error_code {error_code}"));
    }
    if let Some(message) = probe.message.as_deref().or(probe.reason.as_deref()) {
        facts.push(message.to_string());
    }
    if let Some(logid) = &probe.logid {
        facts.push(format!("logid {logid}"));
    }
    facts.join("; ")
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}

//! What the terminal shows after a run, verdict first: the scenario's title, one short block per credential,
//! the comparison table in the shape that fits the screen, then the details (other causes, alternatives
//! ruled out, notes, warnings). Every line fits the screen; the report files have the full story.

use super::{ReportInput, i18n, terminal_table, verdicts};
use crate::diagnose::Severity;
use crate::layout::{Screen, Tone};

/// The summary of one scenario, every line at most `screen.columns` wide.
pub fn render(input: &ReportInput<'_>, screen: &Screen) -> String {
    let text = i18n::phrases(input.lang);
    let title = input
        .scenario
        .title
        .clone()
        .unwrap_or_else(|| input.scenario.file.display().to_string());
    let banner = if input.scenario.target.sandbox {
        " [SANDBOX]"
    } else {
        ""
    };
    let mut out = String::new();
    for line in screen.wrap(&format!("{title}{banner}"), "", "  ") {
        out.push_str(&screen.paint(&line, Tone::Strong));
        out.push('\n');
    }
    out.push('\n');
    if let Some(studio) = &input.scenario.target.studio {
        let target =
            crate::diagnose::wording::studio_target(studio, &input.scenario.target.base_url);
        for line in screen.wrap(target.get(input.lang), "", "  ") {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&verdicts::terminal(
        input.verdicts,
        input.scenario,
        input.lang,
        text,
        screen,
    ));
    out.push('\n');
    out.push_str(&terminal_table::render(input.scenario, text, screen));
    let mut details = verdicts::terminal_details(input.verdicts, input.lang, text, screen);
    let fixes: Vec<String> = input
        .verdicts
        .iter()
        .flat_map(|verdict| &verdict.causes)
        .map(|cause| {
            crate::diagnose::wording::fix(cause)
                .get(input.lang)
                .to_string()
        })
        .collect();
    for finding in input
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Warning)
    {
        details.push_str(&screen.labelled(
            "",
            &format!("warning [{}]: ", finding.rule),
            finding.cause.get(input.lang),
        ));
        let fix = finding.fix.get(input.lang);
        if !fixes.iter().any(|known| known == fix) {
            details.push_str(&screen.labelled("  ", &format!("{}: ", text.fix), fix));
        }
    }
    if !details.is_empty() {
        out.push('\n');
        out.push_str(&details);
    }
    // A blank line before what follows (the next scenario's summary, the run's totals).
    out.push('\n');
    out
}

//! The comparison table printed on the terminal after a run (the report file has the full story).

use tabled::builder::Builder;
use tabled::settings::peaker::Priority;
use tabled::settings::{Style, Width};

use super::{ReportInput, i18n, operation_columns};
use crate::diagnose::Severity;
use crate::probe::ProbeKind;
use crate::runner::ProbeResult;

/// The summary table of one scenario, as plain text, at most `width` columns wide (the widest cells wrap;
/// the report files keep every cell whole). Findings follow, each cause and fix in full.
pub fn render(input: &ReportInput<'_>, width: Option<usize>) -> String {
    let text = i18n::phrases(input.lang);
    let operations = operation_columns(input.scenario);
    let mut builder = Builder::default();
    let mut header = vec![
        text.case.to_string(),
        text.auth.to_string(),
        text.scope_sent.to_string(),
        "token".to_string(),
    ];
    header.extend(operations.iter().map(|column| column.label()));
    header.extend([text.code.to_string(), text.logid.to_string()]);
    builder.push_record(header);
    for case in &input.scenario.cases {
        let mut row = vec![
            match &case.follow_up {
                Some(_) => format!("↪ {} [{}]", case.name, case.region),
                None => case.name.clone(),
            },
            if case.auth.name == case.auth.mode.as_str() {
                case.auth.name.clone()
            } else {
                format!("{} ({})", case.auth.name, case.auth.mode)
            },
            match &case.scope {
                Some(names) => names.join(", "),
                None if case.auth.mode == crate::auth::AuthMode::Jwt => "-".to_string(),
                None => text.not_applicable.to_string(),
            },
            outcome(case.probe(ProbeKind::Token), text.not_applicable),
        ];
        row.extend(
            operations
                .iter()
                .map(|column| outcome(column.cell(case), text.not_applicable)),
        );
        let failure = case.first_failure();
        row.push(
            failure
                .and_then(|probe| probe.answer.code_label())
                .unwrap_or_default(),
        );
        row.push(
            failure
                .and_then(|probe| probe.answer.logid.clone())
                .unwrap_or_default(),
        );
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(Style::sharp());
    if let Some(width) = width {
        table.with(
            Width::wrap(width)
                .priority(Priority::max(true))
                .keep_words(true),
        );
    }
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
    let mut out = format!("{title}{banner}\n{table}\n");
    for finding in input
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Warning)
    {
        out.push_str(&format!(
            "warning [{}]: {}\n  fix: {}\n",
            finding.rule,
            finding.cause.get(input.lang),
            finding.fix.get(input.lang)
        ));
    }
    if let Some(studio) = &input.scenario.target.studio {
        out.push_str(&format!(
            "{}\n",
            crate::diagnose::wording::studio_target(studio, &input.scenario.target.base_url)
                .get(input.lang)
        ));
    }
    for verdict in input.verdicts {
        out.push_str(&super::verdicts::plain(verdict, input.lang, text));
    }
    out
}

fn outcome(probe: Option<&ProbeResult>, not_applicable: &str) -> String {
    probe.map_or_else(
        || not_applicable.to_string(),
        |probe| format!("{} {}", probe.outcome.glyph(), probe.outcome),
    )
}

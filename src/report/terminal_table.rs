//! The comparison table on a terminal, in the shape its data and the width allow. With more operations
//! than cases, operations (× workspace) are rows and cases are columns; otherwise cases are rows. Each shape
//! is tried with whole logids, then with logids moved to a numbered list under the table, then with
//! workspace ids moved to a legend; a table whose words do not fit either way becomes one block per case.
//! No shape cuts a word. The report files keep every cell whole.

use super::i18n::Phrases;
use super::{Column, operation_columns};
use crate::auth::AuthMode;
use crate::layout::{Cell, GLUE, Mark, Screen, Table, Tone};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult, ScenarioResult};

/// How the table is oriented: cases as rows or as columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One row per case: case, auth, scope, token, operations, code, logid.
    Rows,
    /// One row per case, the credential and scope under the case name and each failure's code in its cell.
    RowsCompact,
    /// One column per case, one row per operation.
    Columns,
}

/// How ids that do not fit are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ids {
    /// Logids as `[n]`, listed under the table.
    logid_refs: bool,
    /// Workspace ids as `@n`, with a legend under the table.
    workspace_refs: bool,
}

/// What one attempt at a shape needs, and the ids it moved out of the table.
struct Attempt<'a> {
    scenario: &'a ScenarioResult,
    text: &'a Phrases,
    screen: &'a Screen,
    columns: Vec<Column>,
    token: bool,
    ids: Ids,
    logids: Vec<String>,
    workspaces: Vec<String>,
}

/// The table's lines, then the numbered logids and the workspace legend when the table moved them out.
pub fn render(scenario: &ScenarioResult, text: &Phrases, screen: &Screen) -> String {
    let columns = operation_columns(scenario);
    let token = scenario
        .cases
        .iter()
        .any(|case| case.probe(ProbeKind::Token).is_some());
    let operations = columns.len() + usize::from(token);
    let shapes = if operations > scenario.cases.len() {
        [Shape::Columns, Shape::Rows, Shape::RowsCompact]
    } else {
        [Shape::Rows, Shape::RowsCompact, Shape::Columns]
    };
    let several_workspaces = columns.iter().any(|column| column.workspace.is_some());
    let mut choices = vec![
        Ids {
            logid_refs: false,
            workspace_refs: false,
        },
        Ids {
            logid_refs: true,
            workspace_refs: false,
        },
    ];
    if several_workspaces {
        choices.push(Ids {
            logid_refs: true,
            workspace_refs: true,
        });
    }
    // The first shape that fits, with the ids shown whichever way makes it shortest (whole when equal).
    for shape in shapes {
        let fitting = choices.iter().filter_map(|ids| {
            let mut attempt = Attempt {
                scenario,
                text,
                screen,
                columns: columns.clone(),
                token,
                ids: *ids,
                logids: Vec::new(),
                workspaces: Vec::new(),
            };
            let lines = attempt.table(shape).render(screen)?;
            let mut out = lines.join("\n");
            out.push('\n');
            out.push_str(&attempt.legends());
            Some(out)
        });
        if let Some(out) = fitting.min_by_key(|out| out.lines().count()) {
            return out;
        }
    }
    blocks(scenario, text, screen, &columns, token)
}

impl Attempt<'_> {
    fn table(&mut self, shape: Shape) -> Table {
        let text = self.text;
        let operation_labels: Vec<String> = self
            .columns
            .clone()
            .iter()
            .map(|column| self.column_label(column))
            .collect();
        let mut labels: Vec<String> = Vec::new();
        if self.token {
            labels.push(ProbeKind::Token.name().to_string());
        }
        labels.extend(operation_labels);
        let cases = &self.scenario.cases;
        match shape {
            Shape::Rows | Shape::RowsCompact => {
                // The compact form puts the credential and scope under the case name, each failure's code
                // in its cell.
                let compact = shape == Shape::RowsCompact;
                let mut header = vec![Cell::plain(text.case)];
                if !compact {
                    header.extend([Cell::plain(text.auth), Cell::plain(text.scope_sent)]);
                }
                header.extend(labels.iter().map(Cell::plain));
                if !compact {
                    header.push(Cell::plain(text.code));
                }
                header.push(Cell::plain(text.logid));
                let rows = cases
                    .iter()
                    .map(|case| {
                        let mut row = if compact {
                            vec![Cell::plain(format!(
                                "{}\n{}",
                                case_label(case, self.screen),
                                credential_line(case, text)
                            ))]
                        } else {
                            vec![
                                Cell::plain(case_label(case, self.screen)),
                                Cell::plain(auth_label(case)),
                                Cell::plain(scope_label(case, text)),
                            ]
                        };
                        row.extend(self.outcomes(case, compact));
                        if !compact {
                            row.push(Cell::plain(failure_code(case)));
                        }
                        let logid = self.logid(case);
                        row.push(Cell::plain(logid));
                        row
                    })
                    .collect();
                Table { header, rows }
            }
            Shape::Columns => {
                let mut header = vec![Cell::plain(text.probe)];
                header.extend(
                    cases
                        .iter()
                        .map(|case| Cell::plain(case_label(case, self.screen))),
                );
                let mut rows = vec![
                    row_of(
                        text.auth,
                        cases.iter().map(|case| Cell::plain(auth_label(case))),
                    ),
                    row_of(
                        text.scope_sent,
                        cases
                            .iter()
                            .map(|case| Cell::plain(scope_label(case, text))),
                    ),
                ];
                let outcomes: Vec<Vec<Cell>> = cases
                    .iter()
                    .map(|case| self.outcomes(case, false))
                    .collect();
                for (index, label) in labels.iter().enumerate() {
                    rows.push(row_of(
                        label,
                        outcomes.iter().map(|cells| cells[index].clone()),
                    ));
                }
                // The first failure's code and logid, when any case failed: empty rows say nothing.
                let codes: Vec<String> = cases.iter().map(failure_code).collect();
                if codes.iter().any(|code| !code.is_empty()) {
                    rows.push(row_of(text.code, codes.into_iter().map(Cell::plain)));
                    let logids: Vec<String> = cases.iter().map(|case| self.logid(case)).collect();
                    rows.push(row_of(text.logid, logids.into_iter().map(Cell::plain)));
                }
                Table { header, rows }
            }
        }
    }

    /// `list_bots`, `list_bots @ 7351411557182226472`, or `list_bots @1` with the id in the legend.
    fn column_label(&mut self, column: &Column) -> String {
        match (&column.workspace, self.ids.workspace_refs) {
            (Some(workspace), true) => {
                let number = number_of(&mut self.workspaces, workspace);
                format!("{} @{number}", column.kind.name())
            }
            _ => column.label(),
        }
    }

    /// The token and operation cells of a case; `with_code` adds each failure's code to its cell.
    fn outcomes(&self, case: &CaseResult, with_code: bool) -> Vec<Cell> {
        let mut cells = Vec::new();
        if self.token {
            cells.push(outcome_cell(
                case.probe(ProbeKind::Token),
                self.text,
                self.screen,
                with_code,
            ));
        }
        cells.extend(
            self.columns
                .iter()
                .map(|column| outcome_cell(column.cell(case), self.text, self.screen, with_code)),
        );
        cells
    }

    /// The logid of the case's first failure, whole or as `[n]`.
    fn logid(&mut self, case: &CaseResult) -> String {
        let Some(logid) = case
            .first_failure()
            .and_then(|probe| probe.answer.logid.clone())
        else {
            return String::new();
        };
        if self.ids.logid_refs {
            format!("[{}]", number_of(&mut self.logids, &logid))
        } else {
            logid
        }
    }

    /// The numbered logids and the workspace legend, one to a line.
    fn legends(&self) -> String {
        let mut out = String::new();
        for (label, ids, form) in [
            (self.text.logid, &self.logids, "[{}]"),
            (self.text.workspace, &self.workspaces, "@{}"),
        ] {
            if ids.is_empty() {
                continue;
            }
            let items: Vec<String> = ids
                .iter()
                .enumerate()
                .map(|(index, id)| {
                    format!("{}{GLUE}{id}", form.replace("{}", &(index + 1).to_string()))
                })
                .collect();
            let first = format!("{label}: ");
            let hanging = " ".repeat(self.screen.width(&first));
            for (index, item) in items.iter().enumerate() {
                let lead = if index == 0 { &first } else { &hanging };
                for line in self.screen.wrap(item, lead, &hanging) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// A body row: its label, then one cell per case.
fn row_of(label: &str, cells: impl Iterator<Item = Cell>) -> Vec<Cell> {
    std::iter::once(Cell::plain(label)).chain(cells).collect()
}

/// The 1-based number of `id` in `ids`, added when new.
fn number_of(ids: &mut Vec<String>, id: &str) -> usize {
    match ids.iter().position(|known| known == id) {
        Some(index) => index + 1,
        None => {
            ids.push(id.to_string());
            ids.len()
        }
    }
}

/// The case's name; a follow-up is marked, with the region it ran in.
fn case_label(case: &CaseResult, screen: &Screen) -> String {
    match &case.follow_up {
        Some(_) => format!(
            "{} {} [{}]",
            screen.mark(Mark::FollowUp),
            case.name,
            case.region
        ),
        None => case.name.clone(),
    }
}

fn auth_label(case: &CaseResult) -> String {
    if case.auth.name == case.auth.mode.as_str() {
        case.auth.name.clone()
    } else {
        format!("{} ({})", case.auth.name, case.auth.mode)
    }
}

fn scope_label(case: &CaseResult, text: &Phrases) -> String {
    match &case.scope {
        Some(names) => names.join(", "),
        None if case.auth.mode == AuthMode::Jwt => "-".to_string(),
        None => text.not_applicable.to_string(),
    }
}

/// `jwt, scope: Connector.botChat`, `jwt, no scope`, `pat`: the credential and scope under a case name.
fn credential_line(case: &CaseResult, text: &Phrases) -> String {
    match (&case.scope, case.auth.mode) {
        (Some(names), _) => format!("{}, scope: {}", auth_label(case), names.join(", ")),
        (None, AuthMode::Jwt) => format!("{}, {}", auth_label(case), text.no_scope_short),
        (None, AuthMode::Pat) => auth_label(case),
    }
}

fn failure_code(case: &CaseResult) -> String {
    case.first_failure()
        .and_then(|probe| probe.answer.code_label())
        .unwrap_or_default()
}

/// The glyph of an outcome.
pub fn mark(outcome: Outcome) -> Mark {
    match outcome {
        Outcome::Ok => Mark::Ok,
        Outcome::Skipped => Mark::Skip,
        // Rows that say nothing about permissions: the service throttled, ran out of quota or failed.
        Outcome::RateLimited
        | Outcome::QuotaExhausted
        | Outcome::ServerError
        | Outcome::NetworkError => Mark::Warn,
        _ => Mark::Fail,
    }
}

/// The colour of an outcome.
pub fn tone(outcome: Outcome) -> Tone {
    match mark(outcome) {
        Mark::Ok => Tone::Good,
        Mark::Fail => Tone::Bad,
        _ => Tone::Warn,
    }
}

/// `✅ ok`, `❌ denied_permission` (glued: a line never parts the glyph from its word), `n/a`.
fn outcome_cell(
    probe: Option<&ProbeResult>,
    text: &Phrases,
    screen: &Screen,
    with_code: bool,
) -> Cell {
    let Some(probe) = probe else {
        return Cell::plain(text.not_applicable);
    };
    let mut shown = format!(
        "{}{GLUE}{}",
        screen.mark(mark(probe.outcome)),
        probe.outcome
    );
    if let Some(code) = probe
        .answer
        .code_label()
        .filter(|_| with_code && !matches!(probe.outcome, Outcome::Ok | Outcome::Skipped))
    {
        shown.push(' ');
        shown.push_str(&code.replace(' ', &GLUE.to_string()));
    }
    Cell::new(shown, tone(probe.outcome))
}

/// The last resort when no table fits: one block per case, its outcomes wrapped under it.
fn blocks(
    scenario: &ScenarioResult,
    text: &Phrases,
    screen: &Screen,
    columns: &[Column],
    token: bool,
) -> String {
    let mut out = String::new();
    for (index, case) in scenario.cases.iter().enumerate() {
        let number = format!("{}. ", index + 1);
        let hanging = " ".repeat(number.len());
        for line in screen.wrap(&case_label(case, screen), &number, &hanging) {
            out.push_str(&line);
            out.push('\n');
        }
        for line in screen.wrap(&credential_line(case, text), &hanging, &hanging) {
            out.push_str(&line);
            out.push('\n');
        }
        // The probes the case ran; a block has no column to fill with n/a.
        let mut items: Vec<String> = Vec::new();
        let token_probe = case.probe(ProbeKind::Token).filter(|_| token);
        let ran = token_probe
            .map(|probe| ("token".to_string(), probe))
            .into_iter()
            .chain(columns.iter().filter_map(|column| {
                column
                    .cell(case)
                    .map(|probe| (column.label().replace(' ', &GLUE.to_string()), probe))
            }));
        for (label, probe) in ran {
            items.push(format!(
                "{label}{GLUE}{}",
                outcome_cell(Some(probe), text, screen, true).text
            ));
        }
        if let Some(logid) = case
            .first_failure()
            .and_then(|probe| probe.answer.logid.as_deref())
        {
            items.push(format!("{}{GLUE}{logid}", text.logid));
        }
        let deeper = format!("{hanging}  ");
        for line in screen.wrap(&items.join(", "), &hanging, &deeper) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

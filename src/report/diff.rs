//! `cozescope diff` as text: the comparison of two reports ([`crate::diff`]) as markdown for a support
//! ticket, in English or Chinese, and as JSON. A report of an interrupted run is flagged at the top; the
//! runner's follow-ups are listed apart from the user's probes.

use std::fmt::Write;

use super::markdown::cell;
use crate::diff::{Change, Diff, FindingChange, Side};
use crate::i18n::Lang;
use crate::outcome::Outcome;

/// The diff's fixed phrases.
struct Phrases {
    /// The title, before the scenario's name.
    title: &'static str,
    before: &'static str,
    after: &'static str,
    report: &'static str,
    started: &'static str,
    requests: &'static str,
    /// After a report's name: it is incomplete.
    incomplete: &'static str,
    /// Probes that changed (changed, regressions, unchanged).
    changed: fn(usize, usize, usize) -> String,
    columns: &'static str,
    follow_ups: fn(usize) -> String,
    follow_ups_help: &'static str,
    /// Marks after a follow-up's outcome: gone from the new report, only in the new report.
    gone: &'static str,
    new: &'static str,
    resolved: fn(usize) -> String,
    appeared: fn(usize) -> String,
    findings_language: &'static str,
}

const EN: Phrases = Phrases {
    title: "cozescope diff: ",
    before: "before",
    after: "after",
    report: "report",
    started: "started (UTC)",
    requests: "requests sent",
    incomplete: ": the report is incomplete: the run was interrupted, so the probes it did not reach are `skipped` there, and what it shows is not the whole picture.",
    changed: |changed, regressions, unchanged| {
        format!(
            "Probes that changed ({changed}; {regressions} regressions from `ok`; {unchanged} unchanged)"
        )
    },
    columns: "| case | probe | workspace | before | after |",
    follow_ups: |count| format!("Follow-ups that changed ({count})"),
    follow_ups_help: "Cases the runner added to prove the cause of a denial: evidence, not probes of the scenario, so never regressions. After a fix the denial is gone, and so are its follow-ups.",
    gone: " (not needed any more)",
    new: " (new)",
    resolved: |count| format!("Findings resolved ({count})"),
    appeared: |count| format!("Findings that appeared ({count})"),
    findings_language: "Findings are quoted in the language each report was written in.",
};

const ZH: Phrases = Phrases {
    title: "cozescope 对比：",
    before: "之前",
    after: "之后",
    report: "报告",
    started: "开始时间（UTC）",
    requests: "发送的请求数",
    incomplete: "：报告不完整：运行被中断，未执行到的探测在其中为 `skipped`，它展示的并不是全部情况。",
    changed: |changed, regressions, unchanged| {
        format!(
            "结果有变化的探测（{changed} 个；其中 {regressions} 个从 `ok` 退化；{unchanged} 个未变）"
        )
    },
    columns: "| 用例 | 探测 | 工作空间 | 之前 | 之后 |",
    follow_ups: |count| format!("结果有变化的追加用例（{count} 个）"),
    follow_ups_help: "运行器为证明拒绝原因而追加的用例：它们是证据，不是场景中的探测，因此从不算作退化。修复之后拒绝消失，这些追加用例也随之消失。",
    gone: "（不再需要）",
    new: "（新增）",
    resolved: |count| format!("已解决的诊断（{count} 条）"),
    appeared: |count| format!("新出现的诊断（{count} 条）"),
    findings_language: "诊断内容按各报告生成时的语言引用。",
};

fn phrases(lang: Lang) -> &'static Phrases {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

fn outcome(word: Option<Outcome>) -> String {
    word.map_or_else(|| "—".to_string(), |word| format!("`{word}`"))
}

fn finding_list(out: &mut String, heading: &str, findings: &[FindingChange]) {
    let _ = writeln!(out, "## {heading}\n");
    for finding in findings {
        let _ = writeln!(
            out,
            "- `{}` ({}): {}",
            finding.rule,
            finding
                .credentials
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", "),
            finding.cause.replace('\n', " ")
        );
    }
    if !findings.is_empty() {
        out.push('\n');
    }
}

/// The rows of a table of changes; `mark` adds a note after the new outcome.
fn change_rows(
    out: &mut String,
    columns: &str,
    changes: &[Change],
    mark: impl Fn(&Change) -> String,
) {
    let _ = writeln!(out, "{columns}\n|---|---|---|---|---|");
    for change in changes {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {}{} |",
            cell(&change.case),
            change.probe,
            change
                .workspace
                .as_deref()
                .map(|w| format!("`{}`", cell(w)))
                .unwrap_or_default(),
            outcome(change.old),
            outcome(change.new),
            mark(change)
        );
    }
    out.push('\n');
}

/// The diff as markdown, for a support ticket.
pub fn markdown(diff: &Diff, lang: Lang) -> String {
    let say = phrases(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}{}\n", say.title, diff.scenario.replace('\n', " "));
    for (side, name) in [(&diff.old, say.before), (&diff.new, say.after)] {
        if !side.complete {
            let _ = writeln!(
                out,
                "> ⚠️ **{name}** `{}`{}\n",
                cell(&side.report),
                say.incomplete
            );
        }
    }
    let requests = |side: &Side| side.requests.to_string();
    let _ = writeln!(out, "| | {} | {} |\n|---|---|---|", say.before, say.after);
    let _ = writeln!(
        out,
        "| {} | `{}` | `{}` |",
        say.report,
        cell(&diff.old.report),
        cell(&diff.new.report)
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} |",
        say.started,
        cell(&diff.old.started_at),
        cell(&diff.new.started_at)
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n",
        say.requests,
        requests(&diff.old),
        requests(&diff.new)
    );
    let _ = writeln!(
        out,
        "## {}\n",
        (say.changed)(diff.changed.len(), diff.regressions, diff.unchanged)
    );
    if !diff.changed.is_empty() {
        change_rows(&mut out, say.columns, &diff.changed, |change| {
            if change.is_regression() {
                " ⚠️".to_string()
            } else {
                String::new()
            }
        });
    }
    if !diff.follow_ups.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            (say.follow_ups)(diff.follow_ups.len()),
            say.follow_ups_help
        );
        change_rows(&mut out, say.columns, &diff.follow_ups, |change| {
            match (change.old, change.new) {
                (Some(_), None) => say.gone.to_string(),
                (None, Some(_)) => say.new.to_string(),
                _ => String::new(),
            }
        });
    }
    finding_list(
        &mut out,
        &(say.resolved)(diff.resolved.len()),
        &diff.resolved,
    );
    finding_list(
        &mut out,
        &(say.appeared)(diff.appeared.len()),
        &diff.appeared,
    );
    let quoted_in_another = [&diff.old, &diff.new]
        .iter()
        .any(|side| side.lang != lang.code());
    if quoted_in_another && !(diff.resolved.is_empty() && diff.appeared.is_empty()) {
        let _ = writeln!(out, "{}", say.findings_language);
    }
    out
}

/// The diff as JSON.
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_else(|error| {
        format!("{{\"error\": \"failed to serialise the diff: {error}\"}}")
    });
    text.push('\n');
    text
}

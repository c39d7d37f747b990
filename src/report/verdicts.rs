//! The verdicts as the reports show them: one block per credential — its cause or healthy, proved or not,
//! the fix, the rows that prove it, the alternatives ruled out, its other causes, the notes on survey
//! reads, what was left untested and the requests it took. The markdown report opens with them; the
//! terminal summary prints them in short.

use std::fmt::Write;

use super::i18n::Phrases;
use crate::auth::AuthMode;
use crate::diagnose::{Verdict, wording};
use crate::i18n::Lang;

/// `` `jwt` (JWT, app 1127900106117) ``.
pub fn credential(verdict: &Verdict) -> String {
    match (verdict.mode, &verdict.app_id) {
        (AuthMode::Jwt, Some(app)) => format!("`{}` (JWT, app {app})", verdict.credential),
        (AuthMode::Jwt, None) => format!("`{}` (JWT)", verdict.credential),
        (AuthMode::Pat, _) => format!("`{}` (token)", verdict.credential),
    }
}

/// `scope_narrowed, proved` / `healthy`.
pub fn label(verdict: &Verdict, text: &Phrases) -> String {
    match verdict.cause() {
        None => text.healthy.to_string(),
        Some(cause) => format!(
            "{}, {}",
            cause.hypothesis(),
            if cause.proved {
                text.proved
            } else {
                text.not_proved
            }
        ),
    }
}

/// The verdicts section of the markdown report.
pub fn markdown(out: &mut String, verdicts: &[Verdict], lang: Lang, text: &Phrases) {
    if verdicts.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", text.verdicts);
    for verdict in verdicts {
        let _ = writeln!(
            out,
            "### {} — {}\n",
            credential(verdict),
            label(verdict, text)
        );
        match verdict.cause() {
            Some(cause) => {
                let _ = writeln!(out, "{}\n", wording::cause(cause).get(lang));
                let _ = writeln!(out, "- **{}**: {}", text.fix, wording::fix(cause).get(lang));
                let rows: Vec<String> = cause.evidence.iter().map(wording::row).collect();
                if !rows.is_empty() {
                    let _ = writeln!(out, "- {}: {}", text.evidence, rows.join("; "));
                }
            }
            None => {
                let _ = writeln!(out, "{}\n", text.healthy_detail);
            }
        }
        let rulings = grouped_rulings(verdict, lang);
        if !rulings.is_empty() {
            let _ = writeln!(out, "- {}:", text.ruled_out);
            for (hypotheses, why) in rulings {
                let _ = writeln!(out, "  - {}: {why}", hypotheses.join(", "));
            }
        }
        for cause in verdict.causes.iter().skip(1) {
            let _ = writeln!(
                out,
                "- {}: `{}` ({}) — {} {}: {}",
                text.also,
                cause.hypothesis(),
                if cause.proved {
                    text.proved
                } else {
                    text.not_proved
                },
                wording::cause(cause).get(lang),
                text.fix,
                wording::fix(cause).get(lang)
            );
        }
        for note in &verdict.notes {
            let _ = writeln!(out, "- {}: {}", text.notes, wording::note(note).get(lang));
        }
        for untested in &verdict.untested {
            let _ = writeln!(
                out,
                "- {}: {}",
                text.untested_ops,
                wording::untested(untested).get(lang)
            );
        }
        if let Some(region) = verdict.authenticated_in {
            let _ = writeln!(
                out,
                "- {}: {}",
                text.belongs_to,
                wording::authenticated_in(region).get(lang)
            );
        }
        let _ = writeln!(
            out,
            "- {}: {} ({})\n",
            text.requests_spent, verdict.requests, text.free_quota
        );
    }
}

/// The ruled-out hypotheses, those ruled out by the same grounds on one line: (`` `ids` ``, why).
pub fn grouped_rulings(verdict: &Verdict, lang: Lang) -> Vec<(Vec<String>, String)> {
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for ruling in &verdict.ruled_out {
        let why = wording::ruled_out(ruling).get(lang).to_string();
        let id = format!("`{}`", ruling.hypothesis);
        match groups.iter_mut().find(|(_, known)| *known == why) {
            Some((ids, _)) => ids.push(id),
            None => groups.push((vec![id], why)),
        }
    }
    groups
}

/// One verdict for the terminal: the label line, the cause and the fix, the notes.
pub fn plain(verdict: &Verdict, lang: Lang, text: &Phrases) -> String {
    let mut out = format!(
        "verdict {}: {} · {}: {}\n",
        credential(verdict).replace('`', ""),
        label(verdict, text),
        text.requests_spent.to_lowercase(),
        verdict.requests
    );
    if let Some(cause) = verdict.cause() {
        let _ = writeln!(out, "  {}", wording::cause(cause).get(lang));
        let _ = writeln!(out, "  {}: {}", text.fix, wording::fix(cause).get(lang));
        let ruled: Vec<String> = verdict
            .ruled_out
            .iter()
            .map(|ruling| ruling.hypothesis.to_string())
            .collect();
        if !ruled.is_empty() {
            let _ = writeln!(out, "  {}: {}", text.ruled_out, ruled.join(", "));
        }
    }
    // The other causes, one line per hypothesis with the operations it explains.
    let mut also: Vec<(crate::diagnose::Hypothesis, Vec<String>)> = Vec::new();
    for cause in verdict.causes.iter().skip(1) {
        let probe = cause.detail.probe().map(|probe| probe.to_string());
        match also
            .iter_mut()
            .find(|(known, _)| *known == cause.hypothesis())
        {
            Some((_, probes)) => probes.extend(probe),
            None => also.push((cause.hypothesis(), probe.into_iter().collect())),
        }
    }
    for (hypothesis, probes) in also {
        let about = if probes.is_empty() {
            String::new()
        } else {
            format!(" ({})", probes.join(", "))
        };
        let _ = writeln!(out, "  {}: {hypothesis}{about}", text.also);
    }
    for note in &verdict.notes {
        let _ = writeln!(out, "  {}: {}", text.notes, wording::note(note).get(lang));
    }
    for untested in &verdict.untested {
        let _ = writeln!(out, "  {}", wording::untested(untested).get(lang));
    }
    out
}

//! The verdicts as the reports show them: one block per credential — its cause or healthy, proved or not,
//! the fix, the rows that prove it, the alternatives ruled out, its other causes, the notes on survey
//! reads, what was left untested and the requests it took. The markdown report opens with them; the
//! terminal summary prints them in short.

use std::fmt::Write;

use super::i18n::Phrases;
use crate::auth::AuthMode;
use crate::diagnose::{Hypothesis, Verdict, wording};
use crate::i18n::Lang;
use crate::layout::{Mark, Screen, Tone};
use crate::runner::ScenarioResult;

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
        None if verdict.confirmed => text.healthy.to_string(),
        None => format!("{}, {}", text.healthy, text.not_proved),
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

/// The verdicts section of the markdown report. A fix printed once for a credential is not repeated for
/// its other causes.
pub fn markdown(
    out: &mut String,
    verdicts: &[Verdict],
    scenario: &ScenarioResult,
    lang: Lang,
    text: &Phrases,
) {
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
        let main_fix = verdict
            .cause()
            .map(|cause| wording::fix(cause).get(lang).to_string());
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
                let _ = writeln!(out, "{}\n", healthy_detail(verdict, text));
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
            let fix = wording::fix(cause).get(lang).to_string();
            let fix = if main_fix.as_ref() == Some(&fix) {
                text.same_fix.to_string()
            } else {
                format!("{}: {fix}", text.fix)
            };
            let _ = writeln!(
                out,
                "- {}: `{}` ({}) — {} {fix}",
                text.also,
                cause.hypothesis(),
                if cause.proved {
                    text.proved
                } else {
                    text.not_proved
                },
                wording::cause(cause).get(lang),
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
            "- {}: {}\n",
            text.requests_spent,
            requests(verdict, quota_applies(scenario), text)
        );
        let replays = super::replay::proving(verdict, scenario, text);
        if !replays.is_empty() {
            let _ = writeln!(out, "{}:\n\n```sh", text.replay);
            for replay in replays {
                let _ = writeln!(out, "# {}\n{}", replay.caption, replay.command);
            }
            let _ = writeln!(out, "```\n");
        }
    }
}

/// What a verdict without a cause says: healthy, or only that nothing failed.
pub fn healthy_detail<'a>(verdict: &Verdict, text: &'a Phrases) -> &'a str {
    if verdict.confirmed {
        text.healthy_detail
    } else {
        text.unconfirmed_detail
    }
}

/// Whether Coze's account quota means anything for the target: a self-hosted Studio has none.
fn quota_applies(scenario: &ScenarioResult) -> bool {
    scenario.target.studio.is_none()
}

/// The requests a verdict spent, with the free account's quota beside them where it applies.
fn requests(verdict: &Verdict, with_quota: bool, text: &Phrases) -> String {
    if with_quota {
        format!("{} ({})", verdict.requests, text.free_quota)
    } else {
        verdict.requests.to_string()
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

/// The verdicts for the terminal, one short block each: the verdict, the cause in a sentence or two, the
/// fix (a fix already printed for another credential is named, not repeated), the requests spent.
pub fn terminal(
    verdicts: &[Verdict],
    scenario: &ScenarioResult,
    lang: Lang,
    text: &Phrases,
    screen: &Screen,
) -> String {
    let mut out = String::new();
    let mut fixes: Vec<(String, &str)> = Vec::new();
    for (index, verdict) in verdicts.iter().enumerate() {
        let (mark, tone) = match verdict.cause() {
            None if verdict.confirmed => (Mark::Ok, Tone::Good),
            None => (Mark::Warn, Tone::Warn),
            Some(cause) if cause.proved => (Mark::Fail, Tone::Bad),
            Some(_) => (Mark::Warn, Tone::Warn),
        };
        let glyph = screen.mark(mark);
        let indent = " ".repeat(screen.width(glyph) + 1);
        let headline = format!(
            "{glyph} {}: {}",
            credential(verdict).replace('`', ""),
            label(verdict, text)
        );
        for line in screen.wrap(&headline, "", &indent) {
            out.push_str(&screen.paint(&line, tone));
            out.push('\n');
        }
        match verdict.cause() {
            Some(cause) => {
                push_wrapped(&mut out, screen, wording::cause(cause).get(lang), &indent);
                let fix = wording::fix(cause).get(lang).to_string();
                let label = format!("{}: ", text.fix);
                match fixes.iter().find(|(known, _)| *known == fix) {
                    Some((_, first)) => out.push_str(&screen.labelled(
                        &indent,
                        &label,
                        &text.same_fix_as.replace("{}", first),
                    )),
                    None => {
                        out.push_str(&screen.labelled(&indent, &label, &fix));
                        fixes.push((fix, &verdict.credential));
                    }
                }
            }
            None => {
                push_wrapped(&mut out, screen, healthy_detail(verdict, text), &indent);
                // A healthy coze.cn credential still fails in code that keeps the SDKs' default base URL.
                if verdict.authenticated_in == Some(crate::coze::region::Region::Cn) {
                    out.push_str(&screen.labelled(
                        &indent,
                        &format!("{}: ", text.belongs_to),
                        wording::authenticated_in(crate::coze::region::Region::Cn).get(lang),
                    ));
                }
            }
        }
        let requests = requests(verdict, index == 0 && quota_applies(scenario), text);
        out.push_str(&screen.labelled(&indent, &format!("{}: ", text.requests_spent), &requests));
    }
    out
}

/// What the terminal prints after the table about each credential: its other causes (a fix it shares
/// with the verdict is not repeated), the alternatives ruled out, the notes and what went untested.
pub fn terminal_details(
    verdicts: &[Verdict],
    lang: Lang,
    text: &Phrases,
    screen: &Screen,
) -> String {
    let mut out = String::new();
    for verdict in verdicts {
        let who = format!("{} — ", verdict.credential);
        let mut item = |label: &str, body: &str| {
            out.push_str(&screen.labelled("", &format!("{who}{label}: "), body));
        };
        let mut fixes: Vec<String> = verdict
            .cause()
            .map(|cause| wording::fix(cause).get(lang).to_string())
            .into_iter()
            .collect();
        // The other causes, one line per hypothesis with the operations it explains.
        let mut also: Vec<(Hypothesis, Vec<String>, String)> = Vec::new();
        for cause in verdict.causes.iter().skip(1) {
            let probe = cause.detail.probe().map(|probe| probe.to_string());
            let fix = wording::fix(cause).get(lang).to_string();
            // One line per hypothesis: its operations' fixes differ only in their details.
            match also
                .iter_mut()
                .find(|(known, _, _)| *known == cause.hypothesis())
            {
                Some((_, probes, _)) => probes.extend(probe),
                None => also.push((cause.hypothesis(), probe.into_iter().collect(), fix)),
            }
        }
        for (hypothesis, probes, fix) in also {
            let about = if probes.is_empty() {
                String::new()
            } else {
                format!(" ({})", probes.join(", "))
            };
            let body = if fixes.contains(&fix) {
                format!("{hypothesis}{about}; {}", text.same_fix)
            } else if verdict
                .cause()
                .is_some_and(|cause| cause.hypothesis() == hypothesis)
            {
                format!("{hypothesis}{about}; {}", text.same_cause)
            } else {
                let body = format!("{hypothesis}{about}. {}: {fix}", text.fix);
                fixes.push(fix);
                body
            };
            item(text.also, &body);
        }
        let ruled: Vec<&str> = verdict
            .ruled_out
            .iter()
            .map(|ruling| ruling.hypothesis.id())
            .collect();
        if !ruled.is_empty() {
            item(text.ruled_out, &ruled.join(", "));
        }
        for note in &verdict.notes {
            item(text.notes, wording::note(note).get(lang));
        }
        for untested in &verdict.untested {
            item(text.untested_ops, wording::untested(untested).get(lang));
        }
    }
    out
}

fn push_wrapped(out: &mut String, screen: &Screen, text: &str, indent: &str) {
    for line in screen.wrap(text, indent, indent) {
        out.push_str(&line);
        out.push('\n');
    }
}

//! The business-code table ([`crate::coze::codes`]) as `explain` shows it: the official meaning of a code
//! beside a knowledge entry, and a whole answer for a code that has no entry. The official text is Chinese;
//! the English is a translation, so an English answer quotes the official text too.

use std::fmt::Write;

use super::verdict::{Stance, Subject};
use crate::coze::codes::CodeInfo;
use crate::i18n::Lang;

/// One line per code: its meaning in `lang`, and where it comes from.
pub fn lines(rows: &[&CodeInfo], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => "Code table:",
            Lang::Zh => "错误码表：",
        }
    );
    for row in rows {
        let _ = writeln!(out, "  {}", line(row, lang));
    }
    out
}

fn line(row: &CodeInfo, lang: Lang) -> String {
    match (lang, row.is_official()) {
        (Lang::En, true) => format!("{}: {} ({}: {})", row.code, row.en, row.source, row.zh),
        (Lang::En, false) => format!(
            "{}: {} (not in the official table; seen in {})",
            row.code, row.en, row.source
        ),
        (Lang::Zh, true) => format!("{}：{}（文档 coze_error_codes）", row.code, row.zh),
        (Lang::Zh, false) => format!(
            "{}：{}（不在官方错误码表中；见 {}）",
            row.code, row.zh, row.source
        ),
    }
}

/// A whole answer for a code the knowledge base has no entry for, with the verdict or its relation to it.
pub fn render(row: &CodeInfo, stance: Stance, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let colon = if zh { "：" } else { ": " };
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", row.code, row.text(lang));
    let _ = writeln!(
        out,
        "{}{colon}code {}",
        if zh { "匹配" } else { "matches" },
        row.code
    );
    out.push_str(&stance.line(Subject::Code(row.code), Some(row.outcome), lang));
    let _ = writeln!(out);
    out.push_str(&lines(&[row], lang));
    let _ = writeln!(
        out,
        "{}{colon}{}",
        if zh { "来源" } else { "Sources" },
        row.source
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coze::classify::Basis;
    use crate::coze::codes::lookup;
    use crate::explain::verdict::{Decided, Verdict};

    /// The stance of a row that answers alone: it states its own outcome.
    fn alone(row: &CodeInfo) -> Stance {
        Stance::States(Verdict {
            outcome: row.outcome,
            decided_by: Decided::Text(Basis::Code),
        })
    }

    #[test]
    fn an_official_code_quotes_the_official_text_in_english_too() {
        let row = lookup(4005).expect("official");
        let en = render(row, alone(row), Lang::En);
        assert!(en.starts_with("4005 — Invalid message"), "{en}");
        assert!(en.contains("cozescope outcome: bad_request"));
        assert!(
            en.contains("(doc coze_error_codes: invalid message（"),
            "{en}"
        );
        let zh = render(row, alone(row), Lang::Zh);
        assert!(zh.contains("（文档 coze_error_codes）"), "{zh}");
    }

    #[test]
    fn a_code_seen_on_the_wire_says_it_is_not_official() {
        let row = lookup(4305).expect("supplementary");
        let en = render(row, alone(row), Lang::En);
        assert!(
            en.contains("not in the official table; seen in coze-py#247"),
            "{en}"
        );
        assert!(en.contains("cozescope outcome: unexpected"));
    }
}

//! The one answer of `explain`: its verdict (the outcome word the classifier gives the text, or, for a bare
//! term, the outcome of what it names) is stated once, on the only `cozescope outcome:` line; every other
//! part of the answer (a code's general meaning, a message's entry) says how it relates to that verdict, so
//! that an answer never shows two outcomes that disagree.

use crate::coze::classify::Basis;
use crate::i18n::Lang;
use crate::outcome::Outcome;

/// The outcome an answer gives, and what decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub decided_by: Decided,
}

/// What decided a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// The classifier, from the part of the text named.
    Text(Basis),
    /// The first part of the answer: a bare term is judged by what it names.
    FirstPart,
}

/// What a part of the answer is about, as the relation line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Code(i64),
    ErrorCode(&'a str),
    Message,
    Shape,
    /// A kind of failure (a deployment's, a workflow's, the network's, a closed WebSocket).
    Kind,
}

/// How a part of the answer is rendered: the part that states the verdict, or one that relates to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    States(Verdict),
    Relates(Verdict),
}

impl Stance {
    /// The line a part prints under its heading: the verdict, or how `subject` (whose usual outcome is
    /// `usual`) relates to it.
    pub fn line(self, subject: Subject<'_>, usual: Option<Outcome>, lang: Lang) -> String {
        match self {
            Stance::States(verdict) => verdict.line(lang),
            Stance::Relates(verdict) => verdict.relation(subject, usual, lang),
        }
    }
}

/// The prefixes of the verdict line in each language.
const VERDICT_PREFIXES: [&str; 2] = ["cozescope outcome: ", "cozescope 结果分类："];

/// The outcome words on the verdict lines of an answer, in either language (an answer has exactly one).
pub fn verdicts_in(answer: &str) -> Vec<&str> {
    answer
        .lines()
        .filter_map(|line| {
            VERDICT_PREFIXES
                .iter()
                .find_map(|prefix| line.strip_prefix(prefix))
        })
        .collect()
}

impl Verdict {
    /// `cozescope outcome: WORD`: the only outcome line of an answer.
    pub fn line(self, lang: Lang) -> String {
        let prefix = match lang {
            Lang::En => VERDICT_PREFIXES[0],
            Lang::Zh => VERDICT_PREFIXES[1],
        };
        format!("{prefix}{}\n", self.outcome)
    }

    /// How a part about `subject`, whose own outcome is `usual` (none: it has no outcome of its own),
    /// relates to this verdict.
    pub fn relation(self, subject: Subject<'_>, usual: Option<Outcome>, lang: Lang) -> String {
        let verdict = self.outcome;
        let subject = subject.named(lang);
        let by = self.decided_by.named(lang);
        match (lang, usual) {
            (Lang::En, Some(usual)) if usual == verdict => {
                format!("how it relates: {subject} gives {usual} too, the verdict above\n")
            }
            (Lang::En, Some(usual)) => format!(
                "how it relates: {subject} usually means {usual}; here {by} decides: {verdict}\n"
            ),
            (Lang::En, None) => format!(
                "how it relates: {subject} has no outcome of its own; here {by} decides: {verdict}\n"
            ),
            (Lang::Zh, Some(usual)) if usual == verdict => {
                format!("与结论的关系：{subject}同样是 {usual}，即上面的结论\n")
            }
            (Lang::Zh, Some(usual)) => {
                format!("与结论的关系：{subject}通常表示 {usual}；这里由{by}决定：{verdict}\n")
            }
            (Lang::Zh, None) => {
                format!("与结论的关系：{subject}本身没有结果分类；这里由{by}决定：{verdict}\n")
            }
        }
    }
}

impl Subject<'_> {
    fn named(self, lang: Lang) -> String {
        match (self, lang) {
            (Subject::Code(code), Lang::En) => format!("code {code}"),
            (Subject::ErrorCode(error_code), Lang::En) => format!("error_code {error_code}"),
            // A space between a Latin word and the Chinese that follows it.
            (Subject::Code(code), Lang::Zh) => format!("code {code} "),
            (Subject::ErrorCode(error_code), Lang::Zh) => format!("error_code {error_code} "),
            (Subject::Message, Lang::En) => "this message".into(),
            (Subject::Message, Lang::Zh) => "该消息".into(),
            (Subject::Shape, Lang::En) => "this shape".into(),
            (Subject::Shape, Lang::Zh) => "这种形式".into(),
            (Subject::Kind, Lang::En) => "this kind of failure".into(),
            (Subject::Kind, Lang::Zh) => "这类失败".into(),
        }
    }
}

impl Decided {
    fn named(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Decided::Text(Basis::Message), Lang::En) => "the message",
            (Decided::Text(Basis::ErrorCode), Lang::En) => "the error_code",
            (Decided::Text(Basis::Code), Lang::En) => "the code",
            (Decided::Text(Basis::Status), Lang::En) => "the HTTP status",
            (Decided::Text(Basis::Nothing), Lang::En) => "nothing cozescope knows",
            (Decided::Text(Basis::Kind), Lang::En) => "the kind of failure",
            (Decided::FirstPart, Lang::En) => "the first entry",
            (Decided::Text(Basis::Message), Lang::Zh) => "消息",
            (Decided::Text(Basis::ErrorCode), Lang::Zh) => " error_code ",
            (Decided::Text(Basis::Code), Lang::Zh) => "业务码",
            (Decided::Text(Basis::Status), Lang::Zh) => " HTTP 状态",
            (Decided::Text(Basis::Nothing), Lang::Zh) => "（没有已知依据）",
            (Decided::Text(Basis::Kind), Lang::Zh) => "失败的类型",
            (Decided::FirstPart, Lang::Zh) => "第一个条目",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_that_disagrees_says_what_decided_instead() {
        let verdict = Verdict {
            outcome: Outcome::DeniedAuth,
            decided_by: Decided::Text(Basis::Message),
        };
        assert_eq!(
            verdict.relation(
                Subject::Code(4101),
                Some(Outcome::DeniedPermission),
                Lang::En
            ),
            "how it relates: code 4101 usually means denied_permission; here the message decides: denied_auth\n"
        );
        assert_eq!(
            verdict.relation(Subject::Message, Some(Outcome::DeniedAuth), Lang::En),
            "how it relates: this message gives denied_auth too, the verdict above\n"
        );
        let zh = verdict.relation(Subject::Code(4101), None, Lang::Zh);
        assert!(
            zh.contains("本身没有结果分类") && zh.contains("denied_auth"),
            "{zh}"
        );
        for lang in [Lang::En, Lang::Zh] {
            let line = verdict.relation(Subject::Shape, Some(Outcome::NotFound), lang);
            assert!(!line.contains("cozescope"), "{line}");
        }
    }
}

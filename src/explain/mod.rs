//! `cozescope explain`: what a Coze error means, its likely causes, the fixes and the sources. It takes a
//! code, an OAuth `error_code`, a message, or whatever a user pastes (an SDK's error line, a log, a JSON
//! body): the text is read by [`crate::coze::pasted`] and judged by the same classifier as `run`. The
//! knowledge base ([`entries`]) is keyed by business code, OAuth `error_code`, message fragment and shape;
//! codes without an entry are explained from the code table ([`code_table`]). The facts it states are the
//! ones the diagnosis rules state ([`crate::knowledge::facts`]). This module looks things up and renders
//! them as text; printing (and masking secrets) is the CLI's job.

mod code_table;
pub mod entries;
mod hosting;
pub mod operations;
mod reading;
mod verdict;

use std::fmt::Write;

pub use entries::{ENTRIES, Entry, Key, Shape};
pub use reading::printable;
pub use verdict::verdicts_in;

use crate::coze::classify::{self, Said};
use crate::coze::codes::{self, CodeInfo};
use crate::coze::messages as fragment;
use crate::coze::pasted::{self, Extracted};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use hosting::LogidAdvice;
use verdict::{Decided, Stance, Subject, Verdict};

/// Shortest input matched as part of a known message (shorter words match too much).
const MIN_PARTIAL_CHARS: usize = 4;

/// The entries `input` names, most specific first: the message fragments and shapes it contains, then the
/// codes and error codes it carries (read from a paste, or, for a bare term, its words). Accepts a bare
/// code (`4101`), an `error_code` (`invalid_client`), a message or part of one, or a whole pasted error.
pub fn lookup(input: &str) -> Vec<&'static Entry> {
    let text = pasted::scan_window(input);
    lookup_in(&text, &pasted::extract(&text))
        .0
        .into_iter()
        .map(|found| found.entry)
        .collect()
}

/// An entry an input names, and the code of the text it was found by (an entry covers several codes: a
/// 4027 is shown as 4027, not as the entry's first code).
#[derive(Debug, Clone, Copy)]
struct Found {
    entry: &'static Entry,
    code: Option<i64>,
}

impl Found {
    /// What the entry is about, for its relation to the verdict.
    fn subject(&self) -> Subject<'static> {
        if let Some(code) = self.code {
            return Subject::Code(code);
        }
        match self.entry.keys.first() {
            Some(Key::Code(code)) => Subject::Code(*code),
            Some(Key::ErrorCode(error_code)) => Subject::ErrorCode(error_code),
            Some(Key::Shape(shape)) if shape.is_failure_kind() => Subject::Kind,
            Some(Key::Shape(_)) => Subject::Shape,
            Some(Key::Fragment(_) | Key::Fragments(_)) | None => Subject::Message,
        }
    }
}

/// The entries `text` names, and the business codes it names (for the code table).
fn lookup_in(text: &str, extracted: &Extracted) -> (Vec<Found>, Vec<i64>) {
    let query = text.trim().to_ascii_lowercase();
    let mut found: Vec<Found> = Vec::new();
    // An entry found by its message first and then by the text's code is headed by that code.
    let mut add = |entry: &'static Entry, code: Option<i64>| match found
        .iter_mut()
        .find(|known| std::ptr::eq(known.entry, entry))
    {
        Some(known) => known.code = known.code.or(code),
        None => found.push(Found { entry, code }),
    };
    if query.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Shapes (an id rounded by a double says more than the 4200 around it), then messages: a known
    // fragment inside the input, or the input inside a known fragment; then the weak shape.
    // An HTTP status in `code` is a form of the text, weaker than any message: it comes after them.
    let shapes = |weak: bool| {
        ENTRIES.iter().filter(move |entry| {
            entry.keys.iter().any(|key| match key {
                Key::Shape(shape) => {
                    (*shape == Shape::StatusInCode) == weak && shape.found_in(text)
                }
                _ => false,
            })
        })
    };
    for entry in shapes(false) {
        add(entry, None);
    }
    for entry in ENTRIES {
        let matched = entry.keys.iter().flat_map(Key::fragments).any(|fragment| {
            let fragment = fragment.to_ascii_lowercase();
            contains_words(&query, &fragment)
                || crate::coze::messages::ends_inside(&query, &fragment)
                || (query.chars().count() >= MIN_PARTIAL_CHARS
                    && !query.chars().all(|c| c.is_ascii_digit())
                    && fragment.contains(&query))
        });
        if matched {
            add(entry, None);
        }
    }
    for entry in shapes(true) {
        add(entry, None);
    }
    // An error status and nothing else is the answer of an HTTP error without a body.
    if reading::status_only_error(extracted) {
        for entry in ENTRIES.iter().filter(|entry| {
            entry
                .keys
                .iter()
                .any(|key| matches!(key, Key::Fragment(fragment) if *fragment == NO_BODY))
        }) {
            add(entry, None);
        }
    }
    // Codes and error codes: those a paste carries, else the words of a bare term. A paste's other numbers
    // (line numbers, ids) are not codes.
    let (numbers, names) = codes_named(&query, extracted);
    for entry in ENTRIES {
        let matched = entry.keys.iter().find_map(|key| match key {
            Key::Code(code) => numbers.contains(code).then_some(Some(*code)),
            Key::ErrorCode(error_code) => {
                names.iter().any(|name| name == error_code).then_some(None)
            }
            Key::Fragment(_) | Key::Fragments(_) | Key::Shape(_) => None,
        });
        if let Some(code) = matched {
            add(entry, code);
        }
    }
    (found, numbers)
}

/// Whether `fragment` stands in `text` as whole words: a fragment that begins or ends with a letter or digit
/// is not glued to another there (`jti` is not found in `ajtix`), so short fragments do not match noise.
fn contains_words(text: &str, fragment: &str) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_word = glued(fragment.chars().next());
    let ends_word = glued(fragment.chars().next_back());
    text.match_indices(fragment).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + fragment.len()..].chars().next();
        let glued_before = starts_word && glued(before);
        let glued_after = ends_word && glued(after);
        !glued_before && !glued_after
    })
}

/// The business codes and OAuth error codes `query` names: the extracted ones, else its words.
fn codes_named(query: &str, extracted: &Extracted) -> (Vec<i64>, Vec<String>) {
    if extracted.code.is_some() || extracted.error_code.is_some() {
        return (
            extracted.code.into_iter().collect(),
            extracted.error_code.iter().cloned().collect(),
        );
    }
    // An address and its port (`127.0.0.1:4100`, `api.coze.cn:443`, `http://api-gw:4100/`, a Python
    // `port=5000`) are no codes.
    static ADDRESS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?",
            r"|[a-z][a-z0-9\-]*(?:\.[a-z0-9\-]+)+:\d+|localhost:\d+",
            r"|[a-z][a-z0-9+.\-]*://[^\s/:@]+:\d+",
            r"|[a-z0-9]+(?:-[a-z0-9]+)+:\d+",
            r"|\bport['\x22]?\s*[=:]\s*\d+",
        ))
        .expect("static regex")
    });
    let without_addresses = ADDRESS.replace_all(query, " ");
    let words = without_addresses
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|word| !word.is_empty());
    let mut numbers = Vec::new();
    let mut names = Vec::new();
    for word in words {
        match word.parse::<i64>().ok().filter(|_| word.len() <= 10) {
            Some(number) => numbers.push(number),
            None => names.push(word.replace('-', "_")),
        }
    }
    (numbers, names)
}

/// Renders one entry as plain text: headed by the code of the text it was found by, with the verdict or
/// its relation to it.
fn render(found: &Found, stance: Stance, advice: LogidAdvice, lang: Lang) -> String {
    let entry = found.entry;
    let zh = lang == Lang::Zh;
    let heading = |en: &'static str, zh_text: &'static str| if zh { zh_text } else { en };
    let colon = if zh { "：" } else { ": " };
    let mut out = String::new();
    let shown_as = found
        .code
        .map_or_else(|| entry.id.to_string(), |code| code.to_string());
    let _ = writeln!(out, "{shown_as} — {}", entry.title.get(lang));
    let kinds: Vec<String> = entry
        .keys
        .iter()
        .map(|key| match key {
            Key::Code(code) => format!("code {code}"),
            Key::ErrorCode(error_code) => format!("error_code {error_code}"),
            Key::Fragment(_) | Key::Fragments(_) => key
                .fragments()
                .iter()
                .map(|fragment| format!("\"{fragment}\""))
                .collect::<Vec<_>>()
                .join(", "),
            Key::Shape(shape) => shape.describe(lang).to_string(),
        })
        .collect();
    let _ = writeln!(
        out,
        "{}{colon}{}",
        heading("matches", "匹配"),
        kinds.join(", ")
    );
    out.push_str(&stance.line(found.subject(), entry.outcome, lang));
    let _ = writeln!(
        out,
        "\n{}{}\n  {}",
        heading("Meaning", "含义"),
        colon.trim_end(),
        entry.meaning.get(lang)
    );
    // The code of the text first, then the others the entry covers.
    let mut rows: Vec<&CodeInfo> = found.code.and_then(codes::lookup).into_iter().collect();
    for key in entry.keys {
        if let Key::Code(code) = key
            && Some(*code) != found.code
            && let Some(row) = codes::lookup(*code)
        {
            rows.push(row);
        }
    }
    if !rows.is_empty() {
        let _ = write!(out, "\n{}", code_table::lines(&rows, lang));
    }
    if !entry.causes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}",
            heading("Likely causes", "可能的原因"),
            colon.trim_end()
        );
        for (index, cause) in entry.causes.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", index + 1, cause.get(lang));
        }
    }
    if !entry.fixes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{}",
            heading("Fixes", "修复方法"),
            colon.trim_end()
        );
        for fix in advice.fixes(entry.fixes) {
            let _ = writeln!(out, "  - {}", fix.get(lang));
        }
    }
    if !entry.rules.is_empty() {
        let rules: Vec<String> = entry.rules.iter().map(|rule| format!("`{rule}`")).collect();
        let _ = writeln!(
            out,
            "\n{}{colon}{}",
            heading(
                "Diagnosed by `cozescope run` as",
                "`cozescope run` 的诊断规则"
            ),
            rules.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{}{colon}{}",
        heading("Sources", "来源"),
        entry.sources.join("; ")
    );
    out
}

/// Everything `input` names, or `None` when nothing in it is known and nothing looks like a Coze error:
/// the endpoints or permissions it names; else what was read from a paste, the codes the knowledge base
/// has no entry for (from the code table), and the entries. One part states the verdict (the reading of a
/// paste, else the first part); the others say how they relate to it.
pub fn explain(input: &str, lang: Lang) -> Option<String> {
    let text = pasted::scan_window(input);
    let operations = operations::lookup(&text);
    if !operations.is_empty() {
        return Some(
            operations
                .iter()
                .map(|operation| operations::render(operation, lang))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let extracted = pasted::extract(&text);
    let (entries, numbers) = lookup_in(&text, &extracted);
    let covered = |code: i64| {
        entries
            .iter()
            .any(|found| found.entry.keys.contains(&Key::Code(code)))
    };
    let mut rows: Vec<&CodeInfo> = Vec::new();
    for row in numbers
        .into_iter()
        .filter(|code| !covered(*code))
        .filter_map(codes::lookup)
    {
        if !rows.iter().any(|known| known.code == row.code) {
            rows.push(row);
        }
    }
    let stated: Vec<_> = rows
        .iter()
        .map(|row| Some(row.outcome))
        .chain(entries.iter().map(|found| found.entry.outcome))
        .collect();
    let reading = reading::Reading::of(&text, &extracted, &stated);
    if entries.is_empty() && rows.is_empty() && reading.is_none() {
        return None;
    }
    let verdict = match &reading {
        Some(reading) => reading.verdict,
        None => bare_verdict(&text, &extracted, &stated),
    };
    let advice = reading
        .as_ref()
        .map_or(LogidAdvice::Give, reading::Reading::logid_advice);
    // The reading states the verdict when there is one; else the first part does.
    let mut stances = std::iter::once(if reading.is_some() {
        Stance::Relates(verdict)
    } else {
        Stance::States(verdict)
    })
    .chain(std::iter::repeat(Stance::Relates(verdict)));
    let mut parts: Vec<String> = Vec::new();
    if let Some(reading) = reading {
        parts.push(reading.render(lang));
    }
    for row in &rows {
        let stance = stances.next().unwrap_or(Stance::Relates(verdict));
        parts.push(code_table::render(row, stance, lang));
    }
    for found in &entries {
        let stance = stances.next().unwrap_or(Stance::Relates(verdict));
        parts.push(render(found, stance, advice, lang));
    }
    Some(parts.join("\n"))
}

/// The verdict on a bare term (a code, an error_code, a message): the outcome of the first part that has
/// one, else what the classifier makes of the term.
fn bare_verdict(text: &str, extracted: &Extracted, stated: &[Option<Outcome>]) -> Verdict {
    if let Some(outcome) = stated.iter().flatten().next() {
        return Verdict {
            outcome: *outcome,
            decided_by: Decided::FirstPart,
        };
    }
    let (numbers, names) = codes_named(&text.trim().to_ascii_lowercase(), extracted);
    let (outcome, basis) = classify::verdict(Said {
        status: extracted.http_status,
        code: numbers.first().copied(),
        error_code: match (numbers.as_slice(), names.as_slice()) {
            ([], [only]) => Some(only.as_str()),
            _ => None,
        },
        message: Some(text.trim()),
        failure: None,
    });
    Verdict {
        outcome,
        decided_by: Decided::Text(basis),
    }
}

/// The entry of an HTTP error without a body (coze-js `http status code: 404 (no body)`).
pub(crate) const NO_BODY: &str = "(no body)";

/// Message fragments named when an input is unknown, each a key of an entry.
const EXAMPLE_FRAGMENTS: [&str; 5] = [
    fragment::TOKEN_INCORRECT,
    fragment::NO_PERMISSION,
    fragment::KID_NOT_REGISTERED,
    "quota has been used up",
    "not been published",
];

/// What the knowledge base knows, for the message shown on an unknown input.
pub fn known(lang: Lang) -> String {
    let mut codes: Vec<String> = Vec::new();
    let mut error_codes: Vec<String> = Vec::new();
    let mut fragments: Vec<String> = Vec::new();
    for key in ENTRIES.iter().flat_map(|entry| entry.keys) {
        match key {
            Key::Code(code) => codes.push(code.to_string()),
            Key::ErrorCode(error_code) => error_codes.push((*error_code).to_string()),
            Key::Fragment(_) | Key::Fragments(_) => fragments.extend(
                key.fragments()
                    .iter()
                    .map(|fragment| format!("\"{fragment}\"")),
            ),
            Key::Shape(_) => {}
        }
    }
    codes.sort_by_key(|code| code.parse::<i64>().unwrap_or(i64::MAX));
    codes.dedup();
    let (official, seen) = (
        codes::OFFICIAL_CODES.len(),
        codes::SUPPLEMENTARY_CODES.len(),
    );
    let table = match lang {
        Lang::En => format!(
            "  the code table: the {official} codes of the official error-code table (doc coze_error_codes) and {seen} more seen on the wire"
        ),
        Lang::Zh => format!(
            "  错误码表：官方错误码表（文档 coze_error_codes）的 {official} 个错误码，以及另外 {seen} 个实际出现过的错误码"
        ),
    };
    let (title, codes_label, error_label, fragment_label, pasted_label, example) = match lang {
        Lang::En => (
            "cozescope explain knows:",
            "  business codes",
            "  OAuth error_code",
            "  messages (any part of at least 4 characters)",
            "  whole pasted errors: SDK error lines (cozepy, coze-js, coze-go, coze-java), logs, JSON bodies (pipe them with `-`)",
            "example: cozescope explain 4101 · cozescope explain invalid_client · cozescope explain \"kid not been registred\"",
        ),
        Lang::Zh => (
            "cozescope explain 已知：",
            "  业务码",
            "  OAuth error_code",
            "  消息（任意至少 4 个字符的片段）",
            "  整段粘贴的错误：SDK 的报错行（cozepy、coze-js、coze-go、coze-java）、日志、JSON 响应体（可用 `-` 从管道读入）",
            "示例：cozescope explain 4101 · cozescope explain invalid_client · cozescope explain \"kid not been registred\"",
        ),
    };
    // The whole list of fragments fills a screen: a few that users meet most, and how many more.
    let more = fragments.len().saturating_sub(EXAMPLE_FRAGMENTS.len());
    let examples: Vec<String> = EXAMPLE_FRAGMENTS
        .iter()
        .map(|fragment| format!("\"{fragment}\""))
        .collect();
    let and_more = match lang {
        Lang::En => format!("and {more} more"),
        Lang::Zh => format!("等另外 {more} 个"),
    };
    format!(
        "{title}\n{codes_label}: {}\n{table}\n{error_label}: {}\n{fragment_label}: {}, {and_more}\n{pasted_label}\n{example}\n",
        codes.join(", "),
        error_codes.join(", "),
        examples.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(input: &str) -> Vec<&'static str> {
        lookup(input).iter().map(|entry| entry.id).collect()
    }

    /// An entry's outcome word is the one the classifier gives its first key (a code, an error_code, or
    /// the message it is about), so that `explain` does not show two for one text.
    #[test]
    fn every_entry_states_the_outcome_the_classifier_gives() {
        use crate::coze::classify::{Said, judge};
        let mut disagreements = Vec::new();
        for entry in ENTRIES {
            let Some(stated) = entry.outcome else {
                continue;
            };
            if let Some(key) = entry.keys.first() {
                let said = match key {
                    Key::Code(code) => Said {
                        status: None,
                        code: Some(*code),
                        error_code: None,
                        message: None,
                        failure: None,
                    },
                    Key::ErrorCode(error_code) => Said {
                        status: None,
                        code: None,
                        error_code: Some(error_code),
                        message: None,
                        failure: None,
                    },
                    Key::Fragment(_) | Key::Fragments(_) => Said {
                        status: None,
                        code: None,
                        error_code: None,
                        message: key.fragments().first().copied(),
                        failure: None,
                    },
                    Key::Shape(_) => continue,
                };
                let judged = judge(said);
                if judged != stated {
                    disagreements.push(format!("{} {key:?}: {judged} ≠ {stated}", entry.id));
                }
            }
        }
        assert!(disagreements.is_empty(), "{disagreements:#?}");
    }

    #[test]
    fn a_fragment_matches_whole_words_only() {
        assert!(contains_words("error: jti has been used", "jti"));
        assert!(contains_words("\"jti\"", "jti"));
        assert!(!contains_words("xjtiy", "jti"));
        assert!(!contains_words("ajti", "jti"));
        assert!(contains_words("<html lang=\"en\">", "<html"));
        assert!(!contains_words("<htmlx", "<html"));
        assert!(contains_words("调用失败余额不足了", "余额不足"));
        assert!(
            contains_words("xx jti jtiy", "jti"),
            "a later occurrence counts"
        );
        assert!(ids("\u{fffd}aaj jtiq random").is_empty());
    }

    #[test]
    fn looks_up_codes_error_codes_and_fragments() {
        assert_eq!(ids("4101"), vec!["4101"]);
        assert_eq!(ids(" 4020 "), vec!["4013"]);
        assert_eq!(ids("invalid_client"), vec!["invalid_client"]);
        assert_eq!(ids("INVALID-CLIENT"), vec!["invalid_client"]);
        assert_eq!(ids("slow_down"), vec!["authorization_pending"]);
        assert_eq!(
            ids("kid not been registered"),
            vec!["\"kid not been registred\""]
        );
        assert_eq!(
            ids("connector app"),
            vec!["\"connector app should bind connector id\""]
        );
    }

    #[test]
    fn a_pasted_sdk_error_finds_the_message_first_then_the_code() {
        let line = "CozeAPIError: code: 4101, msg: The token you entered is incorrect. Please double-check and try again., logid: 2024122509064484DEDF525AF13E290496";
        assert_eq!(
            ids(line),
            vec!["\"The token you entered is incorrect\"", "4101"]
        );
        let py = "cozepy.exception.CozeAPIError: msg: invalid jwt: kid not been registred, logid: 2024122509064484DEDF525AF13E290496";
        // cozepy shows only the message; its error_code (invalid_client) is inferred from it.
        assert_eq!(
            ids(py),
            vec!["\"kid not been registred\"", "invalid_client"]
        );
    }

    #[test]
    fn a_paste_is_looked_up_by_the_codes_it_carries_not_by_its_other_numbers() {
        let java = "15:21:05.327 [pool-2-thread-1] WARN com.coze.openapi - API error: 4200 Requested resource bot_id=749631215699333**** does not exist. Ensure you are the correct resource identifier. at Line 4011";
        assert_eq!(ids(java), vec!["4200"]);
        let rounded =
            "code=4200, msg=Requested resource bot_id=7481617032355070000 does not exist.";
        assert_eq!(ids(rounded), vec!["id_rounded", "4200"]);
        assert_eq!(ids("last_error.code = 4028"), vec!["4028"]);
    }

    #[test]
    fn codes_without_an_entry_are_explained_from_the_code_table() {
        let text = explain("4005", Lang::En).expect("an official code");
        assert!(text.starts_with("4005 — Invalid message"), "{text}");
        let pasted = explain(
            "但前端轮询时持续返回错误：`code: 4005, msg: \"Invalid message (including message id error, message content error)\"`",
            Lang::En,
        )
        .expect("a paste");
        assert!(pasted.starts_with("Read from the text:"), "{pasted}");
        assert!(pasted.contains("cozescope outcome: bad_request"));
        assert!(pasted.contains("4005 — Invalid message"));
        // A code nobody documents, in a Coze error shape: what was found, exit 0 at the CLI.
        let unknown = explain(r#"{"code":4999,"msg":"new"}"#, Lang::En).expect("a Coze shape");
        assert!(unknown.contains("code 4999 is neither in the official error-code table"));
        assert!(explain("4999", Lang::En).is_none());
    }

    #[test]
    fn every_code_of_the_table_is_explained_with_its_outcome() {
        for row in codes::OFFICIAL_CODES
            .iter()
            .chain(codes::SUPPLEMENTARY_CODES)
        {
            for lang in [Lang::En, Lang::Zh] {
                let text = explain(&row.code.to_string(), lang).expect("a known code");
                assert!(text.contains(row.text(lang)), "{}: {text}", row.code);
            }
            let pasted = format!(r#"{{"code":{},"msg":""}}"#, row.code);
            let text = explain(&pasted, Lang::En).expect("a Coze shape");
            assert!(
                text.contains(&format!("cozescope outcome: {}", row.outcome)),
                "{}: {text}",
                row.code
            );
        }
    }

    #[test]
    fn every_answer_states_one_verdict() {
        let mut inputs: Vec<String> = Vec::new();
        for row in codes::OFFICIAL_CODES
            .iter()
            .chain(codes::SUPPLEMENTARY_CODES)
        {
            inputs.push(row.code.to_string());
            inputs.push(format!(r#"{{"code":{},"msg":""}}"#, row.code));
        }
        for entry in ENTRIES {
            for key in entry.keys {
                match key {
                    Key::Code(code) => inputs.push(format!("code: {code}, msg: x")),
                    Key::ErrorCode(error_code) => inputs.push((*error_code).to_string()),
                    Key::Fragment(_) | Key::Fragments(_) => {
                        inputs.extend(key.fragments().iter().map(|f| (*f).to_string()));
                    }
                    Key::Shape(shape) => inputs.push(shape.example().to_string()),
                }
            }
        }
        for input in &inputs {
            for lang in [Lang::En, Lang::Zh] {
                let Some(text) = explain(input, lang) else {
                    continue;
                };
                assert_eq!(verdicts_in(&text).len(), 1, "{input}:\n{text}");
            }
        }
    }

    #[test]
    fn a_code_decided_by_its_message_says_so() {
        let text = explain(
            r#"{"code":4101,"msg":"The token you entered is incorrect"}"#,
            Lang::En,
        )
        .expect("a paste");
        assert_eq!(verdicts_in(&text), ["denied_auth"], "{text}");
        assert!(
            text.contains(
                "code 4101 usually means denied_permission; here the message decides: denied_auth"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_heading_names_the_code_in_the_text() {
        let text = explain("code: 4027, msg: overdue", Lang::En).expect("a paste");
        assert!(
            text.contains("\n4027 — quota or balance used up\n"),
            "{text}"
        );
        assert!(!text.contains("4028 — "), "{text}");
        // The code of the text leads the code table.
        let table = &text[text.find("Code table:").expect("the table")..];
        assert!(table.starts_with("Code table:\n  4027: "), "{table}");
        assert!(
            explain("4020", Lang::En)
                .expect("a code")
                .starts_with("4020 — rate limit")
        );
    }

    #[test]
    fn unknown_input_finds_nothing() {
        assert!(lookup("").is_empty());
        assert!(lookup("12345").is_empty());
        assert!(lookup("the moon").is_empty());
        assert!(lookup("kid").is_empty(), "too short to match a fragment");
    }

    #[test]
    fn every_entry_is_complete_in_both_languages() {
        for entry in ENTRIES {
            for text in std::iter::once(&entry.title)
                .chain(std::iter::once(&entry.meaning))
                .chain(entry.causes)
                .chain(entry.fixes)
            {
                assert!(!text.en.is_empty() && !text.zh.is_empty(), "{}", entry.id);
            }
            assert!(!entry.sources.is_empty(), "{}", entry.id);
            for rule in entry.rules {
                assert!(
                    crate::diagnose::rule_ids().any(|id| id == *rule),
                    "{}: {rule}",
                    entry.id
                );
            }
            let by = match entry.keys {
                [Key::Shape(shape), ..] => shape.example(),
                _ => entry.id.trim_matches('"'),
            };
            assert_eq!(lookup(by).first().map(|e| e.id), Some(entry.id));
        }
    }

    #[test]
    fn known_lists_codes_error_codes_and_messages() {
        let text = known(Lang::En);
        assert!(
            text.contains("4101")
                && text.contains("invalid_client")
                && text.contains("kid not been registred")
        );
        assert!(text.lines().count() <= 8, "{text}");
        for fragment in EXAMPLE_FRAGMENTS {
            assert!(
                ENTRIES
                    .iter()
                    .flat_map(|entry| entry.keys)
                    .any(|key| key.fragments().contains(&fragment)),
                "{fragment} is no key"
            );
        }
    }
}

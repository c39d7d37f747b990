//! `cozescope explain`: what a Coze error means, its likely causes, the fixes and the sources. The knowledge
//! base ([`entries`]) is keyed by numeric business code, OAuth `error_code` and message fragment; the
//! facts it states are the same ones the diagnosis rules state ([`crate::knowledge::facts`]). This module looks entries up and
//! renders them as text; printing is the CLI's job.

pub mod entries;
pub mod operations;

use std::fmt::Write;

pub use entries::{ENTRIES, Entry, Key};

use crate::i18n::Lang;

/// Shortest input matched as part of a known message (shorter words match too much).
const MIN_PARTIAL_CHARS: usize = 4;

/// The entries `input` names, most specific first: message fragments it contains, then the numeric codes
/// and OAuth error codes it contains. Accepts a bare code (`4101`), an `error_code` (`invalid_client`), a
/// message or part of one, or a whole SDK error line (`code: 4101, msg: …, logid: …`).
pub fn lookup(input: &str) -> Vec<&'static Entry> {
    let query = input.trim().to_ascii_lowercase();
    let mut found: Vec<&'static Entry> = Vec::new();
    let mut add = |entry: &'static Entry| {
        if !found.iter().any(|known| std::ptr::eq(*known, entry)) {
            found.push(entry);
        }
    };
    if query.is_empty() {
        return Vec::new();
    }
    // Messages: a known fragment inside the input, or the input inside a known fragment.
    for entry in ENTRIES {
        let matched = entry.keys.iter().any(|key| match key {
            Key::Fragment(fragment) => {
                let fragment = fragment.to_ascii_lowercase();
                query.contains(&fragment)
                    || (query.chars().count() >= MIN_PARTIAL_CHARS
                        && !query.chars().all(|c| c.is_ascii_digit())
                        && fragment.contains(&query))
            }
            _ => false,
        });
        if matched {
            add(entry);
        }
    }
    // Codes and error codes, as words of the input.
    let words: Vec<&str> = query
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|word| !word.is_empty())
        .collect();
    for word in &words {
        let number = word.parse::<i64>().ok().filter(|_| word.len() <= 10);
        let underscored = word.replace('-', "_");
        for entry in ENTRIES {
            let matched = entry.keys.iter().any(|key| match key {
                Key::Code(code) => number == Some(*code),
                Key::ErrorCode(error_code) => underscored == *error_code,
                Key::Fragment(_) => false,
            });
            if matched {
                add(entry);
            }
        }
    }
    found
}

/// Renders one entry as plain text.
pub fn render(entry: &Entry, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let heading = |en: &'static str, zh_text: &'static str| if zh { zh_text } else { en };
    let colon = if zh { "：" } else { ": " };
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", entry.id, entry.title.get(lang));
    let kinds: Vec<String> = entry
        .keys
        .iter()
        .map(|key| match key {
            Key::Code(code) => format!("code {code}"),
            Key::ErrorCode(error_code) => format!("error_code {error_code}"),
            Key::Fragment(fragment) => format!("\"{fragment}\""),
        })
        .collect();
    let _ = writeln!(
        out,
        "{}{colon}{}",
        heading("matches", "匹配"),
        kinds.join(", ")
    );
    if let Some(outcome) = entry.outcome {
        let _ = writeln!(
            out,
            "{}{colon}{outcome}",
            heading("cozescope outcome", "cozescope 结果分类")
        );
    }
    let _ = writeln!(
        out,
        "\n{}{}\n  {}",
        heading("Meaning", "含义"),
        colon.trim_end(),
        entry.meaning.get(lang)
    );
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
        for fix in entry.fixes {
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

/// Renders every entry `input` names, separated by a blank line, or `None` when nothing matches.
pub fn explain(input: &str, lang: Lang) -> Option<String> {
    let operations = operations::lookup(input);
    if !operations.is_empty() {
        return Some(
            operations
                .iter()
                .map(|operation| operations::render(operation, lang))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let entries = lookup(input);
    if entries.is_empty() {
        return None;
    }
    Some(
        entries
            .iter()
            .map(|entry| render(entry, lang))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// What the knowledge base knows, for the message shown on an unknown input.
pub fn known(lang: Lang) -> String {
    let mut codes: Vec<String> = Vec::new();
    let mut error_codes: Vec<String> = Vec::new();
    let mut fragments: Vec<String> = Vec::new();
    for key in ENTRIES.iter().flat_map(|entry| entry.keys) {
        match key {
            Key::Code(code) => codes.push(code.to_string()),
            Key::ErrorCode(error_code) => error_codes.push((*error_code).to_string()),
            Key::Fragment(fragment) => fragments.push(format!("\"{fragment}\"")),
        }
    }
    codes.sort_by_key(|code| code.parse::<i64>().unwrap_or(i64::MAX));
    codes.dedup();
    let (title, codes_label, error_label, fragment_label, example) = match lang {
        Lang::En => (
            "cozescope explain knows:",
            "  business codes",
            "  OAuth error_code",
            "  messages (any part of at least 4 characters)",
            "example: cozescope explain 4101 · cozescope explain invalid_client · cozescope explain \"kid not been registred\"",
        ),
        Lang::Zh => (
            "cozescope explain 已知：",
            "  业务码",
            "  OAuth error_code",
            "  消息（任意至少 4 个字符的片段）",
            "示例：cozescope explain 4101 · cozescope explain invalid_client · cozescope explain \"kid not been registred\"",
        ),
    };
    format!(
        "{title}\n{codes_label}: {}\n{error_label}: {}\n{fragment_label}: {}\n{example}\n",
        codes.join(", "),
        error_codes.join(", "),
        fragments.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(input: &str) -> Vec<&'static str> {
        lookup(input).iter().map(|entry| entry.id).collect()
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
        assert_eq!(ids(py), vec!["\"kid not been registred\""]);
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
            assert_eq!(
                lookup(entry.id.trim_matches('"')).first().map(|e| e.id),
                Some(entry.id)
            );
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
    }
}

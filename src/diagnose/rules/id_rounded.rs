//! Rule `id_rounded`: a failed request carried, or its answer named, an id above 2^53 that ends in zeros
//! exactly as a double prints it (`bot_id=7481617032355070000`). Somewhere on its way the id was parsed as
//! a number and lost its last digits, so the service looked for an id nobody has. Not proved: a real id can
//! look like this, rarely; the console shows the real one.
//!
//! Grounds: xiaozhi-esp32-server#352 (7481617032355069967 unquoted in a config became
//! 7481617032355070000 and answered 4200), the doubles of IEEE 754 (53-bit integers).

use crate::coze::ids;
use crate::diagnose::evidence::{Denied, Evidence, Facts, code_list, code_list_zh, error_text};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::runner::ProbeResult;

pub const RULE: &str = "id_rounded";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut rounded: Vec<String> = Vec::new();
    let mut rows: Vec<Denied<'_>> = Vec::new();
    for denied in facts.answered_failures() {
        let found = rounded_ids(denied.probe);
        if found.is_empty() {
            continue;
        }
        for id in found {
            if !rounded.contains(&id) {
                rounded.push(id);
            }
        }
        rows.push(denied);
    }
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let evidence = Evidence::of_rows(&rows);
    let (cases_en, cases_zh) = (evidence.quoted_cases(", "), evidence.quoted_cases("、"));
    let (list, list_zh) = (code_list(&rounded), code_list_zh(&rounded));
    let finding = evidence.finding(
        RULE,
        Severity::Cause,
        Bilingual::new(
            format!(
                "{} failed ({}) with the id {list}: above 2^53 and ending in zeros exactly as a double prints it. The id was most likely parsed as a number on its way (a JSON number read by JavaScript, an unquoted YAML or TOML value, a spreadsheet) and lost its last digits, so the service looked for an id nobody has. Not proved: compare it with the id the console shows.",
                cases_en,
                error_text(first.probe)
            ),
            format!(
                "{} 失败（{}），其中的 ID {list_zh} 大于 2^53，并且以 0 结尾，正好是双精度浮点数打印出来的样子。这个 ID 很可能在途中被当成数字解析（被 JavaScript 读取的 JSON 数字、没加引号的 YAML 或 TOML 值、电子表格），丢失了末尾几位，所以服务查找的是一个不存在的 ID。尚未证明：请与控制台显示的 ID 对比。",
                cases_zh,
                error_text(first.probe)
            ),
        ),
        facts::QUOTE_IDS,
    );
    vec![finding.proved_if(false)]
}

/// The rounded-looking ids in a probe's answer and request (path, query, body), in order.
fn rounded_ids(probe: &ProbeResult) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    if let Some(message) = &probe.answer.message {
        texts.push(message.clone());
    }
    if let Some(request) = &probe.request {
        texts.push(request.path.clone());
        texts.extend(request.query.iter().map(|(_, value)| value.clone()));
        if let Some(body) = &request.body {
            texts.push(body.to_string());
        }
    }
    let mut found: Vec<String> = Vec::new();
    for text in &texts {
        for id in ids::rounded_in(text) {
            if !found.iter().any(|known| known == id) {
                found.push(id.to_string());
            }
        }
    }
    found
}

//! Rule `server_error`: the service failed (HTTP 5xx, 5000, 702042078, 720701013, `internal_error`), finally
//! or on an attempt the runner retried. Says what to retry, that a 5000 can hide a bad id, and lists the
//! logids to give Coze support.
//!
//! Grounds: reference §6.3 (5000 "We're currently experiencing server issues…"; 702042078 on publish,
//! coze-java#47; 720701013), §8 coze-js#179 (5000 hiding a wrong bot id), §2.5 (`internal_error`
//! "Service internal error."), §6.1 (logid).

use crate::diagnose::evidence::{Evidence, Facts, code_of, quoted_all};
use crate::diagnose::finding::{Finding, Localized, Severity};
use crate::explain::facts;
use crate::outcome::Outcome;
use crate::runner::CaseResult;

pub const RULE: &str = "server_error";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut evidence = Evidence::default();
    let mut failed: Vec<&CaseResult> = Vec::new();
    let mut recovered: Vec<&CaseResult> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for case in facts.cases() {
        for probe in &case.probes {
            let earlier: Vec<_> = probe
                .attempts
                .iter()
                .filter(|a| a.outcome == Outcome::ServerError)
                .collect();
            let last = probe.outcome == Outcome::ServerError;
            if !last && earlier.is_empty() {
                continue;
            }
            evidence.add_case(case);
            for attempt in &earlier {
                if let Some(logid) = &attempt.logid {
                    evidence.add_logid(logid);
                }
                let code = attempt
                    .code
                    .map(|c| c.to_string())
                    .or_else(|| attempt.error_code.clone())
                    .or_else(|| attempt.http_status.map(|s| format!("HTTP {s}")));
                if let Some(code) = code.filter(|code| !codes.contains(code)) {
                    codes.push(code);
                }
            }
            if last {
                if let Some(logid) = &probe.logid {
                    evidence.add_logid(logid);
                }
                let code = code_of(probe);
                if !codes.contains(&code) {
                    codes.push(code);
                }
                if !failed.iter().any(|known| known.name == case.name) {
                    failed.push(case);
                }
            } else if !recovered.iter().any(|known| known.name == case.name) {
                recovered.push(case);
            }
        }
    }
    if evidence.cases.is_empty() {
        return Vec::new();
    }
    let codes = codes.join(", ");
    let (en, zh, severity) = if failed.is_empty() {
        (
            format!(
                "The service failed on some requests ({codes}); the retries succeeded ({}), so the results stand. The logids are listed in case support asks.",
                quoted_all(recovered.iter().copied(), ", ")
            ),
            format!(
                "服务在部分请求上出错（{codes}）；重试成功了（{}），结果有效。如技术支持需要，logid 已列出。",
                quoted_all(recovered.iter().copied(), "、")
            ),
            Severity::Info,
        )
    } else {
        (
            format!(
                "The service failed ({codes}) on {}: a server-side error, not a permission verdict, so those rows are inconclusive.",
                quoted_all(failed.iter().copied(), ", ")
            ),
            format!(
                "服务在 {} 上出错（{codes}）：这是服务端错误，不是权限判定，这些行没有结论。",
                quoted_all(failed.iter().copied(), "、")
            ),
            Severity::Cause,
        )
    };
    vec![Finding {
        rule: RULE,
        severity,
        cause: Localized::new(en, zh),
        fix: Localized::new(
            format!("{} {}", facts::RETRY_SERVER_ERROR.en, facts::GIVE_LOGIDS.en),
            format!("{}{}", facts::RETRY_SERVER_ERROR.zh, facts::GIVE_LOGIDS.zh),
        ),
        cases: evidence.cases,
        logids: evidence.logids,
    }]
}

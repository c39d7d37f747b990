//! Rule `all_auth_failed`: every probe the scenario itself made (follow-ups aside) failed authentication.
//! One warning on top of the report: the credential, its region or the auth mode is wrong, and no row got
//! far enough to test a scope or a permission, so none of them says anything about scopes.
//!
//! Grounds: INFERRED (authentication is checked before scope and permissions), the Coze error-code page (4100,
//! 700012006, 4101 `The token you entered is incorrect`), doc oauth_jwt error codes (`invalid_client`, `access_deny`), GitHub issues (users
//! who blamed permissions when the region or credential was wrong: coze-go#56, coze-py#142 vs #148).

use crate::coze::region::Region;
use crate::diagnose::evidence::{Evidence, Facts, authenticated, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::runner::CaseResult;

pub const RULE: &str = "all_auth_failed";

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let own: Vec<&CaseResult> = facts
        .cases()
        .filter(|case| case.follow_up.is_none())
        .collect();
    let attempted: Vec<_> = own
        .iter()
        .flat_map(|case| case.probes.iter().map(move |probe| (*case, probe)))
        .filter(|(_, probe)| probe.outcome != Outcome::Skipped)
        .collect();
    if attempted.is_empty()
        || !attempted
            .iter()
            .all(|(_, probe)| probe.outcome == Outcome::DeniedAuth)
    {
        return Vec::new();
    }
    let mut evidence = Evidence::default();
    for (case, probe) in &attempted {
        evidence.add(case, Some(probe));
    }
    let rescued: Vec<&CaseResult> = facts
        .cases()
        .filter(|case| case.follow_up.is_some() && authenticated(case))
        .collect();
    // Rows whose probes were all skipped (e.g. held back by the side-effect policy) tested nothing.
    let mut tried: Vec<&CaseResult> = attempted.iter().map(|(case, _)| *case).collect();
    tried.dedup_by(|a, b| std::ptr::eq(*a, *b));
    let untried = own.len() - tried.len();
    let mut en = format!(
        "Every row that ran ({}) failed authentication: the credential, its region or the auth mode is wrong. The scopes and permissions are not the problem: no row got far enough to test them.",
        tried.len()
    );
    let mut zh = format!(
        "场景中实际执行的 {} 行探测全部未通过鉴权：凭证、区域或鉴权方式有误。问题不在 scope 或权限：没有任何一行走到检查它们的那一步。",
        tried.len()
    );
    if untried > 0 {
        en.push_str(&format!(" ({untried} other row(s) sent nothing.)"));
        zh.push_str(&format!("（另有 {untried} 行没有发送任何请求。）"));
    }
    let mut fix = facts::AUTH_BEFORE_SCOPE.clone();
    if !rescued.is_empty() {
        for case in &rescued {
            evidence.add_case(case);
        }
        en.push_str(" A follow-up row authenticated; see the findings below.");
        zh.push_str("有后续探测行通过了鉴权，见下面的发现。");
        // The follow-ups that authenticated in the other region say which region to use.
        let mut regions: Vec<Region> = Vec::new();
        for case in rescued
            .iter()
            .filter(|case| case.region != facts.scenario.target.region)
        {
            if !regions.contains(&case.region) {
                regions.push(case.region);
            }
        }
        if let [region] = regions.as_slice() {
            fix.en.to_mut().push_str(&format!(
                " Here the credentials authenticated in region `{region}` ({}): use `region = \"{region}\"` (base URL {}).",
                quoted_all(rescued.iter().copied(), ", "),
                region.base_url()
            ));
            fix.zh.to_mut().push_str(&format!(
                "本次运行中凭证在区域 `{region}` 通过了鉴权（{}）：请使用 `region = \"{region}\"`（基础 URL {}）。",
                quoted_all(rescued.iter().copied(), "、"),
                region.base_url()
            ));
        }
    }
    vec![evidence.finding(RULE, Severity::Warning, Bilingual::new(en, zh), fix)]
}

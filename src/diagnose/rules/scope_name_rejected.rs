//! Rule `scope_name_rejected`: a token request that sent a `scope` was rejected with `invalid_request`.
//! Owns naming the suspects (names not in `DOCUMENTED_SCOPE_NAMES`), the permissions no scope name can
//! grant, and the no-scope rows (the scenario's or follow-ups) that prove omitting `scope` works.
//!
//! Grounds: doc oauth_jwt error codes (`invalid_request: invalid request: {parameter}`; a bad scope is INFERRED to come
//! back as `invalid request: scope`), doc authentication (the documented scope names; `Connector.createBot` and
//! `Bot.createBot` appear only in unverified third-party notes), doc oauth_jwt_channel (no scope = every permission of the
//! app), the node-chat2 failure report (README: BadRequestError on both guessed names).

use crate::auth::AuthMode;
use crate::coze::permission::permission_of_scope_name;
use crate::coze::wire::oauth_error;
use crate::diagnose::evidence::{
    Evidence, Facts, code_list, code_list_zh, quoted, quoted_all, scope_names_granting,
};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, ProbeResult};

pub const RULE: &str = "scope_name_rejected";

/// Whether an `invalid_request` message blames the scope (or names no parameter at all).
pub(crate) fn blames_scope(message: Option<&str>) -> bool {
    let Some(message) = message else { return true };
    let lower = message.to_ascii_lowercase();
    match lower.split_once(':') {
        Some((_, parameter)) => {
            let parameter = parameter.trim();
            parameter.is_empty() || parameter.contains("scope") || parameter.contains("permission")
        }
        None => true,
    }
}

/// The token probe of a case whose scoped token request was rejected for its scope.
fn rejected_token(case: &CaseResult) -> Option<&ProbeResult> {
    if case.auth.mode != AuthMode::Jwt || case.scope.is_none() {
        return None;
    }
    case.probe(ProbeKind::Token).filter(|token| {
        token.outcome == Outcome::BadRequest
            && token.answer.error_code.as_deref() == Some(oauth_error::INVALID_REQUEST)
            && blames_scope(token.answer.message.as_deref())
    })
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    // One finding per credential and region: the no-scope rows answer for that credential only.
    let mut groups: Vec<Vec<(&CaseResult, &ProbeResult)>> = Vec::new();
    for case in facts.cases() {
        let Some(token) = rejected_token(case) else {
            continue;
        };
        match groups.iter_mut().find(|group| {
            group[0].0.auth.name == case.auth.name && group[0].0.region == case.region
        }) {
            Some(group) => group.push((case, token)),
            None => groups.push(vec![(case, token)]),
        }
    }
    groups.iter().map(|group| finding(facts, group)).collect()
}

fn finding(facts: &Facts<'_>, group: &[(&CaseResult, &ProbeResult)]) -> Finding {
    let first = group[0].0;
    let mut evidence = Evidence::default();
    let mut sent: Vec<&str> = Vec::new();
    let mut wanted: Vec<&'static str> = Vec::new();
    for (case, token) in group {
        evidence.add(case, Some(token));
        for name in case.scope.iter().flatten() {
            if !sent.contains(&name.as_str()) {
                sent.push(name);
            }
        }
        for probe in case
            .probes
            .iter()
            .filter(|probe| probe.probe != ProbeKind::Token)
        {
            if let Some(permission) = probe.probe.permission()
                && !wanted.contains(&permission)
            {
                wanted.push(permission);
            }
        }
    }
    let suspects: Vec<&str> = sent
        .iter()
        .copied()
        .filter(|name| permission_of_scope_name(name).is_none())
        .collect();
    let accepted: Vec<String> = sent
        .iter()
        .filter_map(|name| {
            permission_of_scope_name(name).map(|permission| format!("{name}` → `{permission}"))
        })
        .collect();
    let ungrantable: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| scope_names_granting(p).is_empty())
        .collect();

    // The no-scope rows of the same credential: the variant the documentation points to.
    let no_scope: Vec<&CaseResult> = facts
        .no_scope_rows(first)
        .filter(|case| {
            case.probe(ProbeKind::Token)
                .is_some_and(|token| token.outcome == Outcome::Ok)
        })
        .collect();
    let proving = no_scope.iter().copied().find(|case| {
        let operations: Vec<&ProbeResult> = case
            .probes
            .iter()
            .filter(|p| p.probe != ProbeKind::Token)
            .collect();
        !operations.is_empty() && operations.iter().all(|p| p.outcome == Outcome::Ok)
    });
    for case in &no_scope {
        evidence.add_all(case);
    }

    let cases_en = quoted_all(group.iter().map(|(case, _)| *case), ", ");
    let cases_zh = quoted_all(group.iter().map(|(case, _)| *case), "、");
    let mut en;
    let mut zh;
    if suspects.is_empty() {
        en = format!(
            "The scoped token request of {cases_en} was rejected with `invalid_request` although every name it sent ({}) is a documented scope name: the service does not accept them for this app (the documented list is short and channel-form names are documented for channel apps).",
            code_list(&sent)
        );
        zh = format!(
            "{cases_zh} 的带 scope 令牌请求被以 `invalid_request` 拒绝，尽管发送的名称（{}）都是文档列出的 scope 名称：服务不接受该应用使用这些名称（文档列出的名称很少，且 Connector. 形式的名称是为渠道应用记录的）。",
            code_list_zh(&sent)
        );
    } else {
        let plural = suspects.len() > 1;
        en = format!(
            "The token request of {cases_en} was rejected with `invalid_request` because the scope lists {} the service does not accept: {} {} not {} scope name{}",
            if plural { "names" } else { "a name" },
            code_list(&suspects),
            if plural { "are" } else { "is" },
            if plural { "documented" } else { "a documented" },
            if plural { "s" } else { "" },
        );
        zh = format!(
            "{cases_zh} 的令牌请求被以 `invalid_request` 拒绝，因为 scope 中含有服务不接受的名称：{} 不是文档列出的 scope 名称",
            code_list_zh(&suspects)
        );
        if accepted.is_empty() {
            en.push('.');
            zh.push('。');
        } else {
            en.push_str(&format!(" (documented: {}).", code_list(&accepted)));
            zh.push_str(&format!("（文档列出的：{}）。", code_list_zh(&accepted)));
        }
    }
    en.push(' ');
    en.push_str(&facts::SCOPE_NARROWS.en);
    zh.push_str(&facts::SCOPE_NARROWS.zh);
    if !ungrantable.is_empty() {
        en.push_str(&format!(
            " No documented scope name grants {}.",
            code_list(&ungrantable)
        ));
        zh.push_str(&format!(
            "没有任何文档列出的 scope 名称能授予 {}。",
            code_list_zh(&ungrantable)
        ));
    }
    match (proving, no_scope.first()) {
        (Some(row), _) => {
            let operations = operation_names(row);
            en.push_str(&format!(
                " Without `scope` the same app got a token and {} succeeded ({}): the app already has what the operation needs; the scope was the problem, not the app.",
                operations,
                quoted(row)
            ));
            zh.push_str(&format!(
                "不带 `scope` 时，同一应用成功获取了令牌，并且 {} 成功（{}）：应用本身已具备该操作所需的权限，问题出在 scope 而不是应用。",
                operations,
                quoted(row)
            ));
        }
        (None, Some(row)) => {
            en.push_str(&format!(
                " Without `scope` the same app got a token ({}).",
                quoted(row)
            ));
            zh.push_str(&format!(
                "不带 `scope` 时，同一应用成功获取了令牌（{}）。",
                quoted(row)
            ));
        }
        (None, None) => {}
    }

    let mut fix_en = facts::OMIT_SCOPE.en.to_string();
    let mut fix_zh = facts::OMIT_SCOPE.zh.to_string();
    if let Some(row) = proving.or(no_scope.first().copied()) {
        fix_en.push_str(&format!(" The row {} shows it works.", quoted(row)));
        fix_zh.push_str(&format!("{} 这一行证明了这样可行。", quoted(row)));
    } else {
        fix_en.push_str(" Run the same credential without `scope` to confirm (the follow-up does it unless --no-follow-up).");
        fix_zh.push_str("请用同一凭证不带 `scope` 再运行一次以确认（除非使用 --no-follow-up，后续探测会自动这样做）。");
    }
    fix_en.push_str(" Send a scope only to restrict a token, listing documented names only.");
    fix_zh.push_str("只在需要限制令牌时才发送 scope，并且只使用文档列出的名称。");
    if !ungrantable.is_empty() {
        fix_en.push(' ');
        fix_en.push_str(&facts::GRANT_IN_CONSOLE.en);
        fix_zh.push_str(&facts::GRANT_IN_CONSOLE.zh);
    }

    evidence.finding(
        RULE,
        Severity::Cause,
        Bilingual::new(en, zh),
        Bilingual::new(fix_en, fix_zh),
    )
}

/// The operations of a row, as probe names (`create_bot`, `create_bot and list_workspaces`).
fn operation_names(case: &CaseResult) -> String {
    let names: Vec<&str> = case
        .probes
        .iter()
        .filter(|probe| probe.probe != ProbeKind::Token)
        .map(|probe| probe.probe.name())
        .collect();
    code_list(&names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_request_on_another_parameter_does_not_blame_the_scope() {
        assert!(blames_scope(Some("invalid request: scope")));
        assert!(blames_scope(None));
        assert!(blames_scope(Some("invalid request")));
        assert!(!blames_scope(Some("invalid request: duration_seconds")));
    }
}

//! Rule `scope_narrowed`: a token was issued with a `scope`, then an operation was denied (4101) because the
//! scope's `permission_list` does not grant the permission the operation needs. Proved by a no-scope row of
//! the same credential (the scenario's own or the runner's follow-up) where the operation succeeds; without
//! one, the finding says what to run to confirm it.
//!
//! Grounds: GitHub issues (third-party debug notes: a token scoped to `Connector.botChat` gets 4101 on
//! createBot while the app lists createBot; "a scoped JWT token only carries the permissions listed in
//! `permission_list`"), doc oauth_jwt_channel (no scope = every permission of the app), doc authentication (scope names and the
//! permission each grants), the Coze error-code page (the 4101 template naming `space_id=… createBot`).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{
    Denied, Evidence, Facts, code_list, code_list_zh, granted_by_scope, quoted,
    scope_names_granting, scope_text,
};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;

pub const RULE: &str = "scope_narrowed";

/// Whether `denied` happened on a scoped JWT token whose scope does not grant the permission.
pub(crate) fn narrowed(denied: &Denied<'_>) -> bool {
    let Some(scope) = &denied.case.scope else {
        return false;
    };
    if denied.case.auth.mode != AuthMode::Jwt {
        return false;
    }
    match denied.permission() {
        Some(permission) => !granted_by_scope(scope).contains(&permission.as_str()),
        None => true,
    }
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for denied in facts.denied_operations().filter(narrowed) {
        let case = denied.case;
        let kind = denied.probe.probe;
        let no_scope: Vec<_> = facts.no_scope_rows(case).collect();
        // A no-scope row denied the same way means the app lacks the permission too: not this rule's call.
        if no_scope.iter().any(|row| {
            row.probe(kind)
                .is_some_and(|probe| probe.outcome == Outcome::DeniedPermission)
        }) && !no_scope.iter().any(|row| {
            row.probe(kind)
                .is_some_and(|probe| probe.outcome == Outcome::Ok)
        }) {
            continue;
        }
        let proof = no_scope.iter().copied().find(|row| {
            row.probe(kind)
                .is_some_and(|probe| probe.outcome == Outcome::Ok)
        });
        let permission = denied
            .permission()
            .unwrap_or_else(|| kind.name().to_string());
        let scope = case.scope.as_deref().unwrap_or_default();
        let granted = granted_by_scope(scope);
        let resource = denied
            .denial()
            .map(|denial| format!(" on `{}={}`", denial.resource, denial.id))
            .unwrap_or_default();
        let resource_zh = denied
            .denial()
            .map(|denial| format!("`{}={}` 上的 ", denial.resource, denial.id))
            .unwrap_or_default();
        let grants_en = if granted.is_empty() {
            "grants no permission".to_string()
        } else {
            format!("grants only {}", code_list(&granted))
        };
        let grants_zh = if granted.is_empty() {
            "不授予任何权限".to_string()
        } else {
            format!("只授予 {}", code_list_zh(&granted))
        };
        let mut evidence = Evidence::default();
        evidence.add(case, Some(denied.probe));
        let mut en = format!(
            "{} was denied (4101, `{permission}`{resource}) because the scope narrowed the token: `{}` {grants_en}, and a scoped token carries only what its `permission_list` grants.",
            kind.name(),
            scope_text(case)
        );
        let mut zh = format!(
            "{} 被拒绝（4101，{resource_zh}`{permission}`），原因是 scope 收窄了令牌：`{}` {grants_zh}，而带 scope 的令牌只拥有 `permission_list` 授予的权限。",
            kind.name(),
            scope_text(case)
        );
        match proof {
            Some(row) => {
                evidence.add(row, row.probe(kind));
                if let Some(token) = row.probe(ProbeKind::Token) {
                    evidence.add(row, Some(token));
                }
                en.push_str(&format!(
                    " The app itself has `{permission}`: without `scope` the same credential succeeded ({}).",
                    quoted(row)
                ));
                zh.push_str(&format!(
                    "应用本身具备 `{permission}`：不带 `scope` 时同一凭证成功了（{}）。",
                    quoted(row)
                ));
            }
            None => {
                en.push_str(&format!(
                    " No row of this credential ran without `scope`, so whether the app has `{permission}` is not proved yet."
                ));
                zh.push_str(&format!(
                    "该凭证没有不带 `scope` 的运行记录，因此尚未证明应用是否具备 `{permission}`。"
                ));
            }
        }
        let names = scope_names_granting(&permission);
        let (mut fix_en, mut fix_zh) = if names.is_empty() {
            (
                format!(
                    "{} No documented scope name grants `{permission}`, so adding a name to the scope cannot help (an unknown name fails the token request with `invalid_request`).",
                    facts::OMIT_SCOPE.en
                ),
                format!(
                    "{}没有任何文档列出的 scope 名称能授予 `{permission}`，因此往 scope 里加名称无济于事（未知名称会让令牌请求以 `invalid_request` 失败）。",
                    facts::OMIT_SCOPE.zh
                ),
            )
        } else {
            (
                format!(
                    "Add {} to `permission_list`, or: {}",
                    code_list(&names),
                    facts::OMIT_SCOPE.en
                ),
                format!(
                    "把 {} 加入 `permission_list`，或者：{}",
                    code_list_zh(&names),
                    facts::OMIT_SCOPE.zh
                ),
            )
        };
        if proof.is_none() {
            fix_en.push_str(" Run the credential without `scope` to confirm (follow-ups do it unless --no-follow-up).");
            fix_zh.push_str("请用该凭证不带 `scope` 运行一次以确认（除非使用 --no-follow-up，后续探测会自动这样做）。");
        }
        let finding = evidence.finding(
            RULE,
            Severity::Cause,
            Bilingual::new(en, zh),
            Bilingual::new(fix_en, fix_zh),
        );
        findings.push(finding.proved_if(proof.is_some()));
    }
    findings
}

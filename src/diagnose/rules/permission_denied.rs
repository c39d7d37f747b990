//! Rules `permission_not_configured` and `workspace_not_bound`: an operation was denied (4101) and the scope
//! is not the reason (no scope was sent, or the scope grants the permission). The 4101 text is the same for
//! a permission missing from the app (or PAT) and for a workspace the credential is not bound to, so this
//! module weighs the other rows to tell them apart:
//!
//! - the same credential succeeded the operation in another workspace → `workspace_not_bound` (proved);
//! - the same credential succeeded another operation in that workspace → `permission_not_configured` (proved);
//! - no credential succeeded in that workspace and several were denied there → `workspace_not_bound`;
//! - otherwise `permission_not_configured`, naming the workspace as the other possibility.
//!
//! Grounds: the Coze error-code page (the 4101 template `…access space_id=… createBot…`), INFERRED (permission or
//! workspace missing → the same 4101), doc authentication "permission levels" (workspace-level permissions need the token
//! bound to the workspace), doc pat (a PAT is bound to workspaces with permissions each), GitHub issues (coze-py#142:
//! 4101 with every permission ticked; the only answer was a Volcengine work order).

use crate::auth::AuthMode;
use crate::diagnose::evidence::{Denied, Evidence, Facts, quoted, quoted_all, requested_space};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::CaseResult;

use super::scope_narrowed::narrowed;

pub const NOT_CONFIGURED: &str = "permission_not_configured";
pub const WORKSPACE_NOT_BOUND: &str = "workspace_not_bound";

/// What the other rows say about one denial.
enum Verdict<'a> {
    /// The same credential succeeded the operation in another workspace.
    BoundElsewhere(&'a CaseResult, String),
    /// The same credential succeeded another operation in this workspace.
    OtherOperationHere(&'a CaseResult, ProbeKind),
    /// No credential succeeded here; these other credentials were denied here too.
    NobodyHere(Vec<&'a CaseResult>),
    /// Undecided; these other credentials succeeded here (possibly none).
    Undecided(Vec<&'a CaseResult>),
}

/// The workspace an operation addressed: from the 4101 message, else from the request.
fn workspace_of(denied: &Denied<'_>) -> Option<String> {
    denied
        .denial()
        .filter(|denial| denial.resource == "space_id")
        .map(|denial| denial.id)
        .or_else(|| requested_space(denied.probe))
}

fn verdict<'a>(facts: &Facts<'a>, denied: &Denied<'a>, space: Option<&str>) -> Verdict<'a> {
    let case = denied.case;
    let kind = denied.probe.probe;
    let same_credential =
        |row: &&CaseResult| row.auth.name == case.auth.name && row.region == case.region;
    let Some(space) = space else {
        return Verdict::Undecided(Vec::new());
    };
    for row in facts.cases().filter(same_credential) {
        for probe in row
            .probes
            .iter()
            .filter(|probe| probe.outcome == Outcome::Ok)
        {
            let there = requested_space(probe);
            if probe.probe == kind && there.as_deref().is_some_and(|there| there != space) {
                return Verdict::BoundElsewhere(row, there.unwrap_or_default());
            }
            if probe.probe != kind
                && probe.probe != ProbeKind::Token
                && there.as_deref() == Some(space)
            {
                return Verdict::OtherOperationHere(row, probe.probe);
            }
        }
    }
    let others = facts
        .cases()
        .filter(|row| row.auth.name != case.auth.name && row.region == case.region);
    let mut succeeded: Vec<&CaseResult> = Vec::new();
    let mut refused: Vec<&CaseResult> = Vec::new();
    for row in others {
        let Some(probe) = row.probe(kind) else {
            continue;
        };
        if requested_space(probe).as_deref() != Some(space) {
            continue;
        }
        let already =
            |list: &Vec<&CaseResult>| list.iter().any(|known| known.auth.name == row.auth.name);
        match probe.outcome {
            Outcome::Ok if !already(&succeeded) => succeeded.push(row),
            Outcome::DeniedPermission if !already(&refused) => refused.push(row),
            _ => {}
        }
    }
    if succeeded.is_empty() && !refused.is_empty() {
        Verdict::NobodyHere(refused)
    } else {
        Verdict::Undecided(succeeded)
    }
}

/// "the app `1127900106117`" / "the PAT `pat`", for sentences.
fn holder(case: &CaseResult) -> (String, String) {
    match (case.auth.mode, &case.auth.app_id) {
        (AuthMode::Jwt, Some(app_id)) => (
            format!("the OAuth app `{app_id}` (credential `{}`)", case.auth.name),
            format!("OAuth 应用 `{app_id}`（凭证 `{}`）", case.auth.name),
        ),
        (AuthMode::Jwt, None) => (
            format!("the OAuth app of credential `{}`", case.auth.name),
            format!("凭证 `{}` 的 OAuth 应用", case.auth.name),
        ),
        (AuthMode::Pat, _) => (
            format!("the personal access token `{}`", case.auth.name),
            format!("个人访问令牌 `{}`", case.auth.name),
        ),
    }
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // (workspace, permission) pairs already reported as denied to every credential.
    let mut reported: Vec<(String, String)> = Vec::new();
    // A denial in an other-region follow-up is explained by `wrong_region` (ids are per region), not here.
    let home =
        |denied: &crate::diagnose::evidence::Denied<'_>| {
            !denied.case.follow_up.as_ref().is_some_and(|follow_up| {
                follow_up.reason == crate::runner::FollowUpReason::OtherRegion
            })
        };
    for denied in facts
        .denied_operations()
        .filter(|denied| !narrowed(denied) && home(denied))
    {
        let case = denied.case;
        let kind = denied.probe.probe;
        let permission = denied
            .permission()
            .unwrap_or_else(|| kind.name().to_string());
        let space = workspace_of(&denied);
        let (who_en, who_zh) = holder(case);
        let mut evidence = Evidence::default();
        evidence.add(case, Some(denied.probe));
        let scoped_note = |en: &mut String, zh: &mut String| {
            if case.scope.is_some() {
                en.push_str(" The scope sent grants it, so the scope is not the reason.");
                zh.push_str("所发送的 scope 授予了该权限，因此原因不在 scope。");
            }
        };
        let Some(space) = space else {
            // An account- or bot-level denial: only the permission can be named.
            let resource = denied
                .denial()
                .map(|denial| format!(" on `{}={}`", denial.resource, denial.id))
                .unwrap_or_default();
            let mut en = format!(
                "{} was denied (4101{resource}): {who_en} does not have the `{permission}` permission.",
                kind.name()
            );
            let mut zh = format!(
                "{} 被拒绝（4101{resource}）：{who_zh} 没有 `{permission}` 权限。",
                kind.name()
            );
            scoped_note(&mut en, &mut zh);
            findings.push(evidence.finding(
                NOT_CONFIGURED,
                Severity::Cause,
                Bilingual::new(en, zh),
                Bilingual::new(
                    format!(
                        "Add `{permission}` to the credential. {} {}",
                        facts::GRANT_IN_CONSOLE.en,
                        facts::VOLCENGINE_TICKET.en
                    ),
                    format!(
                        "为该凭证添加 `{permission}` 权限。{}{}",
                        facts::GRANT_IN_CONSOLE.zh,
                        facts::VOLCENGINE_TICKET.zh
                    ),
                ),
            ));
            continue;
        };
        let head_en = format!(
            "{} was denied (4101, `{permission}` on `space_id={space}`) for {who_en}",
            kind.name()
        );
        let head_zh = format!(
            "{who_zh}执行 {} 被拒绝（4101，`space_id={space}` 上的 `{permission}`）",
            kind.name()
        );
        let (rule, mut en, mut zh, fix_en, fix_zh) = match verdict(facts, &denied, Some(&space)) {
            Verdict::BoundElsewhere(row, other) => {
                evidence.add(row, row.probe(kind));
                (
                    WORKSPACE_NOT_BOUND,
                    format!(
                        "{head_en}: it is not bound to workspace `{space}`. It has `{permission}`: the same operation succeeded in workspace `{other}` ({}).",
                        quoted(row)
                    ),
                    format!(
                        "{head_zh}：该凭证未绑定工作空间 `{space}`。它具备 `{permission}`：同样的操作在工作空间 `{other}` 中成功了（{}）。",
                        quoted(row)
                    ),
                    facts::BIND_WORKSPACE.en.to_string(),
                    facts::BIND_WORKSPACE.zh.to_string(),
                )
            }
            Verdict::OtherOperationHere(row, other) => {
                evidence.add(row, row.probe(other));
                (
                    NOT_CONFIGURED,
                    format!(
                        "{head_en}: `{permission}` is not configured for it. The workspace is bound: {} succeeded there with the same credential ({}).",
                        other.name(),
                        quoted(row)
                    ),
                    format!(
                        "{head_zh}：该凭证没有配置 `{permission}`。工作空间是已绑定的：同一凭证在那里执行 {} 成功了（{}）。",
                        other.name(),
                        quoted(row)
                    ),
                    format!(
                        "Add `{permission}` to the credential. {}",
                        facts::GRANT_IN_CONSOLE.en
                    ),
                    format!(
                        "为该凭证添加 `{permission}` 权限。{}",
                        facts::GRANT_IN_CONSOLE.zh
                    ),
                )
            }
            Verdict::NobodyHere(refused) => {
                if reported.contains(&(space.clone(), permission.clone())) {
                    continue;
                }
                reported.push((space.clone(), permission.clone()));
                for row in &refused {
                    evidence.add(row, row.probe(kind));
                }
                let all: Vec<&CaseResult> = std::iter::once(case)
                    .chain(refused.iter().copied())
                    .collect();
                (
                    WORKSPACE_NOT_BOUND,
                    format!(
                        "{} was denied (4101, `{permission}` on `space_id={space}`) for every credential that tried workspace `{space}` ({}), and none succeeded there: the common factor is the workspace, which is most likely not bound to these credentials. {}",
                        kind.name(),
                        quoted_all(all.iter().copied(), ", "),
                        facts::DENIAL_IS_AMBIGUOUS.en
                    ),
                    format!(
                        "所有尝试工作空间 `{space}` 的凭证执行 {} 都被拒绝（4101，`space_id={space}` 上的 `{permission}`；{}），没有一个成功：共同因素是该工作空间，它很可能没有授权给这些凭证。{}",
                        kind.name(),
                        quoted_all(all.iter().copied(), "、"),
                        facts::DENIAL_IS_AMBIGUOUS.zh
                    ),
                    format!(
                        "Check that `{space}` is the workspace you mean (COZE_WORKSPACE_ID: the number after /w/ in the workspace URL). {}",
                        facts::BIND_WORKSPACE.en
                    ),
                    format!(
                        "确认 `{space}` 是你要用的工作空间（COZE_WORKSPACE_ID：工作空间 URL 中 /w/ 后面的数字）。{}",
                        facts::BIND_WORKSPACE.zh
                    ),
                )
            }
            Verdict::Undecided(succeeded) => {
                for row in &succeeded {
                    evidence.add(row, row.probe(kind));
                }
                let (mut en, mut zh) = (
                    format!(
                        "{head_en}: `{permission}` is not configured for it, or it is not bound to workspace `{space}`. {}",
                        facts::DENIAL_IS_AMBIGUOUS.en
                    ),
                    format!(
                        "{head_zh}：该凭证没有配置 `{permission}`，或者没有绑定工作空间 `{space}`。{}",
                        facts::DENIAL_IS_AMBIGUOUS.zh
                    ),
                );
                if !succeeded.is_empty() {
                    en.push_str(&format!(
                        " The workspace and the operation work: {} succeeded there.",
                        quoted_all(succeeded.iter().copied(), ", ")
                    ));
                    zh.push_str(&format!(
                        "该工作空间和该操作本身没有问题：{} 在那里成功了。",
                        quoted_all(succeeded.iter().copied(), "、")
                    ));
                }
                (
                    NOT_CONFIGURED,
                    en,
                    zh,
                    format!(
                        "In the console, check both: `{permission}` among the credential's permissions, and `{space}` among its workspaces. {} {} {}",
                        facts::GRANT_IN_CONSOLE.en,
                        facts::BIND_WORKSPACE.en,
                        facts::VOLCENGINE_TICKET.en
                    ),
                    format!(
                        "请在控制台同时检查两点：该凭证的权限中是否有 `{permission}`，其工作空间中是否有 `{space}`。{}{}{}",
                        facts::GRANT_IN_CONSOLE.zh,
                        facts::BIND_WORKSPACE.zh,
                        facts::VOLCENGINE_TICKET.zh
                    ),
                )
            }
        };
        scoped_note(&mut en, &mut zh);
        findings.push(evidence.finding(
            rule,
            Severity::Cause,
            Bilingual::new(en, zh),
            Bilingual::new(fix_en, fix_zh),
        ));
    }
    findings
}

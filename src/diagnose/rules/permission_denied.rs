//! Rules `permission_not_configured` and `workspace_not_bound`: an operation was denied (4101) and the scope
//! is not the reason. The service sends the same 4101 text for a permission missing from the app (or PAT)
//! and for a workspace the credential is not bound to, so each credential is judged on its own rows only —
//! never on "another credential failed there too":
//!
//! - the same credential succeeded another operation in that workspace → it is bound there, so the
//!   permission is missing (`permission_not_configured`, proved);
//! - the same credential succeeded the operation in another workspace → it has the permission, so the
//!   workspace is not bound (`workspace_not_bound`, proved);
//! - the same credential was denied the operation (4101) in another workspace where it is bound → the
//!   permission is missing (`permission_not_configured`, proved), whatever the binding of the first one;
//! - its `list_workspaces` answer does not contain the workspace → `workspace_not_bound`, not proved;
//! - otherwise both remain possible: `permission_not_configured`, not proved, naming the probe and the
//!   console check that would decide.
//!
//! The follow-ups of the runner (`binding`) supply the proving rows; their own denials are evidence, not
//! new findings. An account-level denial has no workspace to bind: the permission is missing.
//!
//! Grounds: the Coze error-code page (the 4101 template `…access space_id=… createBot…`), doc authentication
//! (workspace-level permissions need the token bound to the workspace), doc pat (a PAT is bound to
//! workspaces, with permissions), coze-py#142 (4101 with every permission ticked; the only answer was a
//! Volcengine work order).

use crate::auth::AuthMode;
use crate::coze::catalogue::Level;
use crate::diagnose::evidence::{Denied, Evidence, Facts, quoted, quoted_all};
use crate::diagnose::finding::{Finding, Severity};
use crate::i18n::Bilingual;
use crate::knowledge::facts;
use crate::outcome::Outcome;
use crate::runner::{CaseResult, CredentialRows, FollowUpReason, ProbeResult};

use super::scope_narrowed::narrowed;

pub const NOT_CONFIGURED: &str = "permission_not_configured";
pub const WORKSPACE_NOT_BOUND: &str = "workspace_not_bound";

/// What the credential's own rows say about one denial in a workspace.
enum Verdict<'a> {
    /// Another operation succeeded in the workspace: bound there.
    BoundHere(&'a CaseResult, &'a ProbeResult),
    /// The operation succeeded in another workspace: the permission exists.
    WorksElsewhere(&'a CaseResult, &'a ProbeResult),
    /// Both: bound and permitted, yet denied.
    Contradiction(&'a CaseResult, &'a ProbeResult, &'a ProbeResult),
    /// The operation was denied too in another workspace the credential is bound to: the permission is
    /// missing, whatever the binding of this one. Carries the denial there, the success that proves the
    /// binding there, and a `list_workspaces` answer without this workspace, if any.
    DeniedWhereBound {
        row: &'a CaseResult,
        denied: &'a ProbeResult,
        bound: &'a ProbeResult,
        not_listed: Option<(&'a CaseResult, &'a ProbeResult)>,
    },
    /// A successful `list_workspaces` that does not list the workspace.
    NotListed(&'a CaseResult, &'a ProbeResult),
    /// Nothing decides.
    Undecided,
}

/// The workspace an operation addressed: from the 4101 message, else from the request.
fn workspace_of(denied: &Denied<'_>) -> Option<String> {
    denied
        .denial()
        .filter(|denial| denial.resource == "space_id")
        .map(|denial| denial.id)
        .or_else(|| denied.probe.workspace.clone())
}

fn verdict<'a>(facts: &Facts<'a>, denied: &Denied<'a>, space: &str) -> Verdict<'a> {
    let kind = denied.probe.probe;
    let own = CredentialRows::of(facts.cases(), denied.case);
    let not_listed = own.not_listing(space);
    match (own.bound_in(space), own.permitted_elsewhere(kind, space)) {
        (Some((row, here)), Some((_, there))) => Verdict::Contradiction(row, here, there),
        (Some((row, probe)), None) => Verdict::BoundHere(row, probe),
        (None, Some((row, probe))) => Verdict::WorksElsewhere(row, probe),
        (None, None) => match own.denied_where_bound(kind, space) {
            Some(((row, denied), (_, bound))) => Verdict::DeniedWhereBound {
                row,
                denied,
                bound,
                not_listed,
            },
            None => not_listed
                .map(|(row, probe)| Verdict::NotListed(row, probe))
                .unwrap_or(Verdict::Undecided),
        },
    }
}

/// "the OAuth app `1127900106117` (credential `jwt`)" / "the personal access token `pat`", for sentences.
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

/// A row's operation for a sentence: `list_bots in workspace `…` (“case”)`.
fn cited(row: &CaseResult, probe: &ProbeResult) -> (String, String) {
    let at = |zh: bool| match &probe.workspace {
        Some(space) if zh => format!("在工作空间 `{space}` 中"),
        Some(space) => format!(" in workspace `{space}`"),
        None => String::new(),
    };
    (
        format!("{}{} ({})", probe.probe.name(), at(false), quoted(row)),
        format!("{}{}（{}）", at(true), probe.probe.name(), quoted(row)),
    )
}

pub fn check(facts: &Facts<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A denial in an other-region follow-up is explained by `wrong_region` (ids are per region); a denial
    // in a binding follow-up is evidence for the denial it follows up.
    let primary = |denied: &Denied<'_>| {
        !denied.case.follow_up.as_ref().is_some_and(|follow_up| {
            matches!(
                follow_up.reason,
                FollowUpReason::OtherRegion | FollowUpReason::Binding
            )
        })
    };
    for denied in facts
        .denied_operations()
        .filter(|denied| !narrowed(denied) && primary(denied))
    {
        let case = denied.case;
        let kind = denied.probe.probe;
        let permission = denied
            .permission()
            .unwrap_or_else(|| kind.name().to_string());
        let (who_en, who_zh) = holder(case);
        let mut evidence = Evidence::default();
        evidence.add(case, Some(denied.probe));
        let scoped_note = |en: &mut String, zh: &mut String| {
            if case.scope.is_some() {
                en.push_str(" The scope sent grants it, so the scope is not the reason.");
                zh.push_str("所发送的 scope 授予了该权限，因此原因不在 scope。");
            }
        };
        let grant_fix = || {
            Bilingual::new(
                format!(
                    "Add `{permission}` to the credential. {}",
                    facts::GRANT_IN_CONSOLE.en
                ),
                format!(
                    "为该凭证添加 `{permission}` 权限。{}",
                    facts::GRANT_IN_CONSOLE.zh
                ),
            )
        };
        let level = kind.operation().level;
        let space = workspace_of(&denied).filter(|_| level == Level::Workspace);
        let Some(space) = space else {
            // No workspace the request named: an account-level permission is simply missing; a bot- or
            // workflow-level one may also be the resource's workspace not being bound.
            let resource = denied
                .denial()
                .map(|denial| format!(" on `{}={}`", denial.resource, denial.id))
                .unwrap_or_default();
            let mut en = format!(
                "{} was denied (4101{resource}): {who_en} does not have the `{permission}` permission",
                kind.name()
            );
            let mut zh = format!(
                "{} 被拒绝（4101{resource}）：{who_zh} 没有 `{permission}` 权限",
                kind.name()
            );
            let account = level == Level::Account;
            if account {
                en.push('.');
                zh.push('。');
            } else {
                en.push_str(", or is not bound to the workspace the resource lives in (not proved: the service's message is the same for both).");
                zh.push_str("，或者没有绑定该资源所在的工作空间（尚未证实：两种情况下服务返回的消息相同）。");
            }
            scoped_note(&mut en, &mut zh);
            let mut fix = grant_fix();
            if !account {
                fix.append(&facts::BIND_WORKSPACE);
            }
            let finding =
                evidence.finding(NOT_CONFIGURED, Severity::Cause, Bilingual::new(en, zh), fix);
            findings.push(finding.proved_if(account));
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
        let (rule, mut en, mut zh, fix, proved) = match verdict(facts, &denied, &space) {
            Verdict::BoundHere(row, probe) => {
                evidence.add(row, Some(probe));
                let (did_en, did_zh) = cited(row, probe);
                (
                    NOT_CONFIGURED,
                    format!(
                        "{head_en}: `{permission}` is not configured for it. It is bound to workspace `{space}`: {did_en} succeeded with the same credential."
                    ),
                    format!(
                        "{head_zh}：该凭证没有配置 `{permission}`。它已绑定工作空间 `{space}`：同一凭证{did_zh}成功了。"
                    ),
                    grant_fix(),
                    true,
                )
            }
            Verdict::WorksElsewhere(row, probe) => {
                evidence.add(row, Some(probe));
                let (did_en, did_zh) = cited(row, probe);
                (
                    WORKSPACE_NOT_BOUND,
                    format!(
                        "{head_en}: it is not bound to workspace `{space}`. It has `{permission}`: {did_en} succeeded with the same credential."
                    ),
                    format!(
                        "{head_zh}：该凭证未绑定工作空间 `{space}`。它具备 `{permission}`：同一凭证{did_zh}成功了。"
                    ),
                    facts::BIND_WORKSPACE.clone(),
                    true,
                )
            }
            Verdict::Contradiction(row, here, there) => {
                evidence.add(row, Some(here));
                evidence.add(row, Some(there));
                let (here_en, here_zh) = cited(row, here);
                let (there_en, there_zh) = cited(row, there);
                (
                    NOT_CONFIGURED,
                    format!(
                        "{head_en}, although it is bound to `{space}` ({here_en} succeeded) and has `{permission}` ({there_en} succeeded). {}",
                        facts::VOLCENGINE_TICKET.en
                    ),
                    format!(
                        "{head_zh}，但它已绑定 `{space}`（{here_zh}成功了）且具备 `{permission}`（{there_zh}成功了）。{}",
                        facts::VOLCENGINE_TICKET.zh
                    ),
                    facts::GIVE_LOGIDS.clone(),
                    false,
                )
            }
            Verdict::DeniedWhereBound {
                row,
                denied: denied_there,
                bound,
                not_listed,
            } => {
                evidence.add(row, Some(denied_there));
                evidence.add(row, Some(bound));
                let (denied_en, denied_zh) = cited(row, denied_there);
                let (bound_en, bound_zh) = cited(row, bound);
                let mut en = format!(
                    "{head_en}: `{permission}` is not configured for it. {denied_en} was denied too, in a workspace it is bound to: {bound_en} succeeded with the same credential."
                );
                let mut zh = format!(
                    "{head_zh}：该凭证没有配置 `{permission}`。{denied_zh}同样被拒绝，而它已绑定那个工作空间：同一凭证{bound_zh}成功了。"
                );
                let mut fix = grant_fix();
                if let Some((listed_row, _)) = not_listed {
                    en.push_str(&format!(
                        " It is not bound to `{space}` either (its list_workspaces answer does not contain it, {}): granting the permission alone will not be enough there.",
                        quoted(listed_row)
                    ));
                    zh.push_str(&format!(
                        "它也没有绑定 `{space}`（其 list_workspaces 的结果中没有该工作空间，{}）：仅添加权限在那里还不够。",
                        quoted(listed_row)
                    ));
                    fix.append(&facts::BIND_WORKSPACE);
                }
                (NOT_CONFIGURED, en, zh, fix, true)
            }
            Verdict::NotListed(row, probe) => {
                evidence.add(row, Some(probe));
                (
                    WORKSPACE_NOT_BOUND,
                    format!(
                        "{head_en}: most likely it is not bound to workspace `{space}`, which its list_workspaces answer does not contain ({}). Not proved: run {} in another workspace it can see, or check the credential's workspace list in the console.",
                        quoted(row),
                        kind.name()
                    ),
                    format!(
                        "{head_zh}：很可能它没有绑定工作空间 `{space}`，其 list_workspaces 的结果中没有该工作空间（{}）。尚未证实：可在它能看到的另一个工作空间中执行 {}，或在控制台检查该凭证的工作空间列表。",
                        quoted(row),
                        kind.name()
                    ),
                    facts::BIND_WORKSPACE.clone(),
                    false,
                )
            }
            Verdict::Undecided => (
                NOT_CONFIGURED,
                format!(
                    "{head_en}: `{permission}` is not configured for it, or it is not bound to workspace `{space}`. {} Not proved: a read in `{space}` (list_bots) succeeding would show the binding, {} succeeding in another workspace would show the permission; the follow-ups run them unless --no-follow-up.",
                    facts::DENIAL_IS_AMBIGUOUS.en,
                    kind.name()
                ),
                format!(
                    "{head_zh}：该凭证没有配置 `{permission}`，或者没有绑定工作空间 `{space}`。{}尚未证实：若在 `{space}` 中读取（list_bots）成功，说明已绑定；若在另一工作空间执行 {} 成功，说明具备该权限；除非使用 --no-follow-up，后续探测会自动执行它们。",
                    facts::DENIAL_IS_AMBIGUOUS.zh,
                    kind.name()
                ),
                Bilingual::new(
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
                ),
                false,
            ),
        };
        if !proved {
            // Context, not proof: another credential's success shows the workspace and the operation work.
            let others: Vec<&CaseResult> = facts
                .cases()
                .filter(|row| row.auth.name != case.auth.name && row.region == case.region)
                .filter(|row| {
                    row.probes.iter().any(|probe| {
                        probe.probe == kind
                            && probe.outcome == Outcome::Ok
                            && probe.workspace.as_deref() == Some(space.as_str())
                    })
                })
                .collect();
            if !others.is_empty() {
                en.push_str(&format!(
                    " The workspace and the operation work: {} succeeded there.",
                    quoted_all(others.iter().copied(), ", ")
                ));
                zh.push_str(&format!(
                    "该工作空间和该操作本身没有问题：{} 在那里成功了。",
                    quoted_all(others.iter().copied(), "、")
                ));
            }
        }
        scoped_note(&mut en, &mut zh);
        let finding = evidence.finding(rule, Severity::Cause, Bilingual::new(en, zh), fix);
        findings.push(finding.proved_if(proved));
    }
    findings
}

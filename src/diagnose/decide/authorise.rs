//! Authorise: the credential authenticated, and an operation of the user's was denied. The scope (a token
//! request refused for a name, a scoped token narrowed), chat polling, ownership, then the one question the
//! 4101 text cannot answer — permission missing or workspace not bound — judged on the credential's own
//! rows only (`runner::CredentialRows`, which the binding follow-ups plan from).
//!
//! Grounds: the Coze error-code page (the 4101 template `…access space_id=… createBot…`; the same text for
//! a missing permission and an unbound workspace), doc authentication (workspace-level permissions need
//! the token bound to the workspace), doc oauth_jwt_channel (no scope = every permission of the app), the
//! node-chat2 failure report (a scope narrows a normal app's token; unknown names fail the token request
//! with `invalid_request`), doc retrieve_chat (`getChat`) and the message list (`chat` + `listMessage`),
//! coze-js#314, py docstrings (with a PAT only owners and collaborators edit a bot; with OAuth JWT or a
//! service token the permission point suffices), coze-py#142 (4101 with everything ticked).

use super::cited;
use crate::auth::AuthMode;
use crate::coze::catalogue::Level;
use crate::coze::permission::permission_of_scope_name;
use crate::coze::wire::oauth_error;
use crate::diagnose::credential::{AuthState, CredentialView, Row};
use crate::diagnose::evidence::{Denial, granted_by_scope, permission_of, scope_names_granting};
use crate::diagnose::hypothesis::Hypothesis;
use crate::diagnose::verdict::{Cause, Cited, Detail, Grounds, Operation, Place, Proof, Verdict};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, CredentialRows, ProbeResult, TokenKind};

/// Scope names, then each denied operation of the user's.
pub fn decide(view: &CredentialView<'_>, verdict: &mut Verdict) {
    scope_names(view, verdict);
    let authenticated = matches!(view.auth_state(view.home), AuthState::Authenticated(_));
    let denials: Vec<Row<'_>> = view
        .relevant_probes()
        .filter(|(_, probe)| {
            probe.probe != ProbeKind::Token
                && (probe.outcome == Outcome::DeniedPermission
                    // A 4100 on one endpoint while others answer is about that endpoint.
                    || (authenticated && probe.outcome == Outcome::DeniedAuth))
        })
        .collect();
    for row in denials {
        denial(view, row, verdict);
    }
}

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

/// The token probe of a scoped case refused for its scope.
fn rejected_scope(case: &CaseResult) -> Option<&ProbeResult> {
    if case.auth.mode != AuthMode::Jwt || case.scope.is_none() {
        return None;
    }
    case.probe(ProbeKind::Token).filter(|token| {
        token.outcome == Outcome::BadRequest
            && token.answer.error_code.as_deref() == Some(oauth_error::INVALID_REQUEST)
            && blames_scope(token.answer.message.as_deref())
    })
}

/// Token requests refused for a scope name: one cause for every such case of the credential.
pub fn scope_names(view: &CredentialView<'_>, verdict: &mut Verdict) {
    let mut evidence: Vec<Cited> = Vec::new();
    let mut sent: Vec<String> = Vec::new();
    let mut wanted: Vec<&'static str> = Vec::new();
    for case in view.own_rows() {
        let Some(token) = rejected_scope(case) else {
            continue;
        };
        evidence.push(Cited::of(case, token));
        for name in case.scope.iter().flatten() {
            if !sent.contains(name) {
                sent.push(name.clone());
            }
        }
        for permission in case
            .probes
            .iter()
            .filter_map(|probe| probe.probe.permission())
        {
            if !wanted.contains(&permission) {
                wanted.push(permission);
            }
        }
    }
    if evidence.is_empty() {
        return;
    }
    let suspects = sent
        .iter()
        .filter(|name| permission_of_scope_name(name).is_none())
        .cloned()
        .collect();
    let ungrantable = wanted
        .into_iter()
        .filter(|permission| scope_names_granting(permission).is_empty())
        .collect();
    let baseline = view.no_scope_rows().find_map(|case| {
        case.probe(ProbeKind::Token)
            .filter(|token| token.outcome == Outcome::Ok)
            .map(|token| Cited::of(case, token))
    });
    let cause = Cause::new(
        Detail::ScopeNameRejected {
            sent,
            suspects,
            ungrantable,
        },
        baseline.is_some(),
        evidence,
    );
    verdict.causes.push(match baseline {
        Some(row) => cause.proved_by(row),
        None => cause.unproved(Proof::NoScope),
    });
}

/// What the denied operation was and where.
fn operation_of(row: Row<'_>) -> Operation {
    let level = row.1.probe.operation().level;
    let place = match row.1.answer.message.as_deref().and_then(Denial::parse) {
        Some(denial) if denial.resource == "space_id" && level == Level::Workspace => {
            Place::Workspace { id: denial.id }
        }
        Some(denial) if denial.resource != "space_id" => Place::Resource {
            key: denial.resource,
            id: denial.id,
        },
        _ => match (level, &row.1.workspace) {
            (Level::Workspace, Some(space)) => Place::Workspace { id: space.clone() },
            (Level::Account, _) => Place::Account,
            _ => match super::resource::resource_of(row.1) {
                Some((kind, id)) => Place::Resource {
                    key: kind.key().to_string(),
                    id,
                },
                None => Place::Account,
            },
        },
    };
    Operation {
        probe: row.1.probe,
        permission: permission_of(row.1),
        place,
    }
}

fn denial(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) {
    let (case, probe) = row;
    let here = cited(row);
    let operation = operation_of(row);
    let permission = operation.permission.clone().unwrap_or_default();
    if let Some(cause) = studio_not_own(view, row, &operation) {
        verdict.causes.push(cause);
        return;
    }
    if view.mode == AuthMode::Jwt {
        match &case.scope {
            Some(scope) if !granted_by_scope(scope).contains(&permission.as_str()) => {
                if let Some((cause, baseline)) = narrowed(view, row, &operation, scope) {
                    verdict.causes.push(cause);
                    for hypothesis in [
                        Hypothesis::PermissionNotConfigured,
                        Hypothesis::WorkspaceNotBound,
                    ] {
                        verdict.rule_out(hypothesis, Grounds::BaselineSucceeded(baseline.clone()));
                    }
                    return;
                }
                let baseline_denied = view.no_scope_rows().find_map(|row| {
                    same_probe(row, probe)
                        .filter(|p| p.outcome == Outcome::DeniedPermission)
                        .map(|p| (row, p))
                });
                match baseline_denied {
                    Some(baseline) => {
                        verdict.rule_out(
                            Hypothesis::ScopeNarrowed,
                            Grounds::BaselineDenied(cited(baseline)),
                        );
                        // The app lacks it too: a scenario row is judged on its own, a follow-up here.
                        if baseline.0.follow_up.is_some() {
                            binding(view, baseline, verdict);
                        }
                        return;
                    }
                    None => {
                        verdict.causes.push(
                            Cause::new(scope_detail(operation, scope), false, vec![here])
                                .unproved(Proof::NoScope),
                        );
                        return;
                    }
                }
            }
            Some(_) => verdict.rule_out(
                Hypothesis::ScopeNarrowed,
                Grounds::ScopeGrants {
                    permission: permission.clone(),
                },
            ),
            None => verdict.rule_out(Hypothesis::ScopeNarrowed, Grounds::NoScopeSent),
        }
    }
    // The scope first: a scoped token denied polling is narrowed, not missing a permission.
    if matches!(permission.as_str(), "getChat" | "listMessage") {
        let chat = case
            .probe(ProbeKind::Chat)
            .filter(|chat| chat.outcome == Outcome::Ok)
            .map(|chat| Cited::of(case, chat));
        let mut cause = Cause::new(Detail::ChatPollingDenied { operation }, true, vec![here]);
        cause.evidence.extend(chat);
        verdict.causes.push(cause);
        return;
    }
    if matches!(probe.probe, ProbeKind::UpdateBot | ProbeKind::PublishBot) {
        match ownership(view, row, &operation, verdict) {
            Ownership::NotOwner(cause) => {
                verdict.causes.push(cause);
                return;
            }
            Ownership::Unknown => {
                // The binding rows cannot tell a missing permission from another member's bot.
                let before = verdict.causes.len();
                binding(view, row, verdict);
                for cause in &mut verdict.causes[before..] {
                    if cause.proved {
                        cause.proved = false;
                        cause.would_prove = Some(Proof::Ownership);
                    }
                }
                return;
            }
            Ownership::RuledOut => {}
        }
    }
    binding(view, row, verdict);
}

/// What the rows say about who owns an edited bot.
enum Ownership {
    NotOwner(Cause),
    Unknown,
    RuledOut,
}

fn same_probe<'a>(case: &'a CaseResult, like: &ProbeResult) -> Option<&'a ProbeResult> {
    case.probes
        .iter()
        .find(|probe| probe.probe == like.probe && probe.workspace == like.workspace)
}

fn scope_detail(operation: Operation, scope: &[String]) -> Detail {
    let permission = operation.permission.clone().unwrap_or_default();
    Detail::ScopeNarrowed {
        granted: granted_by_scope(scope),
        grant_names: scope_names_granting(&permission),
        scope: scope.to_vec(),
        operation,
    }
}

/// A scoped token denied what its scope does not grant, proved when the no-scope token succeeded: the
/// cause and the baseline's success.
fn narrowed(
    view: &CredentialView<'_>,
    row: Row<'_>,
    operation: &Operation,
    scope: &[String],
) -> Option<(Cause, Cited)> {
    let baseline = view.no_scope_rows().find_map(|case| {
        same_probe(case, row.1)
            .filter(|probe| probe.outcome == Outcome::Ok)
            .map(|probe| (case, probe))
    })?;
    let mut cause = Cause::new(
        scope_detail(operation.clone(), scope),
        true,
        vec![cited(row)],
    );
    cause.push_evidence(cited(baseline));
    if let Some(token) = baseline.0.probe(ProbeKind::Token) {
        cause.push_evidence(Cited::of(baseline.0, token));
    }
    Some((cause, cited(baseline)))
}

/// A self-hosted Studio's `agent not own`: the agent is another user's, whatever is asked of it.
fn studio_not_own(view: &CredentialView<'_>, row: Row<'_>, operation: &Operation) -> Option<Cause> {
    view.scenario.target.studio.as_ref()?;
    let says = row.1.answer.message.as_deref().is_some_and(|message| {
        crate::coze::messages::contains_any(message, crate::coze::studio::NOT_OWN)
    });
    let bot = super::resource::resource_of(row.1).map(|(_, id)| id)?;
    says.then(|| {
        Cause::new(
            Detail::NotOwner {
                operation: operation.clone(),
                bot,
                owner: None,
                user: None,
                on_studio: true,
            },
            true,
            vec![cited(row)],
        )
    })
}

/// A personal token's edit of a bot: another account's bot is refused whatever the permission.
fn ownership(
    view: &CredentialView<'_>,
    row: Row<'_>,
    operation: &Operation,
    verdict: &mut Verdict,
) -> Ownership {
    let personal = view.mode == AuthMode::Pat
        && row
            .0
            .auth
            .token_kind
            .is_none_or(|kind| kind == TokenKind::Pat);
    if !personal {
        verdict.rule_out(Hypothesis::NotOwner, Grounds::NotPersonalToken);
        return Ownership::RuledOut;
    }
    let Some(bot) = super::resource::resource_of(row.1).map(|(_, id)| id) else {
        return Ownership::Unknown;
    };
    let owner = view.home_probes().find(|(_, probe)| {
        probe.probe == ProbeKind::RetrieveBot
            && probe.owner_seen.is_some()
            && super::resource::resource_of(probe).is_some_and(|(_, id)| id == bot)
    });
    let user = view
        .home_probes()
        .find(|(_, probe)| probe.user_id_seen.is_some());
    let (Some(owner), Some(user)) = (owner, user) else {
        return Ownership::Unknown;
    };
    if owner.1.owner_seen == user.1.user_id_seen {
        verdict.rule_out(Hypothesis::NotOwner, Grounds::OwnsTheBot(cited(owner)));
        return Ownership::RuledOut;
    }
    let mut cause = Cause::new(
        Detail::NotOwner {
            operation: operation.clone(),
            bot,
            owner: owner.1.owner_seen.clone(),
            user: user.1.user_id_seen.clone(),
            on_studio: false,
        },
        true,
        vec![cited(row)],
    );
    cause.push_evidence(cited(owner));
    cause.push_evidence(cited(user));
    Ownership::NotOwner(cause)
}

/// Permission missing or workspace not bound, from the credential's own rows.
fn binding(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) {
    let (case, probe) = row;
    let here = cited(row);
    let operation = operation_of(row);
    let space = match &operation.place {
        Place::Workspace { id } => id.clone(),
        Place::Account => {
            verdict.rule_out(Hypothesis::WorkspaceNotBound, Grounds::AccountLevel);
            verdict.causes.push(Cause::new(
                Detail::not_configured(operation),
                true,
                vec![here],
            ));
            return;
        }
        Place::Resource { .. } => {
            resource_denial(view, row, operation, verdict);
            return;
        }
    };
    let all: Vec<&CaseResult> = view.rows().collect();
    let own = CredentialRows::of(all.iter().copied(), case);
    let not_configured = |also_unbound, contradiction| Detail::PermissionNotConfigured {
        operation: operation.clone(),
        also_unbound,
        contradiction,
    };
    let kind = probe.probe;
    match (own.bound_in(&space), own.permitted_elsewhere(kind, &space)) {
        (Some(bound), Some(there)) => {
            verdict.causes.push(
                Cause::new(not_configured(false, true), false, vec![here, cited(bound)])
                    .proved_by(cited(there))
                    .unproved(Proof::Console),
            );
        }
        (Some(bound), None) => {
            verdict.causes.push(
                Cause::new(not_configured(false, false), true, vec![here]).proved_by(cited(bound)),
            );
            verdict.rule_out(
                Hypothesis::WorkspaceNotBound,
                Grounds::BoundIn(cited(bound)),
            );
        }
        (None, Some(there)) => {
            verdict.causes.push(
                Cause::new(
                    Detail::WorkspaceNotBound {
                        operation: operation.clone(),
                        workspace: space.clone(),
                    },
                    true,
                    vec![here],
                )
                .proved_by(cited(there)),
            );
            verdict.rule_out(
                Hypothesis::PermissionNotConfigured,
                Grounds::PermittedElsewhere(cited(there)),
            );
        }
        (None, None) => match own.denied_where_bound(kind, &space) {
            Some((denied, bound)) => {
                let also_unbound = own.not_listing(&space).is_some();
                let mut cause = Cause::new(not_configured(also_unbound, false), true, vec![here]);
                cause.push_evidence(cited(denied));
                cause.push_evidence(cited(bound));
                verdict.causes.push(cause);
            }
            // Its workspace list says whether it is bound there (the diagnosis expert's table: a workspace
            // absent from `list_workspaces` confirms the binding is missing).
            None => match (own.not_listing(&space), own.listing(&space)) {
                (Some(listing), _) => verdict.causes.push(Cause::new(
                    Detail::WorkspaceNotBound {
                        operation: operation.clone(),
                        workspace: space.clone(),
                    },
                    true,
                    vec![here, cited(listing)],
                )),
                (None, Some(listing)) => {
                    verdict.causes.push(
                        Cause::new(not_configured(false, false), true, vec![here])
                            .proved_by(cited(listing)),
                    );
                    verdict.rule_out(
                        Hypothesis::WorkspaceNotBound,
                        Grounds::BoundIn(cited(listing)),
                    );
                }
                (None, None) => verdict.causes.push(
                    Cause::new(not_configured(false, false), false, vec![here])
                        .unproved(Proof::BindingProbes),
                ),
            },
        },
    }
}

/// A 4101 on a bot or workflow: the permission, or the resource lives where the credential cannot reach.
fn resource_denial(
    view: &CredentialView<'_>,
    row: Row<'_>,
    operation: Operation,
    verdict: &mut Verdict,
) {
    let here = cited(row);
    let Place::Resource { id, .. } = &operation.place else {
        return;
    };
    let lists = super::resource::lists_of(view, row.1);
    if let Some(listing) = lists.iter().find(|(_, probe)| {
        probe
            .listed
            .as_ref()
            .is_some_and(|items| items.iter().any(|item| &item.id == id))
    }) {
        verdict.rule_out(
            Hypothesis::ResourceElsewhere,
            Grounds::ResourceFound(cited(*listing)),
        );
        verdict.rule_out(
            Hypothesis::WorkspaceNotBound,
            Grounds::BoundIn(cited(*listing)),
        );
        verdict.causes.push(
            Cause::new(Detail::not_configured(operation), true, vec![here])
                .proved_by(cited(*listing)),
        );
        return;
    }
    if !lists.is_empty() {
        let everywhere = super::resource::searched_everywhere(view, row.1);
        let kind = super::resource::resource_of(row.1).map(|(kind, _)| kind);
        let searched: Vec<String> = lists
            .iter()
            .filter_map(|(_, probe)| probe.workspace.clone())
            .collect();
        let mut cause = Cause::new(
            Detail::ResourceElsewhere {
                kind: kind.unwrap_or(crate::diagnose::verdict::ResourceKind::Bot),
                id: id.clone(),
                searched,
                operation,
            },
            everywhere,
            vec![here],
        );
        if !everywhere {
            cause = cause.unproved(Proof::ResourceLists);
        }
        for listing in &lists {
            cause.push_evidence(cited(*listing));
        }
        verdict.causes.push(cause);
        return;
    }
    verdict.causes.push(
        Cause::new(Detail::not_configured(operation), false, vec![here])
            .unproved(Proof::ResourceLists),
    );
}

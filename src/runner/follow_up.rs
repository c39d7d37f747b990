//! Automatic follow-up cases: the variants that tell the truth when a case fails. A JWT case denied with a
//! scope is retried with no scope; a credential rejected for authentication, or a PAT whose operations all
//! answered 4200 `… does not exist`, is tried once in the other region; an operation denied with 4101 in a
//! workspace is followed by the two probes that tell a missing permission from a workspace the credential
//! is not bound to (a read in that workspace; the same operation in another workspace the credential can
//! see). Each is marked as a follow-up in the results and becomes evidence for the diagnosis. A run that
//! needs none sends no extra request.

use std::collections::BTreeSet;

use super::binding::CredentialRows;
use super::result::{CaseResult, FollowUp, FollowUpReason};
use crate::auth::AuthMode;
use crate::coze::catalogue::Level;
use crate::coze::messages;
use crate::coze::wire::oauth_error;
use crate::outcome::Outcome;
use crate::probe::{Probe, ProbeKind};
use crate::scenario::CasePlan;

/// A case to add, and why.
pub(super) struct Planned {
    pub case: CasePlan,
    pub follow_up: FollowUp,
}

/// The follow-ups that `results` call for, at most one of each kind per credential, and none when the
/// scenario already has the row that would answer the question.
pub(super) fn plan(
    cases: &[CasePlan],
    results: &[CaseResult],
    other_region_available: bool,
) -> Vec<Planned> {
    let mut planned = Vec::new();
    let mut no_scope_done: BTreeSet<&str> = cases
        .iter()
        .filter(|case| case.scope.is_none())
        .map(|case| case.credential.name())
        .collect();
    let mut other_region_done: BTreeSet<&str> = BTreeSet::new();
    for (case, result) in cases.iter().zip(results) {
        let credential = case.credential.name();
        let token = result.probe(ProbeKind::Token).map(|probe| probe.outcome);
        let scope_denied = case.scope.is_some()
            && (token == Some(Outcome::BadRequest) || result.any(Outcome::DeniedPermission));
        if scope_denied && no_scope_done.insert(credential) {
            planned.push(Planned {
                case: CasePlan {
                    name: format!("{credential}: no scope (follow-up)"),
                    scope: None,
                    scope_object: None,
                    survey: Vec::new(),
                    expect: Default::default(),
                    note: None,
                    ..case.clone()
                },
                follow_up: FollowUp {
                    of: case.name.clone(),
                    reason: FollowUpReason::NoScope,
                },
            });
        }
        // `access_deny` (a channel app, a deactivated app) is the right region saying no: nothing to learn
        // from the other one.
        let access_deny = result.probe(ProbeKind::Token).is_some_and(|probe| {
            probe.answer.error_code.as_deref() == Some(oauth_error::ACCESS_DENY)
        });
        // A kid that is no fingerprint at all (a PEM body, a file name) is refused in every region.
        let kid_malformed = result
            .auth
            .kid
            .as_deref()
            .and_then(crate::auth::kid::malformed)
            .is_some();
        let auth_rejected = match result.auth.mode {
            AuthMode::Jwt => token == Some(Outcome::DeniedAuth) && !access_deny && !kid_malformed,
            // A 4100 on one endpoint while others answer is about that endpoint, not the token.
            AuthMode::Pat => {
                let past_auth = result.any(Outcome::Ok) || result.any(Outcome::DeniedPermission);
                (result.any(Outcome::DeniedAuth) && !past_auth) || found_nothing(result)
            }
        };
        if auth_rejected && other_region_available && other_region_done.insert(credential) {
            planned.push(Planned {
                case: CasePlan {
                    name: format!("{credential}: other region (follow-up)"),
                    probes: other_region_probes(case, result),
                    survey: Vec::new(),
                    expect: Default::default(),
                    note: None,
                    ..case.clone()
                },
                follow_up: FollowUp {
                    of: case.name.clone(),
                    reason: FollowUpReason::OtherRegion,
                },
            });
        }
    }
    planned
}

/// What the other region is asked: one request that says whether the credential belongs there — the token
/// request alone (jwt) or `whoami` — and, for a row that found nothing, a read of the same resource. Never a
/// replay of what writes or spends.
fn other_region_probes(case: &CasePlan, result: &CaseResult) -> Vec<Probe> {
    if result.auth.mode == AuthMode::Jwt {
        return Vec::new();
    }
    let mut probes = vec![Probe::plain(ProbeKind::Whoami)];
    if found_nothing(result) {
        for probe in &case.probes {
            let read = match probe.kind {
                ProbeKind::Chat
                | ProbeKind::RetrieveBot
                | ProbeKind::UpdateBot
                | ProbeKind::PublishBot => ProbeKind::RetrieveBot,
                ProbeKind::RunWorkflow | ProbeKind::RetrieveWorkflow => ProbeKind::RetrieveWorkflow,
                _ => continue,
            };
            let ask = Probe {
                kind: read,
                params: crate::probe::ProbeParams {
                    bot_id: probe.params.bot_id.clone(),
                    workflow_id: probe.params.workflow_id.clone(),
                    ..Default::default()
                },
            };
            if !probes.contains(&ask) {
                probes.push(ask);
            }
        }
    }
    probes
}

/// A PAT row whose operations all found nothing (4200 `… does not exist`) and never got past
/// authentication: the service looks a bot up before it checks the token, so a bot or a token of the other
/// region answers this way (coze-java#92), and the other region is the question to ask.
fn found_nothing(result: &CaseResult) -> bool {
    let missing = result.probes.iter().any(|probe| {
        probe.outcome == Outcome::NotFound
            && probe
                .answer
                .message
                .as_deref()
                .is_some_and(messages::says_resource_missing)
    });
    missing
        && !result
            .probes
            .iter()
            .any(|probe| matches!(probe.outcome, Outcome::Ok | Outcome::DeniedPermission))
}

/// The binding follow-ups `results` call for (one case per credential and scope): for each operation denied
/// with 4101 in workspace W, (a) a workspace-level read in W, and (b) the same operation in another
/// workspace the credential can see — from its `list_workspaces` answer, else the scenario's other
/// workspaces; when neither is known yet, `list_workspaces` first (a later round then does (b)). Probes
/// already answered by a row of the same credential and scope are not sent again.
pub(super) fn plan_binding(
    cases: &[CasePlan],
    results: &[CaseResult],
    round: usize,
) -> Vec<Planned> {
    let scenario_workspaces: Vec<&str> = cases
        .iter()
        .flat_map(|case| &case.probes)
        .filter_map(Probe::workspace)
        .fold(Vec::new(), |mut all, space| {
            if !all.contains(&space) {
                all.push(space);
            }
            all
        });
    let mut planned: Vec<Planned> = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        let other_region = result
            .follow_up
            .as_ref()
            .is_some_and(|follow_up| follow_up.reason == FollowUpReason::OtherRegion);
        // A scoped token is narrowed by its scope: its no-scope follow-up asks the binding question. The
        // denials of a binding follow-up are evidence for the denial it follows, not new questions.
        let binding_row = result
            .follow_up
            .as_ref()
            .is_some_and(|follow_up| follow_up.reason == FollowUpReason::Binding);
        if other_region || binding_row || result.scope.is_some() {
            continue;
        }
        let own = CredentialRows::of(results, result);
        for denied in result.probes.iter().filter(|probe| {
            probe.outcome == Outcome::DeniedPermission
                && probe.probe.operation().level == Level::Workspace
        }) {
            let Some(space) = denied.workspace.as_deref() else {
                continue;
            };
            if own.decides(denied.probe, space) {
                continue;
            }
            let Some(template) = case
                .probes
                .iter()
                .find(|probe| probe.kind == denied.probe && probe.workspace() == Some(space))
            else {
                continue;
            };
            let mut probes: Vec<Probe> = Vec::new();
            let read = if denied.probe == ProbeKind::ListBots {
                ProbeKind::ListWorkflows
            } else {
                ProbeKind::ListBots
            };
            if !own.tried(read, space) {
                probes.push(Probe {
                    kind: read,
                    params: crate::probe::ProbeParams {
                        space_id: Some(space.to_string()),
                        ..Default::default()
                    },
                });
            }
            // The same operation elsewhere tells the permission apart, but a write is never sent again to
            // find out: the credential's workspace list answers the binding question instead.
            let elsewhere_allowed = !denied.probe.has_side_effects();
            let candidates: Vec<&str> = match own.workspaces_seen() {
                Some(seen) => seen.iter().map(String::as_str).collect(),
                None => scenario_workspaces.clone(),
            };
            let other = candidates
                .into_iter()
                .find(|other| *other != space && !own.tried(denied.probe, other));
            match other {
                Some(other) if elsewhere_allowed => {
                    let mut params = template.params.clone();
                    params.space_id = Some(other.to_string());
                    probes.push(Probe {
                        kind: denied.probe,
                        params,
                    });
                }
                _ if !own.listed() && round == 0 => {
                    probes.push(Probe::plain(ProbeKind::ListWorkspaces));
                }
                _ => {}
            }
            let name = format!("{}: binding (follow-up {})", result.auth.name, round + 1);
            match planned.iter_mut().find(|p| {
                p.case.credential.name() == result.auth.name && p.case.scope == result.scope
            }) {
                Some(existing) => {
                    for probe in probes {
                        if !existing.case.probes.contains(&probe) {
                            existing.case.probes.push(probe);
                        }
                    }
                }
                None if !probes.is_empty() => planned.push(Planned {
                    case: CasePlan {
                        name,
                        probes,
                        survey: Vec::new(),
                        expect: Default::default(),
                        note: None,
                        ..(*case).clone()
                    },
                    follow_up: FollowUp {
                        of: result.name.clone(),
                        reason: FollowUpReason::Binding,
                    },
                }),
                None => {}
            }
        }
    }
    planned
}

/// The most bound workspaces whose lists a resource follow-up reads for one credential.
const MAX_LISTED_WORKSPACES: usize = 5;

/// The resource follow-ups `results` call for (one case per credential): for each of the user's bot or
/// workflow ids that was denied or not found, with a credential that authenticated, the credential's
/// workspace list (when it has none yet), then the bots or workflows of each workspace it is bound to,
/// every page. Reads only; nothing is asked twice.
pub(super) fn plan_resources(
    cases: &[CasePlan],
    results: &[CaseResult],
    round: usize,
) -> Vec<Planned> {
    let mut planned: Vec<Planned> = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        if result.follow_up.is_some() || result.scope.is_some() {
            continue;
        }
        let authenticated = result.any(Outcome::Ok) || result.any(Outcome::DeniedPermission);
        if !authenticated {
            continue;
        }
        let own = CredentialRows::of(results, result);
        let mut probes: Vec<Probe> = Vec::new();
        for (template, answered) in case
            .probes
            .iter()
            .zip(result.probes.iter().filter(|p| p.probe != ProbeKind::Token))
        {
            if answered.survey
                || !matches!(
                    answered.outcome,
                    Outcome::NotFound | Outcome::DeniedPermission
                )
            {
                continue;
            }
            let list = match template.kind.operation().level {
                Level::Bot => ProbeKind::ListBots,
                Level::Workflow => ProbeKind::ListWorkflows,
                _ if template.kind == ProbeKind::Chat => ProbeKind::ListBots,
                _ => continue,
            };
            if template.params.bot_id.is_none() && template.params.workflow_id.is_none() {
                continue;
            }
            match own.workspaces_seen() {
                None if !own.listed() && round == 0 => {
                    let ask = Probe::plain(ProbeKind::ListWorkspaces);
                    if !probes.contains(&ask) {
                        probes.push(ask);
                    }
                }
                None => {}
                Some(seen) => {
                    for space in seen.iter().take(MAX_LISTED_WORKSPACES) {
                        if own.listed_whole(list, space) {
                            continue;
                        }
                        let ask = Probe {
                            kind: list,
                            params: crate::probe::ProbeParams {
                                space_id: Some(space.clone()),
                                every_page: true,
                                ..Default::default()
                            },
                        };
                        if !probes.contains(&ask) {
                            probes.push(ask);
                        }
                    }
                }
            }
        }
        if probes.is_empty()
            || planned
                .iter()
                .any(|p| p.case.credential.name() == result.auth.name)
        {
            continue;
        }
        planned.push(Planned {
            case: CasePlan {
                name: format!("{}: resources (follow-up {})", result.auth.name, round + 1),
                probes,
                survey: Vec::new(),
                expect: Default::default(),
                note: None,
                ..case.clone()
            },
            follow_up: FollowUp {
                of: result.name.clone(),
                reason: FollowUpReason::Resource,
            },
        });
    }
    planned
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::auth::{Credential, PatCredential};
    use crate::coze::region::Region;
    use crate::runner::{Answer, AuthInfo, ProbeResult};

    fn pat_case(probes: Vec<(ProbeKind, Outcome, &str)>) -> (CasePlan, CaseResult) {
        let plan = CasePlan {
            name: "chat".into(),
            credential: Arc::new(Credential::Pat(PatCredential {
                name: "pat".into(),
                token: "pat_followUpTestToken".to_string().into(),
            })),
            scope: None,
            scope_block: Default::default(),
            scope_object: None,
            probes: probes
                .iter()
                .map(|(kind, _, _)| Probe::plain(*kind))
                .collect(),
            survey: Vec::new(),
            expect: Default::default(),
            note: None,
        };
        let result = CaseResult {
            name: "chat".into(),
            file: "test.toml".into(),
            region: Region::Com,
            follow_up: None,
            auth: AuthInfo {
                name: "pat".into(),
                mode: AuthMode::Pat,
                app_id: None,
                kid: None,
                key_fingerprint: None,
                token_kind: None,
            },
            scope: None,
            scope_object: None,
            jwt: None,
            probes: probes
                .into_iter()
                .map(|(kind, outcome, message)| ProbeResult {
                    answer: Answer {
                        http_status: Some(200),
                        message: Some(message.into()),
                        ..Answer::default()
                    },
                    ..ProbeResult::unanswered(
                        kind,
                        outcome,
                        Probe::plain(kind).request(),
                        chrono::Utc::now(),
                    )
                })
                .collect(),
            expect: Default::default(),
            note: None,
        };
        (plan, result)
    }

    const MISSING: &str = "Requested resource bot_id=7496312156993330001 does not exist. Ensure you are the correct resource identifier.";

    #[test]
    fn a_pat_that_found_nothing_is_tried_in_the_other_region() {
        let (plan, result) = pat_case(vec![(ProbeKind::Chat, Outcome::NotFound, MISSING)]);
        let planned = plan_follow_ups(&plan, &result);
        assert_eq!(planned, vec![FollowUpReason::OtherRegion]);
        // Not when something else got past authentication: the credential is of this region.
        let (plan, result) = pat_case(vec![
            (ProbeKind::Whoami, Outcome::Ok, ""),
            (ProbeKind::Chat, Outcome::NotFound, MISSING),
        ]);
        assert!(plan_follow_ups(&plan, &result).is_empty());
        // Not for a 4015: the bot was found.
        let (plan, result) = pat_case(vec![(
            ProbeKind::Chat,
            Outcome::NotFound,
            "Bot 1 has not been published to the API channel.",
        )]);
        assert!(plan_follow_ups(&plan, &result).is_empty());
    }

    fn plan_follow_ups(case: &CasePlan, result: &CaseResult) -> Vec<FollowUpReason> {
        plan(
            std::slice::from_ref(case),
            std::slice::from_ref(result),
            true,
        )
        .into_iter()
        .map(|planned| planned.follow_up.reason)
        .collect()
    }
}

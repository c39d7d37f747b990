//! The differential diagnosis of each credential, in the order an expert reasons: reach the service,
//! authenticate, authorise, find the resource, then what is no verdict on the credential (quota, rate
//! limit, server failure). Each step adds causes and the alternatives its rows rule out to the credential's
//! [`Verdict`]; the user's operations decide, survey reads only become notes.

mod account;
mod authenticate;
mod authorise;
mod reach;
mod resource;
mod studio;

use super::credential::{AuthState, CredentialView, Row};
use super::hypothesis::Hypothesis;
use super::verdict::{Cited, Detail, Grounds, Note, Untested, Verdict};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{CaseResult, CredentialRows, Reason, ScenarioResult};

/// One verdict per credential, in the order the credentials first appear.
pub fn verdicts(scenario: &ScenarioResult) -> Vec<Verdict> {
    CredentialView::all(scenario)
        .iter()
        .map(verdict_of)
        .collect()
}

pub(super) fn cited(row: Row<'_>) -> Cited {
    Cited::of(row.0, row.1)
}

fn verdict_of(view: &CredentialView<'_>) -> Verdict {
    let home = view.auth_state(view.home);
    let other = view.auth_state(view.home.other());
    // A self-hosted Studio has no region to belong to, and a base URL of no known region tells none.
    let regional = view.scenario.target.studio.is_none() && !view.scenario.target.region_unknown;
    let authenticated_in = match (home, other) {
        _ if !regional => None,
        (AuthState::Authenticated(_), _) => Some(view.home),
        (_, AuthState::Authenticated(_)) => Some(view.home.other()),
        _ => None,
    };
    let mut verdict = Verdict {
        credential: view.name.to_string(),
        mode: view.mode,
        app_id: view.app_id.map(str::to_string),
        authenticated_in,
        causes: Vec::new(),
        ruled_out: Vec::new(),
        notes: Vec::new(),
        untested: Vec::new(),
        confirmed: false,
        requests: view.requests(),
    };
    let unreached = reach::unreached(view);
    let reached = unreached.or_else(|| reach::decide(view));
    let unreachable = reached.is_some() && !matches!(home, AuthState::Authenticated(_));
    verdict.causes.extend(reached);
    let studio_answers = !unreachable && studio::decide(view, &mut verdict);
    if !unreachable && !studio_answers {
        match home {
            AuthState::Rejected(row, failure) => {
                authenticate::decide(view, row, failure, &mut verdict);
            }
            AuthState::Authenticated(row) => {
                authenticated_here(view, row, &mut verdict);
                authorise::decide(view, &mut verdict);
                resource::decide(view, &mut verdict);
                survey_notes(view, &mut verdict);
            }
            AuthState::Unknown => {
                authorise::scope_names(view, &mut verdict);
                resource::decide(view, &mut verdict);
            }
        }
        account::decide(view, &mut verdict);
    }
    untested(view, &mut verdict);
    finish(&mut verdict);
    // What a self-hosted Studio serves only to its web UI no PAT can test: it does not weaken the proof.
    let answerable_untested = verdict
        .untested
        .iter()
        .any(|untested| !matches!(untested.reason, Some(Reason::NotOnStudio)));
    verdict.confirmed = verdict.causes.is_empty()
        && matches!(home, AuthState::Authenticated(_))
        && !answerable_untested
        && !interrupted(view);
    verdict
}

/// Whether the run was interrupted before this credential's probes were all answered.
fn interrupted(view: &CredentialView<'_>) -> bool {
    view.own_rows().flat_map(|case| &case.probes).any(|probe| {
        matches!(
            probe.reason,
            Some(Reason::Interrupted | Reason::InterruptedInFlight)
        )
    })
}

/// The credential authenticated in the scenario's region: no hypothesis about the credential itself holds.
fn authenticated_here(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) {
    let grounds = || match view.scenario.target.studio {
        Some(_) => Grounds::AuthenticatedOnStudio(cited(row)),
        None => Grounds::Authenticated(cited(row)),
    };
    verdict.rule_out(Hypothesis::WrongRegion, grounds());
    verdict.rule_out(Hypothesis::CredentialRejected, grounds());
    if view.mode == crate::auth::AuthMode::Jwt {
        verdict.rule_out(Hypothesis::KidNotFingerprint, grounds());
        verdict.rule_out(Hypothesis::KeyNotRegistered, grounds());
    }
}

/// Survey reads that failed: what the credential lacks, for the user to add only if they call it. A denial
/// another fact explains is put down to it: the scope (the same read succeeded without it), or the binding
/// (the workspace is not bound to the credential).
fn survey_notes(view: &CredentialView<'_>, verdict: &mut Verdict) {
    let all: Vec<&CaseResult> = view.rows().collect();
    let mut permissions: Vec<String> = Vec::new();
    let mut probes: Vec<ProbeKind> = Vec::new();
    let mut narrowed: Vec<ProbeKind> = Vec::new();
    let mut unbound: Vec<(String, Vec<ProbeKind>)> = Vec::new();
    for (case, probe) in view.survey_probes() {
        // A self-hosted Studio's web path: nothing a PAT could be told there.
        if probe
            .studio_signs
            .iter()
            .any(|sign| sign.is_cookie_failure())
        {
            continue;
        }
        match probe.outcome {
            Outcome::Ok | Outcome::Skipped => {}
            Outcome::DeniedPermission => {
                // A read of the resource a cause already places elsewhere says nothing more.
                if about_a_resource_elsewhere(verdict, probe) {
                    continue;
                }
                if case.scope.is_some() && succeeded_without_scope(view, probe.probe) {
                    push_once(&mut narrowed, probe.probe);
                    continue;
                }
                if let Some(space) = probe.workspace.as_deref().filter(|space| {
                    not_bound(
                        verdict,
                        &CredentialRows::of(all.iter().copied(), case),
                        space,
                    )
                }) {
                    match unbound.iter_mut().find(|(known, _)| known == space) {
                        Some((_, kinds)) => push_once(kinds, probe.probe),
                        None => unbound.push((space.to_string(), vec![probe.probe])),
                    }
                    continue;
                }
                if let Some(permission) = super::evidence::permission_of(probe)
                    && !permissions.contains(&permission)
                {
                    permissions.push(permission);
                }
                push_once(&mut probes, probe.probe);
            }
            _ => verdict.notes.push(Note::SurveyFailed {
                row: Cited::of(case, probe),
            }),
        }
    }
    let mut first = Vec::new();
    if !probes.is_empty() {
        first.push(Note::NotConfigured {
            permissions,
            probes,
        });
    }
    if !narrowed.is_empty() {
        first.push(Note::NarrowedByScope { probes: narrowed });
    }
    for (workspace, probes) in unbound {
        first.push(Note::DeniedWhereUnbound { workspace, probes });
    }
    verdict.notes.splice(0..0, first);
}

/// Whether `probe` was sent about the bot or workflow a cause of `verdict` found in no bound workspace.
fn about_a_resource_elsewhere(verdict: &Verdict, probe: &crate::runner::ProbeResult) -> bool {
    let Some((_, asked)) = resource::resource_of(probe) else {
        return false;
    };
    verdict
        .causes
        .iter()
        .any(|cause| matches!(&cause.detail, Detail::ResourceElsewhere { id, .. } if *id == asked))
}

/// The base URL of no known region the requests went to, if they did (`--target URL`).
fn url_target(view: &CredentialView<'_>) -> Option<String> {
    let target = &view.scenario.target;
    target.region_unknown.then(|| target.base_url.clone())
}

/// What would prove a region: the follow-up in the other region, or, for a base URL of no known region,
/// the same run by hand against the other region.
fn other_region_proof(view: &CredentialView<'_>) -> super::verdict::Proof {
    if view.scenario.target.region_unknown {
        super::verdict::Proof::OtherRegionByHand
    } else {
        super::verdict::Proof::OtherRegion
    }
}

fn push_once(kinds: &mut Vec<ProbeKind>, kind: ProbeKind) {
    if !kinds.contains(&kind) {
        kinds.push(kind);
    }
}

/// Whether `kind` succeeded for the credential in a case that sent no scope.
fn succeeded_without_scope(view: &CredentialView<'_>, kind: ProbeKind) -> bool {
    view.no_scope_rows()
        .flat_map(|case| &case.probes)
        .any(|probe| probe.probe == kind && probe.outcome == Outcome::Ok)
}

/// Whether the credential is shown not to be bound to `workspace`: a verdict that says so, or a
/// `list_workspaces` answer without it and no success there.
fn not_bound(verdict: &Verdict, own: &CredentialRows<'_>, workspace: &str) -> bool {
    let said = verdict.causes.iter().any(|cause| {
        matches!(&cause.detail, Detail::WorkspaceNotBound { workspace: there, .. } if there == workspace)
    });
    said || (own.not_listing(workspace).is_some() && own.bound_in(workspace).is_none())
}

/// The user's operations that tested nothing: held back for consent, the budget, an interruption.
fn untested(view: &CredentialView<'_>, verdict: &mut Verdict) {
    for (_, probe) in view.relevant_probes() {
        let reason = probe.reason.clone();
        let untested = probe.outcome == Outcome::Skipped
            && !matches!(reason, Some(Reason::NoAccessToken) | None);
        if untested
            && !verdict
                .untested
                .iter()
                .any(|known| known.probe == probe.probe)
        {
            verdict.untested.push(Untested {
                probe: probe.probe,
                reason,
            });
        }
    }
}

/// Causes in the order of reasoning, each once; nothing ruled out that is a cause; a healthy verdict rules
/// nothing out.
fn finish(verdict: &mut Verdict) {
    let mut causes = std::mem::take(&mut verdict.causes);
    causes.sort_by_key(|cause| cause.hypothesis());
    for cause in causes {
        // The same cause on several operations (the same hypothesis, the same fix) is listed once, with
        // every operation's rows as its evidence.
        let same = |known: &super::verdict::Cause| {
            known.detail == cause.detail
                || (known.hypothesis() == cause.hypothesis()
                    && super::wording::fix(known).en == super::wording::fix(&cause).en)
        };
        match verdict.causes.iter_mut().find(|known| same(known)) {
            Some(known) => {
                for row in cause.evidence {
                    known.push_evidence(row);
                }
                known.proved |= cause.proved;
            }
            None => verdict.causes.push(cause),
        }
    }
    let causes: Vec<Hypothesis> = verdict.causes.iter().map(|c| c.hypothesis()).collect();
    verdict
        .ruled_out
        .retain(|ruled| !causes.contains(&ruled.hypothesis));
    if verdict.causes.is_empty() {
        verdict.ruled_out.clear();
    }
}

//! Automatic follow-up cases: the variants that tell the truth when a case fails. A JWT case denied with a
//! scope is retried with no scope; a credential rejected for authentication is tried once in the other
//! region. Each is marked as a follow-up in the results and becomes evidence for the diagnosis.

use std::collections::BTreeSet;

use super::result::{CaseResult, FollowUp, FollowUpReason};
use crate::auth::AuthMode;
use crate::coze::wire::oauth_error;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
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
        let auth_rejected = match result.auth.mode {
            AuthMode::Jwt => token == Some(Outcome::DeniedAuth) && !access_deny,
            AuthMode::Pat => result.any(Outcome::DeniedAuth),
        };
        if auth_rejected && other_region_available && other_region_done.insert(credential) {
            planned.push(Planned {
                case: CasePlan {
                    name: format!("{credential}: other region (follow-up)"),
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

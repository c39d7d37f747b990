//! The target answered as a self-hosted Coze Studio (its marks are in `target.studio`): Studio has no
//! regions, so the region is ruled out by that answer; a JWT OAuth app has no token flow there at all; an
//! operation Studio serves only as a web API (behind its login cookie) says nothing about a PAT: untested
//! when the PAT works on its OpenAPI, else the verdict (nothing a PAT can call was asked). A PAT Studio refused on one of its OpenAPI paths is
//! judged by `authenticate` with Studio's own reason.
//!
//! Grounds: coze-studio `api/middleware/openapi_auth.go` (the OpenAPI paths), `session.go` (the cookie
//! failure), no `oauth2/token` route or `grant_type` in its backend; coze-studio#1950, #259, #245 (the
//! cookie failure met with a PAT).

use super::cited;
use crate::auth::AuthMode;
use crate::diagnose::credential::{AuthState, CredentialView, Row};
use crate::diagnose::hypothesis::Hypothesis;
use crate::diagnose::verdict::{Cause, Cited, Detail, Grounds, StudioProblem, Untested, Verdict};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::Reason;

/// Whether the target is a Studio; then rules the region out and adds the cause when Studio itself is the
/// answer (a JWT app, operations it serves only as web APIs). Returns `true` when that cause ends the
/// reasoning (a JWT app, or nothing else asked).
pub fn decide(view: &CredentialView<'_>, verdict: &mut Verdict) -> bool {
    let Some(facts) = view.scenario.target.studio.as_ref() else {
        return false;
    };
    let Some(marked) = marked_row(view) else {
        return false;
    };
    let grounds = Grounds::SelfHostedStudio(marked.clone());
    let cause = |problem: StudioProblem, evidence: Vec<Cited>| {
        let mut cause = Cause::new(
            Detail::SelfHostedStudio {
                release: facts.release,
                problem,
            },
            true,
            evidence,
        );
        cause.push_evidence(marked.clone());
        cause
    };
    if view.mode == AuthMode::Jwt {
        let token: Vec<Cited> = view
            .own_rows()
            .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
            .filter(|(_, probe)| probe.probe == ProbeKind::Token)
            .map(cited)
            .take(1)
            .collect();
        verdict.causes.push(cause(StudioProblem::NoJwtFlow, token));
        for hypothesis in [
            Hypothesis::WrongRegion,
            Hypothesis::KeyNotRegistered,
            Hypothesis::KidNotFingerprint,
        ] {
            verdict.rule_out(hypothesis, grounds.clone());
        }
        return true;
    }
    verdict.rule_out(Hypothesis::WrongRegion, grounds);
    // Refused on an OpenAPI path: the token is the verdict (`authenticate`), not the web paths.
    if matches!(view.auth_state(view.home), AuthState::Rejected(..)) {
        return false;
    }
    let web: Vec<Row<'_>> = view.studio_web_probes().collect();
    if web.is_empty() {
        return false;
    }
    let mut probes: Vec<ProbeKind> = Vec::new();
    for (_, probe) in &web {
        super::push_once(&mut probes, probe.probe);
    }
    // The token works on Studio's OpenAPI: its web APIs are what was not tested, not what failed.
    if matches!(view.auth_state(view.home), AuthState::Authenticated(_)) {
        for probe in probes {
            if !verdict.untested.iter().any(|known| known.probe == probe) {
                verdict.untested.push(Untested {
                    probe,
                    reason: Some(Reason::NotOnStudio),
                });
            }
        }
        return false;
    }
    let evidence = web
        .iter()
        .filter(|(_, probe)| probe.outcome != Outcome::Skipped)
        .map(|row| cited(*row))
        .collect();
    verdict
        .causes
        .push(cause(StudioProblem::WebPathsOnly { probes }, evidence));
    // Nothing else was asked: the Studio's answer is the whole verdict.
    view.relevant_probes()
        .all(|(_, probe)| probe.probe == ProbeKind::Token)
}

/// The first row of the scenario whose answer carries a mark of Studio: what shows the target is one.
fn marked_row(view: &CredentialView<'_>) -> Option<Cited> {
    let mut rows = view
        .scenario
        .cases
        .iter()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter(|(_, probe)| !probe.studio_signs.is_empty());
    let own = rows.clone().find(|(case, _)| case.auth.name == view.name);
    own.or_else(|| rows.next()).map(cited)
}

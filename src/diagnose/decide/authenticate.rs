//! Authenticate: a credential refused in the scenario's region. The same codes come from several causes,
//! told apart before the region is blamed: the service's message (a channel app, a deactivated app, the
//! audience, the clock, a replayed jti, a signature), the kid's form (an offline fact), the other region's
//! answer to the same credential, and another credential of the run authenticating on the same host.
//!
//! Grounds: doc oauth_jwt and its error codes (`kid not been registred`, `access_deny`, `invalid_client`),
//! coze-py#123 (the kid is the fingerprint, not the public key), coze-py#148, #230, #78, coze-go#56,
//! coze-js#159, coze-java#21 (fixed by switching the base URL), doc pat (PATs last at most 30 days),
//! coze-js#313 (`verify jwt empty error`), coze-java#39 (a channel app where a normal app is needed).

use super::{cited, other_region_proof, url_target};
use crate::auth::AuthMode;
use crate::coze::client::audience_of;
use crate::diagnose::credential::{AuthState, CredentialView, Row};
use crate::diagnose::evidence::{AuthFailure, auth_rejection};
use crate::diagnose::hypothesis::Hypothesis;
use crate::diagnose::verdict::{Cause, Detail, Grounds, Proof, RegionSign, StudioRefusal, Verdict};
use crate::outcome::Outcome;

/// Adds the cause of the refusal `row` and what the rows rule out.
pub fn decide(
    view: &CredentialView<'_>,
    row: Row<'_>,
    failure: AuthFailure,
    verdict: &mut Verdict,
) {
    let here = cited(row);
    let app = || view.app_id.unwrap_or("?").to_string();
    // Every home row refused the same way is evidence of the same cause.
    let refusals: Vec<_> = view
        .home_rows()
        .filter_map(|case| {
            auth_rejection(case)
                .filter(|(_, seen)| *seen == failure)
                .map(|(probe, _)| crate::diagnose::verdict::Cited::of(case, probe))
        })
        .collect();
    let said = |detail: Detail| {
        let mut cause = Cause::new(detail, true, vec![here.clone()]);
        for row in &refusals {
            cause.push_evidence(row.clone());
        }
        cause
    };
    let knows_app = || Grounds::ServiceKnowsApp(here.clone());
    // A self-hosted Studio names its reason; it has no region or app to doubt.
    if view.scenario.target.studio.is_some() {
        let refusal = row.1.answer.message.as_deref().and_then(StudioRefusal::of);
        let mut cause = said(Detail::CredentialRejected {
            mode: view.mode,
            empty_jwt: false,
            studio: refusal,
        });
        cause.proved = refusal.is_some();
        verdict.causes.push(cause);
        return;
    }
    match failure {
        AuthFailure::ChannelApp => {
            verdict.causes.push(said(Detail::ChannelApp { app: app() }));
            verdict.rule_out(Hypothesis::WrongRegion, knows_app());
            return;
        }
        AuthFailure::Deactivated => {
            verdict
                .causes
                .push(said(Detail::AppDeactivated { app: app() }));
            verdict.rule_out(Hypothesis::WrongRegion, knows_app());
            return;
        }
        AuthFailure::Audience => {
            let sent = claim(row, "aud").unwrap_or_default();
            let expected = expected_audience(view, row);
            verdict
                .causes
                .push(said(Detail::AudienceMismatch { sent, expected }));
            return;
        }
        AuthFailure::Clock => {
            verdict.causes.push(said(Detail::ClockSkew {
                skew_seconds: crate::diagnose::clock::skew(row.1),
            }));
            verdict.rule_out(Hypothesis::WrongRegion, knows_app());
            return;
        }
        AuthFailure::Jti => {
            verdict.causes.push(said(Detail::JtiReplayed));
            verdict.rule_out(Hypothesis::WrongRegion, knows_app());
            return;
        }
        AuthFailure::EmptyJwt => {
            verdict.causes.push(said(Detail::CredentialRejected {
                mode: view.mode,
                empty_jwt: true,
                studio: None,
            }));
            return;
        }
        AuthFailure::Signature => {
            verdict.causes.push(said(key_not_registered(view, true)));
            verdict.rule_out(Hypothesis::WrongRegion, knows_app());
            verdict.rule_out(Hypothesis::KidNotFingerprint, knows_app());
            return;
        }
        AuthFailure::Other if view.mode == AuthMode::Jwt => {
            // No reason named while the clocks disagree: the assertion's times are the likeliest reason.
            let skew = crate::diagnose::clock::skew(row.1);
            if skew.is_some_and(|s| s.unsigned_abs() > crate::diagnose::clock::NOTICE_SECONDS) {
                verdict.causes.push(
                    Cause::new(Detail::ClockSkew { skew_seconds: skew }, false, vec![here])
                        .unproved(Proof::Console),
                );
                return;
            }
        }
        _ => {}
    }
    differential(view, row, verdict);
}

/// A refusal any of region, kid, key or token could explain.
fn differential(view: &CredentialView<'_>, row: Row<'_>, verdict: &mut Verdict) {
    let here = cited(row);
    let jwt = view.mode == AuthMode::Jwt;
    let there = view
        .other_region_rows()
        .next()
        .map(|_| view.auth_state(view.home.other()));
    if let Some(AuthState::Authenticated(accepted)) = there {
        // Ids are per region: a denial there on a workspace, bot or workflow of the scenario says so.
        let denied_there = view
            .other_region_rows()
            .flat_map(|case| &case.probes)
            .find(|probe| {
                probe.outcome == Outcome::DeniedPermission
                    && probe.probe.operation().level != crate::coze::catalogue::Level::Account
            })
            .map(|probe| probe.probe);
        let proof = cited(accepted);
        verdict.causes.push(
            Cause::new(
                Detail::WrongRegion {
                    here: view.home,
                    url_target: url_target(view),
                    sign: RegionSign::Rejected,
                    denied_there,
                },
                true,
                vec![here],
            )
            .proved_by(proof.clone()),
        );
        for hypothesis in [
            Hypothesis::KidNotFingerprint,
            Hypothesis::KeyNotRegistered,
            Hypothesis::CredentialRejected,
        ] {
            if jwt || hypothesis == Hypothesis::CredentialRejected {
                verdict.rule_out(hypothesis, Grounds::Authenticated(proof.clone()));
            }
        }
        return;
    }
    let refused_there = match there {
        Some(AuthState::Rejected(refused, _)) => Some(cited(refused)),
        _ => None,
    };
    let kid_shape = view
        .kid
        .filter(|_| jwt)
        .and_then(crate::auth::kid::malformed);
    if let Some(shape) = kid_shape {
        let mut cause = Cause::new(Detail::KidNotFingerprint { shape }, true, vec![here]);
        if let Some(refused) = refused_there {
            cause.push_evidence(refused);
        }
        verdict.causes.push(cause);
        verdict.rule_out(Hypothesis::WrongRegion, Grounds::KidMalformed(shape));
        return;
    }
    if jwt {
        verdict.rule_out(Hypothesis::KidNotFingerprint, Grounds::KidWellFormed);
    }
    let credential_cause = || {
        if jwt {
            key_not_registered(view, false)
        } else {
            Detail::CredentialRejected {
                mode: view.mode,
                empty_jwt: false,
                studio: None,
            }
        }
    };
    if let Some(refused) = refused_there {
        verdict
            .causes
            .push(Cause::new(credential_cause(), true, vec![here]).proved_by(refused.clone()));
        verdict.rule_out(
            Hypothesis::WrongRegion,
            Grounds::OtherRegionRefused(refused),
        );
        return;
    }
    // Another credential that authenticated here does not rule the region out: it may belong to another
    // account, of the other region. Only the other region's own answer decides.
    verdict.causes.push(
        Cause::new(
            Detail::WrongRegion {
                here: view.home,
                url_target: url_target(view),
                sign: RegionSign::Rejected,
                denied_there: None,
            },
            false,
            vec![here],
        )
        .unproved(other_region_proof(view)),
    );
}

fn key_not_registered(view: &CredentialView<'_>, signature: bool) -> Detail {
    let kid = view.kid.unwrap_or("?").to_string();
    let key_fingerprint = view
        .rows()
        .find_map(|case| case.auth.key_fingerprint.clone())
        .filter(|fingerprint| *fingerprint != kid);
    Detail::KeyNotRegistered {
        app: view.app_id.unwrap_or("?").to_string(),
        kid,
        signature,
        key_fingerprint,
    }
}

/// A claim of the row's assertion, as text.
fn claim(row: Row<'_>, name: &str) -> Option<String> {
    match row.0.jwt.as_ref()?.claims.get(name)? {
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The `aud` the service addressed by the scenario expects: the sandbox's own host, else the region's.
pub fn expected_audience(view: &CredentialView<'_>, row: Row<'_>) -> String {
    let target = &view.scenario.target;
    if target.sandbox
        && let Some(aud) = reqwest::Url::parse(&target.base_url)
            .ok()
            .and_then(|url| audience_of(&url))
    {
        return aud;
    }
    row.0.region.api_host().to_string()
}

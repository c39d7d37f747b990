//! Running one case: the token exchange for JWT credentials, then each operation with the bearer token.

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use secrecy::SecretString;
use serde_json::Value;

use super::Event;
use super::result::{AuthInfo, CaseResult, FollowUp, JwtFacts, ProbeResult};
use crate::auth::{Credential, JwtCredential, sign_assertion};
use crate::coze::classify::classify;
use crate::coze::client::Client;
use crate::coze::region::Region;
use crate::coze::wire::{JWT_BEARER_GRANT, Scope, TokenRequest};
use crate::outcome::Outcome;
use crate::probe::{ProbeKind, ProbeRequest, token_request};
use crate::scenario::CasePlan;

/// What every case of a scenario shares.
pub(super) struct CaseContext<'a> {
    pub client: &'a Client,
    /// The region `client` talks to.
    pub region: Region,
    /// Told about every secret obtained during the run (assertions, access tokens) the moment it exists,
    /// so that the output boundary can mask it before anything is printed.
    pub on_event: &'a (dyn Fn(Event<'_>) + Sync),
}

impl CaseContext<'_> {
    fn remember(&self, secret: &SecretString) {
        (self.on_event)(Event::SecretIssued { secret });
    }
}

pub(super) async fn run_case(
    context: &CaseContext<'_>,
    file: &Path,
    case: &CasePlan,
    follow_up: Option<FollowUp>,
) -> CaseResult {
    let mut probes = Vec::with_capacity(case.probes.len() + 1);
    let mut jwt = None;
    let bearer = match case.credential.as_ref() {
        Credential::Pat(pat) => Ok(pat.token.clone()),
        Credential::Jwt(credential) => {
            let (result, facts, token) =
                exchange_token(context, credential, case.scope.as_deref()).await;
            jwt = facts;
            probes.push(result);
            token.ok_or(())
        }
    };
    for probe in &case.probes {
        let request = probe.request();
        let result = match &bearer {
            Ok(token) => {
                send_probe(context, probe.kind(), request, token)
                    .await
                    .result
            }
            Err(()) => skipped(
                probe.kind(),
                request,
                "no access token: the token request failed".to_string(),
            ),
        };
        probes.push(result);
    }
    CaseResult {
        name: case.name.clone(),
        file: file.to_path_buf(),
        region: context.region,
        follow_up,
        auth: auth_info(case.credential.as_ref()),
        scope: case.scope.clone(),
        jwt,
        probes,
        expect: case.expect.clone(),
        note: case.note.clone(),
    }
}

fn auth_info(credential: &Credential) -> AuthInfo {
    match credential {
        Credential::Pat(pat) => AuthInfo {
            name: pat.name.clone(),
            mode: credential.mode(),
            app_id: None,
            kid: None,
        },
        Credential::Jwt(jwt) => AuthInfo {
            name: jwt.name.clone(),
            mode: credential.mode(),
            app_id: Some(jwt.client_id.clone()),
            kid: Some(jwt.public_key_id.clone()),
        },
    }
}

/// Signs an assertion and exchanges it; returns the probe result, the decoded assertion and the token.
async fn exchange_token(
    context: &CaseContext<'_>,
    credential: &JwtCredential,
    scope: Option<&[String]>,
) -> (ProbeResult, Option<JwtFacts>, Option<SecretString>) {
    let body = TokenRequest {
        grant_type: JWT_BEARER_GRANT.to_string(),
        duration_seconds: credential.ttl,
        scope: scope.map(|names| Scope::with_permissions(names.to_vec())),
    };
    let request = token_request(serde_json::to_value(&body).unwrap_or(Value::Null));
    let assertion = match sign_assertion(
        credential,
        &context.client.audience(),
        Utc::now().timestamp(),
    ) {
        Ok(assertion) => assertion,
        Err(error) => {
            let mut result = skipped(ProbeKind::Token, request, error.to_string());
            result.outcome = Outcome::Unexpected;
            return (result, None, None);
        }
    };
    let facts = JwtFacts {
        header: assertion.header.clone(),
        claims: serde_json::to_value(&assertion.claims).unwrap_or(Value::Null),
    };
    context.remember(&assertion.token);
    let sent = send_probe(context, ProbeKind::Token, request, &assertion.token).await;
    if let Some(token) = &sent.access_token {
        context.remember(token);
    }
    (sent.result, Some(facts), sent.access_token)
}

/// A probe's result, and the access token when the probe was a successful token exchange.
struct Sent {
    result: ProbeResult,
    access_token: Option<SecretString>,
}

async fn send_probe(
    context: &CaseContext<'_>,
    kind: ProbeKind,
    request: ProbeRequest,
    bearer: &SecretString,
) -> Sent {
    let started_at = Utc::now();
    let clock = Instant::now();
    let response = context.client.send(&request, bearer).await;
    let duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    match response {
        Err(error) => Sent {
            access_token: None,
            result: ProbeResult {
                probe: kind,
                outcome: Outcome::NetworkError,
                http_status: None,
                code: None,
                error_code: None,
                message: None,
                logid: None,
                started_at,
                duration_ms,
                request: Some(request),
                server_date: None,
                reason: Some(error.to_string()),
                created_bot_id: None,
            },
        },
        Ok(response) => {
            let classified = classify(response.status, &response.body, response.logid.as_deref());
            let data = |key: &str| {
                classified
                    .body
                    .as_ref()
                    .and_then(|body| body.get("data"))
                    .and_then(|data| data.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let ok = classified.outcome == Outcome::Ok;
            let created_bot_id = (ok && kind == ProbeKind::CreateBot)
                .then(|| data("bot_id"))
                .flatten();
            let access_token = (ok && kind == ProbeKind::Token)
                .then(|| {
                    classified
                        .body
                        .as_ref()
                        .and_then(|body| body.get("access_token"))
                        .and_then(Value::as_str)
                        .map(SecretString::from)
                })
                .flatten();
            let result = ProbeResult {
                probe: kind,
                outcome: classified.outcome,
                http_status: Some(response.status),
                code: classified.code,
                error_code: classified.error_code,
                message: classified.message,
                logid: classified.logid,
                started_at,
                duration_ms,
                request: Some(request),
                server_date: response.date,
                reason: None,
                created_bot_id,
            };
            Sent {
                result,
                access_token,
            }
        }
    }
}

fn skipped(kind: ProbeKind, request: ProbeRequest, reason: String) -> ProbeResult {
    ProbeResult {
        probe: kind,
        outcome: Outcome::Skipped,
        http_status: None,
        code: None,
        error_code: None,
        message: None,
        logid: None,
        started_at: Utc::now(),
        duration_ms: 0,
        request: Some(request),
        server_date: None,
        reason: Some(reason),
        created_bot_id: None,
    }
}

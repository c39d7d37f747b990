//! Running one case: the token exchange for JWT credentials, then each operation with the bearer token.
//! Each probe is retried where that is safe, goes through the run's request budget and rate limit, stops
//! early when the run is cancelled, and a probe that would change or spend something on a real target runs
//! only when side effects are allowed. The chat a `chat` probe made is handed to the chat-polling probes
//! after it (`retrieve_chat` polls it, see [`super::chat_poll`]; `list_chat_messages` lists its messages).

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use secrecy::SecretString;
use serde_json::Value;

use tokio_util::sync::CancellationToken;

use super::chat_poll::{ChatPolling, retrieve_until_done};
use super::meter::Meter;
use super::result::{
    Answer, Attempt, AuthInfo, CaseResult, ChatState, FollowUp, JwtFacts, Listed, ProbeResult,
    Reason, TokenKind,
};
use super::retry::{Failure, RetryPolicy, parse_retry_after};
use super::studio::StudioWatch;
use super::{Event, GRACE};
use crate::auth::{Credential, JwtCredential, sign_assertion};
use crate::coze::classify::classify;
use crate::coze::client::Client;
use crate::coze::region::Region;
use crate::coze::request::{ProbeRequest, token_request};
use crate::coze::studio::StudioSign;
use crate::coze::wire::TokenRequest;
use crate::outcome::Outcome;
use crate::probe::{ChatIds, ProbeKind};
use crate::scenario::CasePlan;

/// What every case of a scenario shares.
pub(super) struct CaseContext<'a> {
    pub client: &'a Client,
    /// The region `client` talks to.
    pub region: Region,
    pub retry: RetryPolicy,
    /// Whether probes that change or spend something may run.
    pub allow_side_effects: bool,
    pub cancel: &'a CancellationToken,
    /// The run's request budget and rate limit.
    pub meter: &'a Meter,
    /// The JWT `aud` to sign instead of the host addressed (`--audience`).
    pub audience: Option<&'a str>,
    /// How `retrieve_chat` polls a chat in progress.
    pub chat_polling: ChatPolling,
    /// Whether the target answered as a self-hosted Coze Studio (then only its OpenAPI paths are sent).
    pub studio: &'a StudioWatch,
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
            let body = case.token_request(credential);
            let (result, token) = exchange_token(context, credential, &body, &mut jwt).await;
            probes.push(result);
            token.ok_or(())
        }
    };
    // The chat of the case: what the last successful `chat` (or `retrieve_chat`) answered.
    let mut chat: Option<ChatState> = None;
    let mut chat_held_back = false;
    // A token `whoami` refused: the survey reads after it could test nothing.
    let mut refused = false;
    for probe in &case.probes {
        let kind = probe.kind;
        let chat_of_case = chat.as_ref().filter(|_| kind.follows_chat());
        let request = match chat_of_case {
            Some(chat) => probe.with_chat(&chat.ids).request(),
            None => probe.request(),
        };
        let mut result = match &bearer {
            _ if context.cancel.is_cancelled() => skipped(kind, request, Reason::Interrupted),
            _ if !context.studio.sends(&request.path) => {
                skipped(kind, request, Reason::NotOnStudio)
            }
            // Survey reads test nothing once the token is refused; the user's own probes still run.
            _ if refused && case.survey.contains(&kind) => skipped(kind, request, Reason::Refused),
            _ if kind.has_side_effects() && !context.allow_side_effects => {
                skipped(kind, request, Reason::SideEffect(probe.effect()))
            }
            Err(()) => skipped(kind, request, Reason::NoAccessToken),
            _ if kind.follows_chat() && chat_of_case.is_none() => {
                let reason = if chat_held_back {
                    Reason::ChatHeldBack
                } else {
                    Reason::NoChat
                };
                skipped(kind, request, reason)
            }
            Ok(token) => match chat_of_case {
                Some(chat) if kind == ProbeKind::RetrieveChat => {
                    retrieve_until_done(context, request, token, chat).await
                }
                _ if probe.params.every_page => every_page(context, kind, request, token).await,
                _ => {
                    with_retries(context, kind, request, || Ok(token.clone()))
                        .await
                        .result
                }
            },
        };
        result.workspace = probe.workspace().map(str::to_string);
        result.survey = case.survey.contains(&kind);
        if let Some(state) = &result.chat {
            chat = Some(state.clone());
        }
        chat_held_back |= kind == ProbeKind::Chat && result.held_back();
        // A Studio's login-cookie failure answers a web path: it says nothing of the token.
        refused |= kind == ProbeKind::Whoami
            && result.outcome == Outcome::DeniedAuth
            && matches!(case.credential.as_ref(), Credential::Pat(_))
            && !result
                .studio_signs
                .iter()
                .any(|sign| sign.is_cookie_failure());
        probes.push(result);
    }
    CaseResult {
        name: case.name.clone(),
        file: file.to_path_buf(),
        region: context.region,
        follow_up,
        auth: auth_info(case.credential.as_ref()),
        scope: case.scope.clone(),
        scope_object: case.scope_object.clone(),
        jwt,
        probes,
        expect: case.expect.clone(),
        note: case.note.clone(),
    }
}

pub(super) fn auth_info(credential: &Credential) -> AuthInfo {
    let mut info = AuthInfo {
        name: credential.name().to_string(),
        mode: credential.mode(),
        app_id: None,
        kid: None,
        key_fingerprint: None,
        token_kind: None,
    };
    match credential {
        Credential::Pat(pat) => {
            info.token_kind = Some(TokenKind::of(secrecy::ExposeSecret::expose_secret(
                &pat.token,
            )));
        }
        Credential::Jwt(jwt) => {
            info.app_id = Some(jwt.client_id.clone());
            info.kid = Some(jwt.public_key_id.clone());
            info.key_fingerprint = jwt.key.fingerprint().map(str::to_string);
        }
    }
    info
}

/// Exchanges a freshly signed assertion for an access token (a retry signs a new one: each `jti` is
/// single-use). Records the decoded assertion of the last attempt in `jwt`.
pub(super) async fn exchange_token(
    context: &CaseContext<'_>,
    credential: &JwtCredential,
    body: &TokenRequest,
    jwt: &mut Option<JwtFacts>,
) -> (ProbeResult, Option<SecretString>) {
    let request = token_request(serde_json::to_value(body).unwrap_or(Value::Null));
    if context.cancel.is_cancelled() {
        return (
            skipped(ProbeKind::Token, request, Reason::Interrupted),
            None,
        );
    }
    // A Studio has no OAuth token endpoint: the request could only meet its login-cookie failure.
    if !context.studio.sends(&request.path) {
        return (
            skipped(ProbeKind::Token, request, Reason::NotOnStudio),
            None,
        );
    }
    let audience = credential.audience_for(context.audience, || context.client.audience());
    let sent = with_retries(context, ProbeKind::Token, request, || {
        let assertion = sign_assertion(credential, &audience, Utc::now().timestamp())
            .map_err(|error| Reason::SigningFailed(error.to_string()))?;
        context.remember(&assertion.token);
        *jwt = Some(JwtFacts {
            header: assertion.header.clone(),
            claims: serde_json::to_value(&assertion.claims).unwrap_or(Value::Null),
        });
        Ok(assertion.token)
    })
    .await;
    if let Some(token) = &sent.access_token {
        context.remember(token);
    }
    (sent.result, sent.access_token)
}

/// A probe's result, and the access token when the probe was a successful token exchange.
pub(super) struct Sent {
    pub(super) result: ProbeResult,
    access_token: Option<SecretString>,
    retry_after: Option<String>,
    before_sending: bool,
}

/// Sends `request` until it succeeds, fails in a way that must not be retried, or retries run out.
pub(super) async fn with_retries(
    context: &CaseContext<'_>,
    kind: ProbeKind,
    request: ProbeRequest,
    mut bearer: impl FnMut() -> Result<SecretString, Reason>,
) -> Sent {
    let mut earlier: Vec<Attempt> = Vec::new();
    let mut retry = 0;
    // The answer a retry would have replaced: when no retry may be sent, it stands.
    let mut previous: Option<Sent> = None;
    loop {
        if let Err(reason) = admitted(context).await {
            if let Some(mut sent) = previous {
                earlier.pop();
                sent.result.attempts = earlier;
                return sent;
            }
            return Sent {
                result: skipped(kind, request.clone(), reason),
                access_token: None,
                retry_after: None,
                before_sending: true,
            };
        }
        let mut sent = match bearer() {
            Ok(token) => send_once(context, kind, request.clone(), &token).await,
            Err(reason) => {
                let mut result = skipped(kind, request.clone(), reason);
                result.outcome = Outcome::Unexpected;
                Sent {
                    result,
                    access_token: None,
                    retry_after: None,
                    before_sending: true,
                }
            }
        };
        match sent.result.outcome {
            Outcome::RateLimited => context
                .meter
                .throttled(sent.retry_after.as_deref().and_then(parse_retry_after)),
            Outcome::NetworkError | Outcome::Skipped => {}
            _ => context.meter.answered(),
        }
        retry += 1;
        let failure = Failure {
            kind,
            outcome: sent.result.outcome,
            before_sending: sent.before_sending,
            retry_after: sent.retry_after.as_deref(),
        };
        let wait = context
            .retry
            .wait(retry, &failure)
            .filter(|_| !context.cancel.is_cancelled());
        match wait {
            Some(wait) => {
                tracing::info!(probe = kind.name(), outcome = %sent.result.outcome, ?wait, "retrying");
                earlier.push(Attempt::from(&sent.result));
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = context.cancel.cancelled() => {
                        earlier.pop();
                        sent.result.attempts = earlier;
                        return sent;
                    }
                }
                previous = Some(sent);
            }
            None => {
                sent.result.attempts = earlier;
                return sent;
            }
        }
    }
}

/// Takes a request from the budget and waits for its turn under the rate limit (cancellable); why not when
/// the budget is used up or the run is cancelled while waiting.
async fn admitted(context: &CaseContext<'_>) -> Result<(), Reason> {
    tokio::select! {
        admitted = context.meter.acquire() => admitted.map_err(Reason::BudgetUsedUp),
        () = context.cancel.cancelled() => Err(Reason::Interrupted),
    }
}

/// One request; once the run is cancelled the request gets [`GRACE`] to finish.
async fn send_once(
    context: &CaseContext<'_>,
    kind: ProbeKind,
    request: ProbeRequest,
    bearer: &SecretString,
) -> Sent {
    let started_at = Utc::now();
    let clock = Instant::now();
    let response = {
        let send = context.client.send(&request, bearer);
        tokio::pin!(send);
        tokio::select! {
            response = &mut send => Some(response),
            () = context.cancel.cancelled() => tokio::time::timeout(GRACE, &mut send).await.ok(),
        }
    };
    let duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut result = ProbeResult {
        duration_ms,
        ..ProbeResult::unanswered(kind, Outcome::NetworkError, request, started_at)
    };
    let response = match response {
        None => {
            result.reason = Some(Reason::InterruptedInFlight);
            return Sent {
                result,
                access_token: None,
                retry_after: None,
                before_sending: false,
            };
        }
        Some(Err(error)) => {
            result.reason = Some(Reason::Transport(error.message));
            return Sent {
                result,
                access_token: None,
                retry_after: None,
                before_sending: error.before_sending,
            };
        }
        Some(Ok(response)) => response,
    };
    // A chat streamed where a JSON answer was asked for (Coze Studio before v0.5.1) reads as its envelope.
    let streamed = (kind == ProbeKind::Chat)
        .then(|| crate::coze::sse::chat_envelope(&response.body))
        .flatten();
    let body = streamed.as_deref().unwrap_or(&response.body);
    let classified = classify(response.status, body, response.logid.as_deref());
    result.studio_signs = StudioSign::of(
        response.server.as_deref(),
        response
            .logid
            .as_deref()
            .filter(|_| response.logid_is_studio),
        response.status,
        classified.code,
        classified.message.as_deref(),
    );
    context.studio.saw(&result.studio_signs);
    let ok = classified.outcome == Outcome::Ok;
    let field = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_string);
    let body = classified.body.as_ref();
    result.created_bot_id = (ok && kind == ProbeKind::CreateBot)
        .then(|| {
            field(
                body.and_then(|b| b.get("data"))
                    .and_then(|d| d.get("bot_id")),
            )
        })
        .flatten();
    if ok {
        record_seen(&mut result, body);
    }
    let access_token = (ok && kind == ProbeKind::Token)
        .then(|| field(body.and_then(|b| b.get("access_token"))).map(SecretString::from))
        .flatten();
    result.token_expires_at = access_token
        .as_ref()
        .and_then(|_| {
            body.and_then(|b| b.get("expires_in"))
                .and_then(Value::as_i64)
        })
        .and_then(|expires_in| chrono::DateTime::from_timestamp(expires_in, 0));
    result.outcome = classified.outcome;
    let mut message = classified.message;
    if let Some(location) = &response.redirected_to {
        // Not the service's answer: whatever sent it stands between the request and Coze.
        result.outcome = Outcome::Unexpected;
        message = Some(if location.is_empty() {
            "a redirect with no Location, not followed (the Coze API never redirects)".to_string()
        } else {
            format!("redirected to `{location}`, not followed (the Coze API never redirects)")
        });
    }
    result.answer = Answer {
        http_status: Some(response.status),
        code: classified.code,
        error_code: classified.error_code,
        message,
        logid: classified.logid,
    };
    result.server_date = response.date;
    Sent {
        result,
        access_token,
        retry_after: response.retry_after,
        before_sending: false,
    }
}

/// The most pages a list follow-up reads (at the probes' page size, 20 items each).
const MAX_PAGES: u32 = 10;

/// A list read to its end (at most [`MAX_PAGES`]): the last page's result, with every page's items in
/// `listed` and the earlier pages' requests in `pages`.
async fn every_page(
    context: &CaseContext<'_>,
    kind: ProbeKind,
    request: ProbeRequest,
    token: &SecretString,
) -> ProbeResult {
    let page_size = request
        .query
        .iter()
        .find(|(key, _)| key == "page_size")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(20);
    let mut items: Vec<Listed> = Vec::new();
    let mut pages = 0;
    let mut page = 1;
    loop {
        let mut paged = request.clone();
        for (key, value) in paged.query.iter_mut() {
            if key == "page_num" {
                *value = page.to_string();
            }
        }
        let mut result = with_retries(context, kind, paged, || Ok(token.clone()))
            .await
            .result;
        let got = result.listed.take().unwrap_or_default();
        let short = got.len() < page_size;
        items.extend(got);
        let done = result.outcome != Outcome::Ok
            || short
            || page >= MAX_PAGES
            || context.cancel.is_cancelled();
        if done {
            result.listed_complete = result.outcome == Outcome::Ok && short;
            if result.outcome == Outcome::Ok || !items.is_empty() {
                result.listed = Some(items);
            }
            result.pages = pages;
            return result;
        }
        pages += result.requests_sent();
        page += 1;
    }
}

/// What a successful read revealed that the diagnosis uses: workspaces, the token's user, a bot's owner, the
/// bots and workflows listed.
fn record_seen(result: &mut ProbeResult, body: Option<&Value>) {
    let data = body.and_then(|body| body.get("data"));
    let text = |value: Option<&Value>| match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    match result.probe {
        ProbeKind::ListWorkspaces => result.workspaces_seen = workspace_ids(body),
        ProbeKind::Whoami => result.user_id_seen = text(data.and_then(|d| d.get("user_id"))),
        ProbeKind::Chat | ProbeKind::RetrieveChat => result.chat = chat_state(data),
        ProbeKind::RetrieveBot => {
            result.owner_seen = text(data.and_then(|d| d.get("owner_user_id")));
        }
        ProbeKind::ListBots | ProbeKind::ListWorkflows => {
            result.listed = data
                .and_then(|d| d.get("items"))
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| {
                            let id = ["id", "bot_id", "workflow_id"]
                                .iter()
                                .find_map(|key| text(item.get(*key)))?;
                            Some(Listed {
                                id,
                                published: item.get("is_published").and_then(Value::as_bool),
                            })
                        })
                        .collect()
                });
            // One page shorter than asked for is the whole list.
            let page_size = result
                .request
                .as_ref()
                .and_then(|request| request.query.iter().find(|(key, _)| key == "page_size"))
                .and_then(|(_, value)| value.parse::<usize>().ok())
                .unwrap_or(20);
            let first_page = result.request.as_ref().is_none_or(|request| {
                request
                    .query
                    .iter()
                    .any(|(k, v)| k == "page_num" && v == "1")
            });
            result.listed_complete = first_page
                && result
                    .listed
                    .as_ref()
                    .is_some_and(|items| items.len() < page_size);
        }
        _ => {}
    }
}

/// The chat a `/v3/chat` or `/v3/chat/retrieve` answer's `data` describes (`id`, `conversation_id`,
/// `status`).
fn chat_state(data: Option<&Value>) -> Option<ChatState> {
    let data = data?;
    let text = |key: &str| match data.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    Some(ChatState {
        ids: ChatIds {
            chat_id: text("id")?,
            conversation_id: text("conversation_id")?,
        },
        status: text("status").unwrap_or_default(),
    })
}

/// The ids in a `GET /v1/workspaces` answer (`data.workspaces[].id`).
fn workspace_ids(body: Option<&Value>) -> Option<Vec<String>> {
    let workspaces = body?.get("data")?.get("workspaces")?.as_array()?;
    Some(
        workspaces
            .iter()
            .filter_map(|workspace| workspace.get("id"))
            .filter_map(|id| match id {
                Value::String(id) => Some(id.clone()),
                Value::Number(id) => Some(id.to_string()),
                _ => None,
            })
            .collect(),
    )
}

fn skipped(kind: ProbeKind, request: ProbeRequest, reason: Reason) -> ProbeResult {
    ProbeResult {
        reason: Some(reason),
        ..ProbeResult::unanswered(kind, Outcome::Skipped, request, Utc::now())
    }
}

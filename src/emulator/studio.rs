//! The Studio flavour: the sandbox answering as a self-hosted Coze Studio (`flavour = "studio"`,
//! `--flavour studio`). One base URL, no realm. Authentication is decided by the path, as Studio's
//! middlewares decide it: its OpenAPI paths take a bearer PAT (`700012006 authentication failed: …` for a
//! missing header, a header that is not `Bearer <token>`, or a token it does not know); every other path
//! is a web API behind the login cookie, which the sandbox never has (the cookie failure, as the version
//! sends it); a few are static pages. A path that passed authentication but has no handler answers
//! Studio's `{"code":404,"msg":"not found"}`. Envelopes carry no `detail`; every response has
//! `Server: hertz` and a UUID `X-Log-Id` (the server layer).
//!
//! Studio's answers where they differ from the cloud: a bot not published to the API connector (1024), or
//! unknown, is `agent not published, agentID=N connectorID=1024` (errno 100000000; in a chat with the Go
//! stack trace appended, as an `error` event of the stream or, with `stream: false`, an HTTP 400); another
//! user's bot is `agent not own`; `/v3/chat` streams unless `stream` is `false` (v0.5), always in v0.3, and
//! a non-streaming chat answers at `created`; the chat's message list is `{"Messages": […]}`; a workflow
//! not found or not published answers 720702004 or 6031. PATs carry their user's rights: Studio checks no
//! permission list and no expiry. Sources are in `docs/sandbox.md`; what they do not show is INFERRED there.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::coze::studio::{self as protocol, AUTHENTICATION_FAILED, AUTHENTICATION_FAILED_CODE};
use crate::coze::wire::API_CONNECTOR;

use super::access::Principal;
use super::context::{Ctx, SharedCtx};
use super::endpoint::{Input, ServeOperations};
use super::reply::{BizError, Reply};
use super::world::StudioVersion;
use super::{chat, conversations, datasets, validate, workflows};

/// Studio's errno for an agent's invalid parameter (`invalid parameter : {msg}`).
const AGENT_INVALID_PARAM: i64 = 100_000_000;
/// Studio's errno for another user's agent (`unauthorized access : {msg}`).
const PROMPT_PERMISSION: i64 = 110_000_001;
/// Studio's errno of a failed agent run, on the chat stream.
const AGENT_RUN_ERROR: i64 = 103_100_001;
/// Studio's errno for a workflow it does not have.
const WORKFLOW_NOT_FOUND: i64 = 720_702_004;
/// Studio's OpenAPI code for a workflow not published.
const WORKFLOW_NOT_PUBLISHED: i64 = 6031;

/// The routes Studio serves as OpenAPI that the sandbox models, behind the path-based authentication.
pub fn router(ctx: SharedCtx) -> Router {
    Router::new()
        .route("/v3/chat", post(chat_create))
        .operation(chat::RETRIEVE, chat::retrieve)
        .route("/v3/chat/message/list", get(chat_messages))
        .operation(conversations::LIST, conversations::list)
        .route("/v1/bots/{bot_id}", get(bot_info))
        .route("/v1/bot/get_online_info", get(bot_info))
        .operation(workflows::RETRIEVE, workflows::retrieve)
        .route("/v1/workflow/run", post(workflow_run))
        .operation(datasets::LIST, datasets::list)
        .fallback(not_found)
        // Hertz answers a method it has no route for as an unknown route.
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(ctx.clone(), gate))
        .with_state(ctx)
}

/// The Studio version of the flavour being served.
fn version(ctx: &Ctx) -> StudioVersion {
    match ctx.flavour {
        super::world::Flavour::Studio(version) => version,
        super::world::Flavour::Coze => StudioVersion::default(),
    }
}

/// A JSON answer in Studio's envelope (`{"code","msg"}`, no `detail`).
fn studio_json(status: StatusCode, body: Value) -> Response {
    super::reply::json_response(status, &body)
}

/// `{"code":N,"msg":…}` as Studio's `InternalError` sends a coded error: HTTP 200.
fn coded(code: i64, msg: impl Into<String>) -> BizError {
    BizError::new(code, msg)
}

/// Studio's `BadRequest`: HTTP 400 with the status in `code`.
fn bad_request(msg: impl Into<String>) -> BizError {
    BizError {
        status: StatusCode::BAD_REQUEST,
        code: 400,
        msg: msg.into(),
    }
}

/// The authentication failure of Studio's middlewares.
fn authentication_failed(reason: &str) -> Response {
    studio_json(
        StatusCode::OK,
        json!({"code": AUTHENTICATION_FAILED_CODE, "msg": format!("{AUTHENTICATION_FAILED}{reason}")}),
    )
}

/// The web paths' refusal without the login cookie, as `version` sends it.
fn cookie_failure(version: StudioVersion) -> Response {
    match version {
        StudioVersion::V05 => studio_json(
            StatusCode::UNAUTHORIZED,
            json!({"code": 401, "msg": protocol::COOKIE_MISSING}),
        ),
        StudioVersion::V03 => authentication_failed(protocol::COOKIE_MISSING),
    }
}

/// Paths Studio serves as static files (its web UI), with no authentication.
fn is_static(path: &str) -> bool {
    matches!(path, "/" | "/sign" | "/static" | "/favicon.png")
        || ["/static/", "/explore/", "/admin/", "/space/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        || path == "/information/auth/success"
}

/// The web UI's page, for static paths and unknown paths outside the APIs.
fn index_page() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        "<!doctype html><html><head><title>Coze Studio</title></head><body><div id=\"root\"></div></body></html>",
    )
        .into_response()
}

/// The bearer token as Studio's OpenAPI middleware reads it: the header split on `Bearer` must give
/// exactly two parts, the second not empty once trimmed.
fn studio_bearer(headers: &HeaderMap) -> Result<String, &'static str> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if value.is_empty() {
        return Err("missing authorization in header");
    }
    let parts: Vec<&str> = value.split("Bearer").collect();
    match parts.as_slice() {
        [_, token] if !token.trim().is_empty() => Ok(token.trim().to_string()),
        _ => Err("missing api_key in request"),
    }
}

/// Authentication by path, as Studio's middlewares decide it, then the envelope without `detail`.
async fn gate(State(ctx): State<SharedCtx>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if is_static(&path) {
        return index_page();
    }
    let release = match version(&ctx) {
        StudioVersion::V03 => protocol::StudioRelease::V03OrEarlier,
        StudioVersion::V05 => protocol::StudioRelease::V05OrLater,
    };
    if !protocol::serves_openapi_in(&path, Some(release)) {
        return cookie_failure(version(&ctx));
    }
    match studio_bearer(request.headers()) {
        Err(reason) => return authentication_failed(reason),
        Ok(token) if ctx.world.console_token(ctx.realm, &token).is_none() => {
            return authentication_failed("CheckPermission failed");
        }
        Ok(_) => {}
    }
    without_detail(next.run(request).await).await
}

/// A JSON response without the cloud's `detail` object (Studio's envelopes have none).
async fn without_detail(response: Response) -> Response {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let bytes = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(mut object)) => {
            object.remove("detail");
            serde_json::to_vec(&object).unwrap_or_else(|_| bytes.to_vec())
        }
        _ => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    (parts, bytes).into_response()
}

/// Studio's `NoRoute`: the APIs' 404 envelope, else the web UI's page.
async fn not_found(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if ["/api/", "/v1/", "/v3/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
    {
        studio_json(
            StatusCode::NOT_FOUND,
            json!({"code": 404, "msg": "not found"}),
        )
    } else {
        index_page()
    }
}

/// A handler of this flavour: its own reading of the request into the sandbox's [`Input`].
async fn serve(
    ctx: &Ctx,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    body: &[u8],
    path_params: Vec<(String, String)>,
    handle: impl FnOnce(&Ctx, &Principal, &Input) -> Result<Reply, BizError>,
) -> Response {
    let logid = super::reply::Logid(String::new());
    let principal = match super::access::authenticate(ctx, headers, super::endpoint::now()) {
        Ok(principal) => principal,
        Err(error) => return super::reply::biz_error(&logid, &error),
    };
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            _ => {
                return super::reply::biz_error(&logid, &bad_request("invalid request body"));
            }
        }
    };
    let mut params = super::request::query(uri).unwrap_or_default();
    params.extend(path_params);
    let input = Input { params, body };
    super::reply::envelope(&logid, handle(ctx, &principal, &input))
}

async fn chat_create(
    State(ctx): State<SharedCtx>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    body: axum::body::Bytes,
) -> Response {
    serve(&ctx, &headers, &uri, &body, Vec::new(), start_chat).await
}

/// `POST /v3/chat`: streams unless `stream` is `false` (v0.5; v0.3 always streams); a bot not published
/// to the API connector (or unknown) fails with the Go stack trace in the message.
fn start_chat(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let stream = match (version(ctx), input.body.get("stream")) {
        (StudioVersion::V03, _) => true,
        (StudioVersion::V05, Some(Value::Bool(false))) => false,
        _ => true,
    };
    let bot_id = match input.body.get("bot_id") {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => String::new(),
    };
    if bot_id.is_empty() || bot_id == "0" {
        return Err(bad_request(with_stack(
            100_000_001,
            "invalid parameter : bot id is required",
        )));
    }
    let failure = match agent(ctx, &bot_id) {
        None => Some(with_stack(AGENT_INVALID_PARAM, &not_published(&bot_id))),
        Some(bot) if stream && bot.owner_user_id != principal.user_id => Some(with_stack(
            103_100_003,
            "unauthorized access : agent not match",
        )),
        Some(_) => None,
    };
    match failure {
        Some(message) if stream => return Ok(Reply::Raw(stream_error(&message))),
        Some(message) => return Err(bad_request(message)),
        None => {}
    }
    let chat = chat::start(ctx, principal, input, stream)?;
    Ok(if stream {
        Reply::Raw(chat::sse(&chat, chat::StreamEnd::StudioStreamDone))
    } else {
        Reply::Data(chat::chat_json(&chat, "created"))
    })
}

/// The bot `bot_id` when it is published to the API connector.
fn agent(ctx: &Ctx, bot_id: &str) -> Option<super::state::Bot> {
    ctx.state
        .bot(ctx.realm, bot_id)
        .filter(|bot| bot.published.is_some() && bot.connectors.contains(API_CONNECTOR))
}

fn not_published(bot_id: &str) -> String {
    format!("invalid parameter : agent not published, agentID={bot_id} connectorID={API_CONNECTOR}")
}

/// An error as Go's `errorx` prints it (`err.Error()`): the code, the message, and the stack trace (its
/// frames INFERRED in form, from `pkg/errorx/internal/stack.go`).
fn with_stack(code: i64, message: &str) -> String {
    format!(
        "code={code} message={message}\nstack=backend/domain/agent/singleagent/service/single_agent_impl.go:191 (*singleAgentImpl).ObtainAgentByIdentity\nbackend/application/conversation/openapi_agent_run.go:137 (*OpenapiAgentRunApplication).checkAgent\nbackend/api/handler/coze/agent_run_service.go:108 ChatV3\n"
    )
}

/// A chat stream that fails at once: one `error` event.
fn stream_error(message: &str) -> Response {
    let data = json!({"code": AGENT_RUN_ERROR, "msg": message});
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        )],
        format!("event:error\ndata:{data}\n\n"),
    )
        .into_response()
}

async fn chat_messages(
    State(ctx): State<SharedCtx>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    serve(
        &ctx,
        &headers,
        &uri,
        &[],
        Vec::new(),
        |ctx, principal, input| match chat::messages(ctx, principal, input)? {
            Reply::Data(messages) => {
                let mut fields = serde_json::Map::new();
                fields.insert("Messages".into(), messages);
                Ok(Reply::TopLevel(fields))
            }
            other => Ok(other),
        },
    )
    .await
}

async fn bot_info(
    State(ctx): State<SharedCtx>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    path: Option<axum::extract::Path<String>>,
) -> Response {
    let params = path
        .map(|axum::extract::Path(id)| vec![("bot_id".to_string(), id)])
        .unwrap_or_default();
    serve(&ctx, &headers, &uri, &[], params, bot_reply).await
}

/// `GET /v1/bots/{bot_id}`, `GET /v1/bot/get_online_info?bot_id=`: the published bot, for its creator.
fn bot_reply(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let bot_id = validate::required_param(&input.params, "bot_id").map_err(|_| {
        bad_request("'bot_id' field is a 'required' parameter, but the request does not have it")
    })?;
    let bot =
        agent(ctx, bot_id).ok_or_else(|| coded(AGENT_INVALID_PARAM, not_published(bot_id)))?;
    if bot.owner_user_id != principal.user_id {
        return Err(coded(
            PROMPT_PERMISSION,
            "unauthorized access : agent not own",
        ));
    }
    let (version, config) = bot
        .published
        .clone()
        .ok_or_else(|| coded(AGENT_INVALID_PARAM, not_published(bot_id)))?;
    Ok(Reply::Data(json!({
        "bot_id": bot.id,
        "name": config.name,
        "description": config.description,
        "icon_url": "",
        "version": version,
        "bot_mode": 0,
        // Filled as Studio fills them from the agent's config (cozepy's `Bot` requires both).
        "prompt_info": {"prompt": ""},
        "onboarding_info": {"prologue": "", "suggested_questions": []},
        "model_info": {"model_id": "1", "model_name": "default"},
        "plugin_info_list": [],
        "workflow_info_list": [],
    })))
}

async fn workflow_run(
    State(ctx): State<SharedCtx>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    body: axum::body::Bytes,
) -> Response {
    serve(&ctx, &headers, &uri, &body, Vec::new(), run_workflow).await
}

/// `POST /v1/workflow/run`: Studio's codes for a workflow it does not have or has not published, with the
/// `debug_url` of its own host; else the sandbox's run.
fn run_workflow(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let id = validate::id_field(&input.body, "workflow_id")?;
    match ctx.world.workflow(ctx.realm, &id) {
        None => Err(coded(
            WORKFLOW_NOT_FOUND,
            format!("workflow {id} not found, please check if the workflow exists and not deleted"),
        )),
        Some(workflow) if !workflow.published => Err(coded(
            WORKFLOW_NOT_PUBLISHED,
            "Workflow not published. The requested operation cannot be performed on an unpublished workflow. Please publish the workflow and try again.",
        )),
        Some(_) => workflows::run(ctx, principal, input),
    }
}

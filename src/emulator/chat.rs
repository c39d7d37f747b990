//! Chat v3 with a canned reply: `POST /v3/chat` (`chat`; the bot must exist, be reachable by the token and
//! be published to the API connector), non-streaming (the chat is answered at once, status `completed`)
//! or streaming (the SSE events in one burst); `/v3/chat/retrieve` and `/v3/chat/message/list` by GET or
//! POST, as the SDKs differ.

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::coze::permission::CHAT;

use super::access::Principal;
use super::bots::API_CONNECTOR;
use super::context::{Ctx, SharedCtx};
use super::endpoint::{json_request, now, query_request};
use super::reply::{BizError, Logid, envelope};
use super::request;
use super::state::{Chat, random_numeric_id};
use super::validate;

/// Code of "bot not published" (chat-sdk `SDK_API_APP_UnPublished`).
const NOT_PUBLISHED: i64 = 4015;

/// `POST /v3/chat?conversation_id=`.
pub async fn create(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    let result = match json_request(&ctx, &headers, body).await {
        Ok((principal, body)) => start_chat(&ctx, &principal, &uri, &body),
        Err(error) => Err(error),
    };
    match result {
        Ok((chat, true)) => stream(&chat),
        Ok((chat, false)) => envelope(&logid, Ok(Some(chat_json(&chat, "completed")))),
        Err(error) => envelope(&logid, Err(error)),
    }
}

fn start_chat(
    ctx: &Ctx,
    principal: &Principal,
    uri: &Uri,
    body: &Map<String, Value>,
) -> Result<(Chat, bool), BizError> {
    let bot_id = validate::id_field(body, "bot_id")?;
    let user_id = validate::required_string(body, "user_id")?;
    if user_id.is_empty() {
        return Err(BizError::invalid_param("user_id", "is required"));
    }
    let stream = match body.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(stream)) => *stream,
        Some(_) => return Err(BizError::invalid_param("stream", "must be a boolean")),
    };
    let question = match body.get("additional_messages") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Array(messages)) => messages
            .iter()
            .rev()
            .find(|message| message.get("role").and_then(Value::as_str) == Some("user"))
            .and_then(|message| message.get("content").and_then(Value::as_str))
            .unwrap_or("")
            .to_string(),
        Some(_) => {
            return Err(BizError::invalid_param(
                "additional_messages",
                "must be a list of messages",
            ));
        }
    };
    let bot = ctx
        .state
        .bot(ctx.realm, &bot_id)
        .ok_or_else(|| BizError::not_found("bot_id", &bot_id))?;
    principal.require_on_bot(CHAT, &bot.id, &bot.workspace)?;
    if !bot.connectors.contains(API_CONNECTOR) {
        return Err(BizError::new(
            NOT_PUBLISHED,
            format!(
                "Bot {bot_id} has not been published to the API channel. Publish it and try again."
            ),
        ));
    }
    let conversation_id = request::query(uri)
        .and_then(|query| query.get("conversation_id").cloned())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| random_numeric_id("74"));
    let shown: String = question.chars().take(200).collect();
    let chat = Chat {
        id: random_numeric_id("74"),
        conversation_id,
        bot_id,
        realm: ctx.realm,
        created_at: now(),
        answer: format!("This is the cozescope sandbox. You said: {shown}"),
        question,
    };
    ctx.state.add_chat(chat.clone());
    Ok((chat, stream))
}

fn chat_json(chat: &Chat, status: &str) -> Value {
    let input = chat.question.chars().count() as i64;
    let output = chat.answer.chars().count() as i64;
    json!({
        "id": chat.id,
        "conversation_id": chat.conversation_id,
        "bot_id": chat.bot_id,
        "created_at": chat.created_at,
        "completed_at": chat.created_at,
        "status": status,
        "last_error": {"code": 0, "msg": ""},
        "usage": {"token_count": input + output, "output_count": output, "input_count": input},
    })
}

fn answer_json(chat: &Chat) -> Value {
    json!({
        "id": format!("{}1", chat.id),
        "conversation_id": chat.conversation_id,
        "bot_id": chat.bot_id,
        "chat_id": chat.id,
        "role": "assistant",
        "type": "answer",
        "content": chat.answer,
        "content_type": "text",
        "created_at": chat.created_at,
        "updated_at": chat.created_at,
        "meta_data": {},
    })
}

/// The SSE events of a streamed chat, sent in one response body.
fn stream(chat: &Chat) -> Response {
    let mut body = String::new();
    let mut event = |name: &str, data: &Value| {
        body.push_str(&format!("event:{name}\ndata:{data}\n\n"));
    };
    event("conversation.chat.created", &chat_json(chat, "created"));
    event(
        "conversation.chat.in_progress",
        &chat_json(chat, "in_progress"),
    );
    event("conversation.message.delta", &answer_json(chat));
    event("conversation.message.completed", &answer_json(chat));
    event("conversation.chat.completed", &chat_json(chat, "completed"));
    body.push_str("event:done\ndata:\"[DONE]\"\n\n");
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        )],
        body,
    )
        .into_response()
}

fn find_chat(ctx: &Ctx, uri: &Uri, headers: &HeaderMap) -> Result<Chat, BizError> {
    let (_principal, query) = query_request(ctx, headers, uri)?;
    let chat_id = validate::required_param(&query, "chat_id")?;
    let conversation_id = validate::required_param(&query, "conversation_id")?;
    ctx.state
        .chat(ctx.realm, chat_id)
        .filter(|chat| chat.conversation_id == *conversation_id)
        .ok_or_else(|| BizError::not_found("chat_id", chat_id))
}

/// `GET|POST /v3/chat/retrieve?conversation_id=&chat_id=`.
pub async fn retrieve(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = find_chat(&ctx, &uri, &headers).map(|chat| Some(chat_json(&chat, "completed")));
    envelope(&logid, result)
}

/// `GET|POST /v3/chat/message/list?conversation_id=&chat_id=`.
pub async fn messages(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = find_chat(&ctx, &uri, &headers).map(|chat| Some(json!([answer_json(&chat)])));
    envelope(&logid, result)
}

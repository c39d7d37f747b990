//! Chat v3 with a canned reply: `POST /v3/chat` (the bot must exist, be reachable by the token and be
//! published to the API connector, else 4015), non-streaming or streaming (the SSE events in one burst).
//! A non-streaming chat answers `in_progress` and completes after its bot's `chat_polls` retrieves, as
//! the service lets the SDKs' `create_and_poll` poll (a bot with `chat_polls = 0` answers `completed` at
//! once); the message list holds the answer once the chat is completed. Each chat is recorded with the
//! conversation it happened in, for the caller's account and JWT session only: another party's chat or
//! conversation answers as an unknown one (4200, INFERRED). `conversation_id` is read from the query
//! string only; a body field is ignored, as the service ignores it. `/v3/chat/retrieve` and
//! `/v3/chat/message/list` answer by GET or POST, as the SDKs differ. Permissions are the catalogue's.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::bots::bot_for;
use super::context::Ctx;
use super::endpoint::{Input, now};
use super::reply::{BizError, Reply};
use super::state::{Chat, Conversation, random_numeric_id};
use super::validate;
use crate::coze::wire::API_CONNECTOR;

// The catalogue entries this module answers.
pub const CREATE: &Operation = entry("chat");
pub const RETRIEVE: &Operation = entry("retrieve_chat");
pub const MESSAGES: &Operation = entry("list_chat_messages");

/// `POST /v3/chat?conversation_id=`.
pub fn create(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let (chat, stream) = start_chat(ctx, principal, input)?;
    Ok(if stream {
        Reply::Raw(sse(&chat, StreamEnd::Done))
    } else {
        Reply::Data(chat_json(&chat, chat.status()))
    })
}

fn start_chat(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<(Chat, bool), BizError> {
    let stream = match input.body.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(stream)) => *stream,
        Some(_) => return Err(BizError::invalid_param("stream", "must be a boolean")),
    };
    Ok((start(ctx, principal, input, stream)?, stream))
}

/// Starts a chat of the caller with the bot the body names, streamed or to be polled.
pub(super) fn start(
    ctx: &Ctx,
    principal: &Principal,
    input: &Input,
    stream: bool,
) -> Result<Chat, BizError> {
    let body = &input.body;
    let bot_id = validate::id_field(body, "bot_id")?;
    let user_id = validate::required_string(body, "user_id")?;
    if user_id.is_empty() {
        return Err(BizError::invalid_param("user_id", "is required"));
    }
    let question = question(body)?;
    let bot = bot_for(ctx, principal, &bot_id, CREATE)?;
    if !bot.connectors.contains(API_CONNECTOR) {
        return Err(BizError::new(
            crate::coze::wire::code::NOT_PUBLISHED,
            format!(
                "Bot {bot_id} has not been published to the API channel. Publish it and try again."
            ),
        ));
    }
    let party = principal.party();
    // The query string names the conversation (the SDKs send `conversation_id=`, empty, for a new one);
    // a `conversation_id` in the body is ignored.
    let conversation_id = match validate::optional_param(&input.params, "conversation_id") {
        Some(id) => {
            validate::check_id("conversation_id", id)?;
            if ctx
                .state
                .conversation(ctx.realm, id)
                .is_some_and(|known| known.party != party)
            {
                return Err(BizError::not_found("conversation_id", id));
            }
            id.to_string()
        }
        None => random_numeric_id("74"),
    };
    let shown: String = question.chars().take(200).collect();
    let now = now();
    // A stream carries the whole chat; a non-streaming one is polled for.
    let polls = if stream { 0 } else { bot.chat_polls };
    let chat = Chat {
        id: random_numeric_id("74"),
        conversation_id,
        bot_id,
        realm: ctx.realm,
        party: party.clone(),
        created_at: now,
        answer: format!("This is the cozescope sandbox. You said: {shown}"),
        question,
        pending_retrieves: polls.checked_sub(1),
        completed_at: (polls == 0).then_some(now),
    };
    ctx.state.add_chat(chat.clone());
    // The conversations list shows the conversations chats happened in.
    ctx.state.touch_conversation(Conversation {
        id: chat.conversation_id.clone(),
        realm: ctx.realm,
        bot_id: chat.bot_id.clone(),
        party,
        name: chat.question.chars().take(100).collect(),
        created_at: now,
        updated_at: now,
        last_section_id: random_numeric_id("74"),
    });
    Ok(chat)
}

/// The last user message of `additional_messages` (the SDKs send every field, `null`s included).
fn question(body: &Map<String, Value>) -> Result<String, BizError> {
    match body.get("additional_messages") {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::Array(messages)) => Ok(messages
            .iter()
            .rev()
            .find(|message| message.get("role").and_then(Value::as_str) == Some("user"))
            .and_then(|message| message.get("content").and_then(Value::as_str))
            .unwrap_or("")
            .to_string()),
        Some(_) => Err(BizError::invalid_param(
            "additional_messages",
            "must be a list of messages",
        )),
    }
}

/// The Chat object in `status`; `completed_at` and the usage only once it is completed.
pub(super) fn chat_json(chat: &Chat, status: &str) -> Value {
    let mut data = json!({
        "id": chat.id,
        "conversation_id": chat.conversation_id,
        "bot_id": chat.bot_id,
        "created_at": chat.created_at,
        "status": status,
        "last_error": {"code": 0, "msg": ""},
    });
    if status == "completed"
        && let Some(object) = data.as_object_mut()
    {
        let input = chat.question.chars().count() as i64;
        let output = chat.answer.chars().count() as i64;
        object.insert(
            "completed_at".into(),
            json!(chat.completed_at.unwrap_or(chat.created_at)),
        );
        object.insert(
            "usage".into(),
            json!({"token_count": input + output, "output_count": output, "input_count": input}),
        );
    }
    data
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

/// How a stream says it is over: Coze's `done` event, or a self-hosted Studio's
/// `conversation.stream.done` (coze-studio `build_chunk_event.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StreamEnd {
    Done,
    StudioStreamDone,
}

/// The SSE events of a streamed chat, sent in one response body.
pub(super) fn sse(chat: &Chat, end: StreamEnd) -> axum::response::Response {
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
    match end {
        StreamEnd::Done => body.push_str("event:done\ndata:\"[DONE]\"\n\n"),
        StreamEnd::StudioStreamDone => body.push_str("event:conversation.stream.done\ndata:{}\n\n"),
    }
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

/// The ids of the chat the query names, once that chat of the caller's party is known (4200 else), after
/// `operation`'s permissions (account level in the catalogue).
fn chat_query<'a>(
    ctx: &Ctx,
    principal: &Principal,
    input: &'a Input,
    operation: &Operation,
) -> Result<&'a str, BizError> {
    let chat_id = validate::id_param(&input.params, "chat_id")?;
    let conversation_id = validate::id_param(&input.params, "conversation_id")?;
    ctx.state
        .chat(ctx.realm, chat_id, &principal.party())
        .filter(|chat| chat.conversation_id == conversation_id)
        .ok_or_else(|| BizError::not_found("chat_id", chat_id))?;
    principal.require(operation, On::Account)?;
    Ok(chat_id)
}

/// `GET|POST /v3/chat/retrieve?conversation_id=&chat_id=` (documented GET; cozepy POSTs with no body):
/// each retrieve of a chat in progress brings it one poll closer to `completed`.
pub fn retrieve(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let chat_id = chat_query(ctx, principal, input, RETRIEVE)?;
    let chat = ctx
        .state
        .retrieve_chat(ctx.realm, chat_id, &principal.party(), now())
        .ok_or_else(|| BizError::not_found("chat_id", chat_id))?;
    Ok(Reply::Data(chat_json(&chat, chat.status())))
}

/// `GET|POST /v3/chat/message/list?conversation_id=&chat_id=`: `data` is an array of messages, empty while
/// the chat is in progress (INFERRED).
pub fn messages(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let chat_id = chat_query(ctx, principal, input, MESSAGES)?;
    let chat = ctx
        .state
        .chat(ctx.realm, chat_id, &principal.party())
        .ok_or_else(|| BizError::not_found("chat_id", chat_id))?;
    Ok(Reply::Data(if chat.pending_retrieves.is_none() {
        json!([answer_json(&chat)])
    } else {
        json!([])
    }))
}

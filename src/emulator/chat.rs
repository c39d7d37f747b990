//! Chat v3 with a canned reply: `POST /v3/chat` (the bot must exist, be reachable by the token and be
//! published to the API connector, else 4015), non-streaming (the chat is answered at once, status
//! `completed`) or streaming (the SSE events in one burst); each chat is recorded with the conversation it
//! happened in. `/v3/chat/retrieve` and `/v3/chat/message/list` answer by GET or POST, as the SDKs differ.
//! Permissions are the catalogue's.

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
        Reply::Raw(sse(&chat))
    } else {
        Reply::Data(chat_json(&chat, "completed"))
    })
}

fn start_chat(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<(Chat, bool), BizError> {
    let body = &input.body;
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
    // The SDKs send `conversation_id=` (empty) for a new conversation.
    let conversation_id = match validate::optional_param(&input.params, "conversation_id") {
        Some(id) => {
            validate::check_id("conversation_id", id)?;
            id.to_string()
        }
        None => random_numeric_id("74"),
    };
    let shown: String = question.chars().take(200).collect();
    let now = now();
    let chat = Chat {
        id: random_numeric_id("74"),
        conversation_id,
        bot_id,
        realm: ctx.realm,
        created_at: now,
        answer: format!("This is the cozescope sandbox. You said: {shown}"),
        question,
    };
    ctx.state.add_chat(chat.clone());
    // The conversations list shows the conversations chats happened in.
    ctx.state.touch_conversation(Conversation {
        id: chat.conversation_id.clone(),
        realm: ctx.realm,
        bot_id: chat.bot_id.clone(),
        creator_id: ctx.world.user(ctx.realm).user_id,
        name: chat.question.chars().take(100).collect(),
        created_at: now,
        updated_at: now,
        last_section_id: random_numeric_id("74"),
    });
    Ok((chat, stream))
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
fn sse(chat: &Chat) -> axum::response::Response {
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

/// The chat named by the query, after `operation`'s permissions (account level in the catalogue).
fn find_chat(
    ctx: &Ctx,
    principal: &Principal,
    input: &Input,
    operation: &Operation,
) -> Result<Chat, BizError> {
    let chat_id = validate::id_param(&input.params, "chat_id")?;
    let conversation_id = validate::id_param(&input.params, "conversation_id")?;
    let chat = ctx
        .state
        .chat(ctx.realm, chat_id)
        .filter(|chat| chat.conversation_id == conversation_id)
        .ok_or_else(|| BizError::not_found("chat_id", chat_id))?;
    let user = ctx.world.user(ctx.realm);
    principal.require(
        operation,
        On::Account {
            user_id: &user.user_id,
        },
    )?;
    Ok(chat)
}

/// `GET|POST /v3/chat/retrieve?conversation_id=&chat_id=` (documented GET; cozepy POSTs with no body).
pub fn retrieve(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let chat = find_chat(ctx, principal, input, RETRIEVE)?;
    Ok(Reply::Data(chat_json(&chat, "completed")))
}

/// `GET|POST /v3/chat/message/list?conversation_id=&chat_id=`: `data` is an array of messages.
pub fn messages(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let chat = find_chat(ctx, principal, input, MESSAGES)?;
    Ok(Reply::Data(json!([answer_json(&chat)])))
}

//! The conversations list: the conversations chats with a bot happened in, through the API connector.
//! The permission is checked on the bot (its workspace must be bound), as the catalogue's level says.
//!
//! Documented (docs list_conversations): `bot_id` required, `page_size` at most 50, `sort_order` ASC or
//! DESC (default DESC, by creation time), `connector_id` 1024 (default) or 999, and the shape with
//! `meta_data` and `last_section_id`, and that the list holds the caller's conversations: those of its
//! account in its JWT `session_name` (doc session_isolation). INFERRED: the 4101 message's `bot_id=` form.

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::Principal;
use super::bots::bot_for;
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::state::Conversation;
use super::validate;
use crate::coze::wire::API_CONNECTOR;

// The catalogue entry this module answers.
pub const LIST: &Operation = entry("list_conversations");

/// `GET /v1/conversations?bot_id=&page_num=&page_size=&sort_order=&connector_id=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let query = &input.params;
    let bot_id = validate::id_param(query, "bot_id")?;
    bot_for(ctx, principal, bot_id, LIST)?;
    let page = Page::read(query, 20, 50)?;
    let order = validate::choice(query, "sort_order", &["ASC", "DESC"], "DESC")?;
    let connector = validate::choice(
        query,
        "connector_id",
        &[API_CONNECTOR, "999"],
        API_CONNECTOR,
    )?;
    // Chats reach the sandbox through the API only: the Chat SDK connector (999) has none.
    let mut conversations = if connector == API_CONNECTOR {
        ctx.state
            .conversations_of(ctx.realm, bot_id, &principal.party())
    } else {
        Vec::new()
    };
    if order == "ASC" {
        conversations.reverse();
    }
    let items: Vec<Value> = conversations.iter().map(conversation_json).collect();
    Ok(page.answer(&items, "conversations", More::HasMore))
}

fn conversation_json(conversation: &Conversation) -> Value {
    json!({
        "id": conversation.id,
        "name": conversation.name,
        "meta_data": {},
        "creator_id": conversation.party.user_id,
        "connector_id": API_CONNECTOR,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
        "last_section_id": conversation.last_section_id,
    })
}

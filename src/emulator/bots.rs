//! Bot endpoints: create, update, publish, unpublish, retrieve (new `/v1/bots/{bot_id}` and deprecated
//! `/v1/bot/get_online_info`), and list (`/v1/bots` with `page_num` or py's `page_index`; the deprecated
//! `/v1/space/published_bots_list`). Paths and permissions are the catalogue's; who may reach or change a
//! bot of another account is [`super::ownership`]. A created bot belongs to the caller's account. Bots
//! live in the sandbox state for its lifetime.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};
use crate::coze::wire::API_CONNECTOR;

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::{Input, now};
use super::ownership::{self, Changers};
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::state::{Bot, BotConfig};
use super::validate;

// The catalogue entries this module answers: their paths, methods and permissions.
pub const CREATE: &Operation = entry("create_bot");
pub const UPDATE: &Operation = entry("update_bot");
pub const PUBLISH: &Operation = entry("publish_bot");
pub const UNPUBLISH: &Operation = entry("unpublish_bot");
pub const RETRIEVE: &Operation = entry("retrieve_bot");
pub const ONLINE_INFO: &Operation = entry("retrieve_bot_online_info");
pub const LIST: &Operation = entry("list_bots");
pub const PUBLISHED_LIST: &Operation = entry("list_published_bots");

/// A placeholder avatar.
const ICON_URL: &str = "https://sandbox.cozescope.invalid/icon/default.png";

type Outcome = Result<Reply, BizError>;

/// `POST /v1/bot/create`.
pub fn create(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let body = &input.body;
    let space_id = validate::id_field(body, "space_id")?;
    principal.require(CREATE, On::Workspace(&space_id))?;
    let name = validate::required_string(body, "name")?;
    validate::bot_name(name)?;
    let description = validate::optional_string(body, "description", 500)?.unwrap_or("");
    let fields = validate::bot_fields(body)?;
    let now = now();
    let bot = Bot {
        id: String::new(),
        realm: ctx.realm,
        workspace: space_id,
        owner_user_id: principal.user_id.clone(),
        created_at: now,
        draft: BotConfig {
            name: name.to_string(),
            description: description.to_string(),
            fields,
            updated_at: now,
        },
        published: None,
        connectors: BTreeSet::new(),
        published_at: None,
        chat_polls: super::world::DEFAULT_CHAT_POLLS,
    };
    let bot_id = ctx.state.create_bot(bot);
    Ok(Reply::Data(json!({ "bot_id": bot_id })))
}

/// The bot named by `bot_id`, after checking `operation`'s permissions on it: 4200 for an unknown bot or
/// one of another account, before 4101.
pub fn bot_for(
    ctx: &Ctx,
    principal: &Principal,
    bot_id: &str,
    operation: &Operation,
) -> Result<Bot, BizError> {
    validate::check_id("bot_id", bot_id)?;
    let bot = ctx
        .state
        .bot(ctx.realm, bot_id)
        .filter(|bot| ownership::reaches(ctx, principal, &bot.workspace))
        .ok_or_else(|| BizError::not_found("bot_id", bot_id))?;
    principal.require(
        operation,
        On::Bot {
            id: &bot.id,
            workspace: &bot.workspace,
        },
    )?;
    Ok(bot)
}

/// `POST /v1/bot/update`.
pub fn update(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let body = &input.body;
    let bot_id = validate::id_field(body, "bot_id")?;
    let bot = bot_for(ctx, principal, &bot_id, UPDATE)?;
    ownership::require_change(ctx, principal, &bot, "edit", Changers::OwnerOrManagers)?;
    let name = validate::optional_string(body, "name", usize::MAX)?;
    if let Some(name) = name {
        validate::bot_name(name)?;
    }
    let description = validate::optional_string(body, "description", 500)?;
    let fields = validate::bot_fields(body)?;
    let now = now();
    ctx.state.update_bot(ctx.realm, &bot_id, |bot| {
        if let Some(name) = name {
            bot.draft.name = name.to_string();
        }
        if let Some(description) = description {
            bot.draft.description = description.to_string();
        }
        for (field, value) in fields {
            bot.draft.fields.insert(field, value);
        }
        bot.draft.updated_at = now;
    });
    Ok(Reply::Empty)
}

/// `POST /v1/bot/publish`.
pub fn publish(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let body = &input.body;
    let bot_id = validate::id_field(body, "bot_id")?;
    let connectors: Vec<String> = match body.get("connector_ids") {
        Some(Value::Array(ids)) if !ids.is_empty() => ids
            .iter()
            .map(|id| match id {
                Value::String(id) => Ok(id.clone()),
                Value::Number(id) if id.is_u64() => Ok(id.to_string()),
                _ => Err(BizError::invalid_param(
                    "connector_ids",
                    "must be a list of connector ids",
                )),
            })
            .collect::<Result<_, _>>()?,
        None | Some(Value::Null) => {
            return Err(BizError::invalid_param("connector_ids", "is required"));
        }
        Some(_) => {
            return Err(BizError::invalid_param(
                "connector_ids",
                "must be a non-empty list of connector ids",
            ));
        }
    };
    for connector in &connectors {
        validate::check_id("connector_ids", connector)?;
    }
    let bot = bot_for(ctx, principal, &bot_id, PUBLISH)?;
    ownership::require_change(ctx, principal, &bot, "publish", Changers::OwnerOrManagers)?;
    let now_millis = chrono::Utc::now().timestamp_millis();
    let version = now_millis.to_string();
    let now = now();
    ctx.state.update_bot(ctx.realm, &bot_id, |bot| {
        bot.published = Some((version.clone(), bot.draft.clone()));
        bot.connectors.extend(connectors);
        bot.published_at = Some(now);
    });
    Ok(Reply::Data(json!({ "bot_id": bot_id, "version": version })))
}

/// `POST /v1/bots/{bot_id}/unpublish`.
pub fn unpublish(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let body = &input.body;
    let bot_id = validate::id_param(&input.params, "bot_id")?;
    let connector = validate::id_field(body, "connector_id")?;
    validate::optional_string(body, "unpublish_reason", 1024)?;
    let bot = bot_for(ctx, principal, bot_id, UNPUBLISH)?;
    ownership::require_change(ctx, principal, &bot, "disconnectBot", Changers::OwnerOnly)?;
    if !bot.connectors.contains(&connector) {
        return Err(BizError::invalid_param(
            "connector_id",
            "the bot is not published to this connector",
        ));
    }
    ctx.state.update_bot(ctx.realm, bot_id, |bot| {
        bot.connectors.remove(&connector);
    });
    Ok(Reply::Empty)
}

/// The Bot object of retrieve.
fn bot_json(bot: &Bot, config: &BotConfig, version: &str) -> Value {
    let field = |name: &str| config.fields.get(name).cloned();
    let prompt = field("prompt_info")
        .and_then(|info| info.get("prompt").cloned())
        .unwrap_or_else(|| json!(""));
    let onboarding = field("onboarding_info").unwrap_or_else(|| json!({}));
    let model = field("model_info_config").unwrap_or_else(|| json!({"model_id": "sandbox-model"}));
    let mut data = json!({
        "bot_id": bot.id,
        "name": config.name,
        "description": config.description,
        "icon_url": ICON_URL,
        "create_time": bot.created_at,
        "update_time": config.updated_at,
        "version": version,
        "prompt_info": {"prompt": prompt},
        "onboarding_info": {
            "prologue": onboarding.get("prologue").cloned().unwrap_or_else(|| json!("")),
            "suggested_questions": onboarding.get("suggested_questions").cloned().unwrap_or_else(|| json!([])),
        },
        "knowledge": field("knowledge").unwrap_or_else(|| json!({"dataset_ids": [], "auto_call": true, "search_strategy": 0})),
        "bot_mode": 0,
        "plugin_info_list": [],
        "model_info": {
            "model_id": model.get("model_id").cloned().unwrap_or_else(|| json!("sandbox-model")),
            "model_name": "sandbox model",
        },
        "owner_user_id": bot.owner_user_id,
        "workflow_info_list": [],
        "folder_id": "",
    });
    if let (Some(suggest), Some(object)) = (field("suggest_reply_info"), data.as_object_mut()) {
        object.insert("suggest_reply_info".into(), suggest);
    }
    data
}

/// `GET /v1/bots/{bot_id}?is_published=` (default true; an unpublished bot is then 4200, INFERRED).
pub fn retrieve(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let bot_id = validate::id_param(&input.params, "bot_id")?;
    let published = validate::flag(&input.params, "is_published", true)?;
    let bot = bot_for(ctx, principal, bot_id, RETRIEVE)?;
    if published {
        match &bot.published {
            Some((version, config)) if !bot.connectors.is_empty() => {
                Ok(Reply::Data(bot_json(&bot, config, version)))
            }
            _ => Err(BizError::not_found("bot_id", bot_id)),
        }
    } else {
        let version = bot
            .published
            .as_ref()
            .map(|(version, _)| version.clone())
            .unwrap_or_default();
        Ok(Reply::Data(bot_json(&bot, &bot.draft, &version)))
    }
}

/// `GET /v1/bot/get_online_info?bot_id=` (deprecated; the bot must be published to the API connector).
pub fn online_info(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let bot_id = validate::required_param(&input.params, "bot_id")?;
    let bot = bot_for(ctx, principal, bot_id, ONLINE_INFO)?;
    match &bot.published {
        Some((version, config)) if bot.connectors.contains(API_CONNECTOR) => {
            Ok(Reply::Data(bot_json(&bot, config, version)))
        }
        _ => Err(BizError::not_found("bot_id", bot_id)),
    }
}

fn simple_bot(bot: &Bot, config: &BotConfig, is_published: bool) -> Value {
    let mut item = json!({
        "id": bot.id,
        "name": config.name,
        "description": config.description,
        "icon_url": ICON_URL,
        "is_published": is_published,
        "updated_at": config.updated_at,
        "owner_user_id": bot.owner_user_id,
        "folder_id": "",
    });
    if let (Some(published_at), Some(object)) = (bot.published_at, item.as_object_mut())
        && is_published
    {
        object.insert("published_at".into(), json!(published_at));
    }
    item
}

/// `GET /v1/bots?workspace_id=&publish_status=&connector_id=&page_num|page_index=&page_size=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let query = &input.params;
    let workspace = validate::id_param(query, "workspace_id")?;
    let page = Page::read(query, 20, 100)?;
    principal.require(LIST, On::Workspace(workspace))?;
    let status = validate::choice(
        query,
        "publish_status",
        &validate::PUBLISH_STATUSES,
        validate::PUBLISHED_ONLINE,
    )?;
    let connector = validate::optional_param(query, "connector_id").unwrap_or(API_CONNECTOR);
    let bots = ctx.state.bots_in(ctx.realm, workspace);
    let items: Vec<Value> = match status {
        "all" => bots
            .iter()
            .map(|bot| simple_bot(bot, &bot.draft, !bot.connectors.is_empty()))
            .collect(),
        "published_online" => bots
            .iter()
            .filter(|bot| bot.connectors.contains(connector))
            .filter_map(|bot| {
                bot.published
                    .as_ref()
                    .map(|(_, config)| simple_bot(bot, config, true))
            })
            .collect(),
        "published_draft" => bots
            .iter()
            .filter(|bot| bot.connectors.contains(connector))
            .map(|bot| simple_bot(bot, &bot.draft, true))
            .collect(),
        _ => bots
            .iter()
            .filter(|bot| bot.connectors.is_empty())
            .map(|bot| simple_bot(bot, &bot.draft, false))
            .collect(),
    };
    Ok(page.answer(&items, "items", More::Total("total")))
}

/// `GET /v1/space/published_bots_list?space_id=&page_index=&page_size=` (deprecated; bots published to API).
pub fn published_list(ctx: &Ctx, principal: &Principal, input: &Input) -> Outcome {
    let query = &input.params;
    let space = validate::id_param(query, "space_id")?;
    let page = Page::read(query, 20, 100)?;
    principal.require(PUBLISHED_LIST, On::Workspace(space))?;
    let items: Vec<Value> = ctx
        .state
        .bots_in(ctx.realm, space)
        .iter()
        .filter(|bot| bot.connectors.contains(API_CONNECTOR))
        .filter_map(|bot| {
            bot.published.as_ref().map(|(_, config)| {
                json!({
                    "bot_id": bot.id,
                    "bot_name": config.name,
                    "description": config.description,
                    "icon_url": ICON_URL,
                    "publish_time": bot.published_at.unwrap_or(bot.created_at).to_string(),
                })
            })
        })
        .collect();
    Ok(page.answer(&items, "space_bots", More::Total("total")))
}

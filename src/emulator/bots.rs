//! Bot endpoints: create (`createBot`), update (`edit`), publish (`publish`), unpublish (`disconnectBot`),
//! retrieve (`getMetadata`, new `/v1/bots/{bot_id}` and deprecated `/v1/bot/get_online_info`), and list
//! (`listBot` for `/v1/bots` with `page_num` or py's `page_index`; `getPublishedBot` for the deprecated
//! `/v1/space/published_bots_list`). Bots live in the sandbox state for its lifetime.

use std::collections::BTreeSet;

use axum::Extension;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::coze::permission::{CREATE_BOT, DISCONNECT_BOT, EDIT, GET_METADATA, LIST_BOT, PUBLISH};

use super::context::{Ctx, SharedCtx};
use super::endpoint::{json_reply, json_request, now, query_request};
use super::reply::{BizError, Logid, envelope};
use super::state::{Bot, BotConfig};
use super::validate;

/// The API connector (Bot as API).
pub const API_CONNECTOR: &str = "1024";
/// Permission of the deprecated published-bots list.
const GET_PUBLISHED_BOT: &str = "getPublishedBot";
/// A placeholder avatar.
const ICON_URL: &str = "https://sandbox.cozescope.invalid/icon/default.png";

type Outcome = Result<Option<Value>, BizError>;

/// `POST /v1/bot/create`.
pub async fn create(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    json_reply(&ctx, &logid, &headers, body, create_bot).await
}

fn create_bot(
    ctx: &Ctx,
    principal: &super::access::Principal,
    body: &Map<String, Value>,
) -> Outcome {
    let space_id = validate::id_field(body, "space_id")?;
    principal.require_in_space(CREATE_BOT, &space_id)?;
    let name = validate::required_string(body, "name")?;
    validate::bot_name(name)?;
    let description = validate::optional_string(body, "description", 500)?.unwrap_or("");
    let fields = validate::bot_fields(body)?;
    let now = now();
    let bot = Bot {
        id: String::new(),
        realm: ctx.realm,
        workspace: space_id,
        owner_user_id: ctx.world.user(ctx.realm).user_id,
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
    };
    let bot_id = ctx.state.create_bot(bot);
    Ok(Some(json!({ "bot_id": bot_id })))
}

/// The bot named by `bot_id`, after checking `permission` on it (4200 before 4101).
fn bot_for(
    ctx: &Ctx,
    principal: &super::access::Principal,
    bot_id: &str,
    permission: &str,
) -> Result<Bot, BizError> {
    validate::check_id("bot_id", bot_id)?;
    let bot = ctx
        .state
        .bot(ctx.realm, bot_id)
        .ok_or_else(|| BizError::not_found("bot_id", bot_id))?;
    principal.require_on_bot(permission, &bot.id, &bot.workspace)?;
    Ok(bot)
}

/// `POST /v1/bot/update`.
pub async fn update(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    json_reply(&ctx, &logid, &headers, body, update_bot).await
}

fn update_bot(
    ctx: &Ctx,
    principal: &super::access::Principal,
    body: &Map<String, Value>,
) -> Outcome {
    let bot_id = validate::id_field(body, "bot_id")?;
    bot_for(ctx, principal, &bot_id, EDIT)?;
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
    Ok(None)
}

/// `POST /v1/bot/publish`.
pub async fn publish(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    json_reply(&ctx, &logid, &headers, body, publish_bot).await
}

fn publish_bot(
    ctx: &Ctx,
    principal: &super::access::Principal,
    body: &Map<String, Value>,
) -> Outcome {
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
    bot_for(ctx, principal, &bot_id, PUBLISH)?;
    let now_millis = chrono::Utc::now().timestamp_millis();
    let version = now_millis.to_string();
    let now = now();
    ctx.state.update_bot(ctx.realm, &bot_id, |bot| {
        bot.published = Some((version.clone(), bot.draft.clone()));
        bot.connectors.extend(connectors);
        bot.published_at = Some(now);
    });
    Ok(Some(json!({ "bot_id": bot_id, "version": version })))
}

/// `POST /v1/bots/{bot_id}/unpublish`.
pub async fn unpublish(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let result = match (path, json_request(&ctx, &headers, body).await) {
        (_, Err(error)) => Err(error),
        (Err(_), _) => Err(BizError::invalid_param("bot_id", "must be a numeric id")),
        (Ok(Path(bot_id)), Ok((principal, body))) => {
            unpublish_bot(&ctx, &principal, &bot_id, &body)
        }
    };
    envelope(&logid, result)
}

fn unpublish_bot(
    ctx: &Ctx,
    principal: &super::access::Principal,
    bot_id: &str,
    body: &Map<String, Value>,
) -> Outcome {
    validate::check_id("bot_id", bot_id)?;
    let connector = validate::id_field(body, "connector_id")?;
    validate::optional_string(body, "unpublish_reason", 1024)?;
    let bot = bot_for(ctx, principal, bot_id, DISCONNECT_BOT)?;
    if !bot.connectors.contains(&connector) {
        return Err(BizError::invalid_param(
            "connector_id",
            "the bot is not published to this connector",
        ));
    }
    ctx.state.update_bot(ctx.realm, bot_id, |bot| {
        bot.connectors.remove(&connector);
    });
    Ok(None)
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
pub async fn retrieve(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = (|| {
        let (principal, query) = query_request(&ctx, &headers, &uri)?;
        let Path(bot_id) =
            path.map_err(|_| BizError::invalid_param("bot_id", "must be a numeric id"))?;
        let published = match query.get("is_published").map(String::as_str) {
            None | Some("true") => true,
            Some("false") => false,
            Some(_) => {
                return Err(BizError::invalid_param(
                    "is_published",
                    "must be true or false",
                ));
            }
        };
        let bot = bot_for(&ctx, &principal, &bot_id, GET_METADATA)?;
        if published {
            match &bot.published {
                Some((version, config)) if !bot.connectors.is_empty() => {
                    Ok(Some(bot_json(&bot, config, version)))
                }
                _ => Err(BizError::not_found("bot_id", &bot_id)),
            }
        } else {
            let version = bot
                .published
                .as_ref()
                .map(|(version, _)| version.clone())
                .unwrap_or_default();
            Ok(Some(bot_json(&bot, &bot.draft, &version)))
        }
    })();
    envelope(&logid, result)
}

/// `GET /v1/bot/get_online_info?bot_id=` (deprecated; the bot must be published to the API connector).
pub async fn online_info(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = (|| {
        let (principal, query) = query_request(&ctx, &headers, &uri)?;
        let bot_id = validate::required_param(&query, "bot_id")?;
        let bot = bot_for(&ctx, &principal, bot_id, GET_METADATA)?;
        match &bot.published {
            Some((version, config)) if bot.connectors.contains(API_CONNECTOR) => {
                Ok(Some(bot_json(&bot, config, version)))
            }
            _ => Err(BizError::not_found("bot_id", bot_id)),
        }
    })();
    envelope(&logid, result)
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
pub async fn list(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = (|| {
        let (principal, query) = query_request(&ctx, &headers, &uri)?;
        let workspace = validate::required_param(&query, "workspace_id")?;
        validate::check_id("workspace_id", workspace)?;
        let (page, size) = validate::paging(&query, 100)?;
        principal.require_in_space(LIST_BOT, workspace)?;
        let status = query
            .get("publish_status")
            .map(String::as_str)
            .unwrap_or("published_online");
        let connector = query
            .get("connector_id")
            .map(String::as_str)
            .unwrap_or(API_CONNECTOR);
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
            "unpublished_draft" => bots
                .iter()
                .filter(|bot| bot.connectors.is_empty())
                .map(|bot| simple_bot(bot, &bot.draft, false))
                .collect(),
            _ => {
                return Err(BizError::invalid_param(
                    "publish_status",
                    "must be all, published_online, published_draft or unpublished_draft",
                ));
            }
        };
        Ok(Some(validate::paged(&items, page, size, "items", "total")))
    })();
    envelope(&logid, result)
}

/// `GET /v1/space/published_bots_list?space_id=&page_index=&page_size=` (deprecated; bots published to API).
pub async fn published_list(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = (|| {
        let (principal, query) = query_request(&ctx, &headers, &uri)?;
        let space = validate::required_param(&query, "space_id")?;
        validate::check_id("space_id", space)?;
        let (page, size) = validate::paging(&query, 100)?;
        principal.require_in_space(GET_PUBLISHED_BOT, space)?;
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
        Ok(Some(validate::paged(
            &items,
            page,
            size,
            "space_bots",
            "total",
        )))
    })();
    envelope(&logid, result)
}

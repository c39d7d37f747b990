//! The Coze apps (应用, projects) list of a workspace: `GET /v1/apps`. The world declares them as
//! `[[project]]`, since `[[app]]` is its key for OAuth apps. The permission is checked on the workspace,
//! which the credential must be bound to.
//!
//! Documented (docs published_apps_list): `workspace_id` required, `publish_status` (default
//! `published_online`), `connector_id` (default 1024), `page_num`, `page_size` (default 20), and the
//! `{items, total}` shape. SDK: cozepy pages with `page_index`. INFERRED: `page_size` at most 100 (the docs
//! give no maximum), a published app is published to the API connector only, and the 4101 message's form.

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::validate;
use super::validate::{PUBLISH_STATUSES, PUBLISHED_ONLINE};
use super::world::Project;
use crate::coze::wire::API_CONNECTOR;

// The catalogue entry this module answers.
pub const LIST: &Operation = entry("list_apps");

/// A placeholder icon.
const ICON_URL: &str = "https://sandbox.cozescope.invalid/icon/app.png";

/// `GET /v1/apps?workspace_id=&publish_status=&connector_id=&page_num|page_index=&page_size=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let query = &input.params;
    let workspace = validate::id_param(query, "workspace_id")?;
    principal.require(LIST, On::Workspace(workspace))?;
    let page = Page::read(query, 20, 100)?;
    let status = validate::choice(query, "publish_status", &PUBLISH_STATUSES, PUBLISHED_ONLINE)?;
    let on_connector =
        validate::optional_param(query, "connector_id").is_none_or(|id| id == API_CONNECTOR);
    let items: Vec<Value> = ctx
        .world
        .projects_in(ctx.realm, workspace)
        .into_iter()
        .filter(|project| match status {
            "all" => true,
            "unpublished_draft" => !project.published,
            _ => project.published && on_connector,
        })
        .map(|project| project_json(ctx, project))
        .collect();
    Ok(page.answer(&items, "items", More::Total("total")))
}

/// The documented SimpleApp object.
fn project_json(ctx: &Ctx, project: &Project) -> Value {
    let mut item = json!({
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "icon_url": ICON_URL,
        "is_published": project.published,
        "owner_user_id": ctx.world.owner_of(ctx.realm, &project.workspace).user_id,
        "updated_at": ctx.state.started_at,
        "folder_id": "",
    });
    if let (true, Some(object)) = (project.published, item.as_object_mut()) {
        object.insert("published_at".into(), json!(ctx.state.started_at));
    }
    item
}

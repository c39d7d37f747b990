//! The knowledge-base (dataset) list of a workspace's resource library. Datasets come from the world.
//! The permission is checked on the workspace, which the credential must be bound to.
//!
//! Documented (docs list_dataset): `space_id` required, `name` a fuzzy filter, `format_type` 0 (text),
//! 1 (table) or 2 (image), `page_size` 1–300 (default 10), and the `{total_count, dataset_list}` shape.
//! SDK: cozepy sends `name=&format_type=` empty when unset, which means no filter; it also rejects a
//! `status` other than 1 or 3. INFERRED: the name filter ignores case, and the 4101 message's form.

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::validate;
use super::world::Dataset;

// The catalogue entry this module answers.
pub const LIST: &Operation = entry("list_datasets");

/// `status` of an enabled dataset (3 is disabled).
const ENABLED: u8 = 1;
/// A placeholder icon.
const ICON_URL: &str = "https://sandbox.cozescope.invalid/icon/dataset.png";

/// `GET /v1/datasets?space_id=&name=&format_type=&page_num=&page_size=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let query = &input.params;
    let space = validate::id_param(query, "space_id")?;
    principal.require(LIST, On::Workspace(space))?;
    let page = Page::read(query, 10, 300)?;
    let name = validate::optional_param(query, "name").map(str::to_lowercase);
    let format = validate::optional_choice(query, "format_type", &["0", "1", "2"])?;
    let items: Vec<Value> = ctx
        .world
        .datasets_in(ctx.realm, space)
        .into_iter()
        .filter(|dataset| {
            name.as_ref()
                .is_none_or(|name| dataset.name.to_lowercase().contains(name))
        })
        .filter(|dataset| format.is_none_or(|format| format == dataset.format_type.to_string()))
        .map(|dataset| dataset_json(ctx, dataset))
        .collect();
    Ok(page.answer(&items, "dataset_list", More::Total("total_count")))
}

/// The documented Dataset object, every field present.
fn dataset_json(ctx: &Ctx, dataset: &Dataset) -> Value {
    let user = ctx.world.owner_of(ctx.realm, &dataset.workspace);
    json!({
        "dataset_id": dataset.id,
        "name": dataset.name,
        "description": dataset.description,
        "space_id": dataset.workspace,
        "status": ENABLED,
        "format_type": dataset.format_type,
        "can_edit": true,
        "icon_url": ICON_URL,
        "doc_count": 0,
        "file_list": [],
        "hit_count": 0,
        "bot_used_count": 0,
        "slice_count": 0,
        "all_file_size": 0,
        "chunk_strategy": {"chunk_type": 0},
        "failed_file_list": [],
        "processing_file_list": [],
        "processing_file_id_list": [],
        "creator_id": user.user_id,
        "creator_name": user.user_name,
        "avatar_url": "",
        "create_time": ctx.state.started_at,
        "update_time": ctx.state.started_at,
    })
}

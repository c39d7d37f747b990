//! Account endpoints: the workspaces the credential is bound to (INFERRED: the service's rule for which
//! workspaces a token sees is not documented) and the user a token belongs to (any valid token).

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};

// The catalogue entries this module answers.
pub const WORKSPACES: &Operation = entry("list_workspaces");
pub const ME: &Operation = entry("whoami");

/// `GET /v1/workspaces?page_num=&page_size=` (page size at most 50).
pub fn workspaces(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let page = Page::read(&input.params, 20, 50)?;
    let user = ctx.world.user(ctx.realm);
    principal.require(
        WORKSPACES,
        On::Account {
            user_id: &user.user_id,
        },
    )?;
    let items: Vec<Value> = principal
        .workspaces
        .iter()
        .filter_map(|id| ctx.world.workspace(ctx.realm, id))
        .map(|workspace| {
            json!({
                "id": workspace.id,
                "name": workspace.name,
                "icon_url": "https://sandbox.cozescope.invalid/icon/workspace.png",
                "role_type": workspace.role_type,
                "workspace_type": workspace.workspace_type,
                "enterprise_id": "",
                "joined_status": "joined",
                "owner_uid": user.user_id,
                "admin_uids": [],
                "description": "",
            })
        })
        .collect();
    Ok(page.answer(&items, "workspaces", More::Total("total_count")))
}

/// `GET /v1/users/me`: the catalogue documents no permission, so any valid token may ask.
pub fn me(ctx: &Ctx, principal: &Principal, _input: &Input) -> Result<Reply, BizError> {
    let user = ctx.world.user(ctx.realm);
    principal.require(
        ME,
        On::Account {
            user_id: &user.user_id,
        },
    )?;
    Ok(Reply::Data(json!({
        "user_id": user.user_id,
        "user_name": user.user_name,
        "nick_name": user.nick_name,
        "avatar_url": "https://sandbox.cozescope.invalid/icon/user.png",
    })))
}

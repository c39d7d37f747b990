//! Account endpoints: the workspaces the credential is bound to (INFERRED: the service's rule for which
//! workspaces a token sees is not documented), each with the caller's account's role there, its owner and
//! admins; and the user a token acts for (any valid token: a PAT's or SAT's user, a JWT app's owner).

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::world::Role;

// The catalogue entries this module answers.
pub const WORKSPACES: &Operation = entry("list_workspaces");
pub const ME: &Operation = entry("whoami");

/// `GET /v1/workspaces?page_num=&page_size=` (page size at most 50).
pub fn workspaces(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let page = Page::read(&input.params, 20, 50)?;
    principal.require(WORKSPACES, On::Account)?;
    let items: Vec<Value> = principal
        .workspaces
        .iter()
        .filter_map(|id| ctx.world.workspace(ctx.realm, id))
        .map(|workspace| {
            // A credential bound to a workspace its account is not in (a world can say so) sees it as a
            // member would.
            let role = ctx
                .world
                .role_of(workspace, &principal.user_id)
                .unwrap_or(Role::Member);
            let admins: Vec<&str> = workspace
                .members
                .iter()
                .filter(|member| member.role == Role::Admin)
                .map(|member| member.user.as_str())
                .collect();
            json!({
                "id": workspace.id,
                "name": workspace.name,
                "icon_url": "https://sandbox.cozescope.invalid/icon/workspace.png",
                "role_type": role.as_str(),
                "workspace_type": workspace.workspace_type,
                "enterprise_id": "",
                "joined_status": "joined",
                "owner_uid": workspace.owner,
                "admin_uids": admins,
                "description": "",
            })
        })
        .collect();
    Ok(page.answer(&items, "workspaces", More::Total("total_count")))
}

/// `GET /v1/users/me`: the catalogue documents no permission, so any valid token may ask.
pub fn me(ctx: &Ctx, principal: &Principal, _input: &Input) -> Result<Reply, BizError> {
    principal.require(ME, On::Account)?;
    let user = ctx.world.user(ctx.realm, &principal.user_id);
    Ok(Reply::Data(json!({
        "user_id": user.user_id,
        "user_name": user.user_name,
        "nick_name": user.nick_name,
        "avatar_url": "https://sandbox.cozescope.invalid/icon/user.png",
    })))
}

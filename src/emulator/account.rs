//! Account endpoints: `GET /v1/workspaces` (`listWorkspace`; lists the workspaces the credential is bound
//! to, INFERRED) and `GET /v1/users/me` (any valid token).

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{Value, json};

use crate::coze::permission::LIST_WORKSPACE;

use super::access::authenticate;
use super::context::SharedCtx;
use super::endpoint::{now, query_request};
use super::reply::{Logid, envelope};
use super::validate;

/// `GET /v1/workspaces?page_num=&page_size=` (page size at most 50).
pub async fn workspaces(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = (|| {
        let (principal, query) = query_request(&ctx, &headers, &uri)?;
        let (page, size) = validate::paging(&query, 50)?;
        let user = ctx.world.user(ctx.realm);
        principal.require_account(LIST_WORKSPACE, &user.user_id)?;
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
        Ok(Some(validate::paged(
            &items,
            page,
            size,
            "workspaces",
            "total_count",
        )))
    })();
    envelope(&logid, result)
}

/// `GET /v1/users/me`.
pub async fn me(
    State(ctx): State<SharedCtx>,
    Extension(logid): Extension<Logid>,
    headers: HeaderMap,
) -> Response {
    let result = authenticate(&ctx, &headers, now()).map(|_| {
        let user = ctx.world.user(ctx.realm);
        Some(json!({
            "user_id": user.user_id,
            "user_name": user.user_name,
            "nick_name": user.nick_name,
            "avatar_url": "https://sandbox.cozescope.invalid/icon/user.png",
        }))
    });
    envelope(&logid, result)
}

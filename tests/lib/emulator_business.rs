//! The sandbox's business endpoints over real HTTP: envelopes, permission and workspace checks with the
//! service's templates, validation, the bot lifecycle, realms, and bad input.

use crate::common::sandbox::*;
use cozescope::coze::region::Region;
use serde_json::json;

#[tokio::test]
async fn create_bot_checks_permission_and_workspace() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let reply = create_bot(&cn, &pat, WORKSPACE).await;
    assert_eq!(reply.status, 200);
    assert_code(&reply, 0);
    assert_eq!(reply.body["msg"], "");

    let reply = create_bot(&cn, &pat, UNBOUND_WORKSPACE).await;
    assert_code(&reply, 4101);
    assert!(reply.body["msg"].as_str().unwrap().starts_with(
        "Your token does not have permission to access space_id=7351411557182226999 createBot."
    ));

    let reply = create_bot(&cn, &var("COZE_API_TOKEN_CHAT_ONLY"), WORKSPACE).await;
    assert_code(&reply, 4101);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn credentials_of_one_realm_fail_on_the_other() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let com = base(&sandbox, Region::Com);
    let create = json!({"space_id": WORKSPACE, "name": "probe"});
    let reply = post(&com, "/v1/bot/create", &var("COZE_API_TOKEN"), &create).await;
    assert_eq!(reply.status, 200);
    assert_code(&reply, 4100);
    assert_eq!(reply.body["msg"], "authentication is invalid");
    let cn_token = app_token(&cn, None).await;
    let reply = get(&com, "/v1/workspaces", &cn_token).await;
    assert_code(&reply, 4100);
    // The com realm's own 4101 names coze.com.
    let jwt = sign_with(COM_KEY, COM_KID, &claims(COM_APP_ID, &netloc(&com)));
    let token = token_request(
        &com,
        &jwt,
        &json!({"grant_type": GRANT, "scope": scope(&["Connector.botChat"])}),
    )
    .await;
    let token = token.body["access_token"].as_str().unwrap().to_string();
    let reply = create_bot(&com, &token, COM_WORKSPACE).await;
    assert_code(&reply, 4101);
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap()
            .ends_with("https://coze.com/open/oauth/pats.")
    );
    let reply = create_bot(&com, &var("COZE_COM_API_TOKEN"), COM_WORKSPACE).await;
    assert_code(&reply, 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn validation_answers_4000() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    for body in [
        json!({"space_id": WORKSPACE, "name": ""}),
        json!({"space_id": WORKSPACE, "name": "123456789012345678901"}),
        json!({"space_id": WORKSPACE}),
        json!({"name": "probe"}),
        json!({"space_id": "workspace", "name": "probe"}),
        json!({"space_id": WORKSPACE, "name": "probe", "description": "x".repeat(501)}),
        json!({"space_id": WORKSPACE, "name": "probe", "prompt_info": {"prompt": 1}}),
        json!({"space_id": WORKSPACE, "name": "probe", "model_info_config": {}}),
    ] {
        let reply = post(&cn, "/v1/bot/create", &pat, &body).await;
        assert_eq!(reply.status, 200);
        assert_code(&reply, 4000);
    }
    let reply = post(
        &cn,
        "/v1/bot/create",
        &pat,
        &json!({"space_id": WORKSPACE, "name": "一二三四五六七八九十一二三四五六七八九十"}),
    )
    .await;
    assert_code(&reply, 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bot_lifecycle_create_update_publish_list_retrieve_unpublish() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let token = app_token(&cn, None).await;
    let created = post(
        &cn,
        "/v1/bot/create",
        &token,
        &json!({"space_id": WORKSPACE, "name": "draft", "prompt_info": {"prompt": "be brief"}}),
    )
    .await;
    let bot_id = created.body["data"]["bot_id"].as_str().unwrap().to_string();

    let reply = post(
        &cn,
        "/v1/bot/update",
        &token,
        &json!({"bot_id": bot_id, "name": "renamed"}),
    )
    .await;
    assert_code(&reply, 0);
    assert!(reply.body.get("data").is_none());

    let reply = get(
        &cn,
        &format!("/v1/bots/{bot_id}?is_published=false"),
        &token,
    )
    .await;
    assert_code(&reply, 0);
    assert_eq!(reply.body["data"]["name"], "renamed");
    assert_eq!(reply.body["data"]["prompt_info"]["prompt"], "be brief");
    // Not published yet: the online version does not exist.
    let reply = get(&cn, &format!("/v1/bots/{bot_id}"), &token).await;
    assert_code(&reply, 4200);
    let listed = get(
        &cn,
        &format!("/v1/bots?workspace_id={WORKSPACE}&publish_status=unpublished_draft"),
        &token,
    )
    .await;
    assert!(
        listed.body["data"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == bot_id.as_str())
    );

    let reply = post(
        &cn,
        "/v1/bot/publish",
        &token,
        &json!({"bot_id": bot_id, "connector_ids": ["1024"]}),
    )
    .await;
    assert_code(&reply, 0);
    assert_eq!(reply.body["data"]["bot_id"], bot_id.as_str());
    assert!(reply.body["data"]["version"].as_str().unwrap().len() >= 13);

    let reply = get(&cn, &format!("/v1/bots/{bot_id}?is_published=true"), &token).await;
    assert_eq!(reply.body["data"]["name"], "renamed");
    for paging in ["page_num=1&page_size=50", "page_index=1&page_size=50"] {
        let listed = get(
            &cn,
            &format!("/v1/bots?workspace_id={WORKSPACE}&{paging}"),
            &token,
        )
        .await;
        assert_code(&listed, 0);
        let items = listed.body["data"]["items"].as_array().unwrap();
        assert!(
            items
                .iter()
                .any(|b| b["id"] == bot_id.as_str() && b["is_published"] == true)
        );
        assert!(listed.body["data"]["total"].as_u64().unwrap() >= 2);
    }
    let reply = get(
        &cn,
        &format!("/v1/bot/get_online_info?bot_id={bot_id}"),
        &token,
    )
    .await;
    assert_code(&reply, 0);

    let reply = post(
        &cn,
        &format!("/v1/bots/{bot_id}/unpublish"),
        &token,
        &json!({"bot_id": bot_id, "connector_id": "1024", "unpublish_reason": "test"}),
    )
    .await;
    assert_code(&reply, 0);
    let listed = get(&cn, &format!("/v1/bots?workspace_id={WORKSPACE}"), &token).await;
    assert!(
        !listed.body["data"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == bot_id.as_str())
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_bots_and_missing_permissions() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let reply = get(&cn, "/v1/bots/7481617032355070000", &pat).await;
    assert_code(&reply, 4200);
    assert_eq!(
        reply.body["msg"],
        "Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier."
    );
    // The PAT has no disconnectBot.
    let reply = post(
        &cn,
        &format!("/v1/bots/{BOT}/unpublish"),
        &pat,
        &json!({"connector_id": "1024"}),
    )
    .await;
    assert_code(&reply, 4101);
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap()
            .contains(&format!("bot_id={BOT} disconnectBot"))
    );
    // The deprecated list needs getPublishedBot, which the demo PAT lacks.
    let reply = get(
        &cn,
        &format!("/v1/space/published_bots_list?space_id={WORKSPACE}"),
        &pat,
    )
    .await;
    assert_code(&reply, 4101);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn workspaces_users_and_chat() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let reply = get(&cn, "/v1/workspaces?page_num=1&page_size=20", &pat).await;
    assert_code(&reply, 0);
    assert_eq!(reply.body["data"]["total_count"], 1);
    assert_eq!(reply.body["data"]["workspaces"][0]["id"], WORKSPACE);
    let reply = get(&cn, "/v1/users/me", &pat).await;
    assert_code(&reply, 0);
    assert!(reply.body["data"]["user_id"].is_string());

    let reply = post(
        &cn,
        "/v3/chat",
        &pat,
        &json!({"bot_id": BOT, "user_id": "u1", "stream": false, "additional_messages": [{"role": "user", "content": "hello", "content_type": "text"}]}),
    )
    .await;
    assert_code(&reply, 0);
    // The demo bot's chat is in progress until its one retrieve (chat_polls = 1), as create_and_poll expects.
    let chat = &reply.body["data"];
    assert_eq!(chat["status"], "in_progress");
    assert!(chat.get("completed_at").is_none() && chat.get("usage").is_none());
    let query = format!(
        "?conversation_id={}&chat_id={}",
        chat["conversation_id"].as_str().unwrap(),
        chat["id"].as_str().unwrap()
    );
    let retrieved = get(&cn, &format!("/v3/chat/retrieve{query}"), &pat).await;
    assert_code(&retrieved, 0);
    assert_eq!(retrieved.body["data"]["status"], "completed");
    assert!(retrieved.body["data"]["completed_at"].is_i64());
    let retrieved = post(&cn, &format!("/v3/chat/retrieve{query}"), &pat, &json!({})).await;
    assert_code(&retrieved, 0);
    assert_eq!(retrieved.body["data"]["status"], "completed");
    let messages = get(&cn, &format!("/v3/chat/message/list{query}"), &pat).await;
    assert!(
        messages.body["data"][0]["content"]
            .as_str()
            .unwrap()
            .contains("hello")
    );

    // A bot created but not published cannot chat.
    let created = post(
        &cn,
        "/v1/bot/create",
        &pat,
        &json!({"space_id": WORKSPACE, "name": "draft"}),
    )
    .await;
    let draft = created.body["data"]["bot_id"].as_str().unwrap();
    let reply = post(
        &cn,
        "/v3/chat",
        &pat,
        &json!({"bot_id": draft, "user_id": "u1"}),
    )
    .await;
    assert_code(&reply, 4015);

    // Streaming answers SSE.
    let reply = post(
        &cn,
        "/v3/chat",
        &pat,
        &json!({"bot_id": BOT, "user_id": "u1", "stream": true}),
    )
    .await;
    assert!(reply.content_type.starts_with("text/event-stream"));
    assert!(reply.text.contains("event:conversation.chat.completed"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_input_is_answered_with_real_shapes() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    // Unknown route and wrong method: 404 with the 4000 envelope naming the endpoint, as the service
    // answers a retired path; the classifier calls it a bad request (a wrong path or base URL).
    for (path, reply) in [
        ("/v2/chat", get(&cn, "/v2/chat", &pat).await),
        ("/v1/bot/create", get(&cn, "/v1/bot/create", &pat).await),
    ] {
        assert_eq!(reply.status, 404);
        assert_code(&reply, 4000);
        let message = reply.body["msg"].as_str().unwrap();
        assert!(
            message.starts_with(&format!(
                "The requested API endpoint GET {path} does not exist."
            )),
            "{message}"
        );
        let classified = cozescope::coze::classify::classify(
            reply.status,
            reply.text.as_bytes(),
            reply.logid.as_deref(),
        );
        assert_eq!(classified.outcome, cozescope::outcome::Outcome::BadRequest);
    }
    // No token, a 100 KB token, a garbage token.
    let response = client()
        .post(format!("{cn}/v1/bot/create"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_code(&reply(response).await, 4100);
    for token in ["a".repeat(100 * 1024), "czs_nope".to_string()] {
        let reply = post(&cn, "/v1/bot/create", &token, &json!({})).await;
        assert_code(&reply, 4100);
    }
    // Non-JSON, wrong content type, oversized.
    let url = format!("{cn}/v1/bot/create");
    let response = client()
        .post(&url)
        .bearer_auth(&pat)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let r = reply(response).await;
    assert_eq!(r.status, 200);
    assert_code(&r, 4000);
    let response = client()
        .post(&url)
        .bearer_auth(&pat)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_code(&reply(response).await, 4000);
    let response = client()
        .post(&url)
        .bearer_auth(&pat)
        .header("content-type", "application/json")
        .body(vec![b' '; 2 << 20])
        .send()
        .await
        .unwrap();
    let r = reply(response).await;
    assert_eq!(r.status, 413);
    assert_code(&r, 4000);
    // A bad query string and a bad page size.
    let reply = get(&cn, "/v1/workspaces?page_size=999", &pat).await;
    assert_code(&reply, 4000);
    sandbox.shutdown().await;
}

//! Accounts in the sandbox, over real HTTP: several users per realm, who owns what (workspaces, apps,
//! SATs, bots), roles (a team member's PAT may read and chat but not change another's bot), another
//! account's bot hidden as unknown, expired PATs and SATs, chat polling (`chat_polls`), and JWT
//! `session_name` isolation of conversations and chats.

use cozescope::coze::region::Region;
use serde_json::{Value, json};

use crate::common::sandbox::*;

const TEAM_WORKSPACE: &str = "7351411557182227100";
const TEAM_BOT: &str = "7481617032355070003";
const OTHER_BOT: &str = "7481617032355070004";
const DEV: &str = "4184032795104857";
const LEAD: &str = "4184032795100001";
const ADMIN: &str = "4184032795100002";

/// An app of the team lead bound to the Studio team, a bot that completes at once, a SAT and a PAT
/// with lifetimes, on top of the demo world.
const EXTRA: &str = r#"
[[app]]
id = "1130000400111"
realm = "cn"
kind = "normal"
owner = "4184032795100001"
permissions = ["edit", "publish", "chat", "getChat", "listMessage", "listConversation", "listWorkspace"]
workspaces = ["7351411557182227100"]
[[app.key]]
public_key_file = "demo-app.pub.pem"

[[bot]]
id = "7481617032355070005"
workspace = "7351411557182226472"
name = "Quick"
connectors = ["1024"]
chat_polls = 0

[[sat]]
token = "sat_expiredSoon"
realm = "cn"
user = "4184032795100001"
permissions = ["listWorkspace"]
workspaces = ["7351411557182227100"]
expires_at = "2020-01-01T08:00:00+08:00"

[[pat]]
token = "pat_validForAWhile"
realm = "cn"
permissions = ["listWorkspace"]
workspaces = ["7351411557182226472"]
expires_at = 2999-01-01T00:00:00Z
"#;

const LEAD_APP: &str = "1130000400111";

/// An access token of the lead's app, for `session_name` (or none).
async fn lead_token(base_url: &str, session: Option<&str>) -> String {
    let mut claims = claims(LEAD_APP, &netloc(base_url));
    if let Some(session) = session {
        claims["session_name"] = json!(session);
    }
    let jwt = sign_with(APP_KEY, APP_KID, &claims);
    let reply = token_request(base_url, &jwt, &json!({"grant_type": GRANT})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["access_token"].as_str().unwrap().to_string()
}

fn chat_body(bot: &str, question: &str) -> Value {
    json!({"bot_id": bot, "user_id": "u1", "stream": false,
           "additional_messages": [{"role": "user", "content": question, "content_type": "text"}]})
}

fn ids(chat: &Reply) -> String {
    format!(
        "?conversation_id={}&chat_id={}",
        chat.body["data"]["conversation_id"].as_str().unwrap(),
        chat.body["data"]["id"].as_str().unwrap()
    )
}

#[tokio::test]
async fn tokens_act_for_their_accounts_and_show_their_roles() {
    let sandbox = start_with_extra(EXTRA).await;
    let cn = base(&sandbox, Region::Cn);
    let me = |token: String| {
        let cn = cn.clone();
        async move { get(&cn, "/v1/users/me", &token).await.body["data"].clone() }
    };
    assert_eq!(me(var("COZE_API_TOKEN")).await["user_id"], DEV);
    assert_eq!(me(var("COZE_TEAM_ADMIN_API_TOKEN")).await["user_id"], ADMIN);
    let sat = me(var("COZE_TEAM_SAT_TOKEN")).await;
    assert_eq!(
        (&sat["user_id"], &sat["user_name"]),
        (&json!(LEAD), &json!("team_lead"))
    );
    assert_eq!(me(lead_token(&cn, None).await).await["user_id"], LEAD);
    // The app of the node-chat2 report names no owner: the realm's first user.
    assert_eq!(me(app_token(&cn, None).await).await["user_id"], DEV);

    // role_type is the caller's role there; the owner and the admins are the workspace's.
    let team = |token: String| {
        let cn = cn.clone();
        async move {
            let reply = get(&cn, "/v1/workspaces", &token).await;
            assert_code(&reply, 0);
            reply.body["data"]["workspaces"][0].clone()
        }
    };
    for (token, role) in [
        (var("COZE_TEAM_MEMBER_API_TOKEN"), "member"),
        (var("COZE_TEAM_ADMIN_API_TOKEN"), "admin"),
        (var("COZE_TEAM_SAT_TOKEN"), "owner"),
    ] {
        let workspace = team(token).await;
        assert_eq!(workspace["id"], TEAM_WORKSPACE);
        assert_eq!(workspace["role_type"], role);
        assert_eq!(workspace["owner_uid"], LEAD);
        assert_eq!(workspace["admin_uids"], json!([ADMIN]));
    }
    // Without `owner` and `members`, role_type stays what the world said for the first user.
    let reply = get(&cn, "/v1/workspaces", &app_token(&cn, None).await).await;
    assert_eq!(reply.body["data"]["workspaces"][0]["role_type"], "owner");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_member_s_pat_reads_and_chats_but_does_not_change_another_s_bot() {
    let sandbox = start_with_extra(EXTRA).await;
    let cn = base(&sandbox, Region::Cn);
    let member = var("COZE_TEAM_MEMBER_API_TOKEN");
    let retrieve = format!("/v1/bots/{TEAM_BOT}?is_published=false");
    let bot = get(&cn, &retrieve, &member).await;
    assert_code(&bot, 0);
    assert_eq!(bot.body["data"]["owner_user_id"], LEAD);
    assert_code(
        &post(&cn, "/v3/chat", &member, &chat_body(TEAM_BOT, "hi")).await,
        0,
    );
    let update = json!({"bot_id": TEAM_BOT, "description": "changed"});
    let publish = json!({"bot_id": TEAM_BOT, "connector_ids": ["1024"]});
    assert_denied(
        &post(&cn, "/v1/bot/update", &member, &update).await,
        &format!("bot_id={TEAM_BOT} edit"),
    );
    assert_denied(
        &post(&cn, "/v1/bot/publish", &member, &publish).await,
        &format!("bot_id={TEAM_BOT} publish"),
    );
    // The member's own bot is theirs to change.
    let own = create_bot(&cn, &member, TEAM_WORKSPACE).await;
    let own = own.body["data"]["bot_id"].as_str().unwrap().to_string();
    let reply = post(
        &cn,
        "/v1/bot/update",
        &member,
        &json!({"bot_id": own, "name": "mine"}),
    )
    .await;
    assert_code(&reply, 0);
    let bot = get(&cn, &format!("/v1/bots/{own}?is_published=false"), &member).await;
    assert_eq!(bot.body["data"]["owner_user_id"], DEV);

    // An admin's PAT may (INFERRED); so may the SAT and the lead's OAuth app: the permission suffices.
    for token in [
        var("COZE_TEAM_ADMIN_API_TOKEN"),
        var("COZE_TEAM_SAT_TOKEN"),
        lead_token(&cn, None).await,
    ] {
        assert_code(&post(&cn, "/v1/bot/update", &token, &update).await, 0);
        assert_code(&post(&cn, "/v1/bot/publish", &token, &publish).await, 0);
    }
    // Unpublishing needs the bot's owner with a PAT, admins included.
    let unpublish = format!("/v1/bots/{own}/unpublish");
    let admin = var("COZE_TEAM_ADMIN_API_TOKEN");
    let reply = post(
        &cn,
        "/v1/bot/publish",
        &member,
        &json!({"bot_id": own, "connector_ids": ["1024"]}),
    )
    .await;
    assert_code(&reply, 0);
    let reply = post(&cn, &unpublish, &admin, &json!({"connector_id": "1024"})).await;
    assert_denied(&reply, &format!("bot_id={own} disconnectBot"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn another_account_s_bot_answers_as_an_unknown_one() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let unknown = format!("Requested resource bot_id={OTHER_BOT} does not exist.");
    for reply in [
        get(
            &cn,
            &format!("/v1/bots/{OTHER_BOT}?is_published=false"),
            &pat,
        )
        .await,
        post(&cn, "/v3/chat", &pat, &chat_body(OTHER_BOT, "hi")).await,
        get(&cn, &format!("/v1/conversations?bot_id={OTHER_BOT}"), &pat).await,
    ] {
        assert_code(&reply, 4200);
        assert!(
            reply.body["msg"].as_str().unwrap().starts_with(&unknown),
            "{}",
            reply.text
        );
    }
    // Its owner's PAT sees it; a workspace the caller is in but not bound to stays a 4101.
    let owner = var("COZE_OTHER_ACCOUNT_API_TOKEN");
    assert_code(
        &get(
            &cn,
            &format!("/v1/bots/{OTHER_BOT}?is_published=false"),
            &owner,
        )
        .await,
        0,
    );
    assert_denied(
        &post(&cn, "/v3/chat", &pat, &chat_body(TEAM_BOT, "hi")).await,
        &format!("bot_id={TEAM_BOT} chat"),
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn expired_console_tokens_are_refused_as_unknown_ones() {
    let sandbox = start_with_extra(EXTRA).await;
    let cn = base(&sandbox, Region::Cn);
    for token in [var("COZE_EXPIRED_API_TOKEN"), "sat_expiredSoon".to_string()] {
        let reply = get(&cn, "/v1/workspaces", &token).await;
        assert_code(&reply, 4100);
        assert_eq!(reply.body["msg"], "authentication is invalid");
        assert_code(&get(&cn, "/v1/users/me", &token).await, 4100);
    }
    assert_code(&get(&cn, "/v1/workspaces", "pat_validForAWhile").await, 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_chat_completes_after_its_bot_s_polls() {
    let sandbox = start_with_extra(EXTRA).await;
    let cn = base(&sandbox, Region::Cn);
    let member = var("COZE_TEAM_MEMBER_API_TOKEN");
    // chat_polls = 3: in progress on create and on two retrieves, completed on the third.
    let chat = post(&cn, "/v3/chat", &member, &chat_body(TEAM_BOT, "slow")).await;
    assert_eq!(chat.body["data"]["status"], "in_progress");
    let query = ids(&chat);
    let messages = get(&cn, &format!("/v3/chat/message/list{query}"), &member).await;
    assert_eq!(messages.body["data"], json!([]));
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let reply = post(
            &cn,
            &format!("/v3/chat/retrieve{query}"),
            &member,
            &json!({}),
        )
        .await;
        statuses.push(reply.body["data"]["status"].as_str().unwrap().to_string());
    }
    assert_eq!(
        statuses,
        ["in_progress", "in_progress", "completed", "completed"]
    );
    let messages = get(&cn, &format!("/v3/chat/message/list{query}"), &member).await;
    assert!(
        messages.body["data"][0]["content"]
            .as_str()
            .unwrap()
            .contains("slow")
    );

    // chat_polls = 0 answers completed at once; a stream carries the whole chat.
    let pat = var("COZE_API_TOKEN");
    let quick = post(
        &cn,
        "/v3/chat",
        &pat,
        &chat_body("7481617032355070005", "now"),
    )
    .await;
    assert_eq!(quick.body["data"]["status"], "completed");
    let mut streamed = chat_body(TEAM_BOT, "stream");
    streamed["stream"] = json!(true);
    let reply = post(&cn, "/v3/chat", &member, &streamed).await;
    assert!(reply.text.contains("event:conversation.chat.completed"));

    // A denied retrieve does not move the chat on.
    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    let chat = post(&cn, "/v3/chat", &chat_only, &chat_body(BOT, "x")).await;
    let query = ids(&chat);
    assert_denied(
        &get(&cn, &format!("/v3/chat/retrieve{query}"), &chat_only).await,
        &format!("user_id={DEV} getChat"),
    );
    let reply = get(&cn, &format!("/v3/chat/retrieve{query}"), &pat).await;
    assert_eq!(reply.body["data"]["status"], "completed");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn conversations_and_chats_belong_to_one_session_name() {
    let sandbox = start_with_extra(EXTRA).await;
    let cn = base(&sandbox, Region::Cn);
    let alice = lead_token(&cn, Some("alice")).await;
    let bob = lead_token(&cn, Some("bob")).await;
    let nameless = lead_token(&cn, None).await;
    let chat = post(
        &cn,
        "/v3/chat",
        &alice,
        &chat_body(TEAM_BOT, "alice's question"),
    )
    .await;
    assert_code(&chat, 0);
    let conversation = chat.body["data"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let query = ids(&chat);
    let listed = |token: String| {
        let cn = cn.clone();
        async move {
            let reply = get(&cn, &format!("/v1/conversations?bot_id={TEAM_BOT}"), &token).await;
            assert_code(&reply, 0);
            reply.body["data"]["conversations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    // Another token of the same session sees it; another session, or none, does not.
    let alice_again = lead_token(&cn, Some("alice")).await;
    assert_eq!(
        listed(alice_again.clone()).await,
        vec![conversation.clone()]
    );
    assert!(listed(bob.clone()).await.is_empty());
    assert!(listed(nameless.clone()).await.is_empty());
    assert_code(
        &get(&cn, &format!("/v3/chat/retrieve{query}"), &alice_again).await,
        0,
    );
    for token in [&bob, &nameless] {
        assert_code(
            &get(&cn, &format!("/v3/chat/retrieve{query}"), token).await,
            4200,
        );
        assert_code(
            &get(&cn, &format!("/v3/chat/message/list{query}"), token).await,
            4200,
        );
        let reply = post(
            &cn,
            &format!("/v3/chat?conversation_id={conversation}"),
            token,
            &chat_body(TEAM_BOT, "intruding"),
        )
        .await;
        assert_code(&reply, 4200);
        assert!(
            reply.body["msg"]
                .as_str()
                .unwrap()
                .contains("conversation_id=")
        );
    }
    // The query string names the conversation; the same id in the body is ignored (a new one starts).
    let mut in_body = chat_body(TEAM_BOT, "body field");
    in_body["conversation_id"] = json!(conversation);
    let reply = post(&cn, "/v3/chat", &alice, &in_body).await;
    assert_ne!(reply.body["data"]["conversation_id"], json!(conversation));
    let reply = post(
        &cn,
        &format!("/v3/chat?conversation_id={conversation}"),
        &alice,
        &chat_body(TEAM_BOT, "follow-up"),
    )
    .await;
    assert_eq!(reply.body["data"]["conversation_id"], json!(conversation));
    // A PAT of another account sees none of the lead's conversations, even in the same workspace.
    assert!(listed(var("COZE_TEAM_MEMBER_API_TOKEN")).await.is_empty());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_empty_post_is_an_empty_object_whatever_its_content_type() {
    // @coze/api POSTs the chat retrieve with no body as a form; a form with content is still refused.
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let chat = post(&cn, "/v3/chat", &pat, &chat_body(BOT, "form")).await;
    let send = |body: &'static str| {
        let url = format!("{cn}/v3/chat/retrieve{}", ids(&chat));
        let pat = pat.clone();
        async move {
            let response = client()
                .post(url)
                .bearer_auth(pat)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("sent");
            reply(response).await
        }
    };
    assert_code(&send("").await, 0);
    assert_code(&send("a=1").await, 4000);
    sandbox.shutdown().await;
}

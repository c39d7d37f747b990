//! The sandbox against the operation catalogue over real HTTP: every probe is routed, the demo world's
//! main credentials pass every probe and the chat-only PAT only chat, and the workflow, conversation,
//! dataset, voice, app and chat-poll endpoints with their shapes, denials and errors.

use crate::common::sandbox::*;
use cozescope::coze::catalogue::{self, Param};
use cozescope::coze::region::Region;
use cozescope::coze::request::Method;
use serde_json::{Value, json};

const UNKNOWN_WORKFLOW: &str = "7500000000000009999";
/// Added to the demo world: a workflow and a bot in the workspace no credential is bound to, a com
/// chatflow, and a com PAT that may run and list.
const TEAM_RESOURCES: &str = r#"
[[workflow]]
id = "7500000000000000199"
workspace = "7351411557182226999"
name = "team_flow"
published = true

[[bot]]
id = "7481617032355070099"
workspace = "7351411557182226999"
name = "Team bot"
connectors = ["1024"]

[[workflow]]
id = "7500000000000000201"
workspace = "7452918736410394624"
name = "global_echo"
published = true
mode = "chatflow"

[[pat]]
token = "pat_comRunner"
realm = "com"
permissions = ["run", "listWorkflow", "listVoice"]
workspaces = ["7452918736410394624"]
"#;

/// The `key` of each item of a list reply's `data.<items>`.
fn listed(reply: &Reply, items: &str, key: &str) -> Vec<String> {
    reply.body["data"][items]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item[key].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `path` with its `{placeholders}` filled with the demo world's ids.
fn concrete(path: &str) -> String {
    path.replace("{bot_id}", BOT)
        .replace("{workflow_id}", &var("COZE_WORKFLOW_ID"))
        .replace("{workspace_id}", WORKSPACE)
        .replace("{execute_id}", "7531000000000000001")
}

async fn send(base_url: &str, method: Method, path: &str, token: &str, body: &Value) -> Reply {
    match method {
        Method::Get => get(base_url, path, token).await,
        Method::Post => post(base_url, path, token, body).await,
    }
}

/// A valid request of each probe, as the docs describe it, with the demo world's ids.
fn probe_request(name: &str) -> (String, Value) {
    let workflow = var("COZE_WORKFLOW_ID");
    match name {
        "list_bots" | "list_workflows" | "list_apps" => {
            (format!("?workspace_id={WORKSPACE}"), json!({}))
        }
        "list_datasets" => (
            format!("?space_id={WORKSPACE}&name=&format_type="),
            json!({}),
        ),
        "list_conversations" => (format!("?bot_id={BOT}"), json!({})),
        "create_bot" => (
            String::new(),
            json!({"space_id": WORKSPACE, "name": "probe"}),
        ),
        "update_bot" => (
            String::new(),
            json!({"bot_id": BOT, "name": "Sandbox helper"}),
        ),
        "publish_bot" => (
            String::new(),
            json!({"bot_id": BOT, "connector_ids": ["1024"]}),
        ),
        "chat" => (String::new(), json!({"bot_id": BOT, "user_id": "probe"})),
        "run_workflow" => (String::new(), json!({"workflow_id": workflow})),
        _ => (String::new(), json!({})),
    }
}

#[tokio::test]
async fn every_probe_has_a_route_that_answers_in_the_envelope() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    for operation in catalogue::probes().filter(|operation| operation.name != "token") {
        let url = format!("{cn}{}", concrete(operation.path));
        let request = match operation.method {
            Method::Get => client().get(&url),
            Method::Post => client().post(&url).json(&json!({})),
        };
        let reply = reply(request.send().await.expect("sent")).await;
        assert_eq!(reply.status, 200, "{}: {}", operation.name, reply.text);
        assert_code(&reply, 4100);
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn main_credentials_pass_every_probe_and_the_chat_only_pat_only_chat() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let app = app_token(&cn, None).await;
    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    // The chat-polling probes address a chat; every credential here acts for the demo account, in no
    // JWT session, so they all see this one.
    let chat = post(
        &cn,
        "/v3/chat",
        &var("COZE_API_TOKEN"),
        &json!({"bot_id": BOT, "user_id": "probe"}),
    )
    .await;
    let chat_query = format!(
        "?conversation_id={}&chat_id={}",
        chat.body["data"]["conversation_id"]
            .as_str()
            .unwrap_or_default(),
        chat.body["data"]["id"].as_str().unwrap_or_default()
    );
    for operation in catalogue::probes().filter(|operation| operation.name != "token") {
        let (query, body) = match operation.name {
            "retrieve_chat" | "list_chat_messages" => (chat_query.clone(), json!({})),
            name => probe_request(name),
        };
        let path = format!("{}{query}", concrete(operation.path));
        for token in [var("COZE_API_TOKEN"), app.clone()] {
            let reply = send(&cn, operation.method, &path, &token, &body).await;
            assert_code(&reply, 0);
        }
        let reply = send(&cn, operation.method, &path, &chat_only, &body).await;
        let chat_is_enough = operation
            .permissions
            .iter()
            .all(|permission| *permission == "chat");
        if chat_is_enough {
            assert_code(&reply, 0);
        } else {
            let permission = operation
                .permissions
                .iter()
                .find(|permission| **permission != "chat")
                .unwrap_or(&operation.permissions[0]);
            let resource = match operation.needs.first() {
                Some(Param::BotId) => format!("bot_id={BOT}"),
                Some(Param::WorkflowId) => format!("workflow_id={}", var("COZE_WORKFLOW_ID")),
                Some(Param::SpaceId) => format!("space_id={WORKSPACE}"),
                None => "user_id=".to_string(),
            };
            assert_code(&reply, 4101);
            let msg = reply.body["msg"].as_str().unwrap_or_default();
            assert!(msg.contains(&resource), "{}: {msg}", operation.name);
            assert!(
                msg.contains(&format!(" {permission}. ")),
                "{}: {msg}",
                operation.name
            );
        }
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn workflows_list_filters_pages_and_checks_the_workspace() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let (published, draft) = (var("COZE_WORKFLOW_ID"), var("COZE_DRAFT_WORKFLOW_ID"));
    let ids = |reply: &Reply| listed(reply, "items", "workflow_id");
    // cozepy's default page size is 100 (the docs say at most 30).
    let reply = get(
        &cn,
        &format!("/v1/workflows?workspace_id={WORKSPACE}&page_num=1&page_size=100"),
        &pat,
    )
    .await;
    assert_code(&reply, 0);
    assert_eq!(ids(&reply), [published.as_str()]);
    assert_eq!(reply.body["data"]["has_more"], false);
    let item = &reply.body["data"]["items"][0];
    assert_eq!(item["workflow_name"], "sandbox_echo");
    assert_eq!(item["app_id"], "0");
    assert!(
        item["created_at"]
            .as_str()
            .is_some_and(|t| t.parse::<i64>().is_ok())
    );
    assert!(item["creator"]["id"].is_string() && item["icon_url"].is_string());
    assert!(reply.body["data"].get("total").is_none());

    let page = |query: &str| format!("/v1/workflows?workspace_id={WORKSPACE}&{query}");
    let reply = get(&cn, &page("publish_status=all&page_size=1"), &pat).await;
    assert_eq!(ids(&reply), [published.as_str()]);
    assert_eq!(reply.body["data"]["has_more"], true);
    let reply = get(
        &cn,
        &page("publish_status=all&page_size=1&page_num=2"),
        &pat,
    )
    .await;
    assert_eq!(ids(&reply), [draft.as_str()]);
    assert_eq!(reply.body["data"]["has_more"], false);
    let reply = get(&cn, &page("publish_status=unpublished_draft"), &pat).await;
    assert_eq!(ids(&reply), [draft]);
    let reply = get(
        &cn,
        &page("publish_status=all&workflow_mode=chatflow"),
        &pat,
    )
    .await;
    assert!(ids(&reply).is_empty());
    let reply = get(&cn, &page("workflow_mode=&publish_status="), &pat).await;
    assert_eq!(ids(&reply), [published]);

    for query in [
        "page_size=101",
        "page_num=0",
        "publish_status=PublishStatus.ALL",
        "workflow_mode=WorkflowMode.WORKFLOW",
    ] {
        assert_code(&get(&cn, &page(query), &pat).await, 4000);
    }
    assert_code(&get(&cn, "/v1/workflows?page_size=100", &pat).await, 4000);
    assert_code(
        &get(&cn, "/v1/workflows?workspace_id=abc", &pat).await,
        4000,
    );

    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    assert_denied(
        &get(&cn, &page("page_size=10"), &chat_only).await,
        &format!("space_id={WORKSPACE} listWorkflow"),
    );
    let reply = get(
        &cn,
        &format!("/v1/workflows?workspace_id={UNBOUND_WORKSPACE}"),
        &pat,
    )
    .await;
    assert_denied(
        &reply,
        &format!("space_id={UNBOUND_WORKSPACE} listWorkflow"),
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn workflow_metadata_names_the_workflow_in_every_error() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let workflow = var("COZE_WORKFLOW_ID");
    let reply = get(&cn, &format!("/v1/workflows/{workflow}"), &pat).await;
    assert_code(&reply, 0);
    let detail = &reply.body["data"]["workflow_detail"];
    assert_eq!(detail["workflow_id"], workflow.as_str());
    assert_eq!(detail["workflow_name"], "sandbox_echo");
    assert_eq!(detail["description"], "Echoes its input parameters.");
    // A draft's metadata can be read.
    let draft = var("COZE_DRAFT_WORKFLOW_ID");
    assert_code(&get(&cn, &format!("/v1/workflows/{draft}"), &pat).await, 0);

    let reply = get(&cn, &format!("/v1/workflows/{UNKNOWN_WORKFLOW}"), &pat).await;
    assert_code(&reply, 4200);
    assert_eq!(
        reply.body["msg"],
        format!(
            "Requested resource workflow_id={UNKNOWN_WORKFLOW} does not exist. Ensure you are the correct resource identifier."
        )
    );
    assert_code(&get(&cn, "/v1/workflows/sandbox_echo", &pat).await, 4000);
    let reply = get(
        &cn,
        &format!("/v1/workflows/{workflow}"),
        &var("COZE_API_TOKEN_CHAT_ONLY"),
    )
    .await;
    assert_denied(&reply, &format!("workflow_id={workflow} getMetaData"));
    // The workflow exists, but in a workspace the PAT is not bound to.
    let reply = get(&cn, "/v1/workflows/7500000000000000199", &pat).await;
    assert_denied(&reply, "workflow_id=7500000000000000199 getMetaData");
    // The permission is getMetaData (capital D), not the bot's getMetadata: a token scoped to
    // Connector.getMetadata reads bots, not workflows.
    let scoped = app_token(&cn, Some(scope(&["Connector.getMetadata"]))).await;
    assert_code(&get(&cn, &format!("/v1/bots/{BOT}"), &scoped).await, 0);
    let reply = get(&cn, &format!("/v1/workflows/{workflow}"), &scoped).await;
    assert_denied(&reply, &format!("workflow_id={workflow} getMetaData"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn workflow_run_answers_at_the_top_level() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let workflow = var("COZE_WORKFLOW_ID");
    for parameters in [
        json!({"input": "hello sandbox"}),
        json!("{\"input\": \"hello sandbox\"}"),
    ] {
        let reply = post(
            &cn,
            "/v1/workflow/run",
            &pat,
            &json!({"workflow_id": workflow, "parameters": parameters, "is_async": false}),
        )
        .await;
        assert_code(&reply, 0);
        assert_eq!(reply.body["msg"], "");
        let output: Value =
            serde_json::from_str(reply.body["data"].as_str().expect("data is a string"))
                .expect("data holds JSON");
        assert_eq!(output, json!({"output": {"input": "hello sandbox"}}));
        let execute_id = reply.body["execute_id"].as_str().expect("execute_id");
        assert_eq!(
            reply.body["debug_url"],
            format!(
                "https://www.coze.cn/work_flow?execute_id={execute_id}&space_id={WORKSPACE}&workflow_id={workflow}"
            )
        );
        let usage = &reply.body["usage"];
        assert_eq!(
            usage["token_count"].as_u64(),
            Some(
                usage["input_count"].as_u64().unwrap_or(0)
                    + usage["output_count"].as_u64().unwrap_or(0)
            )
        );
    }

    let run = |body: Value| {
        let (cn, pat) = (cn.clone(), pat.clone());
        async move { post(&cn, "/v1/workflow/run", &pat, &body).await }
    };
    // Documented: an unpublished workflow is 4200, is_async on the free plan 6003.
    let reply = run(json!({"workflow_id": var("COZE_DRAFT_WORKFLOW_ID")})).await;
    assert_code(&reply, 4200);
    assert!(reply.body.get("debug_url").is_none());
    let reply = run(json!({"workflow_id": workflow, "is_async": true})).await;
    assert_code(&reply, 6003);
    assert_eq!(
        reply.body["msg"],
        "Workflow execution with is_async=true is a premium feature available only to Coze Professional users"
    );
    let reply = run(json!({"workflow_id": UNKNOWN_WORKFLOW})).await;
    assert_code(&reply, 4200);
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap_or_default()
            .contains(UNKNOWN_WORKFLOW)
    );
    for body in [
        json!({"workflow_id": ""}),
        json!({}),
        json!({"workflow_id": workflow, "parameters": "not json"}),
        json!({"workflow_id": workflow, "parameters": [1]}),
        json!({"workflow_id": workflow, "is_async": "yes"}),
        json!({"workflow_id": workflow, "bot_id": "x"}),
    ] {
        assert_code(&run(body).await, 4000);
    }
    let reply = post(
        &cn,
        "/v1/workflow/run",
        &var("COZE_API_TOKEN_CHAT_ONLY"),
        &json!({"workflow_id": workflow}),
    )
    .await;
    assert_denied(&reply, &format!("workflow_id={workflow} run"));
    let reply = run(json!({"workflow_id": "7500000000000000199"})).await;
    assert_denied(&reply, "workflow_id=7500000000000000199 run");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn workflows_live_in_their_workspace_s_realm() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let (cn, com) = (base(&sandbox, Region::Cn), base(&sandbox, Region::Com));
    let reply = post(
        &com,
        "/v1/workflow/run",
        "pat_comRunner",
        &json!({"workflow_id": "7500000000000000201"}),
    )
    .await;
    assert_code(&reply, 0);
    assert!(
        reply.body["debug_url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://www.coze.com/work_flow?")
    );
    let reply = get(
        &com,
        &format!("/v1/workflows?workspace_id={COM_WORKSPACE}&workflow_mode=chatflow"),
        "pat_comRunner",
    )
    .await;
    assert_eq!(
        reply.body["data"]["items"][0]["workflow_id"],
        "7500000000000000201"
    );
    // The com PAT of the demo world has no getMetaData; the cn realm has no such workflow.
    let reply = get(
        &com,
        "/v1/workflows/7500000000000000201",
        &var("COZE_COM_API_TOKEN"),
    )
    .await;
    assert_denied(&reply, "workflow_id=7500000000000000201 getMetaData");
    let reply = get(
        &cn,
        "/v1/workflows/7500000000000000201",
        &var("COZE_API_TOKEN"),
    )
    .await;
    assert_code(&reply, 4200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn chats_record_conversations_and_polling_needs_its_permissions() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    let chat = |token: String, conversation: &str| {
        let cn = cn.clone();
        let path = format!("/v3/chat?conversation_id={conversation}");
        async move {
            let body = json!({
                "bot_id": BOT, "user_id": "u1", "stream": false,
                "additional_messages": [{"role": "user", "content": "remember me", "content_type": "text", "meta_data": null}],
            });
            post(&cn, &path, &token, &body).await
        }
    };
    let first = chat(pat.clone(), "").await;
    assert_code(&first, 0);
    let conversation = first.body["data"]["conversation_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = chat(chat_only.clone(), "").await;
    assert_code(&chat(pat.clone(), &conversation).await, 0);
    assert_code(&chat(pat.clone(), "not-a-number").await, 4000);

    let reply = get(&cn, &format!("/v1/conversations?bot_id={BOT}"), &pat).await;
    assert_code(&reply, 0);
    let conversations = reply.body["data"]["conversations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(conversations.len(), 2, "{}", reply.text);
    assert_eq!(reply.body["data"]["has_more"], false);
    let item = conversations
        .iter()
        .find(|item| item["id"] == conversation.as_str())
        .expect("the conversation is listed once");
    assert_eq!(item["meta_data"], json!({}));
    assert_eq!(item["name"], "remember me");
    assert_eq!(item["connector_id"], "1024");
    assert!(
        item["last_section_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(item["created_at"].is_i64() && item["creator_id"].is_string());
    let reply = get(
        &cn,
        &format!("/v1/conversations?bot_id={BOT}&page_size=1"),
        &pat,
    )
    .await;
    assert_eq!(reply.body["data"]["has_more"], true);
    let reply = get(
        &cn,
        &format!("/v1/conversations?bot_id={BOT}&connector_id=999"),
        &pat,
    )
    .await;
    assert_eq!(reply.body["data"]["conversations"], json!([]));
    for query in ["page_size=51", "sort_order=up", "connector_id=1"] {
        let path = format!("/v1/conversations?bot_id={BOT}&{query}");
        assert_code(&get(&cn, &path, &pat).await, 4000);
    }
    assert_code(&get(&cn, "/v1/conversations", &pat).await, 4000);
    let reply = get(&cn, "/v1/conversations?bot_id=7481617032355070000", &pat).await;
    assert_code(&reply, 4200);
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap_or_default()
            .contains("bot_id=7481617032355070000")
    );
    let path = format!("/v1/conversations?bot_id={BOT}");
    assert_denied(
        &get(&cn, &path, &chat_only).await,
        &format!("bot_id={BOT} listConversation"),
    );
    let reply = get(&cn, "/v1/conversations?bot_id=7481617032355070099", &pat).await;
    assert_denied(&reply, "bot_id=7481617032355070099 listConversation");

    // Polling: retrieve needs getChat, the messages chat + listMessage; the chat-only PAT can chat only.
    let query = format!(
        "?conversation_id={}&chat_id={}",
        second.body["data"]["conversation_id"]
            .as_str()
            .unwrap_or_default(),
        second.body["data"]["id"].as_str().unwrap_or_default()
    );
    let retrieve = format!("/v3/chat/retrieve{query}");
    let messages = format!("/v3/chat/message/list{query}");
    assert_code(&post(&cn, &retrieve, &pat, &json!({})).await, 0);
    assert!(get(&cn, &messages, &pat).await.body["data"].is_array());
    let user = format!("user_id={CN_USER}");
    assert_denied(
        &get(&cn, &retrieve, &chat_only).await,
        &format!("{user} getChat"),
    );
    assert_denied(
        &get(&cn, &messages, &chat_only).await,
        &format!("{user} listMessage"),
    );
    let reply = get(&cn, "/v3/chat/retrieve?conversation_id=1&chat_id=2", &pat).await;
    assert_code(&reply, 4200);

    // A bot that is not published to the API cannot chat (4015).
    let created = create_bot(&cn, &pat, WORKSPACE).await;
    let draft = created.body["data"]["bot_id"].as_str().unwrap_or_default();
    let reply = post(
        &cn,
        "/v3/chat",
        &pat,
        &json!({"bot_id": draft, "user_id": "u1"}),
    )
    .await;
    assert_code(&reply, 4015);
    sandbox.shutdown().await;
}

/// The demo cn account's user id (the resource of account-level denials).
const CN_USER: &str = "4184032795104857";

#[tokio::test]
async fn datasets_filter_by_name_and_format_and_check_the_workspace() {
    let sandbox = start().await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let dataset = var("COZE_DATASET_ID");
    let list = |query: &str| format!("/v1/datasets?space_id={WORKSPACE}&{query}");
    // cozepy sends unset filters empty.
    let reply = get(
        &cn,
        &list("name=&format_type=&page_size=10&page_num=1"),
        &pat,
    )
    .await;
    assert_code(&reply, 0);
    assert_eq!(reply.body["data"]["total_count"], 1);
    let item = &reply.body["data"]["dataset_list"][0];
    assert_eq!(item["dataset_id"], dataset.as_str());
    assert_eq!(item["space_id"], WORKSPACE);
    assert_eq!(item["status"], 1);
    assert_eq!(item["format_type"], 0);
    for field in [
        "name",
        "description",
        "icon_url",
        "creator_id",
        "creator_name",
    ] {
        assert!(item[field].is_string(), "{field}");
    }
    let count = |reply: &Reply| {
        reply.body["data"]["dataset_list"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count(&get(&cn, &list("name=faq"), &pat).await), 1);
    assert_eq!(count(&get(&cn, &list("name=nothing"), &pat).await), 0);
    assert_eq!(count(&get(&cn, &list("format_type=2"), &pat).await), 0);
    let reply = get(&cn, &list("page_num=2&page_size=1"), &pat).await;
    assert_eq!(
        (count(&reply), reply.body["data"]["total_count"].as_u64()),
        (0, Some(1))
    );
    for query in ["format_type=3", "page_size=301", "page_size=0"] {
        assert_code(&get(&cn, &list(query), &pat).await, 4000);
    }
    assert_code(&get(&cn, "/v1/datasets?space_id=", &pat).await, 4000);
    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    assert_denied(
        &get(&cn, &list(""), &chat_only).await,
        &format!("space_id={WORKSPACE} listKnowledge"),
    );
    let reply = get(
        &cn,
        &format!("/v1/datasets?space_id={UNBOUND_WORKSPACE}"),
        &pat,
    )
    .await;
    assert_denied(
        &reply,
        &format!("space_id={UNBOUND_WORKSPACE} listKnowledge"),
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn voices_are_the_realm_s_system_voices_with_every_field() {
    let sandbox = start_with_extra(TEAM_RESOURCES).await;
    let (cn, com) = (base(&sandbox, Region::Cn), base(&sandbox, Region::Com));
    let pat = var("COZE_API_TOKEN");
    let reply = get(
        &cn,
        "/v1/audio/voices?filter_system_voice=false&page_num=1&page_size=100",
        &pat,
    )
    .await;
    assert_code(&reply, 0);
    assert_eq!(reply.body["data"]["has_more"], false);
    let voices = reply.body["data"]["voice_list"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!voices.is_empty());
    for voice in &voices {
        for field in [
            "voice_id",
            "name",
            "language_code",
            "language_name",
            "preview_text",
            "preview_audio",
        ] {
            assert!(voice[field].is_string(), "{field}: {voice}");
        }
        for field in ["available_training_times", "create_time", "update_time"] {
            assert!(voice[field].is_i64(), "{field}: {voice}");
        }
        assert_eq!(voice["is_system_voice"], true);
        assert_eq!(voice["state"], "cloned");
        assert!(voice["model_type"] == "big" || voice["model_type"] == "small");
    }
    // The com realm's voices are its own; the demo com PAT has no listVoice.
    let com_reply = get(&com, "/v1/audio/voices", "pat_comRunner").await;
    assert_code(&com_reply, 0);
    assert_ne!(
        com_reply.body["data"]["voice_list"][0]["voice_id"],
        voices[0]["voice_id"]
    );
    assert_code(
        &get(&com, "/v1/audio/voices", &var("COZE_COM_API_TOKEN")).await,
        4101,
    );

    let count = |reply: &Reply| {
        reply.body["data"]["voice_list"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let page = get(&cn, "/v1/audio/voices?page_size=1", &pat).await;
    assert_eq!(
        (count(&page), &page.body["data"]["has_more"]),
        (1, &json!(true))
    );
    assert_eq!(
        count(&get(&cn, "/v1/audio/voices?filter_system_voice=true", &pat).await),
        0
    );
    assert_eq!(
        count(&get(&cn, "/v1/audio/voices?voice_state=init", &pat).await),
        0
    );
    assert_eq!(
        count(&get(&cn, "/v1/audio/voices?voice_state=all", &pat).await),
        voices.len()
    );
    let big = voices
        .iter()
        .filter(|voice| voice["model_type"] == "big")
        .count();
    assert_eq!(
        count(&get(&cn, "/v1/audio/voices?model_type=big", &pat).await),
        big
    );
    for query in [
        "page_size=101",
        "model_type=huge",
        "voice_state=new",
        "filter_system_voice=1",
    ] {
        assert_code(
            &get(&cn, &format!("/v1/audio/voices?{query}"), &pat).await,
            4000,
        );
    }
    let reply = get(&cn, "/v1/audio/voices", &var("COZE_API_TOKEN_CHAT_ONLY")).await;
    assert_denied(&reply, &format!("user_id={CN_USER} listVoice"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn apps_page_by_page_index_and_check_the_workspace() {
    let extra = format!(
        "[[project]]\nid = \"7516142259870000002\"\nworkspace = \"{WORKSPACE}\"\nname = \"Draft app\"\npublished = false\n"
    );
    let sandbox = start_with_extra(&extra).await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let project = var("COZE_PROJECT_ID");
    let list = |query: &str| format!("/v1/apps?workspace_id={WORKSPACE}&{query}");
    let ids = |reply: &Reply| listed(reply, "items", "id");
    let reply = get(&cn, &list("page_size=20&page_index=1"), &pat).await;
    assert_code(&reply, 0);
    assert_eq!(ids(&reply), [project.as_str()]);
    assert_eq!(reply.body["data"]["total"], 1);
    let item = &reply.body["data"]["items"][0];
    assert_eq!(item["is_published"], true);
    assert!(item["updated_at"].is_i64() && item["owner_user_id"].is_string());
    // cozepy pages with page_index: the second page is another app, not the first again.
    let all = |page: u32| list(&format!("publish_status=all&page_size=1&page_index={page}"));
    let first = get(&cn, &all(1), &pat).await;
    let second = get(&cn, &all(2), &pat).await;
    assert_eq!(first.body["data"]["total"], 2);
    assert_eq!(ids(&second), ["7516142259870000002"]);
    assert_ne!(ids(&first), ids(&second));
    assert_eq!(
        ids(&get(&cn, &list("publish_status=unpublished_draft"), &pat).await),
        ["7516142259870000002"]
    );
    assert!(ids(&get(&cn, &list("connector_id=999"), &pat).await).is_empty());
    assert_code(&get(&cn, &list("publish_status=online"), &pat).await, 4000);
    assert_code(&get(&cn, "/v1/apps", &pat).await, 4000);
    let chat_only = var("COZE_API_TOKEN_CHAT_ONLY");
    assert_denied(
        &get(&cn, &list(""), &chat_only).await,
        &format!("space_id={WORKSPACE} listApp"),
    );
    let reply = get(
        &cn,
        &format!("/v1/apps?workspace_id={UNBOUND_WORKSPACE}"),
        &pat,
    )
    .await;
    assert_denied(&reply, &format!("space_id={UNBOUND_WORKSPACE} listApp"));
    sandbox.shutdown().await;
}

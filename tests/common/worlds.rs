//! Sandbox worlds built in code: accounts, workspaces (ids and order varying with a seed), apps, tokens and
//! bots, for the verdict tests on worlds and the benchmark of requests per verdict. Also what a report
//! says was sent.

#![allow(dead_code)]

use serde_json::Value;

use super::root;

/// A 19-digit id of `kind` (1 workspace, 2 bot, 3 workflow) that varies with `seed`.
pub fn id(kind: u64, seed: u64, index: u64) -> String {
    format!(
        "7{kind}{:017}",
        (seed * 7919 + index * 104_729 + 1_000_003) % 100_000_000_000_000_000
    )
}

/// The demo app's key files, for worlds with a JWT app.
pub fn demo(file: &str) -> String {
    root()
        .join("src/emulator/demo")
        .join(file)
        .display()
        .to_string()
}

/// The demo app's kid (its fingerprint).
pub const DEMO_KID: &str = "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44";

/// `n` workspaces of `realm`, in an order that depends on the seed.
pub fn workspaces(seed: u64, n: u64, realm: &str) -> (Vec<String>, String) {
    let mut ids: Vec<String> = (0..n).map(|i| id(1, seed, i)).collect();
    if seed % 2 == 1 {
        ids.reverse();
    }
    let text = ids
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!("[[workspace]]\nid = \"{w}\"\nrealm = \"{realm}\"\nname = \"W{i}\"\n")
        })
        .collect::<Vec<_>>()
        .join("\n");
    (ids, text)
}

pub fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn users() -> &'static str {
    "[[user]]\nrealm = \"cn\"\nuser_id = \"4100000000000001\"\nuser_name = \"dev\"\nnick_name = \"Dev\"\n\n[[user]]\nrealm = \"com\"\nuser_id = \"4200000000000001\"\nuser_name = \"dev\"\nnick_name = \"Dev\"\n"
}

/// A JWT app of the demo key in `realm`.
pub fn app(app_id: &str, realm: &str, kind: &str, permissions: &[&str], bound: &[&str]) -> String {
    format!(
        "[[app]]\nid = \"{app_id}\"\nrealm = \"{realm}\"\nkind = \"{kind}\"\nname = \"app\"\npermissions = [{}]\nworkspaces = [{}]\n[[app.key]]\npublic_key_file = \"{}\"\n\n[[file]]\npath = \"sandbox/app.pem\"\nsource = \"{}\"\n",
        list(permissions),
        list(bound),
        demo("demo-app.pub.pem"),
        demo("demo-app.pem")
    )
}

pub fn pat(token: &str, realm: &str, permissions: &[&str], bound: &[&str]) -> String {
    format!(
        "[[pat]]\ntoken = \"{token}\"\nrealm = \"{realm}\"\nname = \"pat\"\npermissions = [{}]\nworkspaces = [{}]\n",
        list(permissions),
        list(bound)
    )
}

pub fn variables(pairs: &[(&str, &str)]) -> String {
    let mut out = String::from("[variables]\n");
    for (name, value) in pairs {
        out.push_str(&format!("{name} = \"{value}\"\n"));
    }
    out
}

pub fn jwt_variables(app_id: &str, kid: &str) -> Vec<(&'static str, String)> {
    vec![
        ("COZE_JWT_OAUTH_CLIENT_ID", app_id.to_string()),
        ("COZE_JWT_OAUTH_PUBLIC_KEY_ID", kid.to_string()),
        (
            "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
            "sandbox/app.pem".to_string(),
        ),
    ]
}

pub fn bot(bot_id: &str, workspace: &str, published: bool) -> String {
    let connectors = if published { "[\"1024\"]" } else { "[]" };
    format!(
        "[[bot]]\nid = \"{bot_id}\"\nworkspace = \"{workspace}\"\nname = \"helper\"\ndescription = \"\"\nconnectors = {connectors}\n"
    )
}

/// Requests a credential's rows sent that write or spend (create, update, publish, chat, run).
pub fn writes_sent(report: &Value, credential: &str) -> Vec<(String, String)> {
    report["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|case| case["auth"]["name"] == credential)
        .flat_map(|case| {
            case["probes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |probe| (case["name"].as_str().unwrap_or_default().to_string(), probe))
        })
        .filter(|(_, probe)| {
            [
                "create_bot",
                "update_bot",
                "publish_bot",
                "chat",
                "run_workflow",
            ]
            .contains(&probe["probe"].as_str().unwrap_or_default())
                && probe["outcome"] != "skipped"
        })
        .map(|(case, probe)| {
            (
                case,
                probe["probe"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

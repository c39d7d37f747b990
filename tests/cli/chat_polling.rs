//! The chat-polling probes through `cozescope run` on the sandbox: `retrieve_chat` polls the chat the
//! case's `chat` made until it completes (each poll counted), `list_chat_messages` lists its messages, and
//! without a successful chat before them both are skipped with the reason; the bundled scenarios of the
//! sandbox's accounts (chat polling, team ownership, another account's bot, an expired PAT) hold.

use serde_json::Value;

use crate::common::run_json;

/// The item of `list` (`cases` or `probes`) whose `key` is `name`.
fn named<'a>(parent: &'a Value, list: &str, key: &str, name: &str) -> &'a Value {
    parent[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

fn case<'a>(report: &'a Value, name: &str) -> &'a Value {
    named(report, "cases", "name", name)
}

fn probe<'a>(case: &'a Value, name: &str) -> &'a Value {
    named(case, "probes", "probe", name)
}

fn run_scenario(text: &str) -> (Option<i32>, Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("chat.toml");
    std::fs::write(&file, text).expect("scenario written");
    run_json(&["run", &file.to_string_lossy(), "--no-follow-up"])
}

#[test]
fn retrieve_chat_polls_until_the_chat_completes_and_counts_each_poll() {
    // The team bot answers in_progress on create and on two retrieves (chat_polls = 3).
    let (code, report) = run_scenario(
        "[auth.member]\nmode = \"pat\"\ntoken = \"${COZE_TEAM_MEMBER_API_TOKEN}\"\n\
         [probe.chat]\nbot_id = \"${COZE_TEAM_BOT_ID}\"\n\
         [[case]]\nname = \"poll\"\nauth = \"member\"\n\
         probes = [\"chat\", \"retrieve_chat\", \"list_chat_messages\"]\n\
         expect = { chat = \"ok\", retrieve_chat = \"ok\", list_chat_messages = \"ok\" }\n",
    );
    assert_eq!(code, Some(0), "{report}");
    let case = case(&report, "poll");
    let chat = probe(case, "chat");
    assert_eq!(chat["chat"]["status"], "in_progress");
    let retrieve = probe(case, "retrieve_chat");
    assert_eq!(retrieve["chat"]["status"], "completed");
    assert_eq!(retrieve["chat"]["chat_id"], chat["chat"]["chat_id"]);
    assert_eq!(retrieve["polls"], 2);
    let query = retrieve["request"]["query"].to_string();
    assert!(
        query.contains(chat["chat"]["chat_id"].as_str().unwrap()),
        "{query}"
    );
    let messages = probe(case, "list_chat_messages");
    assert!(
        messages["request"]["query"]
            .to_string()
            .contains(chat["chat"]["conversation_id"].as_str().unwrap())
    );
    assert_eq!(report["stats"]["by_endpoint"]["GET /v3/chat/retrieve"], 3);
    assert_eq!(report["stats"]["requests"], 5);
}

#[test]
fn without_a_chat_before_them_the_polling_probes_are_skipped_with_the_reason() {
    // The personal-only PAT has no `chat`: its chat is denied, so there is nothing to poll.
    let (code, report) = run_scenario(
        "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n\
         [auth.no_chat]\nmode = \"pat\"\ntoken = \"${COZE_PERSONAL_API_TOKEN}\"\n\
         [probe.chat]\nbot_id = \"${COZE_BOT_ID}\"\n\
         [[case]]\nname = \"nothing listed\"\nauth = \"pat\"\nprobes = [\"retrieve_chat\", \"list_chat_messages\"]\n\
         expect = { retrieve_chat = \"skipped\", list_chat_messages = \"skipped\" }\n\
         [[case]]\nname = \"polled first\"\nauth = \"pat\"\nprobes = [\"retrieve_chat\", \"chat\"]\n\
         expect = { retrieve_chat = \"skipped\", chat = \"ok\" }\n\
         [[case]]\nname = \"chat denied\"\nauth = \"no_chat\"\nprobes = [\"chat\", \"retrieve_chat\"]\n\
         expect = { chat = \"denied_permission\", retrieve_chat = \"skipped\" }\n",
    );
    assert_eq!(code, Some(0), "{report}");
    for name in ["nothing listed", "polled first", "chat denied"] {
        let retrieve = probe(case(&report, name), "retrieve_chat");
        let reason = retrieve["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("no chat to poll"), "{name}: {reason}");
        assert!(
            retrieve.get("http_status").is_none_or(Value::is_null),
            "{name}: not sent"
        );
    }
    assert!(
        report["stats"]["by_endpoint"]
            .get("GET /v3/chat/retrieve")
            .is_none()
    );
}

#[test]
fn the_bundled_account_scenarios_hold() {
    for (file, case_name, probe_name, outcome) in [
        (
            "chat-polling",
            "chat-only PAT",
            "retrieve_chat",
            "denied_permission",
        ),
        (
            "chat-polling",
            "chat-only PAT",
            "list_chat_messages",
            "denied_permission",
        ),
        (
            "team-ownership",
            "member's PAT",
            "update_bot",
            "denied_permission",
        ),
        ("team-ownership", "member's PAT", "chat", "ok"),
        ("team-ownership", "team SAT", "update_bot", "ok"),
        (
            "another-account",
            "my PAT, their bot",
            "retrieve_bot",
            "not_found",
        ),
        ("another-account", "the owner's PAT", "retrieve_bot", "ok"),
        ("expired-pat", "expired PAT", "whoami", "denied_auth"),
        ("expired-pat", "current PAT", "whoami", "ok"),
    ] {
        let (code, report) = run_json(&["run", &format!("scenarios/{file}.toml")]);
        assert_eq!(code, Some(0), "{file}: every expect holds");
        let found = probe(case(&report, case_name), probe_name);
        assert_eq!(
            found["outcome"], outcome,
            "{file} / {case_name} / {probe_name}"
        );
    }
    let (_, report) = run_json(&["run", "scenarios/team-ownership.toml"]);
    let denied = probe(case(&report, "member's PAT"), "update_bot");
    assert!(
        denied["message"]
            .as_str()
            .unwrap_or_default()
            .contains("bot_id=7481617032355070003 edit"),
        "{denied}"
    );
    let (_, report) = run_json(&["run", "scenarios/expired-pat.toml"]);
    assert_eq!(
        probe(case(&report, "expired PAT"), "whoami")["message"],
        "authentication is invalid"
    );
}

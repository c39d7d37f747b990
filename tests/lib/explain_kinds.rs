//! `explain` on the errors users meet beyond the cloud API, by kind: a deployment's model or embedding
//! provider, a workflow node or plugin, a network failure, a WebSocket close, an HTTP status in `code`. The
//! texts here are not the sample's (tests/fixtures/real-errors-sample.json): the kinds are read, not the
//! wordings. Whole answers of sample entries are snapshotted.

use cozescope::i18n::Lang;

use crate::common::sample::entries;

/// The verdict and the whole answer of `text`.
fn answer(text: &str, lang: Lang) -> (String, String) {
    let answer =
        cozescope::explain::explain(text, lang).unwrap_or_else(|| panic!("not recognised: {text}"));
    let verdicts = cozescope::explain::verdicts_in(&answer);
    assert_eq!(verdicts.len(), 1, "one verdict:\n{answer}");
    (verdicts[0].to_string(), answer)
}

#[test]
fn each_kind_gets_its_outcome_and_its_advice() {
    for (text, outcome, heading, says) in [
        // A deployment's model or embedding provider, in other wordings.
        (
            "ERROR node execute failed: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-abc***', 'type': 'invalid_request_error'}}",
            "server_error",
            "deployment — ",
            "the deployment's model",
        ),
        (
            "knowledge index failed: embedding failed: vector dimension mismatch, expected 1024 got 768",
            "server_error",
            "deployment — ",
            "embedding model",
        ),
        (
            r#"Get "http://minio:9000/opencoze/?location=": dial tcp: lookup minio on 127.0.0.11:53: no such host"#,
            "server_error",
            "deployment — ",
            "inside the container",
        ),
        // A workflow node or plugin.
        (
            r#"{"code":720702011,"msg":"[720712000] node '文本处理' failed: 'LLM_1.output' is empty","debug_url":"https://www.coze.cn/work_flow?execute_id=1&space_id=2&workflow_id=3"}"#,
            "server_error",
            "workflow_node — ",
            "debug_url: https://www.coze.cn/work_flow",
        ),
        (
            "plugin execute failed: tool answered HTTP 502",
            "server_error",
            "workflow_node — ",
            "a plugin's tool failed",
        ),
        // The network.
        (
            "Error: getaddrinfo ENOTFOUND api.coze.com",
            "network_error",
            "network_error — ",
            "host: api.coze.com",
        ),
        (
            "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.coze.cn', port=443): Max retries exceeded with url: /v3/chat (Caused by NameResolutionError)",
            "network_error",
            "network_error — ",
            "host: api.coze.cn",
        ),
        (
            "curl: (7) Failed to connect to 10.1.2.3 port 8888: Connection refused",
            "network_error",
            "network_error — ",
            "no answer at all",
        ),
        // A WebSocket close, and a body code with the same digits.
        (
            "onclose CloseEvent {isTrusted: true, wasClean: true, code: 4029, reason: ''}",
            "network_error",
            "websocket_close — ",
            "reconnect",
        ),
        (
            "ws closed: 1006 abnormal closure",
            "network_error",
            "websocket_close — ",
            "close code 1006",
        ),
        (
            r#"{"code":4027,"msg":"The Pro account has an overdue payment"}"#,
            "quota_exhausted",
            "4027 — ",
            "code: 4027",
        ),
        // An HTTP status in `code`.
        (
            r#"{"code":400,"msg":"unable to decode '' as int64"}"#,
            "bad_request",
            "http_status_in_code — ",
            "code: 400",
        ),
        (
            "code=404 msg=route not found",
            "not_found",
            "http_status_in_code — ",
            "code: 404",
        ),
    ] {
        let (verdict, text_answer) = answer(text, Lang::En);
        assert_eq!(verdict, outcome, "{text}:\n{text_answer}");
        assert!(
            text_answer.contains(heading),
            "{heading} for {text}:\n{text_answer}"
        );
        assert!(
            text_answer.contains(says),
            "{says:?} for {text}:\n{text_answer}"
        );
        answer(text, Lang::Zh);
    }
}

#[test]
fn logid_advice_is_given_only_for_coze_with_a_coze_logid() {
    let give = "Coze support traces a request by its logid";
    let (_, cloud) = answer(
        r#"{"code":5000,"msg":"We're currently experiencing server issues.","detail":{"logid":"20250402172757C9D48D9701EFB24031A7"}}"#,
        Lang::En,
    );
    assert!(cloud.contains(give), "{cloud}");
    let (_, no_logid) = answer(
        r#"{"code":5000,"msg":"We're currently experiencing server issues."}"#,
        Lang::En,
    );
    assert!(
        !no_logid.contains(give) && no_logid.contains("has no Coze logid"),
        "{no_logid}"
    );
    let (_, studio) = answer(
        "[log-id: 6bc96e3a-b944-417e-8553-3d05c22d491d] code: 5000, msg: We're currently experiencing server issues",
        Lang::En,
    );
    assert!(
        !studio.contains(give) && !studio.contains("open a Coze support ticket"),
        "{studio}"
    );
    assert!(studio.contains("self-hosted server answered"), "{studio}");
    // An unknown code of a self-hosted server is not sent to Coze support either.
    let (_, unknown) = answer(
        "[log-id: 6bc96e3a-b944-417e-8553-3d05c22d491d] code: 106000123, msg: something",
        Lang::En,
    );
    assert!(
        !unknown.contains("give the logid to Coze support"),
        "{unknown}"
    );
    // A provider's request id is named as such, never shown as a logid.
    let (_, provider) = answer(
        "generate model failed: Error code: 400 - {\"message\":\"bad\",\"request_id\":\"20251118084430000012345678ABCDEF90\"}",
        Lang::En,
    );
    assert!(
        provider
            .contains("request_id: 20251118084430000012345678ABCDEF90 (the provider's request id"),
        "{provider}"
    );
    assert!(!provider.contains("logid: 2025"), "{provider}");
}

#[test]
fn whole_answers_of_each_kind_match_their_snapshots() {
    let sample = entries();
    let of = |source: &str| {
        sample
            .iter()
            .find(|entry| entry.source.starts_with(source))
            .unwrap_or_else(|| panic!("{source} in the sample"))
            .text
            .clone()
    };
    for (name, source, lang) in [
        ("deployment_dns", "coze-dev/coze-studio#121 —", Lang::En),
        ("deployment_embedding", "coze-dev/coze-studio#455", Lang::En),
        ("deployment_model_zh", "coze-dev/coze-studio#2064", Lang::Zh),
        ("workflow_plugin", "coze-dev/coze-studio#2494", Lang::En),
        ("network_unknown_host", "coze-dev/coze-java#130", Lang::En),
        ("websocket_close", "python-websockets", Lang::En),
        ("room_quota_body_code", "coze-dev/coze-js#145", Lang::En),
    ] {
        let (_, text) = answer(&of(source), lang);
        insta::assert_snapshot!(format!("explain_kind_{name}"), text);
    }
}

/// The first entry an answer is headed by: its `id — title` line.
fn headline(answer: &str) -> &str {
    answer
        .lines()
        .find(|line| line.contains(" — "))
        .unwrap_or_else(|| panic!("no entry in:\n{answer}"))
}

#[test]
fn a_self_hosted_studio_s_refusals_are_named_before_the_code_they_share() {
    for (text, outcome, headed_by, advice) in [
        // v0.5 and later: a web path without the login cookie.
        (
            r#"{"code":401,"msg":"missing session_key in cookie"}"#,
            "denied_auth",
            "\"missing session_key in cookie\" — ",
            "Studio's web UI",
        ),
        // v0.3: the same refusal under the authentication code every refusal shares.
        (
            "coze_api_error: code=700012006, msg=authentication failed: missing session_key in cookie",
            "denied_auth",
            "\"missing session_key in cookie\" — ",
            "no OAuth JWT flow",
        ),
        (
            "[cozepy][WARNING] request GET#http://127.0.0.1:8888/v1/bots/7500000000000000101 failed, logid=None, code=700012006, msg=authentication failed: CheckPermission failed",
            "denied_auth",
            "\"CheckPermission failed\" — ",
            "Create a personal access token in this Studio",
        ),
        (
            r#"{"code":700012006,"msg":"authentication failed: missing api_key in request"}"#,
            "denied_auth",
            "\"missing api_key in request\" — ",
            "without a `Bearer ` prefix",
        ),
        // The message names the cause; the HTTP status in `code` is only the form of the text.
        (
            "code=400 msg=code=100000000 message=invalid parameter : agent not published, agentID=7500000000000000102 connectorID=1024",
            "not_found",
            "4015 — ",
            "publish it in Studio's web UI",
        ),
    ] {
        let (verdict, text_answer) = answer(text, Lang::En);
        assert_eq!(verdict, outcome, "{text}:\n{text_answer}");
        assert!(
            headline(&text_answer).starts_with(headed_by),
            "{headed_by} first for {text}:\n{text_answer}"
        );
        assert!(
            text_answer.contains(advice),
            "{advice:?} for {text}:\n{text_answer}"
        );
        let (zh_verdict, _) = answer(text, Lang::Zh);
        assert_eq!(zh_verdict, outcome);
    }
}

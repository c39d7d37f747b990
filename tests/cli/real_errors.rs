//! The bodies of real errors users posted (tests/fixtures/real-errors-sample.json), served with their real
//! HTTP status by a test server through `cozescope run --target URL`: the runner classifies each one as its
//! thread supports, writes it to the report, and diagnoses the ones that have a finding.

use std::time::Duration;

use serde_json::Value;

use crate::common::fake_server::{FakeServer, http};
use crate::common::sample::entries;
use crate::common::{cozescope, json_report};

const WHOAMI: &str = r#"
[auth.pat]
mode = "pat"
token = "pat_realErrorsSuiteToken0123456789"

[[case]]
name = "whoami"
auth = "pat"
probes = ["whoami"]
"#;

const CHAT: &str = r#"
[auth.pat]
mode = "pat"
token = "pat_realErrorsSuiteToken0123456789"

[probe.chat]
bot_id = "7481617032355069967"

[[case]]
name = "chat"
auth = "pat"
probes = ["chat"]
"#;

/// Runs `scenario` against a server that answers every request with `status` and `body`, without retries;
/// returns the JSON report.
fn run_with(scenario: &str, status: &str, content_type: &str, body: &str) -> Value {
    run_retrying(scenario, status, content_type, body, 0)
}

fn run_retrying(
    scenario: &str,
    status: &str,
    content_type: &str,
    body: &str,
    retries: u32,
) -> Value {
    let (status, content_type, body) = (
        status.to_string(),
        content_type.to_string(),
        body.to_string(),
    );
    let server = FakeServer::start(move |_, _| {
        http(
            &status,
            &content_type,
            "x-tt-logid: 20261128000000DDDDDDDDDDDDDDDDDDDD\r\n",
            &body,
        )
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("real.toml");
    std::fs::write(&file, scenario).expect("the scenario is written");
    let out = dir.path().join("reports");
    let output = cozescope()
        .arg("run")
        .arg(&file)
        .args([
            "--target",
            &server.base_url,
            "--retries",
            &retries.to_string(),
            "--no-follow-up",
            "--yes",
            "--format",
            "json,junit",
            "--out",
        ])
        .arg(&out)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("ran");
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut report = json_report(&out);
    // The JUnit report rides along, for the outcome word as a failure type.
    report["junit"] = Value::from(crate::common::report(&out, "xml"));
    report
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Status",
    };
    format!("{status} {reason}")
}

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| finding["rule"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_real_json_body_gets_its_outcome_from_the_runner() {
    let mut served = 0;
    let mut wrong = Vec::new();
    for (index, entry) in entries().iter().enumerate() {
        let Some(body) = entry.json_body() else {
            continue;
        };
        served += 1;
        // The service answers business errors with HTTP 200 unless the report says otherwise.
        let status = entry.http_status.unwrap_or(200);
        let report = run_with(WHOAMI, &status_line(status), "application/json", &body);
        let probe = &report["cases"][0]["probes"][0];
        if probe["outcome"] != entry.category.as_str() {
            wrong.push(format!(
                "#{index} HTTP {status} {body}: {} (want {})",
                probe["outcome"], entry.category
            ));
        }
        assert_eq!(probe["http_status"], status);
        if let Some(code) = entry.code.as_i64() {
            assert_eq!(probe["code"], code, "#{index}");
        }
        assert_eq!(probe["logid"], "20261128000000DDDDDDDDDDDDDDDDDDDD");
    }
    assert!(served >= 8, "only {served} sample bodies are JSON");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn real_bodies_that_are_not_json_keep_their_status_meaning() {
    // coze-java#89: the gateway's plain-text 400.
    let report = run_with(
        WHOAMI,
        "400 Bad Request",
        "text/plain",
        "missing required Host header",
    );
    let probe = &report["cases"][0]["probes"][0];
    assert_eq!(probe["outcome"], "bad_request");
    assert_eq!(probe["message"], "missing required Host header");
    // An HTML page with a success status is no Coze answer.
    let report = run_with(
        WHOAMI,
        "200 OK",
        "text/html",
        "<!DOCTYPE html><html><body>portal</body></html>",
    );
    assert_eq!(report["cases"][0]["probes"][0]["outcome"], "unexpected");
}

#[test]
fn a_retired_path_is_a_bad_request_diagnosed_as_endpoint_not_found() {
    let report = run_with(
        WHOAMI,
        "404 Not Found",
        "application/json",
        r#"{"code":4000,"msg":"The requested API endpoint GET /v1/users/me does not exist. Please check the request method and URL.","detail":{"logid":"20261128000000DDDDDDDDDDDDDDDDDDDD"}}"#,
    );
    assert_eq!(report["cases"][0]["probes"][0]["outcome"], "bad_request");
    assert_eq!(rules(&report), ["endpoint_not_found"]);
}

#[test]
fn a_chat_that_failed_for_quota_is_quota_exhausted_never_retried() {
    // coze-py#425: the chat is answered, and failed, with the reason in last_error.
    let body = r#"{"code":0,"msg":"","data":{"id":"7","conversation_id":"8","status":"failed","last_error":{"code":4028,"msg":"Your free quota has been used up. Please upgrade to a paid plan to continue: https://console.volcengine.com/coze-pro"}}}"#;
    let report = run_retrying(CHAT, "200 OK", "application/json", body, 2);
    let probe = &report["cases"][0]["probes"][0];
    assert_eq!(probe["outcome"], "quota_exhausted", "{probe}");
    assert_eq!(report["stats"]["requests"], 1, "{}", report["stats"]);
    assert_eq!(probe["code"], 4028);
    assert!(probe.get("attempts").is_none(), "never retried");
    assert_eq!(rules(&report), ["quota_exhausted"]);
    let junit = report["junit"].as_str().unwrap_or_default();
    assert!(junit.contains(r#"type="quota_exhausted""#), "{junit}");
    // An outcome word a scenario can expect: the JUnit case then passes.
    let expecting = CHAT.replace(
        "probes = [\"chat\"]",
        "probes = [\"chat\"]\nexpect = { chat = \"quota_exhausted\" }",
    );
    let report = run_with(&expecting, "200 OK", "application/json", body);
    assert!(
        report["cases"][0]
            .get("mismatches")
            .is_none_or(|m| m == &serde_json::json!([]))
    );
    assert!(
        report["junit"]
            .as_str()
            .unwrap_or_default()
            .contains(r#"failures="0""#)
    );
    // And a 4015 is a bot not published to the API.
    let report = run_with(
        CHAT,
        "200 OK",
        "application/json",
        r#"{"code":4015,"msg":"The Bot is not currently published to the corresponding platform"}"#,
    );
    assert_eq!(report["cases"][0]["probes"][0]["outcome"], "not_found");
    assert_eq!(rules(&report), ["not_published"]);
}

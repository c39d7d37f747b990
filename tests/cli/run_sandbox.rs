//! `cozescope run` end to end against the embedded sandbox: the bundled node-chat2 scenario reproduces the
//! failure report's rows and the rows nobody tried, in markdown, JSON and on stdout.

use crate::common::{cozescope, json_report, report, volatile_filters};
use serde_json::Value;

fn run_node_chat2(lang: &str) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let assert = cozescope()
        .args([
            "run",
            "scenarios/node-chat2.toml",
            "--format",
            "md,json",
            "--lang",
            lang,
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    (out, stdout)
}

fn outcome<'a>(case: &'a Value, probe: &str) -> &'a str {
    case["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["probe"] == probe)
        .map(|p| p["outcome"].as_str().unwrap())
        .unwrap_or("absent")
}

#[test]
fn node_chat2_reproduces_the_failure_rows_and_the_missing_ones() {
    let (out, stdout) = run_node_chat2("en");
    let json: Value = json_report(out.path());
    assert_eq!(json["target"]["sandbox"], true);
    assert_eq!(json["target"]["region"], "cn");
    let cases = json["cases"].as_array().unwrap();
    let rows: Vec<(&str, &str, &str)> = cases
        .iter()
        .map(|case| {
            (
                case["name"].as_str().unwrap(),
                outcome(case, "token"),
                outcome(case, "create_bot"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("scope Connector.botChat", "ok", "denied_permission"),
            (
                "scope Connector.botChat + Connector.createBot",
                "bad_request",
                "skipped"
            ),
            (
                "scope Connector.botChat + Bot.createBot",
                "bad_request",
                "skipped"
            ),
            ("no scope (the app's own permissions)", "ok", "ok"),
            ("personal access token", "absent", "ok"),
        ]
    );

    let denied = &cases[0]["probes"][1];
    assert_eq!(denied["code"], 4101);
    assert_eq!(denied["http_status"], 200);
    assert!(
        denied["message"]
            .as_str()
            .unwrap()
            .contains("space_id=7351411557182226472 createBot")
    );
    let logid = denied["logid"].as_str().unwrap();
    assert_eq!(logid.len(), 34, "logid {logid}");
    assert_eq!(cases[0]["scope"], serde_json::json!(["Connector.botChat"]));
    assert_eq!(cases[3]["scope"], Value::Null);

    let rejected = &cases[1]["probes"][0];
    assert_eq!(rejected["error_code"], "invalid_request");
    assert_eq!(rejected["http_status"], 400);

    for case in [&cases[3], &cases[4]] {
        let created = case["probes"].as_array().unwrap().last().unwrap();
        assert!(
            created["created_bot_id"]
                .as_str()
                .is_some_and(|id| !id.is_empty())
        );
    }
    for case in cases {
        assert_eq!(
            case["mismatches"],
            serde_json::json!([]),
            "{}",
            case["name"]
        );
    }

    assert!(stdout.contains("[SANDBOX]"));
    assert!(stdout.contains("denied_permission"));
    assert!(stdout.contains("report: "));
}

#[test]
fn markdown_and_json_reports_match_their_snapshots() {
    let (out, _) = run_node_chat2("en");
    insta::with_settings!({ filters => volatile_filters() }, {
        insta::assert_snapshot!("node_chat2_en_md", report(out.path(), "md"));
        insta::assert_snapshot!("node_chat2_en_json", report(out.path(), "json"));
    });
}

#[test]
fn chinese_report_matches_its_snapshot() {
    let (out, _) = run_node_chat2("zh");
    insta::with_settings!({ filters => volatile_filters() }, {
        insta::assert_snapshot!("node_chat2_zh_md", report(out.path(), "md"));
    });
}

#[test]
fn lang_defaults_from_the_locale() {
    let out = tempfile::tempdir().unwrap();
    cozescope()
        .env("LANG", "zh_CN.UTF-8")
        .args(["run", "scenarios/node-chat2.toml", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert!(report(out.path(), "md").contains("cozescope 诊断报告"));
}

#[test]
fn a_contradicted_expect_exits_1_and_still_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("wrong-expect.toml");
    std::fs::write(
        &scenario,
        r#"
[auth.pat]
mode = "pat"
token = "${COZE_API_TOKEN}"

[probe.create_bot]
space_id = "${COZE_WORKSPACE_ID}"

[[case]]
name = "pat expected to be denied"
auth = "pat"
probes = ["create_bot"]
expect = { create_bot = "denied_permission" }
"#,
    )
    .unwrap();
    let out = dir.path().join("reports");
    cozescope()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let markdown = report(&out, "md");
    assert!(
        markdown.contains("create_bot: ok ≠ denied_permission"),
        "{markdown}"
    );
}

//! The bundled scenarios end to end on the embedded sandbox: each gives every credential the verdict it
//! demonstrates — its cause, proved, the alternatives ruled out — with evidence rows and logids, in English
//! and Chinese (verdicts snapshotted, volatile parts filtered).

use crate::common::{run_json, volatile_filters};
use serde_json::Value;

/// Runs a bundled scenario with a JSON report in `lang`; returns the parsed report.
fn run(scenario: &str, lang: &str) -> Value {
    let path = format!("scenarios/{scenario}.toml");
    let (code, report) = run_json(&["run", &path, "--lang", lang]);
    assert_eq!(code, Some(0), "{scenario}");
    report
}

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The verdict of `credential`.
fn verdict<'a>(report: &'a Value, credential: &str) -> &'a Value {
    report["verdicts"]
        .as_array()
        .and_then(|verdicts| verdicts.iter().find(|v| v["credential"] == credential))
        .unwrap_or_else(|| panic!("no verdict for `{credential}` in {:#}", report["verdicts"]))
}

/// `(cause, proved)` of a credential's verdict.
fn said(report: &Value, credential: &str) -> (String, bool) {
    let verdict = verdict(report, credential);
    (
        verdict["cause"].as_str().unwrap_or_default().to_string(),
        verdict["proved"].as_bool().unwrap_or_default(),
    )
}

/// The hypotheses a credential's verdict rules out.
fn ruled_out(report: &Value, credential: &str) -> Vec<String> {
    verdict(report, credential)["ruled_out"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|ruling| ruling["hypothesis"].as_str().map(str::to_string))
        .collect()
}

fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|findings| findings.iter().find(|finding| finding["rule"] == rule))
        .unwrap_or_else(|| panic!("no `{rule}` finding in {:#}", report["findings"]))
}

/// Every logid a finding cites is one of the run's logids.
fn assert_logids_are_real(report: &Value) {
    let known: Vec<&str> = report["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|case| case["probes"].as_array().into_iter().flatten())
        .filter_map(|probe| probe["logid"].as_str())
        .collect();
    for finding in report["findings"].as_array().into_iter().flatten() {
        let logids = finding["logids"].as_array().expect("logids");
        assert!(!logids.is_empty(), "{finding:#}");
        for logid in logids {
            assert!(
                known.contains(&logid.as_str().unwrap_or_default()),
                "{logid} in {finding:#}"
            );
        }
    }
}

fn snapshot_findings(name: &str, scenario: &str) {
    for lang in ["en", "zh"] {
        let report = run(scenario, lang);
        let findings =
            serde_json::to_string_pretty(&report["verdicts"]).expect("verdicts serialise");
        insta::with_settings!({ filters => volatile_filters() }, {
            insta::assert_snapshot!(format!("{name}_{lang}"), findings);
        });
    }
}

#[test]
fn node_chat2_says_what_the_failure_report_missed() {
    let report = run("node-chat2", "en");
    assert_eq!(
        rules(&report),
        vec!["scope_name_rejected", "scope_narrowed"]
    );
    assert_eq!(said(&report, "jwt"), ("scope_name_rejected".into(), true));
    assert_eq!(
        verdict(&report, "jwt")["also"][0]["cause"],
        "scope_narrowed"
    );
    assert_eq!(said(&report, "pat"), ("healthy".into(), true));
    for alternative in [
        "wrong_region",
        "permission_not_configured",
        "workspace_not_bound",
    ] {
        assert!(
            ruled_out(&report, "jwt").contains(&alternative.to_string()),
            "{alternative}"
        );
    }
    let rejected = finding(&report, "scope_name_rejected");
    let cause = rejected["cause"].as_str().unwrap_or_default();
    assert!(
        cause.contains("`Connector.createBot`, `Bot.createBot` are not documented scope names"),
        "{cause}"
    );
    assert!(rejected["cases"].as_array().is_some_and(|cases| {
        cases
            .iter()
            .any(|c| c == "no scope (the app's own permissions)")
    }));
    let narrowed = finding(&report, "scope_narrowed");
    assert!(
        narrowed["cause"]
            .as_str()
            .unwrap_or_default()
            .contains("grants only `chat`")
    );
    assert_logids_are_real(&report);
    snapshot_findings("node_chat2", "node-chat2");
}

#[test]
fn region_mismatch_is_proved_by_the_other_region_follow_ups() {
    let report = run("region-mismatch", "en");
    assert_eq!(
        rules(&report),
        vec!["all_auth_failed", "wrong_region", "wrong_region"]
    );
    assert_eq!(finding(&report, "all_auth_failed")["severity"], "warning");
    for credential in ["jwt", "pat"] {
        assert_eq!(said(&report, credential), ("wrong_region".into(), true));
        assert_eq!(verdict(&report, credential)["authenticated_in"], "cn");
        assert!(ruled_out(&report, credential).contains(&"credential_rejected".to_string()));
    }
    let region = finding(&report, "wrong_region");
    assert!(
        region["cause"]
            .as_str()
            .unwrap_or_default()
            .contains("It is a coze.cn credential: refused on api.coze.com")
    );
    assert!(
        region["cases"]
            .as_array()
            .is_some_and(|cases| cases.iter().any(|c| c
                .as_str()
                .is_some_and(|c| c.contains("other region (follow-up)"))))
    );
    assert_logids_are_real(&report);
    snapshot_findings("region_mismatch", "region-mismatch");
}

#[test]
fn a_channel_app_is_told_to_become_a_normal_app() {
    let report = run("channel-app", "en");
    assert_eq!(rules(&report), vec!["channel_app"]);
    assert_eq!(said(&report, "channel"), ("channel_app".into(), true));
    assert_eq!(ruled_out(&report, "channel"), vec!["wrong_region"]);
    assert_eq!(said(&report, "normal"), ("healthy".into(), true));
    let channel = finding(&report, "channel_app");
    assert!(
        channel["fix"]
            .as_str()
            .unwrap_or_default()
            .contains("普通 (normal)")
    );
    assert_eq!(
        channel["cases"],
        serde_json::json!([
            "channel app, no scope",
            "channel app, scope Connector.botChat"
        ])
    );
    assert_logids_are_real(&report);
    snapshot_findings("channel_app", "channel-app");
}

#[test]
fn a_workspace_nobody_is_bound_to_is_named_for_each_credential_and_proved() {
    let report = run("workspace-not-bound", "en");
    assert_eq!(
        rules(&report),
        vec!["workspace_not_bound", "workspace_not_bound"]
    );
    let findings = report["findings"].as_array().expect("findings");
    for (finding, credential) in findings.iter().zip(["jwt", "pat"]) {
        assert_eq!(finding["credentials"], serde_json::json!([credential]));
        assert_eq!(finding["proved"], true, "{finding}");
        let cause = finding["cause"].as_str().unwrap_or_default();
        assert!(cause.contains("workspace `7351411557182226999`"), "{cause}");
        // Proved by its workspace list, which lacks the workspace: no write is sent again to find out.
        let evidence = verdict(&report, credential)["evidence"].to_string();
        assert!(evidence.contains("list_workspaces"), "{evidence}");
        let sent_create_bots = report["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|case| case["auth"]["name"] == credential)
            .flat_map(|case| case["probes"].as_array().into_iter().flatten())
            .filter(|probe| probe["probe"] == "create_bot" && probe["outcome"] != "skipped")
            .count();
        assert_eq!(sent_create_bots, 1, "the write is never replayed");
        assert_eq!(
            said(&report, credential),
            ("workspace_not_bound".into(), true)
        );
    }
    assert_logids_are_real(&report);
    snapshot_findings("workspace_not_bound", "workspace-not-bound");
}

#[test]
fn a_permission_missing_from_a_pat_is_named_and_not_claimed_as_proved() {
    let report = run("permission-not-configured", "en");
    assert_eq!(rules(&report), vec!["permission_not_configured"]);
    let missing = finding(&report, "permission_not_configured");
    let cause = missing["cause"].as_str().unwrap_or_default();
    // The chat-only PAT can read nothing in the workspace, so the binding stays unproved; the other
    // credential's success proves nothing about it.
    assert!(
        cause.contains("or the credential is not bound to workspace"),
        "{cause}"
    );
    assert_eq!(missing["proved"], false);
    assert_eq!(
        said(&report, "chat_only"),
        ("permission_not_configured".into(), false)
    );
    assert_eq!(said(&report, "full"), ("healthy".into(), true));
    assert_eq!(missing["credentials"], serde_json::json!(["chat_only"]));
    assert_logids_are_real(&report);
    snapshot_findings("permission_not_configured", "permission-not-configured");
}

#[test]
fn the_same_4101_for_two_credentials_is_two_proved_causes() {
    let report = run("permission-or-binding", "en");
    let by_credential = |credential: &str| {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|finding| finding["credentials"] == serde_json::json!([credential]))
            .collect::<Vec<_>>()
    };
    let app = by_credential("team_app");
    let pat = by_credential("personal_pat");
    assert_eq!(app.len(), 1, "{:#}", report["findings"]);
    assert_eq!(pat.len(), 1, "{:#}", report["findings"]);
    // The app is bound to the workspace (its follow-up read there succeeded): the permission is missing.
    assert_eq!(app[0]["rule"], "permission_not_configured");
    assert_eq!(app[0]["proved"], true);
    assert!(
        !app[0]["cause"]
            .as_str()
            .unwrap_or_default()
            .contains("not bound to")
    );
    // The PAT has createBot (its follow-up created a bot in its own workspace): the workspace is not bound.
    assert_eq!(pat[0]["rule"], "workspace_not_bound");
    assert_eq!(pat[0]["proved"], true);
    assert!(
        !pat[0]["cause"]
            .as_str()
            .unwrap_or_default()
            .contains("is not configured")
    );
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        said(&report, "team_app"),
        ("permission_not_configured".into(), true)
    );
    assert_eq!(
        said(&report, "personal_pat"),
        ("workspace_not_bound".into(), true)
    );
    assert!(ruled_out(&report, "team_app").contains(&"workspace_not_bound".to_string()));
    // Its workspace list lacks the Team workspace: proved without creating a bot elsewhere.
    assert!(
        verdict(&report, "personal_pat")["evidence"]
            .to_string()
            .contains("list_workspaces")
    );
    assert_logids_are_real(&report);
    snapshot_findings("permission_or_binding", "permission-or-binding");
}

#[test]
fn a_pat_bound_to_the_workspace_is_proved_to_lack_the_permission_and_without_follow_ups_nothing_is_proved()
 {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("pat-permission.toml");
    std::fs::write(
        &file,
        "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_PERSONAL_API_TOKEN}\"\n\n[probe.list_workflows]\nspace_id = \"${COZE_WORKSPACE_ID}\"\n\n[[case]]\nname = \"personal PAT, workflows\"\nauth = \"pat\"\nprobes = [\"list_workflows\"]\n",
    )
    .expect("scenario written");
    let path = file.display().to_string();
    let (code, report) = crate::common::run_json(&["run", &path]);
    assert_eq!(code, Some(0));
    let found = finding(&report, "permission_not_configured");
    assert_eq!(found["proved"], true, "{found:#}");
    let bound = verdict(&report, "pat")["ruled_out"]
        .as_array()
        .and_then(|rulings| {
            rulings
                .iter()
                .find(|r| r["hypothesis"] == "workspace_not_bound")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(bound["evidence"]["probe"], "list_bots", "{bound:#}");
    // Without follow-ups the same denial stays undecided, and the finding says how to decide it.
    let (code, report) = crate::common::run_json(&["run", &path, "--no-follow-up"]);
    assert_eq!(code, Some(0));
    let found = finding(&report, "permission_not_configured");
    assert_eq!(found["proved"], false);
    let cause = found["cause"].as_str().unwrap_or_default();
    assert!(
        cause.contains("Not proved") && cause.contains("a read in the workspace"),
        "{cause}"
    );
    assert_eq!(
        report["stats"]["requests"], 1,
        "no follow-up, no extra request"
    );
}

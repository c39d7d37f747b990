//! One `doctor` run per sandbox world, for every failure pattern the sandbox can express, several worlds per
//! pattern (ids, workspace counts and their order vary with a seed): each credential gets its true cause,
//! proved where the rows prove it, with its alternatives ruled out; no cause is blamed on a healthy
//! credential or on a survey read.

use std::path::Path;

use crate::common::worlds::*;
use crate::common::{cozescope, json_report};
use serde_json::Value;

/// Runs the doctor on a world; returns the JSON report.
/// The doctor's JSON report on `world`. Its terminal output, at 80 columns, is the first screen: every
/// verdict and the table in at most 60 lines, none wider than 80 columns.
fn doctor(world: &str, args: &[&str]) -> Value {
    doctor_on_screen(world, args).0
}

/// [`doctor`]'s JSON report and what it printed.
fn doctor_on_screen(world: &str, args: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("world.toml");
    std::fs::write(&file, world).expect("world written");
    let out = dir.path().join("reports");
    let output = cozescope()
        .env("COLUMNS", "80")
        .args(["doctor", "--world"])
        .arg(&file)
        .args(["--format", "json", "--out"])
        .arg(&out)
        .args(args)
        .output()
        .expect("doctor runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{world}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    crate::layout::assert_fits(&stdout, 80, false);
    let lines = stdout.lines().count();
    assert!(lines <= 60, "{lines} lines:\n{stdout}");
    (json_report(Path::new(&out)), stdout.into_owned())
}

fn verdict<'a>(report: &'a Value, credential: &str) -> &'a Value {
    report["verdicts"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["credential"] == credential))
        .unwrap_or_else(|| panic!("no verdict for {credential}: {:#}", report["verdicts"]))
}

/// Asserts the credential's verdict: cause, proved, and that each of `ruled_out` is ruled out.
fn assert_verdict(report: &Value, credential: &str, cause: &str, proved: bool, ruled_out: &[&str]) {
    let verdict = verdict(report, credential);
    assert_eq!(verdict["cause"], cause, "{verdict:#}");
    assert_eq!(verdict["proved"], proved, "{verdict:#}");
    let ruled: Vec<&str> = verdict["ruled_out"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["hypothesis"].as_str())
        .collect();
    for hypothesis in ruled_out {
        assert!(
            ruled.contains(hypothesis),
            "{hypothesis} not ruled out: {verdict:#}"
        );
    }
    // Survey reads are never the cause: no finding's rule is about a survey probe alone.
    for finding in report["findings"].as_array().into_iter().flatten() {
        assert_ne!(finding["fix"], "", "{finding:#}");
    }
}

const SEEDS: [u64; 3] = [1, 2, 3];

#[test]
fn a_credential_of_the_other_region_is_proved_by_one_request_there() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "com");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let token =
            format!("pat_sandboxComRegion{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let app_id = format!("11439{seed:08}");
        let world = [
            text,
            app(
                &app_id,
                "com",
                "normal",
                &["listWorkspace", "listBot"],
                &bound,
            ),
            pat(&token, "com", &["listWorkspace"], &bound),
            users().to_string(),
            variables(
                &jwt_variables(&app_id, DEMO_KID)
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .chain([
                        ("COZE_API_TOKEN", token.as_str()),
                        // The code names api.coze.cn: with no base URL its SDK would go to com.
                        ("COZE_API_BASE", "https://api.coze.cn"),
                    ])
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        for credential in ["jwt", "pat"] {
            assert_verdict(
                &report,
                credential,
                "wrong_region",
                true,
                &["credential_rejected"],
            );
            assert_eq!(verdict(&report, credential)["authenticated_in"], "com");
        }
    }
}

#[test]
fn a_public_key_pasted_as_the_kid_is_the_kid_not_the_region() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1, "cn");
        let app_id = format!("11279{seed:08}");
        let pem = std::fs::read_to_string(demo("demo-app.pub.pem")).expect("public key");
        // What users paste: the key's base64 body, on one line.
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let world = [
            text,
            app(
                &app_id,
                "cn",
                "normal",
                &["listWorkspace"],
                &[spaces[0].as_str()],
            ),
            users().to_string(),
            variables(
                &jwt_variables(&app_id, &body)
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(
            &report,
            "jwt",
            "kid_not_fingerprint",
            true,
            &["wrong_region"],
        );
    }
}

#[test]
fn a_key_unknown_in_both_regions_where_a_token_of_the_account_works_is_the_key() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let app_id = format!("11279{seed:08}");
        let token =
            format!("pat_sandboxCnKey{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        // The kid of another key pair (the channel demo app's), well formed, registered nowhere.
        let world = [
            text,
            app(&app_id, "cn", "normal", &["listWorkspace"], &bound),
            pat(&token, "cn", &["listWorkspace"], &bound),
            users().to_string(),
            variables(
                &jwt_variables(&app_id, "1E0ndRjOIOwxC9_tMbbPx2iYlPx0KWDrKn5q0W44ngY")
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .chain([("COZE_API_TOKEN", token.as_str())])
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(
            &report,
            "jwt",
            "key_not_registered",
            true,
            &["wrong_region", "kid_not_fingerprint"],
        );
        assert_verdict(&report, "pat", "healthy", true, &[]);
    }
}

#[test]
fn a_token_no_region_knows_is_rejected_as_such() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1, "cn");
        let known =
            format!("pat_sandboxCnKnown{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let typo =
            format!("pat_sandboxCnTypo{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(&known, "cn", &["listWorkspace"], &[spaces[0].as_str()]),
            users().to_string(),
            variables(&[("COZE_API_TOKEN", typo.as_str())]),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(
            &report,
            "pat",
            "credential_rejected",
            true,
            &["wrong_region"],
        );
        // Refused everywhere: the survey stops being sent beyond what decides it is not this claim,
        // but the verdict never names a permission.
        assert!(
            report["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|f| f["rule"] != "permission_not_configured")
        );
    }
}

#[test]
fn a_channel_app_is_named_and_the_region_ruled_out() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 3, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let app_id = format!("11280{seed:08}");
        let world = [
            text,
            app(&app_id, "cn", "channel", &["chat", "listWorkspace"], &bound),
            users().to_string(),
            variables(
                &jwt_variables(&app_id, DEMO_KID)
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(&report, "jwt", "channel_app", true, &["wrong_region"]);
    }
}

/// A PAT with createBot bound to some workspaces, asked about one it is not bound to.
#[test]
fn a_workspace_the_token_is_not_bound_to_is_proved_where_it_is_bound() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 3, "cn");
        let unbound = spaces[(seed % 3) as usize].clone();
        let bound: Vec<&str> = spaces
            .iter()
            .filter(|w| **w != unbound)
            .map(String::as_str)
            .collect();
        let token =
            format!("pat_sandboxCnBind{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "cn",
                &["createBot", "listWorkspace", "listBot"],
                &bound,
            ),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", unbound.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--yes"]);
        // Proved by its workspace list (the doctor's survey), with no write sent again elsewhere.
        assert_verdict(
            &report,
            "pat",
            "workspace_not_bound",
            true,
            &["wrong_region"],
        );
        let creates = report["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|case| case["probes"].as_array().into_iter().flatten())
            .filter(|probe| probe["probe"] == "create_bot" && probe["outcome"] != "skipped")
            .count();
        assert_eq!(creates, 1, "the write is never replayed");
    }
}

/// A PAT bound to the workspace without createBot: the read there proves the binding.
#[test]
fn a_permission_the_token_lacks_is_proved_by_a_read_where_it_is_bound() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let token =
            format!("pat_sandboxCnPerm{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        // Survey reads it lacks too: they stay notes.
        let world = [
            text,
            pat(&token, "cn", &["listWorkspace", "listBot", "chat"], &bound),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--yes"]);
        assert_verdict(
            &report,
            "pat",
            "permission_not_configured",
            true,
            &["workspace_not_bound", "wrong_region"],
        );
        let verdict = verdict(&report, "pat");
        assert!(
            verdict["summary"]
                .as_str()
                .unwrap_or_default()
                .contains("createBot"),
            "{verdict:#}"
        );
        assert!(
            verdict["also"].as_array().is_some_and(Vec::is_empty),
            "{verdict:#}"
        );
        let notes = verdict["notes"].to_string();
        assert!(
            notes.contains("listWorkflow") && notes.contains("listVoice"),
            "{notes}"
        );
        let findings: Vec<&str> = report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        assert_eq!(
            findings,
            vec!["permission_not_configured"],
            "one finding, not one per survey read"
        );
    }
}

/// Only survey reads denied, nothing of the user's: healthy, with a note.
#[test]
fn a_token_that_lacks_only_survey_reads_is_healthy() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let token =
            format!("pat_sandboxCnSurv{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(&token, "cn", &["listWorkspace", "chat"], &bound),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(&report, "pat", "healthy", true, &[]);
        assert!(
            verdict(&report, "pat")["notes"]
                .to_string()
                .contains("listBot")
        );
        assert!(
            report["findings"].as_array().is_some_and(Vec::is_empty),
            "{:#}",
            report["findings"]
        );
    }
}

/// A bot that exists but is not published: the chat says so (its draft can still be retrieved).
#[test]
fn a_bot_listed_unpublished_is_not_published() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let bot_id = id(2, seed, 0);
        let token =
            format!("pat_sandboxCnPubl{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "cn",
                &[
                    "listWorkspace",
                    "listBot",
                    "getMetadata",
                    "chat",
                    "createBot",
                ],
                &bound,
            ),
            bot(&bot_id, &spaces[0], false),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
                ("COZE_BOT_ID", bot_id.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--yes"]);
        assert_verdict(&report, "pat", "not_published", true, &["wrong_region"]);
    }
}

/// A bot id rounded by a double, the real bot listed in the workspace: proved, the fix quotes the real id.
#[test]
fn a_rounded_bot_id_with_the_real_bot_listed_is_proved() {
    for (seed, real) in [
        (1, "7481617032355069967"),
        (2, "7496312156993329999"),
        (3, "7300000000000000123"),
    ] {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        #[allow(clippy::cast_precision_loss)]
        let rounded = format!("{}", real.parse::<u64>().expect("id") as f64);
        let token =
            format!("pat_sandboxCnRoun{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "cn",
                &["listWorkspace", "listBot", "getMetadata", "chat"],
                &bound,
            ),
            bot(real, &spaces[0], true),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--bot", &rounded]);
        assert_verdict(&report, "pat", "id_rounded", true, &[]);
        assert!(
            verdict(&report, "pat")["fix"]
                .as_str()
                .unwrap_or_default()
                .contains(real),
            "{:#}",
            verdict(&report, "pat")
        );
    }
}

/// Two credentials, one healthy, one not: the healthy one is never blamed.
#[test]
fn a_healthy_credential_beside_a_failing_one_stays_healthy() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 2, "cn");
        let app_id = format!("11279{seed:08}");
        let token =
            format!("pat_sandboxCnPair{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let bound = [spaces[0].as_str()];
        let world = [
            text,
            app(
                &app_id,
                "cn",
                "normal",
                &[
                    "listWorkspace",
                    "listBot",
                    "createBot",
                    "listWorkflow",
                    "listKnowledge",
                    "listApp",
                    "listVoice",
                ],
                &bound,
            ),
            pat(&token, "cn", &["listWorkspace", "listBot"], &bound),
            users().to_string(),
            variables(
                &jwt_variables(&app_id, DEMO_KID)
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .chain([
                        ("COZE_API_TOKEN", token.as_str()),
                        ("COZE_WORKSPACE_ID", spaces[0].as_str()),
                    ])
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n");
        let report = doctor(&world, &["--yes"]);
        assert_verdict(&report, "jwt", "healthy", true, &[]);
        assert_verdict(
            &report,
            "pat",
            "permission_not_configured",
            true,
            &["workspace_not_bound"],
        );
        for finding in report["findings"].as_array().into_iter().flatten() {
            assert_eq!(
                finding["credentials"],
                serde_json::json!(["pat"]),
                "{finding:#}"
            );
        }
    }
}

/// A bot of a workspace the token is not bound to: absent from every page of the lists of every workspace
/// it is bound to (the resource follow-ups read them), so proved to be elsewhere.
#[test]
fn a_bot_of_a_workspace_the_token_cannot_read_is_elsewhere() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 2 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().skip(1).map(String::as_str).collect();
        let bot_id = id(2, seed, 1);
        let token =
            format!("pat_sandboxCnElse{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "cn",
                &["listWorkspace", "listBot", "getMetadata", "chat"],
                &bound,
            ),
            bot(&bot_id, &spaces[0], true),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", bound[0]),
                ("COZE_BOT_ID", bot_id.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        let verdict = verdict(&report, "pat");
        assert_eq!(verdict["cause"], "resource_elsewhere", "{verdict:#}");
        assert_eq!(verdict["proved"], true, "{verdict:#}");
        assert!(
            verdict["summary"]
                .as_str()
                .unwrap_or_default()
                .contains(&bot_id),
            "{verdict:#}"
        );
    }
}

/// A token with `chat` but not `getChat`: the chat starts, `create_and_poll` would fail at the retrieve.
#[test]
fn a_token_that_cannot_poll_its_chat_is_chat_polling_denied() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let bot_id = id(2, seed, 2);
        let token =
            format!("pat_sandboxCnPoll{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let mut permissions = vec!["listWorkspace", "listBot", "getMetadata", "chat"];
        if seed == 2 {
            // With getChat but not listMessage: the message list is what fails.
            permissions.push("getChat");
        }
        let world = [
            text,
            pat(&token, "cn", &permissions, &bound),
            bot(&bot_id, &spaces[0], true),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_BOT_ID", bot_id.as_str()),
            ]),
        ]
        .join("\n");
        let (report, stdout) = doctor_on_screen(&world, &["--yes"]);
        assert_verdict(
            &report,
            "pat",
            "chat_polling_denied",
            true,
            &["wrong_region"],
        );
        let summary = verdict(&report, "pat")["summary"].to_string();
        let polled = if seed == 2 {
            "list_chat_messages"
        } else {
            "retrieve_chat"
        };
        assert!(summary.contains(polled), "{summary}");
        // Both polling reads denied are one cause, with both rows as its evidence, and one finding.
        let pat = verdict(&report, "pat");
        assert_eq!(pat["also"], serde_json::json!([]), "{pat:#}");
        if seed != 2 {
            let evidence = pat["evidence"].to_string();
            assert!(
                evidence.contains("retrieve_chat") && evidence.contains("list_chat_messages"),
                "{evidence}"
            );
        }
        let findings = report["findings"].as_array().map_or(0, Vec::len);
        assert_eq!(findings, 1, "{:#}", report["findings"]);
        // The table's code and logid are the verdict's, not those of a survey read denied before it.
        let logid = pat["evidence"][0]["logid"].as_str().unwrap_or_default();
        assert!(
            !logid.is_empty() && stdout.contains(logid),
            "{logid}\n{stdout}"
        );
    }
}

/// A coze.com token on api.coze.cn with --yes: the other region is asked one request, and no write or
/// spend is sent again.
#[test]
fn a_region_mismatch_with_consent_replays_no_write() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1, "com");
        let bot_id = id(2, seed, 3);
        let token =
            format!("pat_sandboxComYes{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "com",
                &[
                    "listWorkspace",
                    "listBot",
                    "createBot",
                    "chat",
                    "getMetadata",
                ],
                &[spaces[0].as_str()],
            ),
            bot(&bot_id, &spaces[0], true),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_API_BASE", "https://api.coze.cn"),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
                ("COZE_BOT_ID", bot_id.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--yes"]);
        assert_verdict(
            &report,
            "pat",
            "wrong_region",
            true,
            &["credential_rejected"],
        );
        for (case, probe) in writes_sent(&report, "pat") {
            assert!(!case.contains("follow-up"), "{probe} replayed in {case}");
        }
        let other: Vec<&Value> = report["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|case| case["follow_up"]["reason"] == "other_region")
            .collect();
        assert_eq!(other.len(), 1);
        let sent = other[0]["probes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|probe| probe["outcome"] != "skipped")
            .count();
        assert!(
            sent <= 2,
            "the other region is asked whoami (and a read of the bot): {:#}",
            other[0]
        );
    }
}

/// A token no region knows: refused at whoami, the survey stops there, one request in the other region.
#[test]
fn a_token_refused_everywhere_costs_at_most_two_requests() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 3, "cn");
        let known =
            format!("pat_sandboxCnKnow{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let unknown =
            format!("pat_sandboxCnGone{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(&known, "cn", &["listWorkspace"], &[spaces[0].as_str()]),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", unknown.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &[]);
        assert_verdict(
            &report,
            "pat",
            "credential_rejected",
            true,
            &["wrong_region"],
        );
        let requests = verdict(&report, "pat")["requests"].as_u64().unwrap_or(99);
        assert!(requests <= 2, "{requests} requests for a refused token");
    }
}

/// The operation named with `--probe` decides; the writes `--yes` adds to the run are context. A token
/// without `run` and without `createBot`, asked about running its workflow.
#[test]
fn the_operation_named_with_probe_decides_over_the_writes_consent_adds() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 1 + seed % 2, "cn");
        let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
        let workflow_id = id(3, seed, 1);
        let token =
            format!("pat_sandboxCnProb{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text,
            pat(
                &token,
                "cn",
                &["listWorkspace", "listBot", "listWorkflow", "getMetaData"],
                &bound,
            ),
            format!(
                "[[workflow]]\nid = \"{workflow_id}\"\nworkspace = \"{}\"\nname = \"flow\"\npublished = true\n",
                spaces[0]
            ),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", spaces[0].as_str()),
                ("COZE_WORKFLOW_ID", workflow_id.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--probe", "run_workflow", "--yes"]);
        assert_verdict(
            &report,
            "pat",
            "permission_not_configured",
            true,
            &["wrong_region", "workspace_not_bound"],
        );
        let pat = verdict(&report, "pat");
        assert!(
            pat["summary"].to_string().contains("run_workflow"),
            "{pat:#}"
        );
        assert!(pat["fix"].to_string().contains("`run`"), "{pat:#}");
        let notes = pat["notes"].to_string();
        assert!(
            notes.contains("createBot"),
            "create_bot is context: {pat:#}"
        );
    }
}

/// A token whose survey reads fail only because the workspace is not bound: the notes say so, and never
/// ask to add permissions the token has.
#[test]
fn survey_reads_denied_where_the_token_is_not_bound_are_put_down_to_the_binding() {
    for seed in SEEDS {
        let (spaces, text) = workspaces(seed, 2, "cn");
        let (home, unbound) = (
            &spaces[(seed % 2) as usize],
            &spaces[1 - (seed % 2) as usize],
        );
        let token =
            format!("pat_sandboxCnSurv{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        let world = [
            text.clone(),
            pat(
                &token,
                "cn",
                &[
                    "createBot",
                    "listWorkspace",
                    "listBot",
                    "listWorkflow",
                    "listVoice",
                ],
                &[home.as_str()],
            ),
            users().to_string(),
            variables(&[
                ("COZE_API_TOKEN", token.as_str()),
                ("COZE_WORKSPACE_ID", unbound.as_str()),
            ]),
        ]
        .join("\n");
        let report = doctor(&world, &["--probe", "create_bot", "--yes"]);
        assert_verdict(
            &report,
            "pat",
            "workspace_not_bound",
            true,
            &["wrong_region"],
        );
        let notes = verdict(&report, "pat")["notes"].to_string();
        assert!(!notes.contains("listBot"), "{notes}");
        assert!(notes.contains("not bound"), "{notes}");
    }
}

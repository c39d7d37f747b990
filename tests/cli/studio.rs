//! A self-hosted Coze Studio as the target, through the sandbox's Studio flavour (`cozescope emulator
//! --flavour studio`, both release lines): recognised from its answers, probed only where it serves
//! OpenAPI, and diagnosed in its own terms — a good PAT healthy with no region blamed, an unknown PAT,
//! a header that is not `Bearer <token>`, a JWT app (Studio has no JWT flow), an unpublished agent, and
//! operations that are web APIs there. Reports name the target as a Studio, with no region and no advice
//! to ask Coze support.

use serde_json::Value;

use super::schemas::{assert_valid, schema};
use super::targets::{args, run, verdict};
use crate::common::root;
use crate::common::standalone::StudioServer;

const PAT: &str = "pat_9e19853f1d7f3d409a1306d95111bf7f5bc429b28635f2ca971b63585d12faee";
const CLOUD_PAT: &str = "pat_sandboxCnPat5ttOpCRLlxdMObBb0cLtekYq6ANHhKigmJo5Nm0WE1xaQ4Hv7dL5";
const WORKSPACE: &str = "7500000000000000010";
const BOT: &str = "7500000000000000101";
const UNPUBLISHED_BOT: &str = "7500000000000000102";
const WORKFLOW: &str = "7500000000000000201";
const VERSIONS: [&str; 2] = ["0.3", "0.5"];

fn doctor(
    server: &StudioServer,
    env: &[(&str, &str)],
    extra: &[&str],
) -> (Option<i32>, String, Value, tempfile::TempDir) {
    let mut env: Vec<(&str, String)> = env.iter().map(|(k, v)| (*k, v.to_string())).collect();
    env.push(("COZE_API_BASE", server.base.clone()));
    let extra: Vec<String> = extra.iter().map(|word| word.to_string()).collect();
    let (code, stdout, stderr, report, dir) =
        run(&env, &args(&["doctor", "--format", "md,json"], &extra));
    let report = report.unwrap_or_else(|| panic!("no report: {stdout}\n{stderr}"));
    assert_valid(&schema("report.schema.json"), &report, "a Studio report");
    (code, stdout, report, dir)
}

/// Every request the report says was sent, as `METHOD path`.
fn sent(report: &Value) -> Vec<String> {
    report["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|case| case["probes"].as_array().into_iter().flatten())
        .filter(|probe| probe["http_status"].is_u64())
        .map(|probe| {
            format!(
                "{} {}",
                probe["request"]["method"].as_str().unwrap_or("?"),
                probe["request"]["path"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn markdown(dir: &tempfile::TempDir) -> String {
    let reports = dir.path().join("reports");
    let path = std::fs::read_dir(&reports)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|x| x == "md"))
        .expect("a markdown report");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_good_pat_is_healthy_with_no_region_and_no_request_to_a_path_studio_does_not_serve() {
    for version in VERSIONS {
        let server = StudioServer::start(version, None);
        let (code, stdout, report, dir) = doctor(
            &server,
            &[
                ("COZE_API_TOKEN", PAT),
                ("COZE_BOT_ID", BOT),
                ("COZE_WORKSPACE_ID", WORKSPACE),
                ("COZE_WORKFLOW_ID", WORKFLOW),
            ],
            &["--yes"],
        );
        assert_eq!(code, Some(0), "{version}: {stdout}");
        let pat = verdict(&report, "pat");
        assert_eq!(pat["cause"], "healthy", "{version}: {pat:#}");
        // Studio's web APIs, which no PAT can call, do not weaken the proof.
        assert_eq!(pat["proved"], true, "{version}: {pat:#}");
        if version == "0.5" {
            // A workspace alone: its datasets (OpenAPI since v0.5.1) test the token; creating a bot there
            // is a web API, untested, and the verdict still stands.
            let (_, _, alone, _dir) = doctor(
                &server,
                &[("COZE_API_TOKEN", PAT), ("COZE_WORKSPACE_ID", WORKSPACE)],
                &["--yes"],
            );
            let pat = verdict(&alone, "pat");
            assert_eq!(
                (&pat["cause"], &pat["proved"]),
                (&Value::from("healthy"), &Value::from(true)),
                "{pat:#}"
            );
        }
        assert!(
            pat.get("authenticated_in").is_none_or(Value::is_null),
            "{pat:#}"
        );
        let requests = sent(&report);
        assert!(requests.len() >= 5, "{version}: {requests:?}");
        for request in &requests {
            let path = request.split_once(' ').unwrap().1;
            assert!(
                cozescope::coze::studio::serves_openapi(path),
                "{version}: sent {request} to a path Studio does not serve: {requests:?}"
            );
        }
        assert!(
            requests.iter().any(|r| r == "POST /v1/workflow/run"),
            "{requests:?}"
        );
        let target = &report["target"];
        assert!(target["region"].is_null(), "{target:#}");
        assert!(
            target["studio"]["signs"]
                .as_array()
                .is_some_and(|signs| signs.iter().any(|s| s == "server_hertz")),
            "{target:#}"
        );
        assert!(!stdout.contains("wrong_region"), "{stdout}");
        assert!(stdout.contains("self-hosted Coze Studio"), "{stdout}");
        let md = markdown(&dir);
        assert!(md.contains("| Target | self-hosted Coze Studio"), "{md}");
        assert!(!md.contains("| Region |"), "{md}");
        assert!(!md.contains("For Coze support"), "{md}");
        assert!(
            md.contains("## For the operator of this Coze Studio"),
            "{md}"
        );
        // Studio's log ids are kept as the request ids.
        let logid = report["cases"][0]["probes"][0]["logid"]
            .as_str()
            .unwrap_or_default();
        assert!(cozescope::coze::studio::is_uuid(logid), "{logid}");
    }
}

#[test]
fn a_pat_studio_does_not_know_is_rejected_and_the_region_ruled_out() {
    for version in VERSIONS {
        let server = StudioServer::start(version, None);
        let (_, stdout, report, _dir) = doctor(
            &server,
            &[("COZE_API_TOKEN", CLOUD_PAT), ("COZE_BOT_ID", BOT)],
            &[],
        );
        let pat = verdict(&report, "pat");
        assert_eq!(pat["cause"], "credential_rejected", "{version}: {pat:#}");
        assert_eq!(pat["proved"], true);
        assert!(
            pat["summary"]
                .as_str()
                .unwrap()
                .contains("CheckPermission failed"),
            "{pat:#}"
        );
        let ruled: Vec<&Value> = pat["ruled_out"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["hypothesis"])
            .collect();
        assert!(ruled.iter().any(|h| *h == "wrong_region"), "{pat:#}");
        // No other region is asked: a Studio has none.
        assert!(!stdout.contains("other region"), "{stdout}");
        assert!(
            sent(&report)
                .iter()
                .all(|r| cozescope::coze::studio::serves_openapi(r.split_once(' ').unwrap().1))
        );
    }
}

#[test]
fn a_token_with_its_own_bearer_prefix_is_a_header_shape_problem() {
    let server = StudioServer::start("0.5", None);
    let prefixed = format!("Bearer {PAT}");
    // The doctor refuses a token with whitespace, so the header shape is tried through a scenario.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        format!("[auth.prefixed]\nmode = \"pat\"\ntoken = \"{prefixed}\"\n[probe.retrieve_bot]\nbot_id = \"{BOT}\"\n[[case]]\nname = \"prefixed\"\nauth = \"prefixed\"\nprobes = [\"retrieve_bot\"]\n"),
    )
    .unwrap();
    let (_, stdout, _, report, _out) = run(
        &[],
        &args(
            &["run", "--format", "json", "--target", &server.base],
            &[scenario.display().to_string()],
        ),
    );
    let report = report.unwrap_or_else(|| panic!("{stdout}"));
    let prefixed = verdict(&report, "prefixed");
    assert_eq!(prefixed["cause"], "credential_rejected", "{prefixed:#}");
    assert!(
        prefixed["summary"]
            .as_str()
            .unwrap()
            .contains("missing api_key"),
        "{prefixed:#}"
    );
    assert!(
        prefixed["fix"]
            .as_str()
            .unwrap()
            .contains("without a `Bearer ` prefix"),
        "{prefixed:#}"
    );
}

#[test]
fn a_jwt_app_gets_the_verdict_that_studio_has_no_jwt_flow() {
    for version in VERSIONS {
        let server = StudioServer::start(version, None);
        let key = root()
            .join("src/emulator/demo/demo-app.pem")
            .display()
            .to_string();
        let (_, stdout, report, _dir) = doctor(
            &server,
            &[
                ("COZE_JWT_OAUTH_CLIENT_ID", "1127900106117"),
                (
                    "COZE_JWT_OAUTH_PUBLIC_KEY_ID",
                    "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44",
                ),
                ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", &key),
            ],
            &[],
        );
        let jwt = verdict(&report, "jwt");
        assert_eq!(jwt["cause"], "self_hosted_studio", "{version}: {jwt:#}");
        assert_eq!(jwt["proved"], true);
        assert!(
            jwt["summary"]
                .as_str()
                .unwrap()
                .contains("no OAuth JWT flow"),
            "{jwt:#}"
        );
        let release = if version == "0.3" { "0.3-" } else { "0.5+" };
        assert_eq!(
            report["target"]["studio"]["release"], release,
            "{:#}",
            report["target"]
        );
        assert!(!stdout.contains("all_auth_failed"), "{stdout}");
        // One token request met the cookie failure; nothing else was sent.
        assert_eq!(sent(&report).len(), 1, "{:?}", sent(&report));
    }
}

#[test]
fn an_unpublished_agent_is_diagnosed_as_not_published() {
    for version in VERSIONS {
        let server = StudioServer::start(version, None);
        let (_, _, report, dir) = doctor(
            &server,
            &[("COZE_API_TOKEN", PAT), ("COZE_BOT_ID", UNPUBLISHED_BOT)],
            &["--yes"],
        );
        let pat = verdict(&report, "pat");
        assert_eq!(pat["cause"], "not_published", "{version}: {pat:#}");
        let summary = pat["summary"].as_str().unwrap();
        assert!(summary.contains("connectorID=1024"), "{summary}");
        // The Go stack trace Studio appends is not quoted in the sentence.
        assert!(!summary.contains("stack="), "{summary}");
        assert!(pat["fix"].as_str().unwrap().contains("Studio"), "{pat:#}");
        let md = markdown(&dir);
        assert!(!md.contains("/v1/bot/publish"), "{md}");
    }
}

#[test]
fn operations_studio_serves_only_as_web_apis_are_named_as_such() {
    let server = StudioServer::start("0.5", None);
    // Nothing a PAT can call there was asked: that is the verdict.
    let (_, stdout, report, _dir) = doctor(
        &server,
        &[("COZE_API_TOKEN", PAT)],
        &["--probe", "list_workspaces", "--probe", "list_voices"],
    );
    let pat = verdict(&report, "pat");
    assert_eq!(pat["cause"], "self_hosted_studio", "{pat:#}");
    let summary = pat["summary"].as_str().unwrap();
    assert!(
        summary.contains("`list_workspaces`") && summary.contains("`list_voices`"),
        "{summary}"
    );
    assert!(!stdout.contains("permission_not_configured"), "{stdout}");
    // With an operation Studio serves, the PAT is judged by it and the web APIs are left untested.
    let (_, _, report, _dir) = doctor(
        &server,
        &[("COZE_API_TOKEN", PAT), ("COZE_BOT_ID", BOT)],
        &["--probe", "create_bot", "--workspace", WORKSPACE, "--yes"],
    );
    let pat = verdict(&report, "pat");
    assert_eq!(pat["cause"], "healthy", "{pat:#}");
    let untested = pat["untested"].to_string();
    assert!(
        untested.contains("create_bot") && untested.contains("self-hosted Coze Studio"),
        "{pat:#}"
    );
}

#[test]
fn a_studio_world_serves_the_embedded_sandbox_and_its_keys_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world.toml");
    let exported = crate::common::cozescope()
        .args(["emulator", "--flavour", "studio", "--export-world"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(exported.status.success());
    let text = std::fs::read_to_string(&world).unwrap();
    assert!(text.contains("flavour = \"studio\""));
    // The embedded sandbox serves a Studio world as a Studio.
    let (code, stdout, _, report, _out) = run(
        &[],
        &args(
            &[
                "doctor",
                "--format",
                "json",
                "--world",
                &world.display().to_string(),
            ],
            &[],
        ),
    );
    assert_eq!(code, Some(0), "{stdout}");
    let report = report.unwrap();
    assert!(
        report["target"]["studio"].is_object(),
        "{:#}",
        report["target"]
    );
    assert_eq!(verdict(&report, "pat")["cause"], "healthy");
    // A bad flavour or version is refused with its place in the file.
    for (bad, said) in [
        ("flavour = \"studo\"", "unknown flavour `studo`"),
        ("studio_version = \"0.4\"", "unknown studio_version `0.4`"),
    ] {
        std::fs::write(
            &world,
            text.replace(
                if bad.starts_with("flavour") {
                    "flavour = \"studio\""
                } else {
                    "studio_version = \"0.5\""
                },
                bad,
            ),
        )
        .unwrap();
        let output = crate::common::cozescope()
            .args(["emulator", "--world"])
            .arg(&world)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(said) && stderr.contains("world.toml:"),
            "{stderr}"
        );
    }
    let output = crate::common::cozescope()
        .args([
            "emulator",
            "--flavour",
            "studio",
            "--listen-com",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A rejected PAT is the verdict even when the web paths a workspace adds answered with the login-cookie
/// failure; another user's agent is theirs (no permission list to blame); a workflow the Studio does not
/// have is never put down to a region or to Coze support.
#[test]
fn studio_refusals_are_read_in_studio_terms_whatever_else_was_asked() {
    const COLLEAGUE_BOT: &str = "7500000000000000103";
    for version in VERSIONS {
        let server = StudioServer::start(version, None);
        let (_, _, report, _dir) = doctor(
            &server,
            &[
                ("COZE_API_TOKEN", CLOUD_PAT),
                ("COZE_WORKSPACE_ID", WORKSPACE),
            ],
            &["--yes"],
        );
        let pat = verdict(&report, "pat");
        // v0.5.1 serves `/v1/datasets` as OpenAPI, where the token is checked; before, it is a web path too,
        // and nothing asked could check the token.
        let expected = if version == "0.5" {
            "credential_rejected"
        } else {
            "self_hosted_studio"
        };
        assert_eq!(pat["cause"], expected, "{version}: {pat:#}");

        let (_, _, report, _dir) = doctor(
            &server,
            &[("COZE_API_TOKEN", PAT), ("COZE_BOT_ID", COLLEAGUE_BOT)],
            &["--yes"],
        );
        let pat = verdict(&report, "pat");
        assert_eq!(pat["cause"], "not_owner", "{version}: {pat:#}");
        assert_eq!(pat["proved"], true, "{version}: {pat:#}");
        assert!(!pat["fix"].to_string().contains("coze.cn/open"), "{pat:#}");

        let (_, stdout, report, dir) = doctor(
            &server,
            &[
                ("COZE_API_TOKEN", PAT),
                ("COZE_WORKFLOW_ID", "7500000000000000999"),
            ],
            &["--yes", "--probe", "run_workflow"],
        );
        let pat = verdict(&report, "pat");
        assert_ne!(pat["cause"], "wrong_region", "{version}: {pat:#}");
        assert_ne!(pat["cause"], "server_error", "{version}: {pat:#}");
        let text = format!("{stdout}\n{}", markdown(&dir));
        assert!(!text.contains("--target com"), "{text}");
        assert!(!text.contains("Coze support ticket"), "{text}");
    }
}

//! Canary secrets: a PAT and a private key that must never appear in any output of a run against a real
//! target (here a sandbox served at a plain base URL, so that the secrets come from the environment as they
//! would for api.coze.cn), whatever the format or verbosity.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use base64::Engine;
use cozescope::coze::region::Region;
use cozescope::emulator::{Sandbox, SandboxConfig, World};

/// Not token-shaped on purpose: only the registered-secret redaction can catch it.
const CANARY_PAT: &str = "CanaryPatToken-7f3a9c1e5b2d8f4a6c0e";
const CANARY_KID: &str = "6N4Wsn6c1LyBnAYoqrDY5qnjZAeXexz6Z011EDWzQBw";

fn canary_key() -> String {
    std::fs::read_to_string(crate::common::root().join("tests/fixtures/keys/canary.pem")).unwrap()
}

fn write_world(dir: &Path) -> std::path::PathBuf {
    std::fs::copy(
        crate::common::root().join("tests/fixtures/keys/canary.pub.pem"),
        dir.join("canary.pub.pem"),
    )
    .unwrap();
    let world = format!(
        r#"
[[workspace]]
id = "7000000000000000001"
realm = "cn"
name = "Canary"

[[app]]
id = "1100000000001"
realm = "cn"
kind = "normal"
permissions = ["createBot", "listWorkspace"]
workspaces = ["7000000000000000001"]
[[app.key]]
kid = "{CANARY_KID}"
public_key_file = "canary.pub.pem"

[[pat]]
token = "{CANARY_PAT}"
realm = "cn"
permissions = ["listWorkspace"]
workspaces = ["7000000000000000001"]
"#
    );
    let path = dir.join("world.toml");
    std::fs::write(&path, world).unwrap();
    path
}

const SCENARIO: &str = r#"
[auth.jwt]
mode = "jwt"
client_id = "${COZE_JWT_OAUTH_CLIENT_ID}"
public_key_id = "${COZE_JWT_OAUTH_PUBLIC_KEY_ID}"
private_key = "${COZE_JWT_OAUTH_PRIVATE_KEY}"

[auth.pat]
mode = "pat"
token = "${COZE_API_TOKEN}"

[probe.create_bot]
space_id = "${COZE_WORKSPACE_ID}"

[[case]]
name = "scoped"
auth = "jwt"
scope = ["Connector.botChat"]
probes = ["create_bot", "list_workspaces"]

[[case]]
name = "bad scope"
auth = "jwt"
scope = ["Bot.createBot"]
probes = ["create_bot"]

[[case]]
name = "no scope"
auth = "jwt"
probes = ["create_bot", "list_workspaces", "whoami"]

[[case]]
name = "pat"
auth = "pat"
probes = ["create_bot", "list_workspaces"]
"#;

/// Every string derived from the canaries that would betray them.
fn forbidden_forms() -> Vec<String> {
    let key = canary_key();
    let mut forms = vec![
        CANARY_PAT.to_string(),
        base64::engine::general_purpose::STANDARD.encode(CANARY_PAT),
        "BEGIN PRIVATE KEY".to_string(),
    ];
    forms.extend(
        key.lines()
            .filter(|line| !line.starts_with("-----"))
            .map(str::to_string),
    );
    forms
}

fn assert_clean(what: &str, text: &str) {
    for form in forbidden_forms() {
        assert!(
            !text.contains(&form),
            "{what} leaks a canary form {form:?}:\n{text}"
        );
    }
    let token_shaped = regex::Regex::new(r"czs_[A-Za-z0-9]{6}|eyJ[A-Za-z0-9_-]{10,}\.").unwrap();
    assert!(
        !token_shaped.is_match(text),
        "{what} leaks an access token or JWT:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_secrets_never_reach_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let world = World::load(&write_world(dir.path())).unwrap();
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sandbox = Sandbox::start(
        world,
        SandboxConfig {
            cn: loopback,
            com: None,
            ..SandboxConfig::default()
        },
    )
    .await
    .unwrap();
    let base_url = sandbox.base_url(Region::Cn).unwrap();
    let scenario = dir.path().join("canary.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();

    for (index, verbosity) in [None, Some("-v"), Some("-vv"), Some("-vvv")]
        .into_iter()
        .enumerate()
    {
        let out = dir.path().join(format!("reports-{index}"));
        let (scenario, base_url, out_path) = (scenario.clone(), base_url.clone(), out.clone());
        let output = tokio::task::spawn_blocking(move || {
            let mut command = crate::common::cozescope();
            command
                .arg("run")
                .arg(&scenario)
                .args(["--target", &base_url, "--format", "md,json", "--out"])
                .arg(&out_path)
                .args(verbosity);
            with_canaries(&mut command).output().unwrap()
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(0),
            "stdout:\n{stdout}\nstderr:\n{stderr}"
        );
        assert_clean("stdout", &stdout);
        assert_clean("stderr", &stderr);
        let reports = crate::common::files_in(&out);
        assert_eq!(reports.len(), 2, "{reports:?}");
        for report in reports {
            let text = std::fs::read_to_string(&report).unwrap();
            assert!(
                text.contains(CANARY_KID),
                "the kid is not a secret and must stay visible"
            );
            assert_clean(&report.display().to_string(), &text);
        }
        if verbosity == Some("-vvv") {
            assert!(
                stderr.contains("DEBUG") || stderr.contains("TRACE"),
                "-vvv logs something:\n{stderr}"
            );
        }
    }
    sandbox.shutdown().await;
}

/// The same canaries, as a real target would get them, through the other commands and the error paths.
fn with_canaries(command: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    command
        .env("COZE_API_TOKEN", CANARY_PAT)
        .env("COZE_JWT_OAUTH_CLIENT_ID", "1100000000001")
        .env("COZE_JWT_OAUTH_PUBLIC_KEY_ID", CANARY_KID)
        .env("COZE_JWT_OAUTH_PRIVATE_KEY", canary_key())
        .env("COZE_WORKSPACE_ID", "7000000000000000001")
        .arg("--env-file")
        .arg(crate::common::root().join("tests/fixtures/empty.env"))
}

fn canary_scenario(dir: &Path) -> std::path::PathBuf {
    let scenario = dir.join("canary.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    scenario
}

#[test]
fn check_dry_run_and_junit_never_print_a_canary() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = canary_scenario(dir.path());
    for args in [
        vec!["check", "--target", "cn", "-vvv"],
        vec!["run", "--dry-run", "--target", "cn", "-vvv"],
    ] {
        let mut command = crate::common::cozescope();
        command.args(&args).arg(&scenario);
        let output = with_canaries(&mut command).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_clean("stdout", &String::from_utf8_lossy(&output.stdout));
        assert_clean("stderr", &String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn a_run_that_cannot_connect_and_writes_junit_never_prints_a_canary() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = canary_scenario(dir.path());
    let out = dir.path().join("reports");
    let mut command = crate::common::cozescope();
    command
        .arg("run")
        .arg(&scenario)
        .args([
            "--target",
            "http://127.0.0.1:9",
            "--retries",
            "0",
            "--format",
            "junit,json",
            "-vvv",
            "--out",
        ])
        .arg(&out);
    let output = with_canaries(&mut command).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_clean("stderr", &String::from_utf8_lossy(&output.stderr));
    for report in crate::common::files_in(&out) {
        assert_clean(
            &report.display().to_string(),
            &std::fs::read_to_string(&report).unwrap(),
        );
    }
}

#[test]
fn a_scenario_error_next_to_a_secret_never_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("broken.toml");
    let pem = canary_key();
    std::fs::write(&scenario, format!("[auth.jwt]\nmode = \"jwt\"\nprivate_key = \"\"\"\n{pem}\"\"\"\ntoken = \"{CANARY_PAT}\" junk\n")).unwrap();
    let output = crate::common::cozescope()
        .arg("run")
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.toml:"), "{stderr}");
    assert_clean("stderr", &stderr);
}

#[test]
fn the_panic_hook_prints_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = canary_scenario(dir.path());
    let mut command = crate::common::cozescope();
    command
        .args(["run", "--target", "cn"])
        .arg(&scenario)
        .env("COZESCOPE_DEBUG_PANIC", "1")
        .env("RUST_BACKTRACE", "1");
    let output = with_canaries(&mut command).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cozescope crashed"),
        "the simulated crash happened: {stderr}"
    );
    assert!(
        stderr.contains("simulated crash holding secrets"),
        "{stderr}"
    );
    assert_clean("stderr", &stderr);
    assert_clean("stdout", &String::from_utf8_lossy(&output.stdout));
}

#[test]
fn a_sandbox_run_never_reads_real_secrets_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = crate::common::cozescope();
    command
        .args([
            "run",
            "scenarios/node-chat2.toml",
            "--format",
            "md,json",
            "-vvv",
            "--out",
        ])
        .arg(dir.path());
    let output = with_canaries(&mut command).output().unwrap();
    // The expectations of node-chat2 hold only with the sandbox's demo credentials, not with the canaries.
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_clean("stderr", &String::from_utf8_lossy(&output.stderr));
    for report in crate::common::files_in(dir.path()) {
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(!text.contains(CANARY_KID) && !text.contains("1100000000001"));
        assert_clean(&report.display().to_string(), &text);
    }
}

#[test]
fn a_secret_in_the_key_path_variable_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("misplaced.toml");
    std::fs::write(
        &scenario,
        "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1\"\npublic_key_id = \"k\"\nprivate_key_file = \"${COZE_API_TOKEN}\"\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n",
    )
    .unwrap();
    let mut command = crate::common::cozescope();
    command.args(["run", "--target", "cn"]).arg(&scenario);
    let output = with_canaries(&mut command).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("named by `${COZE_API_TOKEN}`"), "{stderr}");
    assert_clean("stderr", &stderr);
}

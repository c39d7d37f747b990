//! The fault suite: a server that hangs, resets, sends half a response, HTML, 429 with Retry-After or 5xx.
//! Each fault ends in its documented outcome, the report is always written, the exit code is the
//! documented one, and the run ends within a bounded time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::fake_server::{Behavior, FakeServer, http};
use crate::common::{cozescope, json_report, report};
use serde_json::Value;

use crate::common::PAT_WHOAMI_SCENARIO as PAT_SCENARIO;

struct Run {
    code: Option<i32>,
    json: Value,
    markdown: String,
    elapsed: Duration,
    stderr: String,
}

fn run_against(server: &FakeServer, scenario: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fault.toml");
    std::fs::write(&file, scenario).unwrap();
    let out = dir.path().join("reports");
    let started = Instant::now();
    let output = cozescope()
        .arg("run")
        .arg(&file)
        .args(["--target", &server.base_url, "--format", "md,json", "--out"])
        .arg(&out)
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    collect(&out, output, started.elapsed())
}

fn collect(out: &Path, output: std::process::Output, elapsed: Duration) -> Run {
    Run {
        code: output.status.code(),
        json: json_report(out),
        markdown: report(out, "md"),
        elapsed,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn probe(run: &Run, case: usize, index: usize) -> &Value {
    &run.json["cases"][case]["probes"][index]
}

#[test]
fn a_hanging_server_times_out_as_network_error_and_exits_3() {
    let server = FakeServer::start(|_, _| Behavior::Hang);
    let run = run_against(&server, PAT_SCENARIO, &["--timeout", "1", "--retries", "1"]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let whoami = probe(&run, 0, 0);
    assert_eq!(whoami["outcome"], "network_error");
    assert_eq!(whoami["reason"], "timed out");
    assert_eq!(
        whoami["attempts"].as_array().map(Vec::len),
        Some(1),
        "one retry of an idempotent probe"
    );
    assert!(
        run.elapsed < Duration::from_secs(15),
        "bounded: {:?}",
        run.elapsed
    );
    assert!(run.stderr.contains("no probe reached the target"));
    // Nothing answered: the verdict says so, never "healthy".
    let verdict = &run.json["verdicts"][0];
    assert_eq!(verdict["cause"], "unreachable", "{verdict:#}");
    assert_eq!(verdict["proved"], true, "{verdict:#}");
    super::schemas::assert_valid(
        &super::schemas::schema("report.schema.json"),
        &run.json,
        "an unreachable run",
    );
}

#[test]
fn a_reset_connection_is_a_network_error() {
    let server = FakeServer::start(|_, _| Behavior::Reset);
    let run = run_against(&server, PAT_SCENARIO, &["--retries", "0"]);
    assert_eq!(run.code, Some(3));
    assert_eq!(probe(&run, 0, 0)["outcome"], "network_error");
    assert!(probe(&run, 0, 0)["reason"].as_str().unwrap().len() > 3);
}

#[test]
fn half_a_response_is_a_network_error_with_a_reason() {
    let server = FakeServer::start(|_, _| {
        Behavior::Respond(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"code\":4101,\"msg\":\"Your tok".to_vec())
    });
    let run = run_against(&server, PAT_SCENARIO, &["--retries", "0"]);
    assert_eq!(run.code, Some(3));
    let whoami = probe(&run, 0, 0);
    assert_eq!(whoami["outcome"], "network_error");
    assert!(
        whoami["reason"].as_str().unwrap().contains("response body"),
        "{whoami}"
    );
}

#[test]
fn html_and_truncated_json_are_unexpected_and_keep_the_logid() {
    let server = FakeServer::start(|index, _| match index {
        0 => http(
            "200 OK",
            "text/html",
            "x-tt-logid: 20261128000000AAAAAAAAAAAAAAAAAAAA\r\n",
            "<html><body>gateway</body></html>",
        ),
        _ => http(
            "200 OK",
            "application/json",
            "",
            "{\"code\":4101,\"msg\":\"Your tok",
        ),
    });
    let scenario = format!(
        "{PAT_SCENARIO}\n[[case]]\nname = \"again\"\nauth = \"pat\"\nprobes = [\"whoami\"]\n"
    );
    let run = run_against(&server, &scenario, &["--retries", "0", "--jobs", "1"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(probe(&run, 0, 0)["outcome"], "unexpected");
    assert_eq!(
        probe(&run, 0, 0)["logid"],
        "20261128000000AAAAAAAAAAAAAAAAAAAA"
    );
    assert!(
        probe(&run, 0, 0)["message"]
            .as_str()
            .unwrap()
            .starts_with("<html>")
    );
    assert_eq!(probe(&run, 1, 0)["outcome"], "unexpected");
}

#[test]
fn rate_limit_is_retried_after_retry_after_and_every_logid_is_kept() {
    let server = FakeServer::start(|index, _| match index {
        0 => http(
            "429 Too Many Requests",
            "application/json",
            "Retry-After: 1\r\nx-tt-logid: 20261128000000BBBBBBBBBBBBBBBBBBBB\r\n",
            r#"{"code":4013,"msg":"rate limit","detail":{"logid":"20261128000000BBBBBBBBBBBBBBBBBBBB"}}"#,
        ),
        _ => http(
            "200 OK",
            "application/json",
            "x-tt-logid: 20261128000000CCCCCCCCCCCCCCCCCCCC\r\n",
            r#"{"code":0,"msg":"","data":{"user_id":"1","user_name":"u","nick_name":"n","avatar_url":""}}"#,
        ),
    });
    let run = run_against(&server, PAT_SCENARIO, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let whoami = probe(&run, 0, 0);
    assert_eq!(whoami["outcome"], "ok");
    assert_eq!(whoami["logid"], "20261128000000CCCCCCCCCCCCCCCCCCCC");
    assert_eq!(whoami["attempts"][0]["outcome"], "rate_limited");
    assert_eq!(
        whoami["attempts"][0]["logid"],
        "20261128000000BBBBBBBBBBBBBBBBBBBB"
    );
    assert!(
        run.elapsed >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert!(
        run.markdown.contains("20261128000000BBBBBBBBBBBBBBBBBBBB"),
        "earlier logid in the report"
    );
}

#[test]
fn server_errors_are_retried_then_reported_but_denials_are_not_retried() {
    let server = FakeServer::start(|_, line| {
        if line.contains("/v1/users/me") {
            http(
                "502 Bad Gateway",
                "text/html",
                "",
                "<html>bad gateway</html>",
            )
        } else {
            http(
                "200 OK",
                "application/json",
                "",
                r#"{"code":4101,"msg":"Your token does not have permission to access space_id=7351411557182226472 createBot."}"#,
            )
        }
    });
    let scenario = PAT_SCENARIO.replace(
        "probes = [\"whoami\"]",
        "probes = [\"whoami\", \"create_bot\"]",
    );
    let run = run_against(&server, &scenario, &["--retries", "2", "--yes"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(probe(&run, 0, 0)["outcome"], "server_error");
    assert_eq!(
        probe(&run, 0, 0)["attempts"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(probe(&run, 0, 1)["outcome"], "denied_permission");
    assert!(probe(&run, 0, 1).get("attempts").is_none());
    let creates = server
        .request_lines()
        .iter()
        .filter(|line| line.contains("/v1/bot/create"))
        .count();
    assert_eq!(creates, 1, "a 4101 is an answer, never a retry");
}

#[test]
fn a_budget_spent_between_retries_keeps_the_last_answer_and_skips_the_rest() {
    let server = FakeServer::start(|_, _| {
        http(
            "502 Bad Gateway",
            "text/html",
            "",
            "<html>bad gateway</html>",
        )
    });
    let scenario = PAT_SCENARIO.replace(
        "probes = [\"whoami\"]",
        "probes = [\"whoami\", \"list_workspaces\"]",
    );
    let run = run_against(
        &server,
        &scenario,
        &["--retries", "3", "--max-requests", "2"],
    );
    let whoami = probe(&run, 0, 0);
    assert_eq!(whoami["outcome"], "server_error", "{whoami}");
    assert_eq!(
        whoami["attempts"].as_array().map(Vec::len),
        Some(1),
        "two requests sent: the answer and one earlier attempt: {whoami}"
    );
    let rest = probe(&run, 0, 1);
    assert_eq!(rest["outcome"], "skipped");
    assert!(
        rest["reason"]
            .as_str()
            .unwrap()
            .contains("request budget (2"),
        "{rest}"
    );
    assert_eq!(server.request_lines().len(), 2);
    assert_eq!(run.json["stats"]["requests"], 2);
}

#[test]
fn create_bot_on_a_real_target_needs_yes() {
    let server =
        FakeServer::answering(r#"{"code":0,"msg":"","data":{"bot_id":"7400000000000000001"}}"#);
    let scenario = PAT_SCENARIO.replace("probes = [\"whoami\"]", "probes = [\"create_bot\"]");
    let without = run_against(&server, &scenario, &[]);
    assert_eq!(without.code, Some(0));
    assert_eq!(probe(&without, 0, 0)["outcome"], "skipped");
    assert!(
        probe(&without, 0, 0)["reason"]
            .as_str()
            .unwrap()
            .contains("--yes")
    );
    assert!(server.request_lines().is_empty(), "nothing was sent");

    let with = run_against(&server, &scenario, &["--yes"]);
    assert_eq!(probe(&with, 0, 0)["outcome"], "ok");
    assert_eq!(probe(&with, 0, 0)["created_bot_id"], "7400000000000000001");
    assert!(with.markdown.contains("7400000000000000001"));

    // An expectation on a probe that was held back is untested, not contradicted.
    let expecting = scenario.replace(
        "probes = [\"create_bot\"]",
        "probes = [\"create_bot\"]\nexpect = { create_bot = \"ok\" }",
    );
    assert_eq!(run_against(&server, &expecting, &[]).code, Some(0));

    let allowed = format!("allow_side_effects = true\n{scenario}");
    let by_key = run_against(&server, &allowed, &[]);
    assert_eq!(probe(&by_key, 0, 0)["outcome"], "ok");
}

#[test]
fn dry_run_sends_nothing_and_prints_redacted_requests() {
    let server = FakeServer::start(|_, _| Behavior::Hang);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dry.toml");
    std::fs::write(&file, PAT_SCENARIO).unwrap();
    let output = cozescope()
        .arg("run")
        .arg(&file)
        .args(["--dry-run", "--target", &server.base_url, "--out"])
        .arg(dir.path().join("reports"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("GET {}/v1/users/me", server.base_url)),
        "{stdout}"
    );
    assert!(!stdout.contains("faultSuiteToken"), "{stdout}");
    assert!(server.request_lines().is_empty());
    assert!(!dir.path().join("reports").exists());
}

#[cfg(unix)]
#[test]
fn an_interrupt_writes_a_partial_report_and_exits_3() {
    interrupted_by("-INT");
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_end_a_run_as_ctrl_c_does() {
    interrupted_by("-TERM");
    interrupted_by("-HUP");
}

/// A run stopped by `signal` while a request hangs: a partial report, exit 3, within the grace period.
#[cfg(unix)]
fn interrupted_by(signal: &str) {
    let server = FakeServer::start(|_, _| Behavior::Hang);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("interrupt.toml");
    std::fs::write(&file, PAT_SCENARIO).unwrap();
    let out: PathBuf = dir.path().join("reports");
    let started = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .current_dir(crate::common::root())
        .arg("run")
        .arg(&file)
        .args([
            "--target",
            &server.base_url,
            "--timeout",
            "60",
            "--format",
            "md,json",
            "--out",
        ])
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while server.request_lines().is_empty() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let run = collect(&out, output, started.elapsed());
    assert_eq!(run.code, Some(3), "{signal}: {}", run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(20),
        "{signal}: bounded by the grace period: {:?}",
        run.elapsed
    );
    assert_eq!(run.json["complete"], false);
    assert!(run.markdown.contains("INCOMPLETE"));
    assert_eq!(probe(&run, 0, 0)["outcome"], "network_error");
    assert!(
        probe(&run, 0, 0)["reason"]
            .as_str()
            .unwrap()
            .contains("interrupted")
    );
}

/// The sandbox's own fault injection, declared in a world file and used through `run --world`.
fn world_with_faults(dir: &Path, faults: &str) -> PathBuf {
    cozescope()
        .arg("emulator")
        .arg("--export-world")
        .arg(dir)
        .assert()
        .success();
    let world = dir.join("world.toml");
    let mut text = std::fs::read_to_string(&world).unwrap();
    text.push_str(&format!("\n[faults]\n{faults}\n"));
    std::fs::write(&world, text).unwrap();
    world
}

fn run_on_sandbox(world: &Path, out: &Path) -> Run {
    let started = Instant::now();
    let output = cozescope()
        .args([
            "run",
            "scenarios/node-chat2.toml",
            "--format",
            "md,json",
            "--world",
        ])
        .arg(world)
        .arg("--out")
        .arg(out)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    collect(out, output, started.elapsed())
}

#[test]
fn sandbox_server_errors_on_create_bot_are_reported_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let world = world_with_faults(
        dir.path(),
        "seed = 7\nerror_ratio = 1.0\npaths = [\"/v1/bot/create\"]",
    );
    let run = run_on_sandbox(&world, &dir.path().join("reports"));
    assert_eq!(
        run.code,
        Some(1),
        "the node-chat2 expectations no longer hold: {}",
        run.stderr
    );
    let no_scope = &run.json["cases"][3];
    assert_eq!(
        no_scope["probes"][0]["outcome"], "ok",
        "token issuance is not faulted"
    );
    assert_eq!(no_scope["probes"][1]["outcome"], "server_error");
    assert_eq!(no_scope["probes"][1]["code"], 5000);
    assert!(
        no_scope["probes"][1].get("attempts").is_none(),
        "creating is not retried after a 5xx"
    );
}

#[test]
fn sandbox_token_server_errors_are_retried_and_every_attempt_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let world = world_with_faults(
        dir.path(),
        "seed = 3\nerror_ratio = 1.0\npaths = [\"/api/permission/oauth2/token\"]",
    );
    let run = run_on_sandbox(&world, &dir.path().join("reports"));
    assert_eq!(run.code, Some(1));
    let token = &run.json["cases"][0]["probes"][0];
    assert_eq!(token["outcome"], "server_error");
    let attempts = token["attempts"].as_array().unwrap();
    assert_eq!(
        attempts.len(),
        2,
        "token issuance is retried twice by default"
    );
    assert!(
        attempts
            .iter()
            .all(|attempt| attempt["logid"].as_str().is_some_and(|l| l.len() == 34))
    );
    assert!(run.elapsed < Duration::from_secs(30));
}

#[test]
fn dns_and_tls_failures_are_network_errors_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("net.toml");
    std::fs::write(&file, PAT_SCENARIO).unwrap();
    // A plain-HTTP server addressed over https fails the TLS handshake.
    let plain = FakeServer::start(|_, _| http("200 OK", "text/plain", "", "not tls"));
    let tls_target = plain.base_url.replace("http://", "https://");
    for target in ["http://nonexistent.invalid", tls_target.as_str()] {
        let out = dir.path().join(format!("reports-{}", target.len()));
        let output = cozescope()
            .arg("run")
            .arg(&file)
            .args([
                "--target",
                target,
                "--retries",
                "0",
                "--connect-timeout",
                "5",
                "--format",
                "json",
                "--out",
            ])
            .arg(&out)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(3), "{target}");
        let json: Value = json_report(&out);
        let whoami = &json["cases"][0]["probes"][0];
        assert_eq!(whoami["outcome"], "network_error", "{target}");
        let reason = whoami["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("failed to connect: "),
            "{target}: {reason}"
        );
    }
}

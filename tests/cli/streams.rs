//! Streams and URLs, as a hostile server or repository meets them: nothing raw reaches a terminal or a
//! report (escape sequences in a server's message or a scenario's names), no token escapes after an escape
//! or a control character, output errors end cleanly (a closed pipe, a full stdout), credentials in base
//! and proxy URLs are refused or masked before anything is sent, and the sandbox's printed URL is the one
//! it listens on.

use std::io::Read;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::fake_server::{FakeServer, http};
use crate::common::{
    PAT_WHOAMI_SCENARIO as PAT_SCENARIO, cozescope, files_in, json_report, report, scenario_file,
};

const SCENARIO: &str = "scenarios/permission-not-configured.toml";

/// Tokens a hostile server echoes, each right after an escape or a control character.
const TOKEN_BODIES: [&str; 4] = [
    "AbCdEf0123456789n",
    "AbCdEf0123456789t",
    "AbCdEf0123456789r",
    "AbCdEf0123456789b",
];

/// A 4101 whose message carries terminal escapes (window title, clipboard, link, screen clear) and tokens
/// after `\n`, `\t`, `\r` and BEL, as JSON escapes them.
const HOSTILE_BODY: &str = r#"{"code":4101,"msg":"denied \u001b]0;pwned\u0007 \u001b]52;c;ZXZpbA==\u0007 \u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\ \u001b[2J\u009b31m\u202e end\npat_AbCdEf0123456789n \tsat_AbCdEf0123456789t \rczs_AbCdEf0123456789r \u0007cztei_AbCdEf0123456789b","data":{}}"#;

/// `cozescope run` of `scenario` against `target` with `extra` flags, its reports in `reports/` of the
/// returned folder.
fn run_on(
    scenario: &str,
    target: &str,
    extra: &[&str],
) -> (tempfile::TempDir, std::process::Output) {
    let (dir, file) = scenario_file(scenario);
    let output = cozescope()
        .arg("run")
        .arg(&file)
        .args(["--target", target, "--out"])
        .arg(dir.path().join("reports"))
        .args(extra)
        .output()
        .unwrap();
    (dir, output)
}

/// The first control character (other than a newline or tab) in `text`.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || *c == '\u{202e}')
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts `shown` (named `what`) holds no raw control character and none of the echoed tokens.
fn assert_clean(what: &str, shown: &str) {
    assert_eq!(raw_control(shown), None, "{what}: {shown:?}");
    for body in TOKEN_BODIES {
        assert!(!shown.contains(body), "{what} shows a token: {shown}");
    }
}

#[test]
fn a_hostile_server_reaches_no_terminal_report_or_log_raw() {
    let server = FakeServer::start(|_, _| http("200 OK", "application/json", "", HOSTILE_BODY));
    let (dir, output) = run_on(
        PAT_SCENARIO,
        &server.base_url,
        &["--format", "md,json,junit", "-vvv"],
    );
    let out = dir.path().join("reports");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_clean("stdout", &text(&output.stdout));
    assert_clean("stderr (-vvv logs)", &text(&output.stderr));
    for file in files_in(&out) {
        let written = std::fs::read_to_string(&file).unwrap();
        assert_clean(&file.display().to_string(), &written);
    }
    let json = json_report(&out);
    let message = json["cases"][0]["probes"][0]["message"].as_str().unwrap();
    assert_clean("the JSON message", message);
    // Visible, not dropped: the reader sees that the server sent escapes.
    assert!(message.contains("\\x1b]0;pwned\\x07"), "{message}");
    assert!(message.contains("pat_[REDACTED]"), "{message}");
}

#[test]
fn explain_and_diff_mask_tokens_after_escapes() {
    // An SDK's log line, the newline before the token written as `\n`.
    let pasted = r"cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid\npat_AbCdEf0123456789n\tsat_AbCdEf0123456789t, logid: 202510152024003A4AF2E4DABEDFE6595B";
    let output = cozescope().args(["explain", pasted]).output().unwrap();
    assert_clean("explain", &text(&output.stdout));
    assert_clean("explain stderr", &text(&output.stderr));

    let dir = tempfile::tempdir().unwrap();
    let run = cozescope()
        .args(["run", SCENARIO, "--format", "json", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let old = json_report(dir.path());
    // A case name (in both reports) holding escapes and tokens after a newline and a tab: `diff`'s JSON
    // writes them as `\n` and `\t`.
    let mut old = old;
    old["cases"][0]["name"] =
        Value::from("\u{1b}]0;x\u{7}case\npat_AbCdEf0123456789n\tsat_AbCdEf0123456789t");
    let mut new = old.clone();
    new["cases"][0]["probes"][0]["outcome"] = Value::from("ok");
    let (old_path, new_path) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&old_path, old.to_string()).unwrap();
    std::fs::write(&new_path, new.to_string()).unwrap();
    let out = dir.path().join("diffs");
    let output = cozescope()
        .arg("diff")
        .arg(&old_path)
        .arg(&new_path)
        .args(["--format", "md,json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_clean("diff", &text(&output.stdout));
    for file in files_in(&out) {
        assert_clean("diff file", &std::fs::read_to_string(file).unwrap());
    }
}

#[test]
fn hostile_scenario_names_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("names.toml");
    let hostile = std::fs::read_to_string(crate::common::root().join(SCENARIO))
        .unwrap()
        .replacen(
            "title  = \"",
            "title  = \"\\u001b]0;owned\\u0007\\u001b]52;c;ZXZpbA==\\u0007",
            1,
        )
        .replacen(
            "name   = \"chat-only PAT\"",
            "name   = \"chat-only \\u001b[2J\\u001b]8;;http://evil\\u001b\\\\PAT\\r\\nfake line\"",
            1,
        );
    std::fs::write(&scenario, hostile).unwrap();
    let out = dir.path().join("reports");
    let out_flag = format!("--out={}", out.display());
    for command in [&["run", &out_flag][..], &["check"], &["run", "--dry-run"]] {
        let output = cozescope().args(command).arg(&scenario).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command:?}: {}",
            text(&output.stderr)
        );
        assert_clean("stdout", &text(&output.stdout));
        assert_clean("stderr", &text(&output.stderr));
    }
    let markdown = report(&out, "md");
    assert_clean("markdown", &markdown);
    assert!(markdown.contains("\\x1b]52;c;ZXZpbA==\\x07"), "{markdown}");
    assert!(
        !markdown.contains("\nfake line"),
        "a name cannot add a line"
    );
}

#[test]
fn a_closed_stderr_under_vv_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .current_dir(crate::common::root())
        .args(["run", SCENARIO, "-vv", "--format", "md,json", "--out"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `2>&1 | head -1`: read one line of stderr, then close it.
    let mut stderr = child.stderr.take().unwrap();
    let mut first = [0u8; 1];
    let _ = stderr.read(&mut first);
    drop(stderr);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("report:"), "{stdout}");
    assert_eq!(files_in(dir.path()).len(), 2);
}

#[test]
fn a_closed_stdout_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .current_dir(crate::common::root())
        .args(["run", SCENARIO, "--out"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(files_in(dir.path()).len(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn stdout_on_a_full_device_exits_3_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::File::create("/dev/full").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .current_dir(crate::common::root())
        .args(["run", SCENARIO, "--out"])
        .arg(dir.path())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|line| line.contains("failed to write to stdout"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(files_in(dir.path()).len(), 1, "the report is still written");
}

#[test]
fn credentials_in_a_base_url_are_refused_before_anything_is_sent() {
    let server = FakeServer::start(|_, _| http("200 OK", "application/json", "", "{}"));
    let address = server.base_url.trim_start_matches("http://");
    let (dir, scenario) = scenario_file(PAT_SCENARIO);
    for target in [
        format!("http://admin:hunter2@{address}"),
        format!("http://admin@{address}/"),
        format!("http://:hunter2@{address}"),
    ] {
        for command in ["run", "check", "sweep"] {
            let output = cozescope()
                .arg(command)
                .arg(&scenario)
                .args(["--target", &target])
                .output()
                .unwrap();
            let stderr = text(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command} {target}: {stderr}"
            );
            assert!(
                !stderr.contains("hunter2") && !stderr.contains("admin"),
                "{stderr}"
            );
            assert!(stderr.contains("user or password"), "{stderr}");
        }
        // The doctor's COZE_API_BASE, the SDK's own variable.
        let output = cozescope()
            .arg("doctor")
            .env("COZE_API_BASE", &target)
            .env("COZE_API_TOKEN", "pat_faultSuiteToken0123456789")
            .args(["--out"])
            .arg(dir.path().join("reports"))
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "doctor {target}: {stderr}");
        assert!(
            !stderr.contains("hunter2") && !stderr.contains("admin"),
            "{stderr}"
        );
    }
    assert!(
        server.request_heads().is_empty(),
        "{:?}",
        server.request_heads()
    );
    assert!(!dir.path().join("reports").exists());
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused() {
    let server = FakeServer::start(|_, _| http("200 OK", "application/json", "", "{}"));
    for target in [
        format!("{}/?region=cn", server.base_url),
        format!("{}/#top", server.base_url),
        format!("{}?", server.base_url),
    ] {
        let output = cozescope()
            .args(["run", SCENARIO, "--dry-run", "--target", &target])
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{target}: {stderr}");
        assert!(stderr.contains("query"), "{stderr}");
    }
    assert!(server.request_heads().is_empty());
}

#[test]
fn the_bearer_token_is_what_a_plain_base_url_sends() {
    let server = FakeServer::answering(r#"{"code":0,"msg":"","data":{"user_id":"1"}}"#);
    let (_dir, output) = run_on(PAT_SCENARIO, &server.base_url, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let heads = server.request_heads();
    assert!(
        heads.iter().all(|head| head
            .to_ascii_lowercase()
            .contains("authorization: bearer pat_faultsuitetoken0123456789")),
        "{heads:?}"
    );
}

#[test]
fn proxy_credentials_are_never_printed() {
    let (dir, scenario) = scenario_file(PAT_SCENARIO);
    // A proxy that refuses connections: the error names it, never with its password.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let proxy = format!("http://proxyuser:proxyPassw0rd@127.0.0.1:{port}");
    let out = dir.path().join("reports");
    let output = cozescope()
        .arg("run")
        .arg(&scenario)
        .args([
            "--target",
            "http://api.example.invalid",
            "--retries",
            "0",
            "-vvv",
        ])
        .args(["--format", "md,json", "--out"])
        .arg(&out)
        .env("HTTP_PROXY", &proxy)
        .env("http_proxy", &proxy)
        .env("ALL_PROXY", &proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    let mut shown = text(&output.stdout) + &text(&output.stderr);
    for file in files_in(&out) {
        shown.push_str(&std::fs::read_to_string(file).unwrap());
    }
    assert!(!shown.contains("proxyPassw0rd"), "{shown}");
}

#[test]
fn an_empty_access_token_is_unexpected() {
    let server = FakeServer::answering(
        r#"{"access_token":"","expires_in":1900000000,"token_type":"Bearer"}"#,
    );
    let key = crate::common::root().join("tests/fixtures/keys/canary.pem");
    let scenario = format!(
        "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1127900106117\"\npublic_key_id = \"kid1\"\nprivate_key_file = {:?}\n\n[[case]]\nname = \"token\"\nauth = \"jwt\"\nprobes = [\"whoami\"]\n",
        key.display().to_string()
    );
    let (dir, output) = run_on(
        &scenario,
        &server.base_url,
        &["--no-follow-up", "--format", "json"],
    );
    let out = dir.path().join("reports");
    assert!(output.status.code().is_some(), "{}", text(&output.stderr));
    let json = json_report(&out);
    let token = &json["cases"][0]["probes"][0];
    assert_eq!(token["probe"], "token");
    assert_eq!(token["outcome"], "unexpected", "{token}");
    assert_eq!(json["cases"][0]["probes"][1]["outcome"], "skipped");
}

/// The first stdout line of `cozescope emulator ARGS`, then stops it.
fn emulator_first_line(args: &[&str]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .arg("emulator")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    let _ = child.wait();
    (text(&line), stderr)
}

#[cfg(unix)]
#[test]
fn the_emulator_prints_the_address_it_listens_on() {
    let (line, stderr) = emulator_first_line(&["--listen", "0.0.0.0:0"]);
    assert!(line.starts_with("cn  http://0.0.0.0:"), "{line:?}");
    assert!(
        stderr.contains("from this machine use http://127.0.0.1:"),
        "{stderr}"
    );
    let (line, _) = emulator_first_line(&["--listen", "127.0.0.1:0"]);
    assert!(line.starts_with("cn  http://127.0.0.1:"), "{line:?}");
}

#[test]
fn a_long_input_line_gives_one_screen_of_error() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("long.toml");
    let long = format!("title = \"{}\" = 1\n", "x".repeat(900 * 1024));
    std::fs::write(&scenario, &long).unwrap();
    let column = long.rfind("= 1").unwrap() + 1;
    let output = cozescope().arg("check").arg(&scenario).output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        &stderr[..stderr.len().min(400)]
    );
    assert!(stderr.len() < 2048, "{} bytes of stderr", stderr.len());
    assert!(stderr.contains(&format!(":1:{column}:")), "{stderr}");
}

#[test]
fn a_redirect_is_never_followed_and_judges_nothing() {
    let elsewhere = FakeServer::answering(r#"{"code":0,"msg":"","data":{"user_id":"1"}}"#);
    let location = format!("Location: {}/v1/users/me\r\n", elsewhere.base_url);
    let server = FakeServer::start(move |_, _| http("302 Found", "text/html", &location, ""));
    let (dir, output) = run_on(PAT_SCENARIO, &server.base_url, &["--format", "json"]);
    let stdout = text(&output.stdout);
    assert!(
        elsewhere.request_heads().is_empty(),
        "{:?}",
        elsewhere.request_heads()
    );
    assert!(stdout.contains("unexpected"), "{stdout}");
    assert!(!stdout.contains("healthy"), "{stdout}");
    let report = crate::common::files_in(&dir.path().join("reports"))
        .into_iter()
        .find(|file| file.extension().is_some_and(|ext| ext == "json"))
        .map(|file| std::fs::read_to_string(file).unwrap())
        .unwrap_or_default();
    assert!(report.contains("not followed"), "{report}");
}

#[test]
fn a_denied_endpoint_of_no_documented_permission_names_no_permission() {
    let server = FakeServer::start(|_, request: &str| {
        let body = if request.contains("/v1/users/me") {
            r#"{"code":4101,"msg":"Your token does not have permission to access this resource.","detail":{"logid":"20261202151000AB"}}"#
        } else {
            r#"{"code":0,"msg":"","data":{"workspaces":[],"total_count":0}}"#
        };
        http("200 OK", "application/json", "", body)
    });
    let dir = tempfile::tempdir().unwrap();
    let output = cozescope()
        .env("COZE_API_TOKEN", "pat_faultsuitetoken0123456789")
        .args([
            "doctor", "--probe", "whoami", "--format", "json", "--target",
        ])
        .arg(&server.base_url)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = json_report(dir.path());
    let pat = &report["verdicts"][0];
    assert_eq!(pat["cause"], "permission_not_configured", "{pat:#}");
    let fix = pat["fix"].as_str().unwrap_or_default();
    assert!(
        fix.contains("`GET /v1/users/me` has no documented permission"),
        "{fix}"
    );
    assert!(!fix.contains("Add `whoami`"), "{fix}");
    // A base URL of no known region tells no region the credential belongs to.
    assert_eq!(pat["authenticated_in"], Value::Null, "{pat:#}");
}

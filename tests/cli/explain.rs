//! `cozescope explain`: the knowledge base by code, OAuth error_code and message, in both languages, and
//! the exit code 2 with the list of what it knows on an unknown input.

use crate::common::cozescope;
use cozescope::explain::verdicts_in;
use cozescope::report::Lang;

fn stdout_of(args: &[&str]) -> String {
    let assert = cozescope().arg("explain").args(args).assert().success();
    String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8 stdout")
}

#[test]
fn a_numeric_code_is_explained_with_causes_fixes_and_sources() {
    let out = stdout_of(&["4101"]);
    assert!(
        out.starts_with("4101 — the token does not have permission"),
        "{out}"
    );
    assert!(out.contains("cozescope outcome: denied_permission"));
    assert!(out.contains("Likely causes:") && out.contains("Fixes:") && out.contains("Sources: "));
    assert!(out.contains("Omit the `scope` key"));
    assert!(out.contains("`scope_narrowed`"));
}

#[test]
fn an_oauth_error_code_and_a_message_fragment_are_explained() {
    let out = stdout_of(&["invalid_client"]);
    assert!(out.starts_with("invalid_client — "), "{out}");
    let out = stdout_of(&["invalid", "jwt:", "kid", "not", "been", "registred"]);
    assert!(out.starts_with("\"kid not been registred\" — "), "{out}");
    assert!(out.contains("coze-py#148"));
    let out = stdout_of(&["connector app should bind connector id"]);
    assert!(out.contains("普通 (normal)"), "{out}");
}

#[test]
fn a_pasted_sdk_error_explains_the_message_then_the_code() {
    let out = stdout_of(&[
        "code: 4101, msg: The token you entered is incorrect. Please double-check and try again., logid: 2024122509064484DEDF525AF13E290496",
    ]);
    let message = out
        .find("\"The token you entered is incorrect\" — ")
        .expect("the message entry");
    let code = out.find("4101 — ").expect("the code entry");
    assert!(message < code, "{out}");
}

#[test]
fn chinese_is_chosen_by_flag_or_locale() {
    let out = stdout_of(&["--lang", "zh", "4100"]);
    assert!(
        out.contains("可能的原因") && out.contains("修复方法"),
        "{out}"
    );
    let assert = cozescope()
        .env("LANG", "zh_CN.UTF-8")
        .args(["explain", "4100"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&assert.get_output().stdout).contains("含义"));
}

#[test]
fn unknown_input_exits_2_and_lists_what_it_knows() {
    let assert = cozescope().args(["explain", "the moon"]).assert().code(2);
    let output = assert.get_output();
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no explanation for `the moon`"), "{stderr}");
    assert!(
        stderr.contains("4101")
            && stderr.contains("invalid_client")
            && stderr.contains("kid not been registred")
    );
    cozescope()
        .args(["explain", "--lang", "fr", "4101"])
        .assert()
        .code(2);
    cozescope().arg("explain").assert().code(2);
}

#[test]
fn entries_match_their_snapshots_in_both_languages() {
    for (name, query) in [
        ("4101", "4101"),
        ("invalid_request", "invalid_request"),
        ("kid", "kid not been registred"),
    ] {
        for (lang, word) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
            let text = cozescope::explain::explain(query, lang).expect("a known entry");
            insta::assert_snapshot!(format!("{name}_{word}"), text);
        }
    }
}

#[test]
fn a_pasted_error_shows_what_was_read_then_what_it_means() {
    let out = stdout_of(&[
        "2025-09-15 15:46:21 [cozepy][WARNING] request POST#https://api.coze.cn/v3/chat failed, logid=2025031512262808CFD12772447A20A3A5, code=4200, msg=Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier.",
    ]);
    assert!(out.starts_with("Read from the text:\n"), "{out}");
    assert!(out.contains("  code: 4200\n"));
    assert!(out.contains("  logid: 2025031512262808CFD12772447A20A3A5\n"));
    assert!(out.contains("  service: api.coze.cn (region cn)\n"));
    assert!(out.contains("cozescope outcome: not_found\n"));
    let rounded = out.find("id_rounded — ").expect("the rounded-id entry");
    let code = out.find("4200 — ").expect("the 4200 entry");
    assert!(rounded < code, "{out}");
}

#[test]
fn a_pasted_error_is_snapshotted_in_both_languages() {
    let paste = "AuthenticationError: logid: 202510152024003A4AF2E4DABEDFE6595B\nStatus: 401\nMessage: \"authentication is invalid\"";
    for (lang, word) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let text = cozescope::explain::explain(paste, lang).expect("a paste");
        insta::assert_snapshot!(format!("pasted_js_authentication_error_{word}"), text);
    }
}

#[test]
fn an_unknown_code_in_a_coze_shape_is_shown_with_exit_0() {
    let out = stdout_of(&[
        r#"{"code":4999,"msg":"Something new happened","detail":{"logid":"20250101120000ABCDEF0123456789ABCD"}}"#,
    ]);
    assert!(out.contains("  code: 4999\n"), "{out}");
    assert!(out.contains("  message: Something new happened\n"));
    assert!(out.contains("  logid: 20250101120000ABCDEF0123456789ABCD\n"));
    assert!(out.contains("is neither in the official error-code table"));
    // Every code of the official table is known, even without an entry of its own.
    let out = stdout_of(&["4314"]);
    assert!(
        out.starts_with("4314 — Execution record not found"),
        "{out}"
    );
    assert!(out.contains("cozescope outcome: not_found"));
}

#[test]
fn empty_input_exits_2_with_a_clear_message() {
    for args in [vec![""], vec!["   "], vec!["\n\t"]] {
        let assert = cozescope().arg("explain").args(&args).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.starts_with("error: nothing to explain: the input is empty"),
            "{stderr}"
        );
    }
    let assert = cozescope()
        .args(["explain", "-"])
        .write_stdin("")
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("the input is empty"));
}

/// Runs `explain -` on `input` within a bound; returns the exit code, stdout and stderr.
fn explain_stdin(input: Vec<u8>) -> (Option<i32>, String, String) {
    let output = cozescope()
        .args(["explain", "-"])
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("ran");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_megabyte_of_text_is_answered_in_bounded_time() {
    let mut log = "2025-11-25 18:32:17 INFO worker heartbeat ok\n".repeat(24_000);
    log.push_str(r#"2025-11-25 18:32:18 - Coze API response: {"code": 4028, "msg": "Your free quota has been used up."}"#);
    assert!(log.len() > 1_000_000);
    let (code, stdout, stderr) = explain_stdin(log.into_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("cozescope outcome: quota_exhausted"),
        "{stdout}"
    );

    for noise in [
        "msg: code: status: logid= ".repeat(40_000),
        "a".repeat(1_100_000),
        "\"msg\":\"\\".repeat(150_000),
    ] {
        let (code, _, stderr) = explain_stdin(noise.into_bytes());
        assert!(matches!(code, Some(0 | 2)), "{code:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn binary_input_never_panics_nor_reaches_the_terminal_raw() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    bytes.extend_from_slice(b"\x1b[31m{\"code\":4101,\"msg\":\"Your token does not have permission to access space_id=1 createBot.\x1b[0m\"}");
    let (code, stdout, stderr) = explain_stdin(bytes);
    assert!(matches!(code, Some(0 | 2)), "{code:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'));

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let argument = std::ffi::OsStr::from_bytes(
            b"\xff\xfe code: 4100 \x01\x1b msg: authentication is invalid \xc3",
        );
        let output = cozescope()
            .arg("explain")
            .arg(argument)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .expect("ran");
        assert_eq!(output.status.code(), Some(0));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("cozescope outcome: denied_auth"),
            "{stdout}"
        );
        assert!(!stdout.contains('\u{1b}'));
    }
}

#[test]
fn a_binary_file_is_refused_and_a_utf16_log_is_read() {
    let mut state: u32 = 0x9E37_79B9;
    let random: Vec<u8> = (0..1_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let (code, stdout, stderr) = explain_stdin(random);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stderr.starts_with("error: nothing to explain: the input is not text"),
        "{stderr}"
    );
    assert!(stderr.lines().count() <= 3, "{stderr}");

    // What `command > log.txt` writes in Windows PowerShell 5.
    let log = "2025-11-25 18:32:18 ERROR {\"code\":4028,\"msg\":\"Your free quota has been used up.\"}\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(log.encode_utf16().flat_map(u16::to_le_bytes));
    let (code, stdout, stderr) = explain_stdin(utf16);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("cozescope outcome: quota_exhausted"),
        "{stdout}"
    );
}

#[test]
fn the_reading_and_the_entry_agree_on_the_outcome() {
    for (paste, outcome) in [
        (
            r#"{"code":4101,"msg":"The token you entered is incorrect"}"#,
            "denied_auth",
        ),
        (r#"{"error_message":"token is expired"}"#, "denied_auth"),
        (
            "msg: server rejected WebSocket connection",
            "denied_permission",
        ),
        ("ERROR quota exhausted for account", "quota_exhausted"),
    ] {
        let out = stdout_of(&[paste]);
        let outcomes = verdicts_in(&out);
        assert_eq!(outcomes, [outcome], "{paste}: {out}");
    }
}

#[test]
fn a_text_starting_with_a_hyphen_is_text() {
    for (args, outcome) in [
        (
            vec![
                "- code: 4101, msg: Your token does not have permission to access space_id=1 createBot.",
            ],
            "denied_permission",
        ),
        (
            vec!["-", "code: 4100, msg: authentication is invalid"],
            "denied_auth",
        ),
        (vec!["--lang", "en", "- 4028 free quota"], "quota_exhausted"),
        (vec!["- 4200", "--lang", "en"], "not_found"),
    ] {
        let out = stdout_of(&args);
        let outcomes = verdicts_in(&out);
        assert_eq!(outcomes, [outcome], "{args:?}: {out}");
    }
    // A `--lang` after the text is still the flag.
    let out = stdout_of(&["4101", "--lang", "zh"]);
    assert!(
        out.contains("cozescope 结果分类：denied_permission"),
        "{out}"
    );
    cozescope()
        .args(["explain", "4101", "--lang", "fr"])
        .assert()
        .code(2);
    // `-` alone still reads stdin.
    let assert = cozescope()
        .args(["explain", "-"])
        .write_stdin("- code: 4101, msg: The token you entered is incorrect")
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.contains("cozescope outcome: denied_auth\n"), "{out}");
}

#[test]
fn explain_says_when_it_read_only_part_of_the_input() {
    let mut log = "2025-11-25 18:32:17 INFO worker heartbeat ok\n".repeat(250_000);
    log.push_str(r#"{"code": 4028, "msg": "Your free quota has been used up."}"#);
    assert!(log.len() > 10 << 20, "past the old 8 MiB cut");
    let (code, stdout, stderr) = explain_stdin(log.into_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("cozescope outcome: quota_exhausted"),
        "the end of the input is read: {stdout}"
    );
    assert!(
        stderr.contains("only part of the input was read") && stderr.contains("MiB"),
        "{stderr}"
    );
    let (_, _, stderr) = explain_stdin(b"code: 4101".to_vec());
    assert!(!stderr.contains("only part"), "{stderr}");
}

#[test]
fn an_error_status_alone_is_answered_from_the_status() {
    for (paste, outcome) in [
        (
            "AxiosError: Request failed with status code 401",
            "denied_auth",
        ),
        ("HTTP/1.1 429 Too Many Requests", "rate_limited"),
        ("upstream answered 502 Bad Gateway", "server_error"),
    ] {
        let out = stdout_of(&[paste]);
        assert!(
            out.contains(&format!("cozescope outcome: {outcome}")),
            "{paste}: {out}"
        );
        assert!(out.contains("Only an HTTP status, no Coze body"), "{out}");
    }
    // A success status says nothing about an error.
    cozescope()
        .args(["explain", "HTTP/1.1 200 OK"])
        .assert()
        .code(2);
}

#[test]
fn a_token_inside_the_pasted_text_is_masked() {
    let secret = "pat_Zz9SecretFromAPaste0123456789abcdefABCDEF";
    for paste in [
        format!(
            "cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid (Authorization: Bearer {secret}), logid: 202510152024003A4AF2E4DABEDFE6595B"
        ),
        format!(
            "调用失败，令牌{secret}报错：code: 4101, msg: Your token does not have permission to access resource."
        ),
        format!(r#"{{"code":4100,"msg":"authentication is invalid","token":"{secret}"}}"#),
    ] {
        let out = stdout_of(&[&paste]);
        assert!(!out.contains("Zz9SecretFromAPaste"), "{out}");
        assert!(out.contains("cozescope outcome: denied_"), "{out}");
    }
    // Also on the error path, where the input is echoed.
    let assert = cozescope()
        .args(["explain", &format!("the moon {secret}")])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(!stderr.contains("Zz9SecretFromAPaste"), "{stderr}");
}

#[test]
fn failures_beyond_the_cloud_api_are_answered_by_the_binary() {
    for (paste, outcome, says) in [
        (
            "err: Post \"https://ark.cn-beijing.volces.com/api/v3/chat/completions\": dial tcp: lookup ark.cn-beijing.volces.com on 127.0.0.11:53: server misbehaving, request_id: 202507280714500000477898AF1E1DD6D1",
            "server_error",
            "request_id: 202507280714500000477898AF1E1DD6D1 (the provider's request id",
        ),
        (
            "[720712000] '知识库检索.outputList' is empty",
            "server_error",
            "node: 知识库检索",
        ),
        (
            "java.net.UnknownHostException: api.coze.cn",
            "network_error",
            "host: api.coze.cn",
        ),
        (
            "websocket: close 1005 (no status)",
            "network_error",
            "reconnect",
        ),
        (
            r#"{"code":400,"msg":"bad"}"#,
            "bad_request",
            "http_status_in_code — ",
        ),
    ] {
        let out = stdout_of(&[paste]);
        let outcomes = verdicts_in(&out);
        assert_eq!(outcomes, [outcome], "{paste}: {out}");
        assert!(out.contains(says), "{says} in {out}");
        assert!(!out.contains("logid: 2025"), "{out}");
    }
}

#[test]
fn a_paste_cut_off_inside_a_known_message_is_read_as_that_message() {
    for cut in [
        r#"{"code":4101,"msg":"The token you entered is incor"#,
        "code=4101 msg=The token you entered is",
    ] {
        let assert = cozescope()
            .args(["explain", "-"])
            .write_stdin(cut)
            .assert()
            .success();
        let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(
            out.contains("cozescope outcome: denied_auth"),
            "{cut}\n{out}"
        );
    }
}

#[test]
fn an_address_s_port_is_no_code_and_a_bare_status_gets_the_status_advice() {
    let out = stdout_of(&["dial tcp 127.0.0.1:4100: connect: connection refused"]);
    assert!(out.contains("network_error"), "{out}");
    assert!(!out.contains("4100"), "{out}");
    for paste in [
        r#"Get "http://api-gw:4100/v1/users/me": context deadline exceeded"#,
        "HTTPConnectionPool(host='coze-proxy', port=5000): Max retries exceeded",
    ] {
        let out = stdout_of(&[paste]);
        assert!(out.contains("cozescope outcome: network_error"), "{out}");
        assert!(!out.contains("4100 —") && !out.contains("5000 —"), "{out}");
    }
    let out = stdout_of(&["HTTP 404 Not Found"]);
    assert!(out.contains("an HTTP error without a body"), "{out}");
    assert!(out.contains("https://api.coze.cn"), "{out}");
}

#[test]
fn flags_after_the_text_are_flags_not_words() {
    let out = stdout_of(&["createBot", "--width", "60", "--ascii"]);
    assert!(out.starts_with("POST /v1/bot/create"), "{out}");
    let widest = out
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 60, "{widest}\n{out}");
    let assert = cozescope()
        .args(["explain", "-", "--width", "120"])
        .write_stdin("4101")
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.starts_with("4101 — "), "{out}");
}

#[test]
fn an_unknown_input_quotes_no_part_of_a_token() {
    let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMTgwMDAwMDAwODg4IiwiYXVkIjoiYXBpLmNvemUuY24ifQ.c2lnbmF0dXJl";
    for input in [
        jwt.to_string(),
        format!("Bearer {jwt}"),
        format!("my token is {jwt}"),
    ] {
        let output = cozescope().args(["explain", &input]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("eyJhbGci"), "{stderr}");
    }
}

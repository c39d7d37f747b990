//! Tests for `pasted`: every entry of the real-errors sample, then one or more hand-written
//! cases per supported form, then robustness (bounded time, no panics).

use super::*;

/// Real error texts users posted in public issues and notes, with what each one says.
const SAMPLE: &str = include_str!("../../../tests/fixtures/real-errors-sample.json");

fn ex(text: &str) -> Extracted {
    extract(text)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

// ---------------------------------------------------------------------------------------------
// The real-errors sample
// ---------------------------------------------------------------------------------------------

/// What one sample entry expects for the message: exact, or a prefix when the stored copy was cut
/// ("…"). A trailing note the curator added in parentheses ("(ID redacted by the user)") is not
/// part of the wire message, so it is dropped when the text itself does not carry it.
fn expected_message(text: &str, msg: &str) -> (String, bool) {
    if let Some(i) = msg.find('…') {
        return (msg[..i].trim_end().to_string(), true);
    }
    if !text.contains(msg)
        && msg.ends_with(')')
        && let Some(i) = msg.rfind(" (")
    {
        return (msg[..i].to_string(), false);
    }
    (msg.to_string(), false)
}

/// Compares one entry; returns the mismatches as text.
fn check_entry(entry: &serde_json::Value) -> Vec<String> {
    let text = entry["text"].as_str().unwrap_or_default();
    let got = extract(text);
    let mut bad = Vec::new();

    let want_status = entry["http_status"].as_u64().map(|n| n as u16);
    if got.http_status != want_status {
        bad.push(format!(
            "http_status: got {:?}, want {want_status:?}",
            got.http_status
        ));
    }

    match &entry["code"] {
        serde_json::Value::Number(n) => {
            if got.code != n.as_i64() {
                bad.push(format!("code: got {:?}, want {n}", got.code));
            }
        }
        serde_json::Value::String(e) => {
            if got.error_code.as_deref() != Some(e.as_str()) || got.code.is_some() {
                bad.push(format!(
                    "error_code: got {:?} (code {:?}), want {e}",
                    got.error_code, got.code
                ));
            }
        }
        _ => {
            if got.code.is_some() || got.error_code.is_some() {
                bad.push(format!(
                    "code: got {:?}/{:?}, want none",
                    got.code, got.error_code
                ));
            }
        }
    }

    match entry["msg"].as_str() {
        Some(msg) => {
            let (want, prefix) = expected_message(text, msg);
            let ok = match &got.message {
                Some(m) if prefix => m.starts_with(&want),
                Some(m) => *m == want,
                None => false,
            };
            if !ok {
                bad.push(format!(
                    "message: got {:?}, want {}{want:?}",
                    got.message,
                    if prefix { "prefix " } else { "" }
                ));
            }
        }
        None => {
            if got.message.is_some() {
                bad.push(format!("message: got {:?}, want none", got.message));
            }
        }
    }

    // Every entry but the pydantic one (which hides the error) is a Coze error.
    let want_found = !entry["msg"].is_null() || !entry["code"].is_null();
    if got.found() != want_found {
        bad.push(format!("found(): got {}, want {want_found}", got.found()));
    }
    bad
}

#[test]
fn real_errors_sample_every_entry() {
    let entries: Vec<serde_json::Value> = serde_json::from_str(SAMPLE).expect("sample is JSON");
    assert_eq!(entries.len(), 46, "sample size changed: re-check the test");
    let mut failures = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let bad = check_entry(entry);
        if !bad.is_empty() {
            failures.push(format!(
                "#{i} {:?}\n    {}",
                entry["text"].as_str().unwrap_or_default(),
                bad.join("\n    ")
            ));
        }
    }
    let passed = entries.len() - failures.len();
    println!(
        "real-errors sample: {passed}/{} entries pass",
        entries.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn sample_logids_are_found() {
    // The sample does not list logids separately; these are the ones in its texts.
    let cases = [
        (
            "AuthenticationError: logid: 202510152024003A4AF2E4DABEDFE6595B\nStatus: 401\nMessage: \"authentication is invalid\"",
            "202510152024003A4AF2E4DABEDFE6595B",
        ),
        (
            "cozepy.exception.CozeAPIError: msg: server rejected WebSocket connection: HTTP 403, logid: 02173736286809800000000000000000000ffff0a87a4d4428ec3",
            "02173736286809800000000000000000000ffff0a87a4d4428ec3",
        ),
        (
            "HTTP 200\n{\"code\":4200,\"msg\":\"x\",\n \"detail\":{\"logid\":\"2026100409580525576377BFF6288AAA03\"}}",
            "2026100409580525576377BFF6288AAA03",
        ),
        (
            "HttpCode: 401, Code: invalid_client, Message: invalid jwt: kid not been registred, Param: invalid_client, LogID: 2025042710072144715EF2C58014F21E98",
            "2025042710072144715EF2C58014F21E98",
        ),
    ];
    for (text, logid) in cases {
        assert_eq!(ex(text).logid.as_deref(), Some(logid), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON bodies
// ---------------------------------------------------------------------------------------------

#[test]
fn bare_json_single_line() {
    let e = ex(
        r#"{"code":4101,"msg":"Your token does not have permission to access space_id=7351411557182226472 createBot.","detail":{"logid":"20241210152726467C48D89D6DB2A1B2C3"}}"#,
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(
        e.message,
        s("Your token does not have permission to access space_id=7351411557182226472 createBot.")
    );
    assert_eq!(e.logid, s("20241210152726467C48D89D6DB2A1B2C3"));
    assert_eq!(e.http_status, None);
    assert!(e.found());
}

#[test]
fn known_messages_are_recognised_in_any_ascii_case() {
    let e = ex("msg: Authentication is invalid, logid: 20251128120000ABCDEF0123456789ABCD");
    assert_eq!(e.code, Some(4100));
    assert!(e.inferred.code);
    assert_eq!(e.message, s("Authentication is invalid"));
    let e = ex("INSUFFICIENT BALANCE on the account");
    assert!(e.found(), "{e:?}");
}

#[test]
fn key_value_log_lines_end_the_message_at_the_logid() {
    for line in [
        "请求失败 code=4022 msg=账户余额不足 logid=20251128120000ABCDEF0123456789ABCF",
        "code: 4022; msg: 账户余额不足；logid: 20251128120000ABCDEF0123456789ABCF",
    ] {
        let e = ex(line);
        assert_eq!(e.code, Some(4022), "{line}");
        assert_eq!(e.message, s("账户余额不足"), "{line}");
        assert_eq!(e.logid, s("20251128120000ABCDEF0123456789ABCF"), "{line}");
    }
}

#[test]
fn pretty_printed_json() {
    let e = ex(
        "{\n    \"code\": 5000,\n    \"detail\": {\n        \"logid\": \"20250402172757C9D48D9701EFB24031A7\"\n    },\n    \"msg\": \"service internal error\"\n}",
    );
    assert_eq!(e.code, Some(5000));
    assert_eq!(e.message, s("service internal error"));
    assert_eq!(e.logid, s("20250402172757C9D48D9701EFB24031A7"));
}

#[test]
fn json_nested_under_error() {
    let e = ex(
        r#"{"error": {"code": 4101, "msg": "no permission", "logid": "20250101120000ABCDEF0123456789ABCD"}}"#,
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("no permission"));
    assert_eq!(e.logid, s("20250101120000ABCDEF0123456789ABCD"));
}

#[test]
fn json_nested_under_response() {
    let e = ex(
        r#"{"response": {"status": 401, "body": {"code": 700012006, "msg": "access token invalid"}}}"#,
    );
    assert_eq!(e.http_status, Some(401));
    assert_eq!(e.code, Some(700012006));
    assert_eq!(e.message, s("access token invalid"));
}

#[test]
fn chat_last_error_inside_success_envelope() {
    // chat.retrieve succeeds (code 0); the failure is in data.last_error.
    let e = ex(
        r#"{"code":0,"msg":"","data":{"id":"7","status":"failed","last_error":{"code":4028,"msg":"Your free quota has been used up."}}}"#,
    );
    assert_eq!(e.code, Some(4028));
    assert_eq!(e.message, s("Your free quota has been used up."));
}

#[test]
fn success_envelope_alone_is_code_zero() {
    let e = ex(r#"{"code":0,"msg":"","data":{"id":"1"}}"#);
    assert_eq!(e.code, Some(0));
    assert_eq!(e.message, None);
    assert!(e.found());
}

#[test]
fn last_error_python_attribute_form() {
    let e = ex("last_error: {code: 4028, msg: 'Your free quota has been used up.'}");
    assert_eq!(e.code, Some(4028));
    assert_eq!(e.message, s("Your free quota has been used up."));
}

#[test]
fn truncated_json_mid_string() {
    let e = ex(
        r#"{"code":4101,"msg":"The token you entered is incorrect. Please double-check and try ag"#,
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(
        e.message,
        s("The token you entered is incorrect. Please double-check and try ag")
    );
}

#[test]
fn truncated_json_mid_escape_and_unicode() {
    let e = ex(r#"{"code":4000,"msg":"bad \"x\" \u4e2d\u6587 \ud83d\ude00 end\"#);
    assert_eq!(e.code, Some(4000));
    assert_eq!(e.message, s("bad \"x\" 中文 😀 end"));
}

#[test]
fn truncated_json_before_msg_value() {
    let e = ex(r#"{"code":4200,"msg":"#);
    assert_eq!(e.code, Some(4200));
    assert_eq!(e.message, None);
}

#[test]
fn python_dict_repr_single_quotes() {
    let e = ex(
        "{'code': 720701013, 'msg': 'We\\'re currently experiencing server issues.', 'debug_url': 'https://www.coze.cn/work_flow?execute_id=1&space_id=2'}",
    );
    assert_eq!(e.code, Some(720701013));
    assert_eq!(e.message, s("We're currently experiencing server issues."));
    assert_eq!(
        e.debug_url,
        s("https://www.coze.cn/work_flow?execute_id=1&space_id=2")
    );
}

#[test]
fn js_object_literal() {
    let e = ex(
        "{ code: 4100, msg: 'authentication is invalid', detail: { logid: '20250101120000ABCDEF0123456789ABCD' } }",
    );
    assert_eq!(e.code, Some(4100));
    assert_eq!(e.message, s("authentication is invalid"));
    assert_eq!(e.logid, s("20250101120000ABCDEF0123456789ABCD"));
}

#[test]
fn json_in_log_line_body_equals() {
    let e = ex(
        r#"2025/06/06 12:39:16 [WARN] request failed, body={"code":4200,"msg":"Requested resource bot_id=7481617032355069967 does not exist."}"#,
    );
    assert_eq!(e.code, Some(4200));
    assert_eq!(
        e.message,
        s("Requested resource bot_id=7481617032355069967 does not exist.")
    );
    assert_eq!(e.logid, None);
}

#[test]
fn json_after_coze_api_response_prefix() {
    let e = ex(
        "2025-11-25 18:32:17 - Coze API response: {\"code\": 4200, \"msg\": \"Requested resource bot_id=0 does not exist\"}",
    );
    assert_eq!(e.code, Some(4200));
    assert_eq!(e.message, s("Requested resource bot_id=0 does not exist"));
}

#[test]
fn hash_commented_python_response() {
    let e =
        ex("# response: {\n#     'code': 4015, \n#     'msg': \"The bot isn't published\"\n# }");
    assert_eq!(e.code, Some(4015));
    assert_eq!(e.message, s("The bot isn't published"));
}

#[test]
fn json_escaped_inside_json_string() {
    let e = ex(r#"{"level":"error","body":"{\"code\":4101,\"msg\":\"no \\\"access\\\"\"}"}"#);
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("no \"access\""));
}

#[test]
fn string_code_value() {
    let e = ex(r#"{"code":"4013","msg":"Model's request rate limit exceeded"}"#);
    assert_eq!(e.code, Some(4013));
}

#[test]
fn oauth_error_body() {
    let e = ex(
        r#"{"error_code":"invalid_client","error_message":"invalid jwt: kid not been registred","error":"invalid_client"}"#,
    );
    assert_eq!(e.error_code, s("invalid_client"));
    assert_eq!(e.code, None);
    assert_eq!(e.message, s("invalid jwt: kid not been registred"));
}

#[test]
fn oauth_device_poll_body() {
    let e = ex(r#"HTTP/1.1 400 Bad Request
x-tt-logid: 20250301080910AABBCCDDEEFF00112233
{"error": "authorization_pending"}"#);
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.error_code, s("authorization_pending"));
    assert_eq!(e.logid, s("20250301080910AABBCCDDEEFF00112233"));
}

#[test]
fn unknown_error_code_value_kept() {
    let e = ex(r#"{"error_code":"some_new_error","error_message":"x"}"#);
    assert_eq!(e.error_code, s("some_new_error"));
}

// ---------------------------------------------------------------------------------------------
// cozepy
// ---------------------------------------------------------------------------------------------

#[test]
fn cozepy_api_error_with_code() {
    let e = ex(
        "cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid, logid: 20250315122628AABBCCDDEEFF00112233",
    );
    assert_eq!(e.code, Some(4100));
    assert_eq!(e.message, s("authentication is invalid"));
    assert_eq!(e.logid, s("20250315122628AABBCCDDEEFF00112233"));
}

#[test]
fn cozepy_api_error_without_code() {
    let e = ex(
        "cozepy.exception.CozeAPIError: msg: invalid jwt: kid not been registred, logid: 2024122509064484DEDF525AF13E290496",
    );
    assert_eq!(e.code, None);
    assert_eq!(e.error_code, s("invalid_client"));
    assert_eq!(e.message, s("invalid jwt: kid not been registred"));
    assert_eq!(e.logid, s("2024122509064484DEDF525AF13E290496"));
}

#[test]
fn cozepy_logid_none_is_not_a_logid() {
    let e = ex(
        "CozeAPIError: code: 4200, msg: Requested resource bot_id=1 does not exist., logid: None",
    );
    assert_eq!(e.code, Some(4200));
    assert_eq!(e.message, s("Requested resource bot_id=1 does not exist."));
    assert_eq!(e.logid, None);
}

#[test]
fn cozepy_warning_log() {
    let e = ex(
        "WARNING:cozepy:request POST#https://api.coze.cn/v3/chat failed, logid=2025031512262808CFD12772447A20A3A5, code=4200, msg=Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier.",
    );
    assert_eq!(e.code, Some(4200));
    assert_eq!(
        e.message,
        s(
            "Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier."
        )
    );
    assert_eq!(e.logid, s("2025031512262808CFD12772447A20A3A5"));
}

#[test]
fn cozepy_msg_stops_before_logid_field() {
    let e = ex(
        "request POST#https://api.coze.cn/v3/chat failed, code=4200, msg=Requested resource bot_id=1 does not exist. Ensure …, logid=2025031512262808CFD12772447A20A3A5\nnext line",
    );
    assert_eq!(
        e.message,
        s("Requested resource bot_id=1 does not exist. Ensure …")
    );
    assert_eq!(e.logid, s("2025031512262808CFD12772447A20A3A5"));
}

#[test]
fn cozepy_pkce_error() {
    let e = ex("cozepy.exception.CozePKCEAuthError: pkce auth error: slow_down");
    assert_eq!(e.error_code, s("slow_down"));
}

#[test]
fn cozepy_websocket_error_event() {
    let e = ex(
        "[cozepy][INFO][2025-04-21 00:06:36] Error occurred: detail=Detail(logid='021745165196596fdbddc02000e01430000000000000015666c55') data=CozeAPIError('code: 4101, msg: No access., logid: 021745165196596fdbddc02000e01430000000000000015666c55')",
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("No access."));
    assert_eq!(
        e.logid,
        s("021745165196596fdbddc02000e01430000000000000015666c55")
    );
}

#[test]
fn cozepy_wrapper_without_logid_drops_closing_paren() {
    let e = ex("data=CozeAPIError('code: 4101, msg: No access to resource (bot)')");
    assert_eq!(e.message, s("No access to resource (bot)"));
}

// ---------------------------------------------------------------------------------------------
// coze-js
// ---------------------------------------------------------------------------------------------

#[test]
fn coze_js_authentication_error_block() {
    let e = ex(
        "AuthenticationError: logid: 202510152024003A4AF2E4DABEDFE6595B\nStatus: 401\nMessage: \"authentication is invalid\"",
    );
    assert_eq!(e.http_status, Some(401));
    assert_eq!(e.code, Some(4100)); // inferred from the message
    assert_eq!(e.message, s("authentication is invalid"));
}

#[test]
fn coze_js_api_error_string() {
    let e = ex(
        "APIError: code: 4101, msg: Your token does not have permission to access resource., logid: 20250101120000ABCDEF0123456789ABCD, help doc: https://www.coze.com/docs/developer_guides/coze_error_codes?_lang=en",
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(
        e.message,
        s("Your token does not have permission to access resource.")
    );
    assert_eq!(e.logid, s("20250101120000ABCDEF0123456789ABCD"));
}

#[test]
fn coze_js_class_with_status() {
    let e = ex("PermissionDeniedError: 403 code: 4101, msg: no permission");
    assert_eq!(e.http_status, Some(403));
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("no permission"));
}

#[test]
fn coze_js_no_body() {
    // coze-js's own line for an answer without a body: an SDK error, with nothing but its status.
    let e = ex("APIError: http status code: 502 (no body)");
    assert_eq!(e.http_status, Some(502));
    assert_eq!(e.message, s("(no body)"));
    assert_eq!(e.code, None);
    assert!(e.found());
}

#[test]
fn axios_status_line() {
    let e = ex("AxiosError: Request failed with status code 401");
    assert_eq!(e.http_status, Some(401));
}

// ---------------------------------------------------------------------------------------------
// coze-go
// ---------------------------------------------------------------------------------------------

#[test]
fn coze_go_error() {
    let e = ex(
        "2025/06/06 12:39:16 chat failed: code=4101, message=The token you entered is incorrect, logid=20250606123916AABBCCDDEEFF00112233",
    );
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("The token you entered is incorrect"));
    assert_eq!(e.logid, s("20250606123916AABBCCDDEEFF00112233"));
}

#[test]
fn coze_go_auth_error() {
    let e = ex(
        "HttpCode: 401, Code: invalid_client, Message: invalid jwt: kid not been registred, Param: invalid_client, LogID: 2025042710072144715EF2C58014F21E98",
    );
    assert_eq!(e.http_status, Some(401));
    assert_eq!(e.code, None);
    assert_eq!(e.error_code, s("invalid_client"));
    assert_eq!(e.message, s("invalid jwt: kid not been registred"));
    assert_eq!(e.logid, s("2025042710072144715EF2C58014F21E98"));
}

#[test]
fn coze_go_request_fail() {
    let e = ex("request fail: 401");
    assert_eq!(e.http_status, Some(401));
}

// ---------------------------------------------------------------------------------------------
// coze-java
// ---------------------------------------------------------------------------------------------

#[test]
fn java_api_error_log() {
    let e = ex(
        "15:21:05.327 [pool-2-thread-1] WARN com.coze.openapi - API error: 4200 Requested resource bot_id=749631215699333**** does not exist. Ensure you are the correct resource identifier.",
    );
    assert_eq!(e.code, Some(4200));
    assert_eq!(
        e.message,
        s(
            "Requested resource bot_id=749631215699333**** does not exist. Ensure you are the correct resource identifier."
        )
    );
    assert_eq!(e.logid, None);
    assert_eq!(e.http_status, None);
}

#[test]
fn java_coze_api_exception_tostring() {
    let e = ex(
        "com.coze.openapi.client.exception.CozeApiException: CozeApiException(code=702042078, msg=We're currently experiencing server issues., logID=20250101120000ABCDEF0123456789ABCD)",
    );
    assert_eq!(e.code, Some(702042078));
    assert_eq!(e.message, s("We're currently experiencing server issues."));
    assert_eq!(e.logid, s("20250101120000ABCDEF0123456789ABCD"));
}

#[test]
fn java_coze_auth_exception_tostring() {
    let e = ex(
        "CozeAuthException(statusCode=401, code=INVALID_CLIENT, errorMessage=invalid jwt: kid not been registred, param=invalid_client, logID=2025042710072144715EF2C58014F21E98)",
    );
    assert_eq!(e.http_status, Some(401));
    assert_eq!(e.error_code, s("invalid_client"));
    assert_eq!(e.message, s("invalid jwt: kid not been registred"));
    assert_eq!(e.logid, s("2025042710072144715EF2C58014F21E98"));
}

#[test]
fn java_jackson_parse_exception() {
    let e = ex(
        "com.fasterxml.jackson.core.JsonParseException: Unrecognized token 'missing': was expecting ('true', 'false' or 'null')\n at [Source: missing required Host header; line: 1, column: 8]",
    );
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.code, None);
    assert_eq!(e.message, s("missing required Host header"));
}

#[test]
fn java_jackson_newer_source_form() {
    let e = ex(
        "JsonParseException: Unrecognized token 'upstream': was expecting\n at [Source: (String)\"upstream connect error\"; line: 1, column: 9]",
    );
    assert_eq!(e.message, s("upstream connect error"));
    assert_eq!(e.http_status, None);
}

// ---------------------------------------------------------------------------------------------
// Status lines
// ---------------------------------------------------------------------------------------------

#[test]
fn status_forms() {
    assert_eq!(ex("HTTP 200").http_status, Some(200));
    assert_eq!(ex("Status: 401").http_status, Some(401));
    assert_eq!(ex("got status code 403 from server").http_status, Some(403));
    assert_eq!(ex("HTTP/1.1 429 Too Many Requests").http_status, Some(429));
    assert_eq!(ex("upstream said 502 Bad Gateway").http_status, Some(502));
    assert_eq!(
        ex("msg: server rejected WebSocket connection: HTTP 403").http_status,
        Some(403)
    );
    assert_eq!(ex(r#"{"status_code": 404}"#).http_status, Some(404));
    // Not statuses: a URL, a chat status word, an out-of-range number.
    assert_eq!(ex("see https://api.coze.cn/v3/chat").http_status, None);
    assert_eq!(ex(r#"{"status": "failed"}"#).http_status, None);
    assert_eq!(ex("status: 4101").http_status, None);
    // A bare status is not a Coze error.
    assert!(!ex("HTTP 200").found());
}

#[test]
fn first_status_wins() {
    let e = ex("HTTP 200\n{\"code\":4200,\"msg\":\"x\",\"status\":404}");
    assert_eq!(e.http_status, Some(200));
}

// ---------------------------------------------------------------------------------------------
// Bare messages and Chinese context
// ---------------------------------------------------------------------------------------------

#[test]
fn bare_kid_message() {
    let e = ex("invalid jwt: kid not been registred");
    assert_eq!(e.error_code, s("invalid_client"));
    assert_eq!(e.message, s("invalid jwt: kid not been registred"));
    assert_eq!(e.http_status, None);
}

#[test]
fn bare_not_published_message() {
    let e = ex("The Bot is not currently published to the corresponding platform");
    assert_eq!(e.code, None);
    assert_eq!(
        e.message,
        s("The Bot is not currently published to the corresponding platform")
    );
    assert!(e.found());
}

#[test]
fn bare_invalid_request() {
    let e = ex("invalid request: client_secret");
    assert_eq!(e.error_code, s("invalid_request"));
    assert_eq!(e.http_status, Some(400));
    assert_eq!(e.message, s("invalid request: client_secret"));
}

#[test]
fn chinese_log_line_not_published() {
    let e = ex(
        "[ERROR][2024-04-28 17:09:51][bytedance_coze_bot.py:32] - [COZE] reply error=[COZE] Error: 当前 Bot 未发布到 Bot as API 渠道",
    );
    assert_eq!(e.message, s("当前 Bot 未发布到 Bot as API 渠道"));
    assert_eq!(e.code, None);
    assert_eq!(e.logid, None);
}

#[test]
fn chinese_wrapper_error_code_phrase() {
    let e = ex(
        "[Chat] 聊天失败: Bad request: API returned error code 4000: The field http body provided is not a valid json or chat request. Please check your input.",
    );
    assert_eq!(e.code, Some(4000));
    assert_eq!(
        e.message,
        s(
            "The field http body provided is not a valid json or chat request. Please check your input."
        )
    );
}

#[test]
fn chinese_error_code_label() {
    let e = ex("调用失败，错误码：4101，请检查令牌权限");
    assert_eq!(e.code, Some(4101));
}

#[test]
fn markdown_backticked_message() {
    let e = ex("**症状**：`The field http body provided is not a valid json or chat request.`");
    assert_eq!(e.code, Some(4000));
    assert_eq!(
        e.message,
        s("The field http body provided is not a valid json or chat request.")
    );
}

#[test]
fn markdown_last_error_lines() {
    let e = ex(
        "- `last_error.code = 4028`\n- `last_error.msg = \"Your free quota has been used up.\"`",
    );
    assert_eq!(e.code, Some(4028));
    assert_eq!(e.message, s("Your free quota has been used up."));
}

#[test]
fn error_code_phrase_alone() {
    let e = ex("failed with error code 4013");
    assert_eq!(e.code, Some(4013));
    assert_eq!(e.message, None);
}

#[test]
fn unrelated_text_is_not_found() {
    for text in [
        "",
        "hello world",
        "1 validation error for Message\n  Input should be a valid dictionary or instance of Message [type=model_type, input_value='code', input_type=str]",
        "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>",
        "https://example.com/callback?code=abc123&state=xyz",
        "https://example.com/callback?code=4101&state=xyz",
    ] {
        let e = ex(text);
        assert!(!e.found(), "{text:?} gave {e:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Things that must never be taken as codes or logids
// ---------------------------------------------------------------------------------------------

#[test]
fn timestamps_are_not_codes_or_logids() {
    for text in [
        "2025/06/06 12:39:16 [WARN] something",
        "[2025-04-21 00:06:36] started",
        "15:21:05.327 [main] INFO ok",
        "20250606123916",
    ] {
        let e = ex(text);
        assert_eq!(e, Extracted::default(), "{text:?}");
    }
}

#[test]
fn date_prefixed_logid_is_not_a_code() {
    let e = ex("2025031512262808CFD12772447A20A3A5");
    assert_eq!(e.code, None);
    assert_eq!(e.logid, s("2025031512262808CFD12772447A20A3A5"));
    let e = ex("code: 2025031512262808CFD12772447A20A3A5");
    assert_eq!(e.code, None);
}

#[test]
fn ids_are_not_codes() {
    let e = ex("bot_id=7481617032355070000 workflow_id: 7506442800905568306 conversation_id=7");
    assert_eq!(e.code, None);
    let e = ex(r#"{"code": 7481617032355070000}"#);
    assert_eq!(e.code, None, "a 19-digit value is an id, not a code");
}

#[test]
fn keys_inside_a_msg_are_not_fields() {
    let e = ex(r#"{"code":4000,"msg":"field status: 404 and code: 12 are wrong"}"#);
    assert_eq!(e.code, Some(4000));
    assert_eq!(e.http_status, None);
}

#[test]
fn logid_with_wrong_shape_is_rejected() {
    for text in [
        "logid: 20241210152726467C48D89D6DB2****",
        "logid=abc",
        "logid: ",
        "logid: 2024122509064484DEDF525AF13E2904",
    ] {
        assert_eq!(ex(text).logid, None, "{text:?}");
    }
}

#[test]
fn logid_header_forms() {
    for text in [
        "x-tt-logid: 2024122509064484DEDF525AF13E290496",
        "X-Tt-Logid: 2024122509064484DEDF525AF13E290496",
        "\"logid\":\"2024122509064484DEDF525AF13E290496\"",
        "logid=2024122509064484DEDF525AF13E290496",
        "LogID: 2024122509064484DEDF525AF13E290496",
        "request id 2024122509064484DEDF525AF13E290496 failed",
    ] {
        assert_eq!(
            ex(text).logid.as_deref(),
            Some("2024122509064484DEDF525AF13E290496"),
            "{text:?}"
        );
    }
}

#[test]
fn keyed_logid_preferred_over_bare() {
    let e =
        ex("prev 2024122509064484DEDF525AF13E290496\nlogid: 2025122509064484DEDF525AF13E290496");
    assert_eq!(e.logid, s("2025122509064484DEDF525AF13E290496"));
}

// ---------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_whitespace() {
    assert_eq!(ex(""), Extracted::default());
    assert_eq!(ex("   \n\t\r\n"), Extracted::default());
}

#[test]
fn one_megabyte_is_bounded() {
    let start = std::time::Instant::now();
    let mut big = "2025-01-01 12:00:00 INFO lorem ipsum dolor sit amet\n".repeat(21_000);
    big.push_str(r#"{"code":4101,"msg":"tail error"}"#);
    assert!(big.len() > 1_000_000);
    let e = ex(&big);
    // The head holds nothing Coze-like; the tail window has the error.
    assert_eq!(e.code, Some(4101));
    assert_eq!(e.message, s("tail error"));

    let noisy = "lorem ipsum msg: code: status: logid= ".repeat(30_000);
    let _ = ex(&noisy);
    let noisy_lines = "msg: x, code: 1, status: 200, logid: y\n".repeat(30_000);
    assert_eq!(ex(&noisy_lines).code, Some(1));

    let one_line = "a".repeat(1_100_000);
    assert_eq!(ex(&one_line), Extracted::default());
    let keys = "msg:".repeat(300_000);
    let _ = ex(&keys);
    let codes = "code=1,".repeat(200_000);
    assert_eq!(ex(&codes).code, Some(1));
    let quotes = "\"msg\":\"\\".repeat(200_000);
    let _ = ex(&quotes);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn head_window_wins_over_tail() {
    let mut big = String::from(r#"{"code":4200,"msg":"head"}"#);
    big.push_str(&"x".repeat(200_000));
    big.push_str(r#"{"code":4101,"msg":"tail"}"#);
    assert_eq!(ex(&big).code, Some(4200));
}

#[test]
fn multibyte_at_window_edges() {
    // A 3-byte char straddling the 64 KiB head cut and the tail cut.
    let mut text = "a".repeat(SCAN_LIMIT - 1);
    text.push('中');
    text.push_str(&"b".repeat(SCAN_LIMIT));
    text.push_str("msg=结束");
    let _ = ex(&text);
    let mut text = "中".repeat(SCAN_LIMIT);
    text.push_str("code: 4101");
    assert_eq!(ex(&text).code, Some(4101));
    // A message value longer than the value cap, full of multibyte chars.
    let long = format!("msg: {}", "错".repeat(MAX_VALUE_BYTES));
    let e = ex(&long);
    let m = e.message.unwrap_or_default();
    assert!(m.len() <= MAX_VALUE_BYTES && !m.is_empty());
}

#[test]
fn lossy_binary_never_panics() {
    // A small deterministic generator: no external crates, reproducible failures.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet: &[u8] =
        b"code msg logid=:\"'\\{}[]()\n, 0123456789ABCDEF-_.HTTP status\xe4\xb8\xad\xff\xfe\xc3";
    for round in 0..400 {
        let len = (next() % 600) as usize + round;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = next();
                if r % 3 == 0 {
                    (r >> 8) as u8
                } else {
                    alphabet[(r >> 16) as usize % alphabet.len()]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let e = ex(&text);
        if let Some(m) = &e.message {
            assert!(m.len() <= MAX_VALUE_BYTES * 2);
        }
    }
}

#[test]
fn built_in_patterns_compile() {
    for re in [
        &*KEY_RE,
        &*MSG_END_RE,
        &*API_ERROR_RE,
        &*ERROR_CODE_RE,
        &*ZH_CODE_RE,
        &*HTTP_RE,
        &*STATUS_CODE_RE,
        &*JS_CLASS_STATUS_RE,
        &*REASON_RE,
        &*REQUEST_FAIL_RE,
        &*JACKSON_SOURCE_RE,
        &*PKCE_RE,
        &*BARE_LOGID_RE,
        &*BARE_WS_LOGID_RE,
        &*LOGID_VALUE_RE,
    ] {
        assert!(!re.as_str().is_empty());
    }
}

#[test]
fn unescape_edges() {
    assert_eq!(unescape(r"a\nb"), "a\nb");
    assert_eq!(unescape(r"\u00e9"), "é");
    assert_eq!(unescape(r"\ud83d"), "\u{FFFD}");
    assert_eq!(unescape(r"\uZZ"), "\\uZZ");
    assert_eq!(unescape(r"x\q"), "x\\q");
    assert_eq!(unescape("end\\"), "end");
}

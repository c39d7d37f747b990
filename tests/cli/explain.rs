//! `cozescope explain`: the knowledge base by code, OAuth error_code and message, in both languages, and
//! the exit code 2 with the list of what it knows on an unknown input.

use crate::common::cozescope;
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

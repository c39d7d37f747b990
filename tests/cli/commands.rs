//! `cozescope check` and `--format junit` end to end.

use crate::common::{cozescope, report};

#[test]
fn check_shows_the_jwt_that_would_be_sent_and_sends_nothing() {
    let assert = cozescope()
        .args(["check", "scenarios/node-chat2.toml"])
        .assert()
        .success();
    // Sentences as read, wherever the width wrapped them.
    let stdout =
        crate::common::unwrapped(&String::from_utf8(assert.get_output().stdout.clone()).unwrap());
    assert!(
        stdout.contains("scenarios/node-chat2.toml: ok — 5 case(s), region cn"),
        "{stdout}"
    );
    assert!(stdout.contains(r#"JWT header: {"alg":"RS256", "kid":"tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44", "typ":"JWT"}"#), "{stdout}");
    assert!(
        stdout.contains(r#""iss":"1127900106117", "aud":"api.coze.cn""#),
        "{stdout}"
    );
    assert!(stdout.contains("key RSA 2048-bit, PKCS#8"), "{stdout}");
    assert!(
        stdout.contains("`Bot.createBot` is not a documented scope name"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("BEGIN PRIVATE KEY") && !stdout.contains("pat_sandbox"),
        "{stdout}"
    );
    cozescope()
        .args(["check", "--strict", "scenarios/node-chat2.toml"])
        .assert()
        .code(2);
}

#[test]
fn check_warns_on_region_mismatch_and_a_key_id_that_is_not_a_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    let empty_env = dir.path().join("empty.env");
    std::fs::write(&empty_env, "").unwrap();
    let key = crate::common::root().join("tests/fixtures/keys/pkcs1.pem");
    std::fs::write(
        &scenario,
        format!(
            "region = \"com\"\n[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1127900106117\"\npublic_key_id = \"my-key\"\nprivate_key_file = \"{}\"\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n",
            key.display()
        ),
    )
    .unwrap();
    let assert = cozescope()
        .arg("check")
        .arg(&scenario)
        .args(["--target", "cn", "--env-file"])
        .arg(&empty_env)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("region = \"com\" but the target is in cn"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`my-key` is not in the console's fingerprint format"),
        "{stdout}"
    );
    assert!(stdout.contains("PKCS#1"), "{stdout}");
    assert!(stdout.contains(r#""aud":"api.coze.cn""#), "{stdout}");
}

#[test]
fn check_rejects_bad_input_with_exit_2() {
    let assert = cozescope().args(["check", "no/such/dir"]).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no/such/dir"), "{stderr}");
}

#[test]
fn junit_has_one_testcase_per_probe_and_fails_contradicted_expects() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("j.toml");
    std::fs::write(
        &scenario,
        "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n[probe.create_bot]\nspace_id = \"${COZE_WORKSPACE_ID}\"\n[[case]]\nname = \"pat <create>\"\nauth = \"pat\"\nprobes = [\"create_bot\", \"whoami\"]\nexpect = { create_bot = \"denied_permission\" }\n",
    )
    .unwrap();
    let out = dir.path().join("reports");
    cozescope()
        .arg("run")
        .arg(&scenario)
        .args(["--format", "junit", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let xml = report(&out, "xml");
    assert!(
        xml.contains(r#"tests="2" skipped="0" errors="0" failures="1""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"name="pat &lt;create&gt; / create_bot""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<failure message="expected denied_permission, got ok" type="ok">"#),
        "{xml}"
    );
}

#[test]
fn check_warns_when_a_url_target_would_sign_an_unexpected_audience() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    let key = crate::common::root().join("src/emulator/demo/demo-app.pem");
    std::fs::write(
        &env,
        format!(
            "COZE_JWT_OAUTH_CLIENT_ID=1127900106117\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID=tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44\nCOZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH={}\nCOZE_API_TOKEN=pat_checkAudience123456\nCOZE_WORKSPACE_ID=7351411557182226472\n",
            key.display()
        ),
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let output = cozescope()
            .args([
                "check",
                "scenarios/node-chat2.toml",
                "--target",
                "http://proxy.example:8080",
                "--env-file",
            ])
            .arg(&env)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let warned = crate::common::unwrapped(&check(&[]));
    assert!(
        warned.contains("the JWT `aud` would be `proxy.example:8080`, but the service expects api.coze.cn or api.coze.com"),
        "{warned}"
    );
    let overridden = check(&["--audience", "api.coze.cn"]);
    assert!(!overridden.contains("would be"), "{overridden}");
    assert!(
        overridden.contains("\"aud\":\"api.coze.cn\""),
        "{overridden}"
    );
}

#[test]
fn help_is_wrapped_at_the_width_asked_for() {
    let assert = cozescope()
        .args(["--width", "50", "run", "--help"])
        .assert()
        .success();
    let help = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let widest = help
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 50, "{widest}\n{help}");
}

//! Bad input: each problem exits 2 with one clear message naming the file and line:column, writes no
//! report, and never panics.

use crate::common::cozescope;

const VALID_PREFIX: &str = r#"
[auth.jwt]
mode = "jwt"
client_id = "${COZE_JWT_OAUTH_CLIENT_ID}"
public_key_id = "${COZE_JWT_OAUTH_PUBLIC_KEY_ID}"
private_key_file = "${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}"

[probe.create_bot]
space_id = "${COZE_WORKSPACE_ID}"
"#;

/// Runs `cozescope run` on a scenario with `contents` (plus `extra` args) and returns stderr.
fn rejected(contents: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("bad.toml");
    std::fs::write(&scenario, contents).unwrap();
    let out = dir.path().join("reports");
    let assert = cozescope()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .assert()
        .code(2);
    assert!(!out.exists(), "no report may be written on bad input");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.lines().count() <= 12,
        "one screen at most:\n{stderr}"
    );
    stderr
}

#[test]
fn missing_file() {
    let stderr = cozescope()
        .args(["run", "no/such.toml"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(
        stderr.contains("no/such.toml: failed to open scenario path: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn toml_syntax_error_points_at_line_and_column() {
    let stderr = rejected("title = \"x\"\nregion = \n", &[]);
    assert!(stderr.contains("bad.toml:2:10"), "{stderr}");
    assert!(stderr.contains("^"), "{stderr}");
}

#[test]
fn unknown_key_suggests_the_closest_key() {
    let stderr = rejected(
        &format!(
            "{VALID_PREFIX}\n[[case]]\nname = \"a\"\nauth = \"jwt\"\nscopes = [\"Connector.botChat\"]\n"
        ),
        &[],
    );
    assert!(stderr.contains("bad.toml:"), "{stderr}");
    assert!(stderr.contains("unknown field `scopes`"), "{stderr}");
    assert!(stderr.contains("did you mean `scope`?"), "{stderr}");
}

#[test]
fn case_naming_an_unknown_credential() {
    let stderr = rejected(
        &format!(
            "{VALID_PREFIX}\n[[case]]\nname = \"a\"\nauth = \"jwtt\"\nprobes = [\"create_bot\"]\n"
        ),
        &[],
    );
    assert!(
        stderr.contains("bad.toml:13:8: case `a` names unknown credential `jwtt`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `jwt`?"), "{stderr}");
}

#[test]
fn unknown_probe_and_outcome_words_get_suggestions() {
    let stderr = rejected(
        &format!(
            "{VALID_PREFIX}\n[[case]]\nname = \"a\"\nauth = \"jwt\"\nprobes = [\"create_bots\"]\n"
        ),
        &[],
    );
    assert!(stderr.contains("unknown probe \"create_bots\""), "{stderr}");
    assert!(stderr.contains("did you mean `create_bot`?"), "{stderr}");
    let stderr = rejected(
        &format!(
            "{VALID_PREFIX}\n[[case]]\nname = \"a\"\nauth = \"jwt\"\nexpect = {{ token = \"okay\" }}\n"
        ),
        &[],
    );
    assert!(stderr.contains("unknown outcome \"okay\""), "{stderr}");
    assert!(stderr.contains("did you mean `ok`?"), "{stderr}");
}

#[test]
fn missing_variable_against_a_real_target_names_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("absent.env"), "# nothing set here\n").unwrap();
    let stderr = rejected(
        &format!("{VALID_PREFIX}\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n"),
        &[
            "--target",
            "cn",
            "--env-file",
            dir.path().join("absent.env").to_str().unwrap(),
        ],
    );
    assert!(
        stderr.contains("bad.toml:9:13: variable `COZE_WORKSPACE_ID` is not set"),
        "{stderr}"
    );
}

#[test]
fn missing_variable_on_the_sandbox_lists_what_the_sandbox_provides() {
    let stderr = rejected(
        "[auth.p]\nmode = \"pat\"\ntoken = \"${MY_OWN_TOKEN}\"\n[[case]]\nname = \"a\"\nauth = \"p\"\nprobes = [\"whoami\"]\n",
        &[],
    );
    assert!(
        stderr.contains("variable `MY_OWN_TOKEN` is not set"),
        "{stderr}"
    );
    assert!(stderr.contains("COZE_API_TOKEN"), "{stderr}");
}

#[test]
fn unreadable_private_key_file() {
    let stderr = rejected(
        "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1\"\npublic_key_id = \"k\"\nprivate_key_file = \"/no/such/key.pem\"\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n",
        &[],
    );
    assert!(stderr.contains("bad.toml:5:20: failed to read private key file `/no/such/key.pem`: no such file or folder"), "{stderr}");
}

#[test]
fn non_rsa_private_key() {
    let key = crate::common::root().join("tests/fixtures/keys/ec.pem");
    let stderr = rejected(
        &format!(
            "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1\"\npublic_key_id = \"k\"\nprivate_key_file = \"{}\"\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n",
            key.display()
        ),
        &[],
    );
    assert!(stderr.contains("not an RSA key"), "{stderr}");
    assert!(!stderr.contains("BEGIN EC PRIVATE KEY"), "{stderr}");
}

#[test]
fn secret_on_the_error_line_is_not_echoed() {
    let stderr = rejected(
        "[auth.p]\nmode = \"pat\"\ntoken = \"my-literal-secret-value\" oops\n",
        &[],
    );
    assert!(stderr.contains("bad.toml:3:"), "{stderr}");
    assert!(!stderr.contains("my-literal-secret-value"), "{stderr}");
}

#[test]
fn bad_flags_exit_2() {
    cozescope()
        .args(["run", "--target", "mars"])
        .assert()
        .code(2);
    cozescope()
        .args(["run", "--format", "pdf"])
        .assert()
        .code(2);
    cozescope().args(["run", "--lang", "fr"]).assert().code(2);
    cozescope().args(["frobnicate"]).assert().code(2);
}

#[test]
fn an_out_path_that_is_not_a_folder_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let assert = cozescope()
        .args(["run", "scenarios/node-chat2.toml", "--out"])
        .arg(&file)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("cannot write reports under --out"),
        "{stderr}"
    );
    assert!(assert.get_output().stdout.is_empty(), "nothing ran");
}

#[test]
fn a_key_path_to_a_device_fails_fast_instead_of_reading_forever() {
    let stderr = rejected(
        "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"1\"\npublic_key_id = \"k\"\nprivate_key_file = \"/dev/zero\"\n[[case]]\nname = \"a\"\nauth = \"jwt\"\n",
        &[],
    );
    assert!(
        stderr.contains("failed to read private key file `/dev/zero`: not a regular file"),
        "{stderr}"
    );
    let stderr = cozescope()
        .args(["run", "/dev/zero"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&stderr).contains("not a regular file"));
}

const PAT_PREFIX: &str = "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n";

#[test]
fn a_probe_without_its_parameter_names_the_probe_and_the_parameter() {
    let stderr = rejected(
        &format!("{PAT_PREFIX}[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"list_bots\"]\n"),
        &[],
    );
    assert!(
        stderr.contains("bad.toml:7:11: probe `list_bots` needs `space_id`"),
        "{stderr}"
    );
    assert!(stderr.contains("${COZE_WORKSPACE_ID}"), "{stderr}");
    let stderr = rejected(
        &format!(
            "{PAT_PREFIX}[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"run_workflow\"]\n"
        ),
        &[],
    );
    assert!(
        stderr.contains("probe `run_workflow` needs `workflow_id`"),
        "{stderr}"
    );
}

#[test]
fn a_non_numeric_id_names_the_probe_and_the_parameter() {
    let stderr = rejected(
        &format!(
            "{PAT_PREFIX}[probe.retrieve_bot]\nbot_id = \"my-bot\"\n[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"retrieve_bot\"]\n"
        ),
        &[],
    );
    assert!(
        stderr.contains("bad.toml:5:10: `bot_id` of probe `retrieve_bot` is not a numeric id"),
        "{stderr}"
    );
}

#[test]
fn a_parameter_that_does_not_apply_and_an_unknown_probe_table_are_named() {
    let stderr = rejected(
        &format!(
            "{PAT_PREFIX}[probe.list_voices]\nspace_id = \"1\"\n[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"list_voices\"]\n"
        ),
        &[],
    );
    assert!(
        stderr.contains("`space_id` does not apply to probe `list_voices`"),
        "{stderr}"
    );
    let stderr = rejected(
        &format!(
            "{PAT_PREFIX}[probe.list_bot]\nspace_id = \"1\"\n[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"whoami\"]\n"
        ),
        &[],
    );
    assert!(
        stderr.contains("unknown probe table [probe.list_bot]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `list_bots`?"), "{stderr}");
}

#[test]
fn unusable_rates_and_budgets_are_refused() {
    let scenario =
        format!("{PAT_PREFIX}[[case]]\nname = \"c\"\nauth = \"pat\"\nprobes = [\"whoami\"]\n");
    for flag in [
        "--qps=0",
        "--qps=-1",
        "--qps=fast",
        "--qps=1e-9",
        "--qps=NaN",
        "--max-requests=0",
        "--max-requests=-3",
        "--max-requests=4294967295",
        "--timeout=1e-9",
        "--connect-timeout=inf",
    ] {
        let stderr = rejected(&scenario, &[flag]);
        let name = flag.split('=').next().unwrap_or(flag);
        assert!(stderr.contains(name), "{flag}: {stderr}");
    }
    let stderr = rejected(&format!("qps = 0\n{scenario}"), &[]);
    assert!(
        stderr.contains("bad.toml:1:7: qps = 0 is not a usable rate"),
        "{stderr}"
    );
    for (key, shown) in [
        ("qps = 1e-9", "qps = 0.000000001 is not a usable rate"),
        (
            "max_requests = 1000000000",
            "max_requests = 1000000000 is out of range",
        ),
        ("timeout = 0.000001", "is not a usable number of seconds"),
    ] {
        let stderr = rejected(&format!("{key}\n{scenario}"), &[]);
        assert!(stderr.contains(shown), "{key}: {stderr}");
    }
}

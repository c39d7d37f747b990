//! `cozescope doctor` and `cozescope init`: zero configuration on the sandbox (its demo credentials), the
//! saved scenario holding references only, `run` on the `init` file giving the same diagnosis, the budget
//! of probes, and bad variables refused before anything is sent or written.

use std::path::Path;

use serde_json::Value;

use crate::common::{cozescope, files_in, json_report, volatile_filters};

fn doctor(out: &Path, lang: &str, envs: &[(&str, &str)]) -> (Option<i32>, Value, String) {
    let mut command = cozescope();
    command
        .args([
            "doctor", "--target", "sandbox", "--format", "md,json", "--lang", lang, "--out",
        ])
        .arg(out);
    for (name, value) in envs {
        command.env(name, value);
    }
    let output = command.output().expect("cozescope runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code(), json_report(out), stdout)
}

fn probes_of(report: &Value) -> usize {
    report["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|case| case["probes"].as_array().into_iter().flatten())
        .count()
}

#[test]
fn doctor_on_the_sandbox_needs_no_variables_and_saves_its_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, report, stdout) = doctor(dir.path(), "en", &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(report["target"]["sandbox"], true);
    let credentials: Vec<&str> = report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| case["auth"]["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(credentials, ["jwt", "pat"]);
    assert!(probes_of(&report) < 40, "{} probes", probes_of(&report));
    // Nothing failed, so no follow-up: every probe is one request.
    assert_eq!(
        report["stats"]["requests"].as_u64(),
        Some(probes_of(&report) as u64)
    );
    let saved: Vec<_> = files_in(dir.path())
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    assert_eq!(saved.len(), 1);
    let text = std::fs::read_to_string(&saved[0]).expect("scenario readable");
    assert!(
        text.contains("${COZE_API_TOKEN}") && !text.contains("pat_sandbox"),
        "{text}"
    );
    assert_eq!(report["scenario"]["file"], saved[0].display().to_string());
    for lang in ["en", "zh"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_, report, _) = doctor(dir.path(), lang, &[]);
        let shown = serde_json::json!({"matrix": report["matrix"], "findings": report["findings"]});
        insta::with_settings!({ filters => volatile_filters() }, {
            insta::assert_snapshot!(format!("doctor_demo_{lang}"), serde_json::to_string_pretty(&shown).unwrap_or_default());
        });
    }
}

#[test]
fn doctor_on_the_sandbox_ignores_real_variables_and_uses_the_demo_credentials() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, report, _) = doctor(
        dir.path(),
        "en",
        &[
            ("COZE_API_TOKEN", "pat_realLookingSecretToken1234567890"),
            ("COZE_WORKSPACE_ID", "1"),
        ],
    );
    assert_eq!(code, Some(0));
    assert!(
        report["matrix"]
            .as_array()
            .is_some_and(|cells| !cells.is_empty())
    );
    let text = std::fs::read_to_string(
        files_in(dir.path())
            .into_iter()
            .find(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .expect("saved scenario"),
    )
    .expect("readable");
    assert!(!text.contains("pat_realLooking"));
}

#[test]
fn no_credential_variable_on_a_real_target_lists_the_variables_and_sends_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("reports");
    let output = cozescope()
        .current_dir(dir.path())
        .args(["doctor", "--target", "http://127.0.0.1:9", "--out"])
        .arg(&out)
        .output()
        .expect("cozescope runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for variable in [
        "COZE_API_TOKEN",
        "COZE_JWT_OAUTH_CLIENT_ID",
        "COZE_WORKSPACE_ID",
        "COZE_API_BASE",
    ] {
        assert!(stderr.contains(variable), "{stderr}");
    }
    assert!(!out.exists(), "nothing written");
}

#[test]
fn bad_variables_and_flags_exit_2_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("public.pem");
    std::fs::write(
        &key,
        include_str!("../../src/emulator/demo/demo-app.pub.pem"),
    )
    .expect("key");
    let key = key.display().to_string();
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("COZE_API_TOKEN", " pat_secretWithSpace123456 ")],
            vec![],
            "COZE_API_TOKEN has whitespace",
        ),
        (
            vec![("COZE_API_TOKEN", "\"pat_secretQuoted123456\"")],
            vec![],
            "COZE_API_TOKEN has quotes",
        ),
        (
            vec![
                ("COZE_JWT_OAUTH_CLIENT_ID", "1127900106117"),
                ("COZE_JWT_OAUTH_PUBLIC_KEY_ID", "kid"),
                ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", &key),
            ],
            vec![],
            "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH holds a public key",
        ),
        (
            vec![("COZE_API_TOKEN", "pat_ok123456789")],
            vec!["--workspace", "my-space"],
            "not a numeric id",
        ),
    ];
    for (envs, flags, expected) in cases {
        let out = dir.path().join("reports");
        let mut command = cozescope();
        command
            .current_dir(dir.path())
            .args(["doctor", "--target", "http://127.0.0.1:9", "--out"])
            .arg(&out)
            .args(&flags);
        for (name, value) in &envs {
            command.env(name, value);
        }
        let output = command.output().expect("cozescope runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(
            !stderr.contains("secretWithSpace") && !stderr.contains("secretQuoted"),
            "{stderr}"
        );
        assert!(!out.exists(), "nothing written: {expected}");
    }
}

#[test]
fn init_writes_the_doctors_scenario_once_and_run_gives_the_same_diagnosis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("scenarios/doctor.toml");
    cozescope()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .success();
    assert!(file.exists());
    let again = cozescope()
        .current_dir(dir.path())
        .args(["init"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    cozescope()
        .current_dir(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    let out = dir.path().join("reports");
    cozescope()
        .current_dir(dir.path())
        .args(["run", "scenarios/doctor.toml", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .success();
    let from_init = json_report(&out);
    let doctor_dir = tempfile::tempdir().expect("temp dir");
    let (_, from_doctor, _) = doctor(doctor_dir.path(), "en", &[]);
    assert_eq!(from_init["findings"], from_doctor["findings"]);
    assert_eq!(from_init["matrix"], from_doctor["matrix"]);
}

/// `--world` names the sandbox by itself: real variables in the environment neither send the run to a
/// real target nor stop it, and the user is told whose credentials run (the world's), not "the demo".
#[test]
fn a_world_file_runs_the_sandbox_whatever_the_environment_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let world = dir.path().join("world");
    let export = cozescope()
        .args(["emulator", "--export-world"])
        .arg(&world)
        .output()
        .expect("export runs");
    assert_eq!(export.status.code(), Some(0));
    let out = dir.path().join("reports");
    let output = cozescope()
        .args(["doctor", "--world"])
        .arg(world.join("world.toml"))
        .args(["--format", "json", "--out"])
        .arg(&out)
        .env("COZE_API_TOKEN", "pat_realLookingSecretToken1234567890")
        .output()
        .expect("doctor runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stdout.contains("Demo:"), "{stdout}");
    assert!(stderr.contains("the world's [variables]"), "{stderr}");
    assert!(!format!("{stdout}{stderr}").contains("pat_realLooking"));
    assert_eq!(json_report(&out)["target"]["sandbox"], true);
}

#[test]
fn a_scope_fix_leads_with_what_is_sure_and_marks_an_inferred_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let output = cozescope()
        .args([
            "doctor",
            "--scope",
            "Connector.botChat",
            "--probe",
            "retrieve_bot",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = json_report(&out);
    let jwt = report["verdicts"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["credential"] == "jwt"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(jwt["cause"], "scope_narrowed", "{jwt:#}");
    let fix = jwt["fix"].as_str().unwrap_or_default();
    // Omitting the scope is sure; `Connector.getMetadata` is only the inferred channel form.
    assert!(fix.starts_with("Omit the `scope` key"), "{fix}");
    assert!(
        fix.contains("`Connector.getMetadata`") && fix.contains("inferred"),
        "{fix}"
    );
}

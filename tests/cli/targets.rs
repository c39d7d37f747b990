//! The doctor's inputs and targets: real credential variables never run on the demo (the real service is
//! stood in for by a standalone sandbox serving both realms through `--region-base`, so no test reaches
//! the network), the base-URL variables, the user's scope beside the baseline, `init` writing what `run`
//! runs, and `--fail-on-cause`.

use crate::common::standalone::Standalone;
use crate::common::{cozescope, json_report, root};
use serde_json::Value;

const APP_ID: &str = "1127900106117";
const APP_KID: &str = "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44";
const PAT: &str = "pat_sandboxCnPat5ttOpCRLlxdMObBb0cLtekYq6ANHhKigmJo5Nm0WE1xaQ4Hv7dL5";
const COM_PAT: &str = "pat_sandboxComPatuEmc69umBamsHqMNZzyf6GzixwNxWKfrB3E7NFwSzok8P4vQMBN";
const WORKSPACE: &str = "7351411557182226472";
const BOT: &str = "7481617032355070001";

fn key_file() -> String {
    root()
        .join("src/emulator/demo/demo-app.pem")
        .display()
        .to_string()
}

fn jwt_env() -> Vec<(&'static str, String)> {
    vec![
        ("COZE_JWT_OAUTH_CLIENT_ID", APP_ID.to_string()),
        ("COZE_JWT_OAUTH_PUBLIC_KEY_ID", APP_KID.to_string()),
        ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", key_file()),
    ]
}

/// Runs `cozescope ARGS` in an empty folder with `env`; returns the exit code, stdout, stderr and the JSON
/// report (when one was written under `reports/`).
pub(crate) fn run(
    env: &[(&str, String)],
    args: &[String],
) -> (
    Option<i32>,
    String,
    String,
    Option<Value>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = cozescope()
        .current_dir(dir.path())
        .env("COLUMNS", "120")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(args)
        .output()
        .expect("cozescope runs");
    let reports = dir.path().join("reports");
    let report = reports
        .is_dir()
        .then(|| std::fs::read_dir(&reports).ok())
        .flatten()
        .and_then(|mut entries| {
            entries
                .any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json")))
                .then(|| json_report(&reports))
        });
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        report,
        dir,
    )
}

pub(crate) fn args(words: &[&str], extra: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.to_string())
        .chain(extra.iter().cloned())
        .collect()
}

pub(crate) fn verdict<'a>(report: &'a Value, credential: &str) -> &'a Value {
    report["verdicts"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["credential"] == credential))
        .unwrap_or_else(|| panic!("no verdict for {credential}: {report:#}"))
}

#[test]
fn real_credentials_with_no_base_go_to_api_coze_cn_never_to_the_demo() {
    // --dry-run shows where requests would go, and sends nothing.
    let (code, stdout, stderr, _, _) = run(
        &[("COZE_API_TOKEN", PAT.to_string())],
        &args(&["doctor", "--dry-run"], &[]),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("https://api.coze.cn/v1/users/me"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("SANDBOX") && !stdout.contains("demo credentials"),
        "{stdout}"
    );

    // Through stand-ins for both hosts: cn first, its verdict healthy, the region where it belongs named.
    let sandbox = Standalone::start(None);
    let (code, stdout, stderr, report, _) = run(
        &[("COZE_API_TOKEN", PAT.to_string())],
        &args(&["doctor", "--format", "json"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a JSON report");
    assert_eq!(report["target"]["sandbox"], false);
    assert_eq!(report["target"]["region"], "cn");
    assert_eq!(verdict(&report, "pat")["cause"], "healthy", "{stdout}");
    assert_eq!(verdict(&report, "pat")["authenticated_in"], "cn");

    // The healthy coze.cn credential is told on screen that the SDKs' default base URL would refuse it.
    assert!(
        crate::common::unwrapped(&stdout)
            .contains("every official SDK defaults to api.coze.com, so your code must set the base URL https://api.coze.cn"),
        "{stdout}"
    );

    // A coze.com token: refused on cn, accepted on com, where an SDK with no base URL sends it: no
    // wrong region, and the whole diagnosis runs on com.
    let (code, stdout, stderr, report, _) = run(
        &[("COZE_API_TOKEN", COM_PAT.to_string())],
        &args(&["doctor", "--format", "json"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a JSON report");
    assert_eq!(report["target"]["region"], "com");
    let pat = verdict(&report, "pat");
    assert_eq!(pat["cause"], "healthy", "{pat:#}");
    assert_eq!(pat["authenticated_in"], "com");
    let stdout = crate::common::unwrapped(&stdout);
    assert!(
        stdout.contains("api.coze.cn refused every credential and api.coze.com accepted each"),
        "{stdout}"
    );
    assert!(!stdout.contains("wrong_region"), "{stdout}");
    // Every request counts, the refused ones on api.coze.cn too, and a budget is the whole run's.
    let sent = |report: &Value| report["stats"]["requests"].as_u64().unwrap_or(0);
    assert!(
        sent(&report) > pat["requests"].as_u64().unwrap_or(0),
        "{:#}",
        report["stats"]
    );
    assert!(
        stdout.contains(&format!("requests sent: {}", sent(&report))),
        "{stdout}"
    );
    let (code, _, stderr, budgeted, _) = run(
        &[("COZE_API_TOKEN", COM_PAT.to_string())],
        &args(
            &["doctor", "--format", "json", "--max-requests", "6"],
            &sandbox.region_bases(),
        ),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let budgeted = budgeted.expect("a JSON report");
    assert!(sent(&budgeted) <= 6, "{:#}", budgeted["stats"]);

    // With the base URL set to api.coze.cn, the same token is in the wrong region.
    let (code, _, stderr, report, _) = run(
        &[
            ("COZE_API_TOKEN", COM_PAT.to_string()),
            ("COZE_API_BASE", "https://api.coze.cn".to_string()),
        ],
        &args(&["doctor", "--format", "json"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a JSON report");
    let pat = verdict(&report, "pat");
    assert_eq!(pat["cause"], "wrong_region", "{pat:#}");
    assert_eq!(pat["proved"], true);
    assert!(
        pat["fix"]
            .as_str()
            .unwrap_or_default()
            .contains("every official SDK defaults to api.coze.com"),
        "{pat:#}"
    );
}

#[test]
fn no_credential_variable_runs_the_demo_and_says_so() {
    let (code, stdout, _, _, _) = run(&[], &args(&["doctor"], &[]));
    assert_eq!(code, Some(0));
    assert!(stdout.contains("demo credentials"), "{stdout}");
    assert!(stdout.contains("export COZE_API_TOKEN"), "{stdout}");
}

#[test]
fn the_base_url_variables_are_read_in_order_and_disagreeing_ones_are_named() {
    let sandbox = Standalone::start(None);
    // COZE_BASE_URL alone is read.
    let (code, _, stderr, report, _) = run(
        &[
            ("COZE_API_TOKEN", PAT.to_string()),
            ("COZE_BASE_URL", sandbox.cn.clone()),
        ],
        &args(&["doctor", "--format", "json"], &[]),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("report");
    assert_eq!(report["target"]["base_url"], sandbox.cn.as_str());
    assert_eq!(verdict(&report, "pat")["cause"], "healthy");
    // Both set and different: COZE_API_BASE wins, with a warning naming both.
    let (code, _, stderr, report, _) = run(
        &[
            ("COZE_API_TOKEN", PAT.to_string()),
            ("COZE_API_BASE", sandbox.cn.clone()),
            ("COZE_BASE_URL", "https://api.coze.com".to_string()),
        ],
        &args(&["doctor", "--format", "json"], &[]),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("COZE_API_BASE and COZE_BASE_URL name different base URLs"),
        "{stderr}"
    );
    assert_eq!(
        report.expect("report")["target"]["base_url"],
        sandbox.cn.as_str()
    );
    let help = cozescope()
        .args(["doctor", "--help"])
        .output()
        .expect("help");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("COZE_BASE_URL"), "{help}");
}

/// The case the project was born from, asked with the user's own scope.
#[test]
fn the_user_s_scope_beside_the_baseline_diagnoses_the_seed_report() {
    let sandbox = Standalone::start(None);
    let mut env = jwt_env();
    env.push(("COZE_WORKSPACE_ID", WORKSPACE.to_string()));
    let seed = |scope: &[&str]| {
        let mut words = vec![
            "doctor",
            "--format",
            "json",
            "--yes",
            "--probe",
            "create_bot",
        ];
        words.extend_from_slice(scope);
        run(&env, &args(&words, &sandbox.region_bases()))
    };
    let (code, _, stderr, report, _) = seed(&["--scope", "Connector.botChat"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("report");
    let app = verdict(&report, "jwt");
    assert_eq!(app["cause"], "scope_narrowed", "{app:#}");
    assert_eq!(app["proved"], true);
    let (code, _, stderr, report, _) = seed(&[
        "--scope-json",
        r#"{"account_permission":{"permission_list":["Connector.botChat"]}}"#,
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("report");
    assert_eq!(verdict(&report, "jwt")["cause"], "scope_narrowed");
    let sent = report["cases"]
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["name"] == "jwt: your scope"))
        .map(|case| case["scope_object"].clone())
        .unwrap_or_default();
    assert_eq!(
        sent["account_permission"]["permission_list"][0],
        "Connector.botChat"
    );
    let (code, _, stderr, report, _) =
        seed(&["--scope", "Connector.botChat", "--scope", "Bot.createBot"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("report");
    let app = verdict(&report, "jwt");
    assert_eq!(app["cause"], "scope_name_rejected", "{app:#}");
    assert_eq!(app["proved"], true);
    // A scope with no JWT app to send it: exit 2 naming the variables.
    let (code, _, stderr, _, _) = run(
        &[("COZE_API_TOKEN", PAT.to_string())],
        &args(
            &["doctor", "--scope", "Connector.botChat"],
            &sandbox.region_bases(),
        ),
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("COZE_JWT_OAUTH_CLIENT_ID"), "{stderr}");
}

/// `init` then `run FILE` (no --target) goes where the doctor went and gives its verdicts, for every
/// combination of variables the doctor accepts.
#[test]
fn init_writes_what_run_runs_for_every_combination_of_variables() {
    let sandbox = Standalone::start(None);
    let inline_key = std::fs::read_to_string(key_file()).expect("key");
    let token = ("COZE_API_TOKEN", PAT.to_string());
    let sat = (
        "COZE_API_TOKEN",
        "sat_notATokenOfThisWorld0000000000000000000000000000000000".to_string(),
    );
    let mut combinations: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("pat", vec![token.clone()]),
        ("sat", vec![sat]),
        ("jwt with a key file", jwt_env()),
        (
            "jwt with an inline key",
            vec![
                ("COZE_JWT_OAUTH_CLIENT_ID", APP_ID.to_string()),
                ("COZE_JWT_OAUTH_PUBLIC_KEY_ID", APP_KID.to_string()),
                ("COZE_JWT_OAUTH_PRIVATE_KEY", inline_key),
            ],
        ),
    ];
    let mut both = jwt_env();
    both.push(token.clone());
    both.push(("COZE_WORKSPACE_ID", WORKSPACE.to_string()));
    both.push(("COZE_BOT_ID", BOT.to_string()));
    combinations.push(("jwt and pat with ids", both));
    for (what, env) in &combinations {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("doctor.toml");
        let file_arg = file.display().to_string();
        let mut init = vec!["init".to_string(), file_arg.clone()];
        init.extend(sandbox.region_bases());
        let (code, stdout, stderr, _, _) = run(env, &init);
        assert_eq!(code, Some(0), "{what}: {stderr}");
        assert!(
            stdout.contains(&format!("run it with: cozescope run {file_arg}")),
            "{stdout}"
        );
        let text = std::fs::read_to_string(&file).expect("scenario written");
        assert!(text.contains("target = \"cn\""), "{what}: {text}");
        // Only the variables that were set: each `${NAME}` appears exactly when NAME is set.
        for name in [
            "COZE_API_TOKEN",
            "COZE_BOT_ID",
            "COZE_WORKSPACE_ID",
            "COZE_JWT_OAUTH_PRIVATE_KEY",
            "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH",
        ] {
            let set = env.iter().any(|(k, _)| *k == name);
            let referenced = text.contains(&format!("${{{name}}}"));
            assert_eq!(referenced, set, "{what}: ${{{name}}} in\n{text}");
        }
        let (code, _, stderr, report, _) = run(
            env,
            &[
                "run".to_string(),
                file_arg.clone(),
                "--format".into(),
                "json".into(),
            ],
        );
        assert_eq!(code, Some(0), "{what}: {stderr}");
        let from_run = report.expect("run report");
        assert_eq!(
            from_run["target"]["sandbox"], false,
            "{what}: never the sandbox"
        );
        let mut doctor = vec!["doctor".to_string(), "--format".into(), "json".into()];
        doctor.extend(sandbox.region_bases());
        let (code, _, stderr, report, _) = run(env, &doctor);
        assert_eq!(code, Some(0), "{what}: {stderr}");
        let from_doctor = report.expect("doctor report");
        let causes = |report: &Value| {
            report["verdicts"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| {
                    (
                        v["credential"].clone(),
                        v["cause"].clone(),
                        v["proved"].clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(causes(&from_run), causes(&from_doctor), "{what}");
    }
}

#[test]
fn fail_on_cause_exits_1_when_a_verdict_is_a_cause_and_0_when_all_are_healthy() {
    let sandbox = Standalone::start(None);
    let com = [
        ("COZE_API_TOKEN", COM_PAT.to_string()),
        ("COZE_API_BASE", "https://api.coze.cn".to_string()),
    ];
    let (code, _, _, _, _) = run(&com, &args(&["doctor"], &sandbox.region_bases()));
    assert_eq!(
        code,
        Some(0),
        "a diagnosed cause is a successful run by default"
    );
    let (code, _, stderr, _, _) = run(
        &com,
        &args(&["doctor", "--fail-on-cause"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("pat (wrong_region)"), "{stderr}");
    let cn = [("COZE_API_TOKEN", PAT.to_string())];
    let (code, _, stderr, _, _) = run(
        &cn,
        &args(&["doctor", "--fail-on-cause"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(0), "{stderr}");
    // run too: node-chat2's app has a cause.
    let node_chat2 = root()
        .join("scenarios/node-chat2.toml")
        .display()
        .to_string();
    let (code, _, _, _, _) = run(&[], &args(&["run", &node_chat2, "--fail-on-cause"], &[]));
    assert_eq!(code, Some(1));
}

#[test]
fn region_base_is_refused_for_the_sandbox_and_for_a_url_target() {
    for target in ["sandbox", "http://127.0.0.1:9"] {
        let (code, _, stderr, _, _) = run(
            &[],
            &args(
                &[
                    "run",
                    &root()
                        .join("scenarios/node-chat2.toml")
                        .display()
                        .to_string(),
                    "--target",
                    target,
                    "--region-base",
                    "cn=http://127.0.0.1:9",
                ],
                &[],
            ),
        );
        assert_eq!(code, Some(2), "{target}: {stderr}");
        assert!(stderr.contains("--region-base"), "{stderr}");
    }
    let (code, _, stderr, _, _) = run(
        &[],
        &args(&["doctor", "--region-base", "mars=http://x"], &[]),
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not a region"), "{stderr}");
}

#[test]
fn a_url_target_names_itself_and_says_how_to_ask_the_other_region() {
    // A coze.cn token sent to a base URL that serves only coze.com: no other region to ask from here.
    let sandbox = Standalone::start(None);
    let (code, stdout, stderr, report, _) = run(
        &[("COZE_API_TOKEN", PAT.to_string())],
        &args(
            &["doctor", "--format", "json", "--target", &sandbox.com],
            &[],
        ),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a JSON report");
    assert_eq!(
        report["target"]["region_unknown"], true,
        "{:#}",
        report["target"]
    );
    let pat = verdict(&report, "pat");
    assert_eq!(pat["cause"], "wrong_region", "{pat:#}");
    assert_eq!(pat["proved"], false);
    let stdout = crate::common::unwrapped(&stdout);
    assert!(
        stdout.contains(&format!("Refused on {}", sandbox.com)),
        "{stdout}"
    );
    assert!(!stdout.contains("follow-ups do it"), "{stdout}");
    assert!(
        stdout.contains("a URL target has no other region to ask"),
        "{stdout}"
    );
    // Neither region is the URL's for sure: both are named.
    assert!(
        stdout.contains("`--target cn` and `--target com`"),
        "{stdout}"
    );
    assert!(!stdout.contains("other region (coze."), "{stdout}");
}

#[test]
fn credentials_of_both_regions_with_no_base_url_are_told_apart() {
    let sandbox = Standalone::start(None);
    let (code, stdout, stderr, _, _) = run(
        // The demo app is a coze.cn one; the token a coze.com one.
        &[("COZE_API_TOKEN", COM_PAT.to_string())]
            .into_iter()
            .chain(jwt_env())
            .collect::<Vec<_>>(),
        &args(&["doctor"], &sandbox.region_bases()),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let stdout = crate::common::unwrapped(&stdout);
    assert!(
        stdout.contains(
            "right for `pat`, which api.coze.cn refused and api.coze.com accepted, wrong for `jwt`"
        ),
        "{stdout}"
    );
}

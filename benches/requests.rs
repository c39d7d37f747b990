//! Benchmark: requests per credential to a verdict (not a timed test). Each world of the failure patterns
//! is served by a standalone sandbox that stands in for both regions (`--region-base`), and the doctor runs
//! on it as against the real service: the variables come from the environment, consent matters. Prints, per
//! pattern and overall, the median and the maximum requests a credential took (the survey included), and how
//! many writes or spends were sent without `--yes` (the goal: at most 20 requests, and none).
//!
//! `cargo bench --bench requests [-- --seeds N]`

mod common;

use std::process::Command;

use common::standalone::Standalone;
use common::worlds::*;
use serde_json::Value;

/// A world, the variables the user's code has, and the doctor's flags.
struct Pattern {
    name: &'static str,
    world: String,
    env: Vec<(String, String)>,
    args: Vec<&'static str>,
}

fn token(tag: &str, seed: u64) -> String {
    format!("pat_sandbox{tag}{seed:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
}

fn jwt_env(app_id: &str, kid: &str) -> Vec<(String, String)> {
    vec![
        ("COZE_JWT_OAUTH_CLIENT_ID".into(), app_id.into()),
        ("COZE_JWT_OAUTH_PUBLIC_KEY_ID".into(), kid.into()),
        (
            "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH".into(),
            demo("demo-app.pem"),
        ),
    ]
}

fn patterns(seed: u64) -> Vec<Pattern> {
    let (spaces, cn_spaces) = workspaces(seed, 1 + seed % 3, "cn");
    let (com_ids, com_spaces) = workspaces(seed + 100, 1, "com");
    let bound: Vec<&str> = spaces.iter().map(String::as_str).collect();
    let bot_id = id(2, seed, 0);
    let app_id = format!("11279{seed:08}");
    let mut out = Vec::new();
    let env = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let cn_token = token("CnA", seed);
    out.push(Pattern {
        name: "wrong region (token)",
        world: [
            com_spaces.clone(),
            pat(
                &cn_token,
                "com",
                &["listWorkspace", "listBot"],
                &[com_ids[0].as_str()],
            ),
            users().into(),
        ]
        .join("\n"),
        env: env(&[("COZE_API_TOKEN", &cn_token)]),
        args: vec![],
    });
    out.push(Pattern {
        name: "wrong region (JWT app)",
        world: [
            com_spaces.clone(),
            app(
                &app_id,
                "com",
                "normal",
                &["listWorkspace"],
                &[com_ids[0].as_str()],
            ),
            users().into(),
        ]
        .join("\n"),
        env: jwt_env(&app_id, DEMO_KID),
        args: vec![],
    });
    out.push(Pattern {
        name: "kid not a fingerprint",
        world: [
            cn_spaces.clone(),
            app(&app_id, "cn", "normal", &["listWorkspace"], &bound),
            users().into(),
        ]
        .join("\n"),
        env: jwt_env(
            &app_id,
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo",
        ),
        args: vec![],
    });
    let known = token("CnK", seed);
    let unknown = token("CnU", seed);
    out.push(Pattern {
        name: "token rejected everywhere",
        world: [
            cn_spaces.clone(),
            pat(&known, "cn", &["listWorkspace"], &bound),
            users().into(),
        ]
        .join("\n"),
        env: env(&[
            ("COZE_API_TOKEN", &unknown),
            ("COZE_WORKSPACE_ID", &spaces[0]),
        ]),
        args: vec![],
    });
    let perm = token("CnP", seed);
    out.push(Pattern {
        name: "permission not configured (--yes)",
        world: [
            cn_spaces.clone(),
            pat(&perm, "cn", &["listWorkspace", "listBot"], &bound),
            users().into(),
        ]
        .join("\n"),
        env: env(&[("COZE_API_TOKEN", &perm), ("COZE_WORKSPACE_ID", &spaces[0])]),
        args: vec!["--yes"],
    });
    let (three, three_text) = workspaces(seed + 7, 3, "cn");
    let unbound = three[(seed % 3) as usize].clone();
    let bind = token("CnB", seed);
    out.push(Pattern {
        name: "workspace not bound (--yes)",
        world: [
            three_text,
            pat(
                &bind,
                "cn",
                &["createBot", "listWorkspace", "listBot"],
                &three
                    .iter()
                    .filter(|w| **w != unbound)
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            ),
            users().into(),
        ]
        .join("\n"),
        env: env(&[("COZE_API_TOKEN", &bind), ("COZE_WORKSPACE_ID", &unbound)]),
        args: vec!["--yes"],
    });
    let elsewhere = token("CnE", seed);
    let (pair, pair_text) = workspaces(seed + 11, 2 + seed % 2, "cn");
    out.push(Pattern {
        name: "bot in another workspace",
        world: [
            pair_text,
            pat(
                &elsewhere,
                "cn",
                &["listWorkspace", "listBot", "getMetadata"],
                &pair[1..].iter().map(String::as_str).collect::<Vec<_>>(),
            ),
            bot(&bot_id, &pair[0], true),
            users().into(),
        ]
        .join("\n"),
        env: env(&[
            ("COZE_API_TOKEN", &elsewhere),
            ("COZE_WORKSPACE_ID", &pair[1]),
            ("COZE_BOT_ID", &bot_id),
        ]),
        args: vec![],
    });
    let real = "7481617032355069967";
    let rounded = token("CnR", seed);
    out.push(Pattern {
        name: "rounded bot id",
        world: [
            cn_spaces.clone(),
            pat(
                &rounded,
                "cn",
                &["listWorkspace", "listBot", "getMetadata", "chat"],
                &bound,
            ),
            bot(real, &spaces[0], true),
            users().into(),
        ]
        .join("\n"),
        env: env(&[
            ("COZE_API_TOKEN", &rounded),
            ("COZE_BOT_ID", "7481617032355070000"),
        ]),
        args: vec![],
    });
    let poll = token("CnC", seed);
    // One world for both: chat polling refused, asked once with --yes and once without.
    let polling_world = [
        cn_spaces.clone(),
        pat(
            &poll,
            "cn",
            &["listWorkspace", "listBot", "getMetadata", "chat"],
            &bound,
        ),
        bot(&bot_id, &spaces[0], true),
        users().into(),
    ]
    .join("\n");
    out.push(Pattern {
        name: "chat polling denied (--yes)",
        world: polling_world.clone(),
        env: env(&[("COZE_API_TOKEN", &poll), ("COZE_BOT_ID", &bot_id)]),
        args: vec!["--yes"],
    });
    out.push(Pattern {
        name: "chat polling untested (no --yes)",
        world: polling_world,
        env: env(&[
            ("COZE_API_TOKEN", &poll),
            ("COZE_BOT_ID", &bot_id),
            ("COZE_WORKSPACE_ID", &spaces[0]),
        ]),
        args: vec![],
    });
    let healthy = token("CnH", seed);
    out.push(Pattern {
        name: "healthy token and app",
        world: [
            cn_spaces,
            app(
                &app_id,
                "cn",
                "normal",
                &[
                    "listWorkspace",
                    "listBot",
                    "listWorkflow",
                    "listKnowledge",
                    "listApp",
                    "listVoice",
                ],
                &bound,
            ),
            pat(&healthy, "cn", &["listWorkspace", "listBot"], &bound),
            users().into(),
        ]
        .join("\n"),
        env: {
            let mut env = jwt_env(&app_id, DEMO_KID);
            env.push(("COZE_API_TOKEN".into(), healthy.clone()));
            env.push(("COZE_WORKSPACE_ID".into(), spaces[0].clone()));
            env
        },
        args: vec![],
    });
    out
}

/// Runs the doctor for `pattern`; returns each credential's (cause, requests) and the writes sent.
fn run(pattern: &Pattern) -> (Vec<(String, u64)>, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let world = dir.path().join("world.toml");
    std::fs::write(&world, &pattern.world).expect("world written");
    let sandbox = Standalone::start(Some(&world));
    let out = dir.path().join("reports");
    let status = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(pattern.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["doctor", "--format", "json", "--out"])
        .arg(&out)
        .args(sandbox.region_bases())
        .args(&pattern.args)
        .output()
        .expect("doctor runs");
    assert!(
        status.status.success(),
        "{}: {}",
        pattern.name,
        String::from_utf8_lossy(&status.stderr)
    );
    let report = std::fs::read_dir(&out)
        .expect("reports")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).expect("report"))
        .expect("a JSON report");
    let report: Value = serde_json::from_str(&report).expect("json");
    let verdicts: Vec<(String, u64)> = report["verdicts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            (
                format!(
                    "{} {}",
                    v["credential"].as_str().unwrap_or(""),
                    v["cause"].as_str().unwrap_or("")
                ),
                v["requests"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let writes = if pattern.args.contains(&"--yes") {
        0
    } else {
        ["jwt", "pat", "sat", "token"]
            .iter()
            .map(|credential| writes_sent(&report, credential).len())
            .sum()
    };
    (verdicts, writes)
}

fn median(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

fn main() {
    let seeds: u64 = common::arg("--seeds", 3);
    let mut all: Vec<u64> = Vec::new();
    let mut unconsented_writes = 0;
    let mut rows: Vec<(String, Vec<u64>, Vec<String>)> = Vec::new();
    for seed in 1..=seeds {
        for pattern in patterns(seed) {
            let (verdicts, writes) = run(&pattern);
            unconsented_writes += writes;
            let row = match rows.iter_mut().find(|(name, _, _)| name == pattern.name) {
                Some(row) => row,
                None => {
                    rows.push((pattern.name.to_string(), Vec::new(), Vec::new()));
                    rows.last_mut().expect("row")
                }
            };
            for (verdict, requests) in verdicts {
                row.1.push(requests);
                all.push(requests);
                if !row.2.contains(&verdict) {
                    row.2.push(verdict);
                }
            }
        }
    }
    println!("{:<36} {:>6} {:>4}  verdicts", "pattern", "median", "max");
    for (name, mut requests, verdicts) in rows {
        let max = requests.iter().copied().max().unwrap_or(0);
        println!(
            "{name:<36} {:>6} {max:>4}  {}",
            median(&mut requests),
            verdicts.join(", ")
        );
    }
    let max = all.iter().copied().max().unwrap_or(0);
    let within = all.iter().filter(|r| **r <= 20).count();
    println!(
        "all {} credentials: median {}, max {max}; {within} within 20; writes or spends sent without --yes: {unconsented_writes}",
        all.len(),
        median(&mut all.clone())
    );
}

//! Helpers shared by both test binaries: the binary with a clean environment, reading the reports it
//! writes, snapshot filters, a misbehaving HTTP server (`fake_server`), the sandbox's demo credentials and
//! JWT signing (`sandbox`), scenarios loaded against a sandbox world (`world_scenario`, also used by the
//! benchmarks), and result builders for the diagnosis rules (`results`).

// Each test binary uses a different part of these helpers.
#![allow(dead_code)]

pub mod fake_server;
pub mod results;
pub mod sample;
pub mod sandbox;
pub mod standalone;
pub mod world_scenario;
pub mod worlds;

use std::path::{Path, PathBuf};

/// The repository root (tests run the binary from there so that paths in reports are relative).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The cozescope binary with a clean, deterministic environment.
pub fn cozescope() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_cozescope"));
    command
        .current_dir(root())
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("COZESCOPE_LOG");
    for (name, _) in std::env::vars() {
        if name.starts_with("COZE_") {
            command.env_remove(name);
        }
    }
    command
}

/// Every file written under `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// The single report file of `extension` under `dir`.
pub fn report(dir: &Path, extension: &str) -> String {
    let matching: Vec<PathBuf> = files_in(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one .{extension} report in {dir:?}, found {matching:?}"
    );
    std::fs::read_to_string(&matching[0]).expect("report is readable")
}

/// The single JSON report under `dir`, parsed.
pub fn json_report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&report(dir, "json")).expect("the JSON report parses")
}

/// Runs `cozescope <args> --format <formats> --out <temp>`, which must succeed; the folder holds the reports.
pub fn reports_of(args: &[&str], formats: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    cozescope()
        .args(args)
        .args(["--format", formats, "--out"])
        .arg(out.path())
        .assert()
        .success();
    out
}

/// Runs `cozescope <args> --format json --out <temp>` and returns the exit code and the parsed JSON report.
pub fn run_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = cozescope()
        .args(args)
        .args(["--format", "json", "--out"])
        .arg(out.path())
        .output()
        .expect("cozescope runs");
    (output.status.code(), json_report(out.path()))
}

/// Filters for snapshot tests: everything that changes from run to run.
pub fn volatile_filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?",
            "[TIME]",
        ),
        (r"\b\d{14}[0-9A-F]{20}\b", "[LOGID]"),
        // The build's commit: `cozescope 0.1.0 (commit …)` in headers, `"commit": "…"` in JSON.
        (r"\(commit (?:[0-9a-f]{12}|unknown)\)", "(commit [COMMIT])"),
        (
            r#""commit": "(?:[0-9a-f]{12}|unknown)""#,
            r#""commit": "[COMMIT]""#,
        ),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r#""duration_ms": \d+"#, r#""duration_ms": "[MS]""#),
        (r"\| \d+ \|\n", "| [MS] |\n"),
        (r#""iat":\s?\d+"#, r#""iat":"[IAT]""#),
        (r#""exp":\s?\d+"#, r#""exp":"[EXP]""#),
        (r#""jti":\s?"[0-9a-f]{64}""#, r#""jti":"[JTI]""#),
        (
            r#""created_bot_id": "\d+""#,
            r#""created_bot_id": "[BOT_ID]""#,
        ),
        (r"- `\d{10,}` \(", "- `[BOT_ID]` ("),
        (r"\d{8}T\d{6}Z", "[STAMP]"),
        (r#""server_date": "[^"]+""#, r#""server_date": "[DATE]""#),
        (r"cozescope-probe-\d{4}", "cozescope-probe-[MMDD]"),
        (
            r#""token_expires_at": "[^"]+""#,
            r#""token_expires_at": "[EXPIRES]""#,
        ),
    ]
}

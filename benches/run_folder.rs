//! Benchmark: `cozescope run DIR` on folders of 200 and 800 scenario files (not a timed test), and the size
//! of the reports one scenario of 1,000 cases writes (what `diff`'s report cap must stay well above).
//!
//! Each file is a copy of the bundled node-chat2 scenario (a JWT app: token requests, probes, follow-ups,
//! markdown and JSON reports), so the per-file time must stay flat as the folder grows: every secret the run
//! is issued is registered with the redactor, every report written through the exclusive writer. Runs the
//! release binary against the embedded sandbox and prints the median wall time and the time per file.
//!
//! `cargo bench --bench run_folder [-- --sizes 200,800 --runs R --cases 1000]`

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let sizes: Vec<usize> = common::arg("--sizes", "200,800".to_string())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    let runs = common::arg("--runs", 3_usize).max(1);
    let cases = common::arg("--cases", 1000_usize);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = std::fs::read_to_string(root.join("scenarios/node-chat2.toml"))
        .expect("the bundled scenario is readable");
    let mut per_file = Vec::new();
    for &files in &sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let scenarios = dir.path().join("scenarios");
        std::fs::create_dir(&scenarios).expect("the scenario folder is created");
        for index in 0..files {
            std::fs::write(scenarios.join(format!("s{index:04}.toml")), &scenario)
                .expect("the scenario copy is written");
        }
        let mut times: Vec<Duration> = (0..runs)
            .map(|run| {
                let out = dir.path().join(format!("reports-{run}"));
                let started = Instant::now();
                run_cozescope(&scenarios, &out);
                started.elapsed()
            })
            .collect();
        times.sort();
        let median = times[runs / 2];
        let each = median.as_secs_f64() * 1000.0 / files as f64;
        per_file.push(each);
        println!(
            "run_folder: {files} files, {runs} runs: median {:.2} s, {each:.1} ms per file (best {:.2} s)",
            median.as_secs_f64(),
            times[0].as_secs_f64()
        );
    }
    if let (Some(first), Some(last)) = (per_file.first(), per_file.last()) {
        println!(
            "run_folder: per-file time grows {:.2}x from {} to {} files (linear: about 1x)",
            last / first,
            sizes.first().copied().unwrap_or_default(),
            sizes.last().copied().unwrap_or_default()
        );
    }
    if cases > 0 {
        report_sizes(cases);
    }
}

/// Runs `cozescope run SCENARIOS --out OUT --format md,json` and checks it succeeded.
fn run_cozescope(scenarios: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .arg("run")
        .arg(scenarios)
        .arg("--out")
        .arg(out)
        .args(["--format", "md,json"])
        .output()
        .expect("cozescope runs");
    assert!(
        output.status.success(),
        "run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs one scenario of `cases` cases (two PATs, `create_bot` and `list_bots` each) and prints the size of
/// its markdown and JSON reports.
fn report_sizes(cases: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut text = String::from(
        "title = \"many cases\"\nregion = \"cn\"\n\n[auth.chat_only]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN_CHAT_ONLY}\"\n\n[auth.full]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n\n[probe.create_bot]\nspace_id = \"${COZE_WORKSPACE_ID}\"\nname = \"cozescope-probe\"\n\n[probe.list_bots]\nspace_id = \"${COZE_WORKSPACE_ID}\"\n",
    );
    for case in 0..cases {
        let auth = if case % 2 == 0 { "chat_only" } else { "full" };
        text.push_str(&format!(
            "\n[[case]]\nname = \"case {case:04} with {auth}\"\nauth = \"{auth}\"\nprobes = [\"create_bot\", \"list_bots\"]\n"
        ));
    }
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).expect("the scenario folder is created");
    std::fs::write(scenarios.join("many.toml"), text).expect("the scenario is written");
    let out = dir.path().join("reports");
    run_cozescope(&scenarios, &out);
    for entry in std::fs::read_dir(&out).expect("the reports are listed") {
        let path = entry.expect("a report").path();
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "run_folder: {cases} cases write {} of {:.2} MiB",
            path.extension().and_then(|e| e.to_str()).unwrap_or("?"),
            bytes as f64 / (1024.0 * 1024.0)
        );
    }
}

//! Benchmark: `cozescope check` on 100 scenario files that share one JWT credential (not a timed test).
//!
//! Each file is a copy of the bundled node-chat2 scenario, so every file names the same private key: the
//! cost measured is loading, validating and previewing 100 files, where the key should be parsed, checked
//! and signed once. Runs the release binary several times and prints the median and best wall time.
//!
//! `cargo bench --bench check_many [-- --files N --runs R]`

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let files = common::arg("--files", 100_usize);
    let runs = common::arg("--runs", 15_usize).max(3);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = std::fs::read_to_string(root.join("scenarios/node-chat2.toml"))
        .expect("the bundled scenario is readable");
    let dir = tempfile::tempdir().expect("a temporary folder");
    for index in 0..files {
        std::fs::write(dir.path().join(format!("s{index:03}.toml")), &scenario)
            .expect("the scenario copy is written");
    }
    let binary = env!("CARGO_BIN_EXE_cozescope");
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(binary)
            .arg("check")
            .arg(dir.path())
            .output()
            .expect("cozescope runs");
        times.push(started.elapsed());
        assert!(
            output.status.success(),
            "check failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    times.sort();
    println!(
        "check_many: {files} scenario files sharing one key, {runs} runs: median {:.1} ms, best {:.1} ms",
        times[runs / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
}

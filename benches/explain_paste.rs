//! Benchmark: `cozescope::explain::explain` on adversarial pastes of about 1 MB (not a timed test).
//!
//! The reader scans the head and the tail of a text (64 KiB each) with linear-time patterns and caps every
//! value, so each input here should cost about what 128 KiB do. Prints the median and the worst time of
//! each input over several runs.
//!
//! `cargo bench --bench explain_paste [-- --runs R]`

use std::time::{Duration, Instant};

use cozescope::i18n::Lang;

fn runs() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == "--runs")
        .and_then(|index| args.get(index + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(9)
        .max(3)
}

fn main() {
    let mut log = "2025-11-25 18:32:17 INFO worker heartbeat ok\n".repeat(24_000);
    log.push_str(
        r#"Coze API response: {"code": 4028, "msg": "Your free quota has been used up."}"#,
    );
    let inputs: Vec<(&str, String)> = vec![
        ("log with the error last", log),
        ("message keys", "message: ".repeat(120_000)),
        ("code keys", "code=1,".repeat(160_000)),
        ("unclosed quotes", "\"msg\":\"\\".repeat(150_000)),
        (
            "logids",
            "2024122509064484DEDF525AF13E290496 ".repeat(30_000),
        ),
        ("chinese", "中".repeat(350_000)),
        ("one long word", "a".repeat(1_100_000)),
        ("digits", "7481617032355070000 ".repeat(55_000)),
    ];
    let runs = runs();
    for (name, input) in &inputs {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let _ = std::hint::black_box(cozescope::explain::explain(input, Lang::En));
                started.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "explain_paste: {name:24} {:>8} bytes: median {:.2} ms, worst {:.2} ms",
            input.len(),
            times[runs / 2].as_secs_f64() * 1000.0,
            times[runs - 1].as_secs_f64() * 1000.0
        );
    }
}

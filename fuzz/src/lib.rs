//! Shared pieces of the cozescope fuzz targets. The invariant checks live in `checks.rs`, which
//! `tests/fuzz_regressions.rs` in the main crate includes too, so `cargo test` replays the regression
//! corpus with exactly the checks the fuzzers run.

pub mod checks;

//! Helpers shared by the benchmarks: reading `-- --name value` options, loading a scenario against a
//! sandbox world, worlds built in code and a standalone sandbox (the same helpers the tests use).

#![allow(dead_code)]

#[path = "../../tests/common/world_scenario.rs"]
pub mod world_scenario;

#[path = "../../tests/common/worlds.rs"]
pub mod worlds;

#[path = "../../tests/common/standalone.rs"]
pub mod standalone;

/// The repository root.
pub fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The value after `name` on the command line, or `default` when absent or unreadable.
pub fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == name)
        .and_then(|index| args.get(index + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

//! Which build this is: the package version and the git commit it was built from (`unknown` when built from
//! a source archive), as `--version`, the report header and the JSON report's `tool` name them. The commit
//! comes from `build.rs`; nothing here depends on when or where the build ran.

/// The package version (Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The first 12 hex digits of the commit built, or `unknown`.
pub const COMMIT: &str = env!("COZESCOPE_BUILD_COMMIT");

/// What `--version` prints after the program name: `0.1.0 (commit 1a2b3c4d5e6f)`.
pub const DESCRIBED: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("COZESCOPE_BUILD_COMMIT"),
    ")"
);

/// A recorded build as a report names it: `cozescope 0.1.0 (commit 1a2b3c4d5e6f)`.
pub fn describe(version: &str, commit: &str) -> String {
    format!("cozescope {version} (commit {commit})")
}

//! Records the git commit the binary is built from, for `--version` and the report header, so that a report
//! pasted into a support ticket names the build that made it: `COZESCOPE_COMMIT` (a hex commit id) when
//! set, else HEAD of the git checkout this package is the top of, else the commit `cargo package` wrote
//! into a crates.io archive (`.cargo_vcs_info.json`), else `unknown` (another source archive). No date,
//! host or path is recorded: the same source builds the same binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Hex digits kept: enough to be unique in any real history, short enough to read in a table cell.
const SHORT: usize = 12;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=COZESCOPE_COMMIT");
    let commit = match std::env::var("COZESCOPE_COMMIT") {
        Ok(given) if !given.trim().is_empty() => match short_commit(given.trim()) {
            Some(commit) => commit,
            None => {
                eprintln!(
                    "error: COZESCOPE_COMMIT must be a git commit id (7 to 40 hex digits), got `{given}`"
                );
                std::process::exit(1);
            }
        },
        _ => checkout_commit()
            .or_else(packaged_commit)
            .unwrap_or_else(|| "unknown".to_string()),
    };
    println!("cargo:rustc-env=COZESCOPE_BUILD_COMMIT={commit}");
}

/// The first [`SHORT`] digits of a commit id, lowercase; `None` when it is not one.
fn short_commit(id: &str) -> Option<String> {
    let valid = (7..=40).contains(&id.len()) && id.chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| id[..id.len().min(SHORT)].to_ascii_lowercase())
}

/// HEAD's commit when this package is the top of a git work tree (not merely inside some other repository,
/// as an unpacked archive under a home directory kept in git would be). Asks cargo to look again when HEAD
/// or the branch it points to moves.
fn checkout_commit() -> Option<String> {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let top = git(&manifest_dir, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(&manifest_dir).ok()? {
        return None;
    }
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&manifest_dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&manifest_dir, &["rev-parse", "--git-path", &name]) {
            let path = manifest_dir.join(path);
            // A path that does not exist would make cargo rerun this script on every build.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    short_commit(&git(&manifest_dir, &["rev-parse", "HEAD"])?)
}

/// The commit a crates.io archive was packaged from: `"sha1": "…"` in `.cargo_vcs_info.json`.
fn packaged_commit() -> Option<String> {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let info = std::fs::read_to_string(manifest_dir.join(".cargo_vcs_info.json")).ok()?;
    let after_key = &info[info.find("\"sha1\"")? + "\"sha1\"".len()..];
    let value = after_key
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    short_commit(&value[..value.find('"')?])
}

/// One line of a git command's output in `dir`, or `None` when git is absent or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let line = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (!line.is_empty()).then_some(line)
}

//! Writing report files: atomically (temporary file, then a link that never replaces an existing file) and
//! under timestamped names, so that no report ever overwrites another.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// Writing a report failed.
#[derive(Debug, thiserror::Error)]
#[error("failed to write report {path}: {reason}")]
pub struct WriteError {
    pub path: PathBuf,
    pub reason: String,
}

/// Creates `dir` if needed and proves a file can be written there.
pub fn ensure_writable(dir: &Path) -> Result<(), WriteError> {
    let fail = |path: &Path, error: std::io::Error| WriteError {
        path: path.to_path_buf(),
        reason: error.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|error| fail(dir, error))?;
    let probe = dir.join(format!(".cozescope-write-check.{}.tmp", std::process::id()));
    std::fs::write(&probe, b"").map_err(|error| fail(dir, error))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `20261128T053000Z-node-chat2` for a run started at that time on `scenarios/node-chat2.toml`.
pub fn report_stem(started_at: DateTime<Utc>, scenario_file: &Path) -> String {
    let name: String = scenario_file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    // A scenario saved by `doctor` already starts with a stamp: one is enough.
    let name = match name.split_once('-') {
        Some((stamp, rest)) if is_stamp(stamp) && !rest.is_empty() => rest.to_string(),
        _ => name,
    };
    format!("{}-{name}", started_at.format("%Y%m%dT%H%M%SZ"))
}

/// `20261128T053000Z`.
fn is_stamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 16
        && bytes[8] == b'T'
        && bytes[15] == b'Z'
        && bytes[..8]
            .iter()
            .chain(&bytes[9..15])
            .all(u8::is_ascii_digit)
}

/// Writes `contents` to `dir/stem.extension` (or `stem-2.extension`, … if taken) and returns the path.
pub fn write_new(
    dir: &Path,
    stem: &str,
    extension: &str,
    contents: &str,
) -> Result<PathBuf, WriteError> {
    let fail = |path: &Path, error: std::io::Error| WriteError {
        path: path.to_path_buf(),
        reason: error.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|error| fail(dir, error))?;
    let temporary = write_temporary(dir, &format!("{stem}.{extension}"), contents)?;
    let result = (1..1000)
        .map(|attempt| match attempt {
            1 => dir.join(format!("{stem}.{extension}")),
            n => dir.join(format!("{stem}-{n}.{extension}")),
        })
        .find_map(
            |candidate| match std::fs::hard_link(&temporary, &candidate) {
                Ok(()) => Some(Ok(candidate)),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => None,
                Err(error) => Some(Err(fail(&candidate, error))),
            },
        )
        .unwrap_or_else(|| {
            Err(WriteError {
                path: dir.join(format!("{stem}.{extension}")),
                reason: "too many reports with this name".into(),
            })
        });
    let _ = std::fs::remove_file(&temporary);
    result
}

/// Writes a document that exists as markdown and JSON only (a diff, a sweep) once per distinct format asked
/// for — JUnit falls back to markdown — redacted, and returns each write's outcome in order.
pub fn write_markdown_or_json(
    dir: &Path,
    stem: &str,
    formats: &[super::Format],
    markdown: impl Fn() -> String,
    json: impl Fn() -> String,
) -> Vec<Result<PathBuf, WriteError>> {
    let mut as_json = Vec::new();
    for format in formats {
        let json_wanted = *format == super::Format::Json;
        if !as_json.contains(&json_wanted) {
            as_json.push(json_wanted);
        }
    }
    as_json
        .into_iter()
        .map(|json_wanted| {
            let (extension, contents) = if json_wanted {
                ("json", json())
            } else {
                ("md", markdown())
            };
            write_new(dir, stem, extension, &crate::redact::redact(&contents))
        })
        .collect()
}

/// `contents` in a synced temporary file of `dir`, to be linked or renamed into place.
fn write_temporary(dir: &Path, name: &str, contents: &str) -> Result<PathBuf, WriteError> {
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |error: std::io::Error| WriteError {
        path: temporary.clone(),
        reason: error.to_string(),
    };
    let mut file = std::fs::File::create(&temporary).map_err(fail)?;
    file.write_all(contents.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    Ok(temporary)
}

/// Writes `contents` to `path` atomically: a new file, or with `replace` over an existing one.
pub fn write_file(path: &Path, contents: &str, replace: bool) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let temporary = write_temporary(dir, &name, contents)?;
    let placed = if replace {
        std::fs::rename(&temporary, path)
    } else {
        std::fs::hard_link(&temporary, path)
    };
    let _ = std::fs::remove_file(&temporary);
    placed.map_err(|error| WriteError {
        path: path.to_path_buf(),
        reason: if error.kind() == std::io::ErrorKind::AlreadyExists {
            "the file exists".to_string()
        } else {
            error.to_string()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_an_earlier_report() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_new(dir.path(), "r", "md", "one").unwrap();
        let second = write_new(dir.path(), "r", "md", "two").unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two");
        assert!(second.ends_with("r-2.md"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn stem_names_time_and_scenario() {
        let time = DateTime::parse_from_rfc3339("2026-11-28T05:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            report_stem(time, Path::new("scenarios/node chat2.toml")),
            "20261128T053000Z-node-chat2"
        );
        assert_eq!(
            report_stem(time, Path::new("reports/20261128T052959Z-doctor.toml")),
            "20261128T053000Z-doctor"
        );
    }
}

//! The one writer of every file the tool writes (reports, the doctor's scenario, `init`'s file).
//!
//! Contents go to a temporary file in the target folder, created exclusively and never through a link
//! (`O_EXCL|O_NOFOLLOW`) under an unpredictable name, closed with its errors checked, then renamed into place atomically: a new
//! name never replaces an existing file, and the temporary file is removed on every error path (a full
//! disk included). Report names are timestamped; the files of one run (its markdown and JSON) take one
//! suffix together, so two runs writing to one folder at the same second never share or cross names.
//! Every byte of a report passes the redactor and the control-character sanitiser first.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::textfile::io_reason;

/// Writing a report failed.
#[derive(Debug, thiserror::Error)]
#[error("failed to write report {path}: {reason}")]
pub struct WriteError {
    pub path: PathBuf,
    pub reason: String,
}

impl WriteError {
    fn at(path: &Path, error: &std::io::Error) -> WriteError {
        WriteError {
            path: path.to_path_buf(),
            reason: io_reason(error),
        }
    }
}

/// The longest scenario name kept in a report's name (file names are limited to 255 bytes).
const MAX_NAME_CHARS: usize = 120;
/// Suffixes tried (`-2`, `-3`, …) before giving up on a report name.
const MAX_SUFFIX: usize = 1000;

/// Creates `dir` if needed and proves a file can be written there (a temporary file, removed at once).
pub fn ensure_writable(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|error| WriteError::at(dir, &error))?;
    Temporary::create(dir).map(drop)
}

/// A file of the target folder under an unpredictable name; removed when dropped unless it was placed.
struct Temporary {
    path: PathBuf,
    placed: bool,
}

impl Temporary {
    /// Creates it in `dir` exclusively, under a name nobody can guess.
    fn create(dir: &Path) -> Result<(Temporary, File), WriteError> {
        let mut last_error = None;
        // A name taken (128 random bits: only by a planted file) is retried with another.
        for _ in 0..8 {
            let token: u128 = rand::rng().random();
            let path = dir.join(format!(".cozescope-{token:032x}.tmp"));
            match create_exclusive(&path) {
                Ok(file) => {
                    let temporary = Temporary {
                        path,
                        placed: false,
                    };
                    return Ok((temporary, file));
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    last_error = Some(error);
                }
                Err(error) => return Err(WriteError::at(dir, &error)),
            }
        }
        let error = last_error.unwrap_or_else(|| std::io::Error::other("no temporary name"));
        Err(WriteError::at(dir, &error))
    }

    /// A temporary file of `dir` holding `contents`, closed with its errors checked (a filesystem that
    /// reports a full disk only then). Not synced: a report is a diagnosis that can be run again, and a
    /// sync per file made a run of 800 scenarios wait on the disk for most of its time.
    fn holding(dir: &Path, contents: &str) -> Result<Temporary, WriteError> {
        let (temporary, mut file) = Temporary::create(dir)?;
        file.write_all(contents.as_bytes())
            .and_then(|()| close(file))
            .map_err(|error| WriteError::at(&temporary.path, &error))?;
        Ok(temporary)
    }

    /// Renames it to `target`, which must not exist.
    fn place_new(&mut self, target: &Path) -> std::io::Result<()> {
        rename_no_replace(&self.path, target)?;
        self.placed = true;
        Ok(())
    }

    /// Takes a file placed at `target` back to the temporary name (another run took a name of the set).
    fn take_back(&mut self, target: &Path) {
        if rename_no_replace(target, &self.path).is_ok() {
            self.placed = false;
        } else {
            // Not ours to keep under that name any more: remove it rather than leave half a pair.
            let _ = std::fs::remove_file(target);
        }
    }

    /// Renames it over `target` (replacing a file there, or the link itself, never the link's target).
    fn place_over(mut self, target: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, target)?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Closes `file`, returning the error the close reports.
fn close(file: File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::IntoRawFd;
        let fd = file.into_raw_fd();
        // SAFETY: `fd` was just taken from an open `File`, which no longer owns it.
        if unsafe { libc::close(fd) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        drop(file);
        Ok(())
    }
}

/// A new file at `path`: never an existing one, never through a link (even a dangling one).
fn create_exclusive(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    options.open(path)
}

/// Renames `from` to `to` atomically, failing with `AlreadyExists` when `to` exists (even as a link).
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = |path: &Path| {
            std::ffi::CString::new(path.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        let (source, destination) = (path(from)?, path(to)?);
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as std does.
        let status = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                source.as_ptr(),
                libc::AT_FDCWD,
                destination.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if status == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        // A filesystem without RENAME_NOREPLACE: a hard link never replaces either.
        if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(error);
        }
    }
    std::fs::hard_link(from, to)?;
    let _ = std::fs::remove_file(from);
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
        .take(MAX_NAME_CHARS)
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

/// What a file of `extension` holds of `contents`: secrets masked, control characters escaped (JSON kept
/// valid and lossless), as for everything printed.
fn shown(extension: &str, contents: &str) -> String {
    let redacted = crate::redact::redact(contents);
    match extension {
        "json" => crate::sanitize::json(&redacted).into_owned(),
        _ => crate::sanitize::lines(&redacted).into_owned(),
    }
}

/// Writes `contents` to `dir/stem.extension` (or `stem-2.extension`, … if taken) and returns the path.
pub fn write_new(
    dir: &Path,
    stem: &str,
    extension: &str,
    contents: &str,
) -> Result<PathBuf, WriteError> {
    let mut paths = write_set(dir, stem, &[(extension, contents)])?;
    Ok(paths.remove(0))
}

/// Writes the files of one report (`(extension, contents)`, e.g. its markdown and JSON) as
/// `dir/stem.extension`, or all with the same suffix `stem-N.extension` when any name is taken, and returns
/// their paths in order. Nothing is placed unless every file was written.
pub fn write_set(
    dir: &Path,
    stem: &str,
    files: &[(&str, &str)],
) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|error| WriteError::at(dir, &error))?;
    let mut temporaries = files
        .iter()
        .map(|(extension, contents)| Temporary::holding(dir, &shown(extension, contents)))
        .collect::<Result<Vec<_>, _>>()?;
    for suffix in 1..=MAX_SUFFIX {
        let targets: Vec<PathBuf> = files
            .iter()
            .map(|(extension, _)| match suffix {
                1 => dir.join(format!("{stem}.{extension}")),
                n => dir.join(format!("{stem}-{n}.{extension}")),
            })
            .collect();
        let mut placed = 0;
        let mut failure = None;
        for (temporary, target) in temporaries.iter_mut().zip(&targets) {
            match temporary.place_new(target) {
                Ok(()) => placed += 1,
                Err(error) => {
                    failure = Some((target.clone(), error));
                    break;
                }
            }
        }
        let Some((target, error)) = failure else {
            return Ok(targets);
        };
        for (temporary, target) in temporaries.iter_mut().zip(&targets).take(placed) {
            temporary.take_back(target);
        }
        if error.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(WriteError::at(&target, &error));
        }
    }
    Err(WriteError {
        path: dir.join(format!(
            "{stem}.{}",
            files.first().map_or("md", |file| file.0)
        )),
        reason: "too many reports with this name".into(),
    })
}

/// Writes a document that exists as markdown and JSON only (a diff, a sweep) once per distinct format asked
/// for — JUnit falls back to markdown — as one set (see [`write_set`]), and returns
/// each write's outcome in order.
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
    let rendered: Vec<(&str, String)> = as_json
        .into_iter()
        .map(|json_wanted| {
            if json_wanted {
                ("json", json())
            } else {
                ("md", markdown())
            }
        })
        .collect();
    let files: Vec<(&str, &str)> = rendered
        .iter()
        .map(|(extension, contents)| (*extension, contents.as_str()))
        .collect();
    match write_set(dir, stem, &files) {
        Ok(paths) => paths.into_iter().map(Ok).collect(),
        Err(error) => vec![Err(error)],
    }
}

/// Writes `contents` to `path` atomically: a new file, or with `replace` over an existing one. The contents
/// are written as given (a scenario for the user to edit, the sandbox's demo world and its keys): nothing
/// from outside is in them.
pub fn write_file(path: &Path, contents: &str, replace: bool) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = Temporary::holding(dir, contents)?;
    let placed = if replace {
        temporary.place_over(path)
    } else {
        temporary.place_new(path)
    };
    placed.map_err(|error| WriteError {
        path: path.to_path_buf(),
        reason: if error.kind() == std::io::ErrorKind::AlreadyExists {
            "the file exists".to_string()
        } else {
            io_reason(&error)
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

    #[cfg(unix)]
    #[test]
    fn temporary_files_never_follow_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir.path().join(".planted.tmp");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let dangling = dir.path().join(".dangling.tmp");
        std::os::unix::fs::symlink(dir.path().join("absent"), &dangling).unwrap();
        for link in [&planted, &dangling] {
            let error = create_exclusive(link).unwrap_err();
            assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!dir.path().join("absent").exists());
    }

    #[test]
    fn temporary_names_are_unpredictable_and_removed_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let (first, _) = Temporary::create(dir.path()).unwrap();
        let (second, _) = Temporary::create(dir.path()).unwrap();
        assert_ne!(first.path, second.path);
        let pid = std::process::id().to_string();
        assert!(!first.path.to_string_lossy().contains(&pid));
        drop((first, second));
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn a_set_takes_one_suffix_for_all_its_files() {
        let dir = tempfile::tempdir().unwrap();
        // Another run took the JSON name only: this run's pair moves to -2 together.
        std::fs::write(dir.path().join("r.json"), "theirs").unwrap();
        let paths = write_set(dir.path(), "r", &[("md", "m"), ("json", "j")]).unwrap();
        assert!(paths[0].ends_with("r-2.md") && paths[1].ends_with("r-2.json"));
        assert!(!dir.path().join("r.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("r.json")).unwrap(),
            "theirs"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|name| !name.ends_with(".tmp")),
            "{names:?}"
        );
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

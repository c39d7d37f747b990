//! The one reader of every file the tool takes as input (scenarios, world files, keys, candidates, reports,
//! `.env`): regular files only, never more than the cap of its kind, UTF-8.
//!
//! The file is opened first (following symbolic links) without blocking, and what was opened is checked,
//! so a link to `/dev/zero`, a FIFO, a socket or a huge file fails fast with the file named, instead of
//! exhausting memory or hanging; and a file swapped between a check and the open cannot slip through.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::source_error::SourceError;

/// A kind of input file, with its size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Scenario,
    World,
    /// A PEM key or another small file a scenario or world names.
    Key,
    Candidates,
    /// A JSON report read back by `diff`.
    Report,
    Env,
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

impl InputKind {
    /// Every kind, for the README's limits table and its test.
    pub const ALL: [InputKind; 6] = [
        InputKind::Scenario,
        InputKind::World,
        InputKind::Key,
        InputKind::Candidates,
        InputKind::Report,
        InputKind::Env,
    ];

    /// The most bytes a file of this kind may hold.
    pub const fn limit(self) -> u64 {
        match self {
            InputKind::Scenario | InputKind::World | InputKind::Candidates => MIB,
            // A 4096-bit RSA private key is about 3.3 KB.
            InputKind::Key => 64 * KIB,
            // A run of 1,000 cases writes a JSON report of about 2 MiB (`cargo bench --bench run_folder`).
            InputKind::Report => 64 * MIB,
            InputKind::Env => 256 * KIB,
        }
    }

    /// How errors name a file of this kind.
    pub const fn noun(self) -> &'static str {
        match self {
            InputKind::Scenario => "scenario",
            InputKind::World => "world file",
            InputKind::Key => "key file",
            InputKind::Candidates => "candidates file",
            InputKind::Report => "report",
            InputKind::Env => ".env file",
        }
    }
}

/// `1 MiB`, `64 KiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(String),
    /// `what` it is instead ("a FIFO", "a device"), and the link's target when the path was a link.
    #[error("not a regular file: it is {what}{}", via_link(.link))]
    NotAFile {
        what: &'static str,
        link: Option<PathBuf>,
    },
    #[error("larger than {}", size_text(*.0))]
    TooLarge(u64),
    /// Not UTF-8; `text` is the lossy decoding and `valid_up_to` the first bad byte, for a position.
    #[error("not valid UTF-8")]
    NotUtf8 { text: String, valid_up_to: usize },
}

fn via_link(link: &Option<PathBuf>) -> String {
    link.as_ref()
        .map(|target| format!(", reached through a link to {}", target.display()))
        .unwrap_or_default()
}

/// The file's text, if it is a regular file of at most `kind`'s cap of UTF-8.
pub fn read_text(path: &Path, kind: InputKind) -> Result<String, ReadError> {
    read_capped(path, kind.limit())
}

/// As [`read_text`] with an explicit cap in bytes.
pub fn read_capped(path: &Path, limit: u64) -> Result<String, ReadError> {
    let file = open_regular(path)?;
    let declared = file
        .metadata()
        .map_err(|error| ReadError::Io(io_reason(&error)))?
        .len();
    if declared > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    // The file may grow after the check: never read more than the cap.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError::Io(io_reason(&error)))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    String::from_utf8(bytes).map_err(|error| ReadError::NotUtf8 {
        valid_up_to: error.utf8_error().valid_up_to(),
        text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

/// Opens `path` for reading without blocking on a FIFO or a device, and checks that what was opened (the
/// link's target, for a link) is a regular file.
fn open_regular(path: &Path) -> Result<File, ReadError> {
    let not_a_file = |what: &'static str| ReadError::NotAFile {
        what,
        link: link_target(path),
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // Opening a socket fails with ENXIO.
        #[cfg(unix)]
        Err(error) if error.raw_os_error() == Some(libc::ENXIO) => {
            return Err(not_a_file("a socket"));
        }
        Err(error) => return Err(ReadError::Io(io_reason(&error))),
    };
    let metadata = file
        .metadata()
        .map_err(|error| ReadError::Io(io_reason(&error)))?;
    if metadata.is_file() {
        Ok(file)
    } else {
        Err(not_a_file(file_type_text(&metadata.file_type())))
    }
}

/// What a file that is not a regular one is.
fn file_type_text(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Where a link at `path` finally leads, when `path` is one.
fn link_target(path: &Path) -> Option<PathBuf> {
    let is_link = std::fs::symlink_metadata(path)
        .map(|metadata| metadata.file_type().is_symlink())
        .unwrap_or(false);
    if !is_link {
        return None;
    }
    std::fs::canonicalize(path)
        .ok()
        .or_else(|| std::fs::read_link(path).ok())
}

/// A document's text (scenario, world file, candidates, report, `.env`), at most its kind's cap; bad
/// UTF-8 is reported at its line and column, any other failure names the file and what to do.
pub fn read_document(path: &Path, kind: InputKind) -> Result<String, SourceError> {
    read_text(path, kind).map_err(|error| document_error(path, kind, error))
}

/// The located error for a failed read of `path` as a `kind`.
pub fn document_error(path: &Path, kind: InputKind, error: ReadError) -> SourceError {
    let noun = kind.noun();
    match error {
        ReadError::NotUtf8 { text, valid_up_to } => {
            let mut error = SourceError::at_offset(
                path,
                &text,
                valid_up_to,
                format!("{noun} is not valid UTF-8"),
            )
            .with_help("save the file as UTF-8");
            if kind == InputKind::Env {
                // Every value of a .env file may be a secret: its position is said, its text never shown.
                error.line_text = None;
            }
            error
        }
        error @ ReadError::NotAFile { .. } => {
            SourceError::whole_file(path, format!("failed to read the {noun}: {error}"))
                .with_help(format!("pass a regular file as the {noun}"))
        }
        error @ ReadError::TooLarge(_) => {
            SourceError::whole_file(path, format!("failed to read the {noun}: {error}")).with_help(
                format!(
                    "a {noun} holds at most {}; pass the right file, or split it",
                    size_text(kind.limit())
                ),
            )
        }
        error @ ReadError::Io(_) => {
            SourceError::whole_file(path, format!("failed to read the {noun}: {error}"))
        }
    }
}

/// The OS error without the "(os error 2)" suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(index) => text[..index].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_large_files_and_non_utf8() {
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile {
                what: "a device",
                link: None
            })
        ));
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 11]).unwrap();
        assert_eq!(read_capped(&big, 10), Err(ReadError::TooLarge(10)));
        assert_eq!(read_capped(&big, 11).unwrap().len(), 11);
        let latin1 = dir.path().join("latin1");
        std::fs::write(&latin1, b"ab\xe9").unwrap();
        assert!(matches!(
            read_capped(&latin1, 10),
            Err(ReadError::NotUtf8 { valid_up_to: 2, .. })
        ));
        assert_eq!(
            read_capped(&dir.path().join("absent"), 10),
            Err(ReadError::Io("no such file or folder".into()))
        );
        assert!(matches!(
            read_capped(dir.path(), 10),
            Err(ReadError::NotAFile {
                what: "a folder",
                ..
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_its_target_checked() {
        let dir = tempfile::tempdir().unwrap();
        let to_zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &to_zero).unwrap();
        let error = read_text(&to_zero, InputKind::Env).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a regular file: it is a device, reached through a link to /dev/zero"
        );
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "title = 1").unwrap();
        let to_real = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &to_real).unwrap();
        assert_eq!(
            read_text(&to_real, InputKind::Scenario).unwrap(),
            "title = 1"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `name` is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_text(&fifo, InputKind::Env),
            Err(ReadError::NotAFile {
                what: "a FIFO (named pipe)",
                ..
            })
        ));
    }

    #[test]
    fn the_readme_lists_every_cap() {
        let readme = include_str!("../README.md");
        let limits = &readme[readme.find("### Limits").expect("a Limits section")..];
        for kind in InputKind::ALL {
            let cap = size_text(kind.limit());
            assert!(
                limits.contains(&cap),
                "README Limits lacks {cap} ({kind:?})"
            );
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(MIB), "1 MiB");
        assert_eq!(size_text(64 * KIB), "64 KiB");
        assert_eq!(size_text(10), "10 bytes");
    }
}

//! Reading the small text files the tool takes as input (scenarios, world files, keys): regular files only,
//! never more than a limit, UTF-8. A path to `/dev/zero`, a FIFO or a huge file fails fast instead of
//! exhausting memory or blocking.

use std::io::Read;
use std::path::Path;

use crate::source_error::SourceError;

/// Scenario and world files.
pub const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024;
/// PEM keys (a 4096-bit RSA private key is about 3.3 KB).
pub const MAX_KEY_BYTES: u64 = 64 * 1024;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(String),
    #[error("not a regular file")]
    NotAFile,
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    /// Not UTF-8; `text` is the lossy decoding and `valid_up_to` the first bad byte, for a position.
    #[error("not valid UTF-8")]
    NotUtf8 { text: String, valid_up_to: usize },
}

/// The file's text, if it is a regular file of at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let metadata = std::fs::metadata(path).map_err(|error| ReadError::Io(io_reason(&error)))?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(|error| ReadError::Io(io_reason(&error)))?;
    let mut bytes = Vec::new();
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

/// A scenario or world file's text (at most [`MAX_DOCUMENT_BYTES`]); `what` names the kind of file in
/// errors ("scenario", "world file"), and bad UTF-8 is reported at its line and column.
pub fn read_document(path: &Path, what: &str) -> Result<String, SourceError> {
    read_text(path, MAX_DOCUMENT_BYTES).map_err(|error| match error {
        ReadError::NotUtf8 { text, valid_up_to } => SourceError::at_offset(
            path,
            &text,
            valid_up_to,
            format!("{what} is not valid UTF-8"),
        ),
        other => SourceError::whole_file(path, format!("failed to read the {what}: {other}")),
    })
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
        assert_eq!(
            read_text(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile)
        );
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 11]).unwrap();
        assert_eq!(read_text(&big, 10), Err(ReadError::TooLarge(10)));
        assert_eq!(read_text(&big, 11).unwrap().len(), 11);
        let latin1 = dir.path().join("latin1");
        std::fs::write(&latin1, b"ab\xe9").unwrap();
        assert!(matches!(
            read_text(&latin1, 10),
            Err(ReadError::NotUtf8 { valid_up_to: 2, .. })
        ));
        assert_eq!(
            read_text(&dir.path().join("absent"), 10),
            Err(ReadError::Io("no such file or folder".into()))
        );
    }
}

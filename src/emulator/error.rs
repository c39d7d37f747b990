//! Errors of the sandbox itself (not the errors it answers clients with): a bad world file, bad flags, a
//! listener that cannot bind.

use std::io;
use std::net::SocketAddr;

use crate::source_error::SourceError;

/// A world file that cannot be used: unreadable, a TOML error, or a semantic error (unknown workspace,
/// bad public key, …), always naming the file and, where there is one, the line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WorldError(pub SourceError);

impl From<SourceError> for WorldError {
    fn from(error: SourceError) -> WorldError {
        WorldError(error)
    }
}

/// Why the sandbox could not start or keep serving.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The world file is invalid (exit 2).
    #[error("failed to load the sandbox world:\n{0}")]
    World(#[from] WorldError),
    /// A flag or setting is invalid (exit 2).
    #[error("invalid sandbox setting: {0}")]
    Config(String),
    /// A listener could not be bound.
    #[error("failed to listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    /// Serving failed after start.
    #[error("failed to serve the sandbox: {0}")]
    Serve(#[source] io::Error),
    /// Writing an exported world failed.
    #[error("failed to write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
}

impl EmulatorError {
    /// True when the user's input (world file, flags) is at fault: the CLI exits 2 for these.
    pub fn is_input_error(&self) -> bool {
        matches!(self, EmulatorError::World(_) | EmulatorError::Config(_))
    }
}

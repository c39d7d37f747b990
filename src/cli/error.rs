//! The one error type of the command line: every failure a command can end with, and the exit code it
//! maps to (one `match`, as cargo-nextest's `ExpectedError::process_exit_code`).

use crate::emulator::{EmulatorError, WorldError};
use crate::exit;
use crate::runner::TargetError;
use crate::source_error::SourceError;

/// Why a command stopped. Printed once, redacted, as `error: …`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Flags that do not fit together, or a value no parser could check earlier.
    #[error("{0}")]
    Usage(String),
    /// A scenario, `.env`, candidates or report file with a problem at a place in it.
    #[error("{0}")]
    Input(#[from] SourceError),
    /// The SDK variables the doctor reads.
    #[error("{0}")]
    Doctor(#[from] crate::scenario::doctor::DoctorError),
    /// A sandbox world file.
    #[error("{0}")]
    World(#[from] WorldError),
    /// The target cannot serve a scenario (a region it does not serve, a bad base URL).
    #[error("{0}")]
    Target(#[from] TargetError),
    /// The sandbox could not start or keep serving.
    #[error("{0}")]
    Sandbox(#[from] EmulatorError),
    /// The run could not go on (the async runtime, an output folder that became unwritable).
    #[error("{0}")]
    Incomplete(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Input(_)
            | CliError::Doctor(_)
            | CliError::World(_)
            | CliError::Target(_) => exit::INVALID_INPUT,
            CliError::Sandbox(error) if error.is_input_error() => exit::INVALID_INPUT,
            CliError::Sandbox(_) | CliError::Incomplete(_) => exit::INCOMPLETE,
        }
    }
}

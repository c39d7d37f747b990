//! The terminal boundary: every stdout and stderr write (tracing and panic messages included) goes
//! through the redactor, then the control-character sanitiser.
//!
//! A closed stream (EPIPE, as with `| head`) stops printing to it and changes nothing else: the run goes
//! on, writes its reports and ends with its own exit code. Any other write error (a full disk, `/dev/full`)
//! also stops printing, and the command then ends with exit 3 and one message ([`exit_code`]).

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{exit, redact, sanitize};

/// The two standard streams.
#[derive(Debug, Clone, Copy)]
enum Stream {
    Out,
    Err,
}

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first write error that was not a closed pipe, as its one message.
static WRITE_FAILURE: Mutex<Option<String>> = Mutex::new(None);

impl Stream {
    fn closed(self) -> &'static AtomicBool {
        match self {
            Stream::Out => &STDOUT_CLOSED,
            Stream::Err => &STDERR_CLOSED,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stream::Out => "stdout",
            Stream::Err => "stderr",
        }
    }

    /// Writes `bytes`, unless the stream failed before; a failure closes it for the rest of the process.
    fn write(self, bytes: &[u8]) {
        if self.closed().load(Ordering::Relaxed) {
            return;
        }
        let written = match self {
            Stream::Out => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(bytes).and_then(|()| stdout.flush())
            }
            Stream::Err => std::io::stderr().lock().write_all(bytes),
        };
        if let Err(error) = written {
            self.closed().store(true, Ordering::Relaxed);
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                let mut failure = WRITE_FAILURE
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                failure.get_or_insert_with(|| {
                    format!(
                        "failed to write to {}: {}",
                        self.name(),
                        crate::textfile::io_reason(&error)
                    )
                });
            }
        }
    }
}

/// `text` as it may be shown: secrets masked, then control characters escaped (newlines and tabs kept).
fn shown(text: &str) -> String {
    sanitize::lines(&redact::redact(text)).into_owned()
}

/// Prints to stdout, redacted and sanitised.
pub fn print_redacted(text: &str) {
    Stream::Out.write(shown(text).as_bytes());
}

/// Prints to stdout, redacted, keeping the colour sequences the layout put in: every value from outside
/// was escaped where it entered (`redact::shown_value`, the scenario builder) before the layout ran.
pub fn print_coloured(text: &str) {
    Stream::Out.write(redact::redact(text).as_bytes());
}

/// Prints a line to stderr, redacted and sanitised.
pub fn eprint_redacted(text: &str) {
    let mut line = shown(text);
    if !line.ends_with('\n') {
        line.push('\n');
    }
    Stream::Err.write(line.as_bytes());
}

/// The exit code a command ends with: its own, or 3 when stdout or stderr could not be written for any
/// reason but a closed pipe (said once on stderr, if it still can be).
pub fn exit_code(code: u8) -> u8 {
    let failure = WRITE_FAILURE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take();
    match failure {
        Some(failure) => {
            eprint_redacted(&format!("error: {failure}"));
            exit::INCOMPLETE
        }
        None => code,
    }
}

/// stderr as a tracing writer, redacting and sanitising each write; never fails (a log line that cannot
/// be written is dropped, as the boundary decides).
struct RedactedStderr;

impl Write for RedactedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Stream::Err.write(shown(&String::from_utf8_lossy(buf)).as_bytes());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Logs to stderr at the level `-v` asks for (`COZESCOPE_LOG` overrides with an env-filter directive).
pub fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("COZESCOPE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("cozescope={level},warn")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| RedactedStderr)
        .with_ansi(false)
        .try_init();
}

/// A panic prints one redacted line and a hint, never a secret that a panic message might carry.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if redact::in_progress() {
            // The redactor itself failed: say so without the message, which it could not mask.
            Stream::Err.write(
                b"error: cozescope crashed while masking secrets\nthis is a bug; please report it with the command you ran\n",
            );
            return;
        }
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let location = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        eprint_redacted(&format!(
            "error: cozescope crashed{location}: {message}\nthis is a bug; please report it with the command you ran"
        ));
    }));
}

/// Debug builds only: `COZESCOPE_DEBUG_PANIC=1` panics with `secrets` in the message, so that the tests can
/// prove the panic hook prints none of them.
pub fn simulate_crash_for_tests(secrets: &[String]) {
    if cfg!(debug_assertions) && std::env::var_os("COZESCOPE_DEBUG_PANIC").is_some() {
        panic!("simulated crash holding secrets: {}", secrets.join(" | "));
    }
}

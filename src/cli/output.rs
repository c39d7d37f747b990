//! The terminal boundary: stdout and stderr writes, tracing and panic messages, all through the redactor.

use std::io::Write;

use crate::redact;

/// Prints to stdout, redacted.
pub fn print_redacted(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(redact::redact(text).as_bytes());
    let _ = stdout.flush();
}

/// Prints a line to stderr, redacted.
pub fn eprint_redacted(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let mut line = redact::redact(text);
    if !line.ends_with('\n') {
        line.push('\n');
    }
    let _ = stderr.write_all(line.as_bytes());
}

/// stderr as a tracing writer, redacting each write.
struct RedactedStderr;

impl Write for RedactedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        std::io::stderr().write_all(redact::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
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

//! Exit codes: one set, used by every command, each command's `--help` listing the ones it can return, and
//! the README documenting them all.

/// Success: every case ran and every `expect` held (or none was given). A diagnosed denial is a success.
pub const OK: u8 = 0;
/// At least one outcome contradicted an `expect` (`run`), a verdict named a cause (`--fail-on-cause`), or a
/// probe regressed (`diff --fail-on-regression`).
pub const EXPECT_FAILED: u8 = 1;
/// Invalid input: usage, scenario or world file, missing variable, unreadable key.
pub const INVALID_INPUT: u8 = 2;
/// The work could not complete: the target was unreachable for every probe, it was interrupted, or a
/// report, stdout or stderr could not be written (a closed pipe is not an error: see `cli::output`).
pub const INCOMPLETE: u8 = 3;

/// `run`'s exit codes, shown in its `--help` (and the top-level one).
pub const RUN: &str = "\
Exit codes:
  0  every case ran; every `expect` held (or none was given)
  1  at least one outcome contradicted an `expect`, or (--fail-on-cause) a credential's verdict is a cause
  2  invalid input: usage, scenario or world file, missing variable, unreadable key
  3  the run could not complete: target unreachable for every probe, interrupted
     (Ctrl-C, SIGTERM, SIGHUP), or a report, stdout or stderr could not be written
A closed stdout or stderr (| head) changes no exit code: the reports are still written.";

/// `doctor`'s exit codes.
pub const DOCTOR: &str = "\
Exit codes:
  0  the diagnosis ran (a denial found is a success)
  1  with --fail-on-cause: a credential's verdict is a cause (not healthy)
  2  invalid input: no credential variables, a malformed variable or flag, unreadable key
  3  the run could not complete: target unreachable for every probe, interrupted,
     or a report, stdout or stderr could not be written";

/// `init`'s exit codes.
pub const INIT: &str = "\
Exit codes:
  0  the scenario was written
  2  invalid input: the file exists (without --force), no credential variables, a malformed flag
  3  stdout or stderr could not be written";

/// `check`'s exit codes.
pub const CHECK: &str = "\
Exit codes:
  0  every scenario is valid (warnings are printed)
  2  invalid input, or a warning with --strict
  3  stdout or stderr could not be written";

/// `explain`'s exit codes.
pub const EXPLAIN: &str = "\
Exit codes:
  0  the text was explained, or a Coze error was found in it
  2  nothing in the text looks like a Coze error
  3  stdout or stderr could not be written";

/// `emulator`'s exit codes.
pub const EMULATOR: &str = "\
Exit codes:
  0  stopped by Ctrl-C, SIGTERM or SIGHUP (or the world was exported)
  2  invalid input: world file or flags
  3  a listener could not bind or failed, or stdout or stderr could not be written";

/// `sweep`'s exit codes.
pub const SWEEP: &str = "\
Exit codes:
  0  the sweep ran and classified every candidate
  2  invalid input: a credential that is not JWT, a bad candidates file, usage
  3  the sweep could not complete: the service gave another answer, the budget ran out, interrupted,
     or stdout or stderr could not be written";

/// `diff`'s exit codes.
pub const DIFF: &str = "\
Exit codes:
  0  the reports were compared
  1  with --fail-on-regression: a probe went from ok to anything else
  2  invalid input: unreadable reports, different scenarios or schema versions
  3  stdout or stderr could not be written";

/// `completions`' exit codes.
pub const COMPLETIONS: &str = "\
Exit codes:
  0  the script was printed
  2  invalid input: a shell it does not know
  3  stdout could not be written";

/// `man`'s exit codes.
pub const MAN: &str = "\
Exit codes:
  0  the page was printed
  2  invalid input: a command it has no page for
  3  stdout could not be written";

//! Exit codes: one table, used by every command and documented in `--help` and the README.

/// Every case ran; every `expect` held (or none was given). A diagnosed denial is a success.
pub const OK: i32 = 0;
/// At least one outcome contradicted an `expect`.
pub const EXPECT_FAILED: i32 = 1;
/// Invalid input: usage, scenario or world file, missing variable, unreadable key.
pub const INVALID_INPUT: i32 = 2;
/// The run could not complete: the target was unreachable for every probe, or the run was interrupted.
pub const INCOMPLETE: i32 = 3;

/// The table shown in `--help`.
pub const TABLE: &str = "\
Exit codes:
  0  every case ran; every `expect` held (or none was given)
  1  at least one outcome contradicted an `expect`
  2  invalid input: usage, scenario or world file, missing variable, unreadable key
  3  the run could not complete: target unreachable for every probe, or interrupted";

//! Diagnosis: rules over a scenario's results that produce [`Finding`]s (cause, evidence rows and logids,
//! fix) in English and Chinese. The facts the findings state are shared with `cozescope explain`
//! ([`crate::knowledge::facts`]).

mod evidence;
mod finding;
mod matrix;
mod rejection;
mod rules;
mod transient;

pub use evidence::Denial;
pub use finding::{Finding, Severity};
pub use matrix::{Cell, CellState, matrix};
pub use rules::{diagnose, ids, rule_ids};

//! Diagnosis: rules over a run's results that produce [`Finding`]s (cause, evidence, fix) in English and
//! Chinese.

mod finding;
mod rules;

pub use finding::{Finding, Localized, Severity};
pub use rules::diagnose;

//! The rules: each reads a scenario's results and may produce findings.

use super::finding::Finding;
use crate::runner::ScenarioResult;

/// Every finding for one scenario, warnings first.
pub fn diagnose(scenario: &ScenarioResult) -> Vec<Finding> {
    let _ = scenario;
    Vec::new()
}

//! The permission matrix: credential × workspace × permission, each cell granted, denied or untested, from
//! what the scenario probed. It is what a support engineer reads first. Scoped JWT rows are left out (they
//! measure the scope, not the credential), and so are other-region follow-ups (another account).

use serde::{Deserialize, Serialize};

use crate::auth::AuthMode;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;
use crate::runner::{FollowUpReason, ScenarioResult};

/// What the probes say about one permission of one credential in one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// An operation needing it succeeded.
    Granted,
    /// An operation needing it was denied (4101), and none succeeded.
    Denied,
    /// Nothing probed it conclusively.
    Untested,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The credential's `[auth.NAME]` name.
    pub credential: String,
    /// The workspace, for workspace-level permissions; `None` for the others.
    pub workspace: Option<String>,
    pub permission: String,
    pub state: CellState,
}

/// Every cell: each credential against every (workspace, permission) any credential was probed for.
pub fn matrix(scenario: &ScenarioResult) -> Vec<Cell> {
    let mut credentials: Vec<&str> = Vec::new();
    let mut axes: Vec<(Option<String>, &'static str)> = Vec::new();
    let mut seen: Vec<(&str, Option<String>, &'static str, Outcome)> = Vec::new();
    for case in &scenario.cases {
        let other_region = case
            .follow_up
            .as_ref()
            .is_some_and(|follow_up| follow_up.reason == FollowUpReason::OtherRegion);
        let scoped = case.auth.mode == AuthMode::Jwt && case.scope.is_some();
        if !credentials.contains(&case.auth.name.as_str()) {
            credentials.push(&case.auth.name);
        }
        if other_region || scoped {
            continue;
        }
        for probe in case.probes.iter().filter(|p| p.probe != ProbeKind::Token) {
            let operation = probe.probe.operation();
            let workspace = probe.workspace.clone();
            for permission in operation.permissions {
                let axis = (workspace.clone(), *permission);
                if !axes.contains(&axis) {
                    axes.push(axis);
                }
                seen.push((
                    &case.auth.name,
                    workspace.clone(),
                    permission,
                    probe.outcome,
                ));
            }
        }
    }
    axes.sort();
    let mut cells = Vec::new();
    for credential in credentials {
        for (workspace, permission) in &axes {
            let outcomes = seen.iter().filter(|(name, space, perm, _)| {
                *name == credential && space == workspace && perm == permission
            });
            let mut state = CellState::Untested;
            for (.., outcome) in outcomes {
                match outcome {
                    Outcome::Ok => state = CellState::Granted,
                    Outcome::DeniedPermission if state == CellState::Untested => {
                        state = CellState::Denied
                    }
                    _ => {}
                }
            }
            cells.push(Cell {
                credential: credential.to_string(),
                workspace: workspace.clone(),
                permission: permission.to_string(),
                state,
            });
        }
    }
    cells
}

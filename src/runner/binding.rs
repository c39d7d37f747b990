//! What one credential's own rows say about a 4101 in a workspace: bound there, permitted elsewhere, denied
//! too where it is bound, or absent from its `list_workspaces` answer. The binding follow-ups plan from it
//! and the diagnosis judges by it, so that the runner never skips a row the diagnosis needs nor sends one
//! it ignores. Rows of the same credential are those of the same name, region and scope: another
//! credential's rows are never evidence about this one.

use crate::outcome::Outcome;
use crate::probe::ProbeKind;

use super::{CaseResult, ProbeResult};

/// A row and one of its probes.
pub type Row<'a> = (&'a CaseResult, &'a ProbeResult);

/// The rows of one credential (same name, region and scope).
#[derive(Debug)]
pub struct CredentialRows<'a> {
    rows: Vec<&'a CaseResult>,
}

impl<'a> CredentialRows<'a> {
    /// The rows among `all` that ran with the credential, region and scope of `case`.
    pub fn of(all: impl IntoIterator<Item = &'a CaseResult>, case: &CaseResult) -> Self {
        let rows = all
            .into_iter()
            .filter(|row| {
                row.auth.name == case.auth.name
                    && row.region == case.region
                    && row.scope == case.scope
            })
            .collect();
        CredentialRows { rows }
    }

    fn probes(&self) -> impl Iterator<Item = Row<'a>> + '_ {
        self.rows
            .iter()
            .flat_map(|row| row.probes.iter().map(move |probe| (*row, probe)))
    }

    /// A workspace-level operation that succeeded in `workspace`: the credential is bound there.
    pub fn bound_in(&self, workspace: &str) -> Option<Row<'a>> {
        self.probes().find(|(_, probe)| {
            probe.outcome == Outcome::Ok && probe.workspace.as_deref() == Some(workspace)
        })
    }

    /// `kind` succeeded in a workspace other than `workspace`: the credential has its permission.
    pub fn permitted_elsewhere(&self, kind: ProbeKind, workspace: &str) -> Option<Row<'a>> {
        self.probes().find(|(_, probe)| {
            probe.probe == kind
                && probe.outcome == Outcome::Ok
                && probe
                    .workspace
                    .as_deref()
                    .is_some_and(|there| there != workspace)
        })
    }

    /// `kind` was denied (4101) too in another workspace where the credential is bound: the denial there
    /// and the success that shows the binding.
    pub fn denied_where_bound(
        &self,
        kind: ProbeKind,
        workspace: &str,
    ) -> Option<(Row<'a>, Row<'a>)> {
        self.probes().find_map(|(row, probe)| {
            let there = probe
                .workspace
                .as_deref()
                .filter(|there| *there != workspace)?;
            let denied = probe.probe == kind
                && probe.outcome == Outcome::DeniedPermission
                && probe.answer.code == Some(crate::coze::wire::code::NO_PERMISSION);
            if !denied {
                return None;
            }
            Some(((row, probe), self.bound_in(there)?))
        })
    }

    /// A successful `list_workspaces` answer that does not contain `workspace`.
    pub fn not_listing(&self, workspace: &str) -> Option<Row<'a>> {
        self.probes().find(|(_, probe)| {
            probe
                .workspaces_seen
                .as_ref()
                .is_some_and(|seen| !seen.is_empty() && !seen.iter().any(|id| id == workspace))
        })
    }

    /// A successful `list_workspaces` answer that contains `workspace`: the credential is bound there.
    pub fn listing(&self, workspace: &str) -> Option<Row<'a>> {
        self.probes().find(|(_, probe)| {
            probe
                .workspaces_seen
                .as_ref()
                .is_some_and(|seen| seen.iter().any(|id| id == workspace))
        })
    }

    /// The workspaces its `list_workspaces` answer named, if it got one.
    pub fn workspaces_seen(&self) -> Option<&'a [String]> {
        self.probes()
            .find_map(|(_, probe)| probe.workspaces_seen.as_deref())
    }

    /// Whether `kind` was tried (sent or refused, not skipped) in `workspace`.
    pub fn tried(&self, kind: ProbeKind, workspace: &str) -> bool {
        self.probes().any(|(_, probe)| {
            probe.probe == kind
                && probe.workspace.as_deref() == Some(workspace)
                && probe.outcome != Outcome::Skipped
        })
    }

    /// Whether `list` (`list_bots`, `list_workflows`) was read to its end in `workspace`.
    pub fn listed_whole(&self, list: ProbeKind, workspace: &str) -> bool {
        self.probes().any(|(_, probe)| {
            probe.probe == list
                && probe.listed_complete
                && probe.workspace.as_deref() == Some(workspace)
        })
    }

    /// Whether `list_workspaces` was tried.
    pub fn listed(&self) -> bool {
        self.probes().any(|(_, probe)| {
            probe.probe == ProbeKind::ListWorkspaces && probe.outcome != Outcome::Skipped
        })
    }

    /// Whether the rows already answer the binding question of a denial of `kind` in `workspace`: a
    /// success there or elsewhere, a denial where it is bound, or its workspace list (with or without it).
    pub fn decides(&self, kind: ProbeKind, workspace: &str) -> bool {
        self.bound_in(workspace).is_some()
            || self.permitted_elsewhere(kind, workspace).is_some()
            || self.denied_where_bound(kind, workspace).is_some()
            || self.listing(workspace).is_some()
            || self.not_listing(workspace).is_some()
    }
}

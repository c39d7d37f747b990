//! A credential rejected for authentication in the scenario's region: the row, the probe that shows it, why
//! (from the message), and the runner's other-region rows of the same credential. The rules on rejected
//! credentials (`wrong_region`, `key_not_registered`, `credential_rejected`, `audience_mismatch`) read them
//! and speak once per credential.

use crate::diagnose::evidence::{AuthFailure, Evidence, Facts, auth_rejection, authenticated};
use crate::runner::{CaseResult, ProbeResult};

/// A home row whose credential was rejected.
#[derive(Debug, Clone)]
pub struct Rejection<'a> {
    pub case: &'a CaseResult,
    /// The probe that shows the rejection (see [`auth_rejection`]).
    pub probe: &'a ProbeResult,
    pub failure: AuthFailure,
    /// The rows the runner added in the other region for the same credential.
    pub other_rows: Vec<&'a CaseResult>,
}

impl<'a> Rejection<'a> {
    /// Every home row whose credential was rejected, in order.
    pub fn all<'f>(facts: &'f Facts<'a>) -> impl Iterator<Item = Rejection<'a>> + 'f {
        facts.home_rows().filter_map(|case| {
            let (probe, failure) = auth_rejection(case)?;
            Some(Rejection {
                case,
                probe,
                failure,
                other_rows: facts.other_region_rows(case).collect(),
            })
        })
    }

    /// Whether the other region was tried and rejected the credential too.
    pub fn in_both_regions(&self) -> bool {
        !self.other_rows.is_empty() && !self.other_rows.iter().any(|row| authenticated(row))
    }

    /// Cites the rejected row and the other-region rows, each with its rejecting probe.
    pub fn evidence(&self) -> Evidence {
        let mut evidence = Evidence::default();
        evidence.add(self.case, Some(self.probe));
        for row in &self.other_rows {
            evidence.add(row, auth_rejection(row).map(|(probe, _)| probe));
        }
        evidence
    }
}

/// The first of `rejections` for each credential (a rule speaks once per credential).
pub fn first_per_credential<'a>(
    rejections: impl Iterator<Item = Rejection<'a>>,
) -> impl Iterator<Item = Rejection<'a>> {
    let mut done: Vec<&'a str> = Vec::new();
    rejections.filter(move |rejection| {
        let name = rejection.case.auth.name.as_str();
        let first = !done.contains(&name);
        if first {
            done.push(name);
        }
        first
    })
}

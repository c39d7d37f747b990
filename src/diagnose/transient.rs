//! Probes that met a transient failure (a rate limit, a server error), finally or on an attempt the runner
//! retried: the cases left inconclusive, the cases whose retries recovered, the codes seen and the evidence.
//! The rules `rate_limited` and `server_error` read them.

use crate::diagnose::evidence::{Evidence, Facts, code_of};
use crate::outcome::Outcome;
use crate::runner::{Attempt, CaseResult};

/// Which codes of a retried attempt are cited (its final probe always cites [`code_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptCode {
    /// The business code, else the HTTP status.
    BusinessOrStatus,
    /// The business code, else the OAuth `error_code`, else the HTTP status.
    BusinessOAuthOrStatus,
}

impl AttemptCode {
    fn of(self, attempt: &Attempt) -> Option<String> {
        let answer = &attempt.answer;
        match self {
            AttemptCode::BusinessOrStatus => answer
                .code
                .map(|code| code.to_string())
                .or_else(|| answer.http_status.map(|status| format!("HTTP {status}"))),
            AttemptCode::BusinessOAuthOrStatus => answer.code_label(),
        }
    }
}

/// The cases that met one transient outcome.
#[derive(Debug, Default)]
pub struct Transient<'a> {
    /// Every such case, with the logids of the failed attempts and final probes.
    pub evidence: Evidence,
    /// Cases with a probe that ended with the outcome, in order, without repeats.
    pub failed: Vec<&'a CaseResult>,
    /// Cases whose probes met the outcome only on attempts that were retried successfully.
    pub recovered: Vec<&'a CaseResult>,
    /// The codes seen, in order, without repeats.
    pub codes: Vec<String>,
}

impl<'a> Transient<'a> {
    /// The cases of `facts` that met `outcome`; `None` when there are none.
    pub fn collect(
        facts: &Facts<'a>,
        outcome: Outcome,
        cited: AttemptCode,
    ) -> Option<Transient<'a>> {
        let mut found = Transient::default();
        for case in facts.cases() {
            for probe in &case.probes {
                let earlier: Vec<_> = probe
                    .attempts
                    .iter()
                    .filter(|a| a.outcome == outcome)
                    .collect();
                let last = probe.outcome == outcome;
                if !last && earlier.is_empty() {
                    continue;
                }
                found.evidence.add_case(case);
                for attempt in &earlier {
                    if let Some(logid) = &attempt.answer.logid {
                        found.evidence.add_logid(logid);
                    }
                    if let Some(code) = cited.of(attempt) {
                        found.add_code(code);
                    }
                }
                if last {
                    if let Some(logid) = &probe.answer.logid {
                        found.evidence.add_logid(logid);
                    }
                    found.add_code(code_of(probe));
                    add_case(&mut found.failed, case);
                } else {
                    add_case(&mut found.recovered, case);
                }
            }
        }
        (!found.evidence.cases.is_empty()).then_some(found)
    }

    fn add_code(&mut self, code: String) {
        if !self.codes.contains(&code) {
            self.codes.push(code);
        }
    }
}

fn add_case<'a>(cases: &mut Vec<&'a CaseResult>, case: &'a CaseResult) {
    if !cases.iter().any(|known| known.name == case.name) {
        cases.push(case);
    }
}

//! What is no verdict on the credential: the account out of quota or balance (any row: it stops every
//! call), and, on the user's operations, the service throttling or failing, or refusing the request's own
//! form. Retries that recovered are notes of the report, not causes.
//!
//! Grounds: doc coze_error_codes (4008, 4011, 4019, 4022), chat-sdk i18n (4027, 4028, 788788103),
//! coze-py#425, doc coze_api_overview (limits; no SDK retries), the Coze error-code page (5000, 702042078,
//! 720701013), coze-js#179 (a 5000 hiding a wrong id).

use crate::diagnose::credential::{CredentialView, Row};
use crate::diagnose::verdict::{Cause, Cited, Detail, Verdict};
use crate::outcome::Outcome;
use crate::probe::ProbeKind;

pub fn decide(view: &CredentialView<'_>, verdict: &mut Verdict) {
    let quota: Vec<Row<'_>> = view
        .own_rows()
        .flat_map(|case| case.probes.iter().map(move |probe| (case, probe)))
        .filter(|(_, probe)| probe.outcome == Outcome::QuotaExhausted)
        .collect();
    push(verdict, &quota, |codes| Detail::QuotaExhausted { codes });
    let relevant = |outcome: Outcome| -> Vec<Row<'_>> {
        view.relevant_probes()
            .filter(|(_, probe)| probe.outcome == outcome)
            .collect()
    };
    push(verdict, &relevant(Outcome::RateLimited), |codes| {
        Detail::RateLimited { codes }
    });
    let on_studio = view.scenario.target.studio.is_some();
    push(verdict, &relevant(Outcome::ServerError), |codes| {
        Detail::ServerError { codes, on_studio }
    });
    // The endpoint-missing 4000 is the reach step's; a scoped token request's is the scope's.
    for (case, probe) in relevant(Outcome::BadRequest) {
        let endpoint = probe.answer.message.as_deref().is_some_and(|message| {
            crate::coze::messages::contains(message, crate::coze::messages::ENDPOINT_MISSING)
        });
        if probe.probe != ProbeKind::Token && !endpoint {
            verdict.causes.push(Cause::new(
                Detail::RequestInvalid { probe: probe.probe },
                true,
                vec![Cited::of(case, probe)],
            ));
        }
    }
}

fn push(verdict: &mut Verdict, rows: &[Row<'_>], detail: impl Fn(Vec<String>) -> Detail) {
    if rows.is_empty() {
        return;
    }
    let mut codes: Vec<String> = Vec::new();
    for (_, probe) in rows {
        let code = probe.answer.code_label().unwrap_or_else(|| "?".into());
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    verdict.causes.push(Cause::new(
        detail(codes),
        true,
        rows.iter()
            .map(|(case, probe)| Cited::of(case, probe))
            .collect(),
    ));
}

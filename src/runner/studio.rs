//! What a scenario's run has learned of a self-hosted Coze Studio: once any answer shows one of its marks
//! (a base URL alone never tells), requests to paths it does not serve as OpenAPI are not sent — they could
//! only meet its login-cookie failure and test nothing — and follow-ups are planned without them. The facts
//! for the report are gathered from the answers' marks when the scenario ends.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::coze::studio::{self, StudioFacts};
use crate::probe::Probe;

use super::result::CaseResult;

/// Whether the scenario's target answered as a Studio, shared by the cases running at the same time.
#[derive(Debug, Default)]
pub(super) struct StudioWatch {
    recognised: AtomicBool,
    /// An answer showed a release before v0.5 (its web paths' 700012006), which serves fewer paths.
    before_0_5: AtomicBool,
}

impl StudioWatch {
    pub(super) fn recognised(&self) -> bool {
        self.recognised.load(Ordering::Relaxed)
    }

    /// Records an answer's marks.
    pub(super) fn saw(&self, signs: &[studio::StudioSign]) {
        if !signs.is_empty() {
            self.recognised.store(true, Ordering::Relaxed);
        }
        if signs
            .iter()
            .any(|sign| sign.release() == Some(studio::StudioRelease::V03OrEarlier))
        {
            self.before_0_5.store(true, Ordering::Relaxed);
        }
    }

    /// Whether `path` may be sent: anything until a Studio is recognised, then only its OpenAPI paths.
    pub(super) fn sends(&self, path: &str) -> bool {
        let release = self
            .before_0_5
            .load(Ordering::Relaxed)
            .then_some(studio::StudioRelease::V03OrEarlier);
        !self.recognised() || studio::serves_openapi_in(path, release)
    }

    /// `probes` without those a recognised Studio does not serve.
    pub(super) fn keep_served(&self, probes: &mut Vec<Probe>) {
        probes.retain(|probe| self.sends(&probe.request().path));
    }
}

/// The Studio facts of a scenario's rows, when any answer showed a mark.
pub(super) fn facts(cases: &[CaseResult]) -> Option<StudioFacts> {
    StudioFacts::of(
        cases
            .iter()
            .flat_map(|case| &case.probes)
            .flat_map(|probe| probe.studio_signs.iter().copied()),
    )
}

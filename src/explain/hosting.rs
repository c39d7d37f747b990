//! Who answered a pasted error, as far as the text tells: Coze's cloud (a Coze host or a Coze logid is in
//! it), a self-hosted server (Coze Studio, Coze Loop, a local address, a provider's failure inside a
//! deployment), or nobody can tell. Coze support can trace only the first, and only by a real Coze logid,
//! so the advice to give them logids is given only then ([`LogidAdvice`]).

use crate::coze::failure::Failure;
use crate::coze::messages::contains_any;
use crate::coze::pasted::Extracted;
use crate::i18n::Bilingual;
use crate::knowledge::facts;

/// Words of a self-hosted server in a text: its names, its log ids (`X-Log-Id`, `[log-id: <uuid>]`), its
/// error package, local addresses.
const SELF_HOSTED: &[&str] = &[
    "coze studio",
    "coze-studio",
    "opencoze",
    "coze-server",
    "coze loop",
    "coze-loop",
    "cozeloop",
    "x-log-id",
    "[log-id:",
    "/app/pkg/errorx",
    "localhost:",
    "127.0.0.1:",
    "0.0.0.0:",
    "host.docker.internal",
];

/// What the text says about who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosting {
    /// Coze's cloud: a Coze host is named or a Coze logid is present.
    Coze,
    /// A self-hosted server: Coze support cannot see it.
    SelfHosted,
    /// Nothing tells.
    Unknown,
}

/// Which advice about logids fits an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogidAdvice {
    /// Give Coze support the logid (a bare term, or a paste from Coze's cloud with a logid).
    Give,
    /// The text has no Coze logid: say how to get one.
    NoLogid,
    /// A self-hosted server answered: its own logs, not Coze support.
    SelfHosted,
}

impl Hosting {
    /// Who answered `text`, whose fields are `extracted`; `coze_host` is a Coze host the text names.
    pub fn of(text: &str, extracted: &Extracted, coze_host: bool) -> Hosting {
        let lower = text.to_ascii_lowercase();
        let deployment = matches!(extracted.failure, Some(Failure::Deployment { .. }));
        if deployment || contains_any(&lower, SELF_HOSTED) {
            Hosting::SelfHosted
        } else if coze_host || extracted.logid.is_some() {
            Hosting::Coze
        } else {
            Hosting::Unknown
        }
    }

    /// The logid advice for a paste answered this way.
    pub fn advice(self, has_logid: bool) -> LogidAdvice {
        match self {
            Hosting::SelfHosted => LogidAdvice::SelfHosted,
            Hosting::Coze if has_logid => LogidAdvice::Give,
            Hosting::Coze | Hosting::Unknown => LogidAdvice::NoLogid,
        }
    }
}

/// The fix said instead of "give Coze support the logids" when there is no Coze logid.
static NO_LOGID: Bilingual = Bilingual::fixed(
    "This text has no Coze logid, and Coze support traces a request only by one: print the whole response (the `x-tt-logid` header, or `detail.logid` in the body), or reproduce the call with `cozescope run`, which records every logid.",
    "这段文本中没有扣子的 logid，而扣子技术支持只能通过 logid 追踪请求：请打印完整响应（响应头 `x-tt-logid`，或响应体中的 `detail.logid`），或用 `cozescope run` 复现调用，它会记录每个 logid。",
);

/// The fix said instead of the logid and retry advice when a self-hosted server answered.
static OWN_LOGS: Bilingual = facts::SELF_HOSTED_LOGS;

impl LogidAdvice {
    /// `fixes` as they fit this answer: the logid advice replaced when there is no Coze logid to give, and
    /// the retry-then-ticket advice too when a self-hosted server answered.
    pub fn fixes(self, fixes: &'static [Bilingual]) -> Vec<&'static Bilingual> {
        let replaced = |fix: &Bilingual| match self {
            LogidAdvice::Give => false,
            LogidAdvice::NoLogid => *fix == facts::GIVE_LOGIDS,
            LogidAdvice::SelfHosted => {
                *fix == facts::GIVE_LOGIDS || *fix == facts::RETRY_SERVER_ERROR
            }
        };
        let mut shown: Vec<&'static Bilingual> = Vec::new();
        for fix in fixes {
            let fix = if replaced(fix) {
                match self {
                    LogidAdvice::SelfHosted => &OWN_LOGS,
                    _ => &NO_LOGID,
                }
            } else {
                fix
            };
            if !shown.contains(&fix) {
                shown.push(fix);
            }
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coze::pasted::extract;

    #[test]
    fn logid_advice_needs_coze_and_a_logid() {
        let cloud = "code: 5000, msg: x, logid: 20250402172757C9D48D9701EFB24031A7";
        assert_eq!(Hosting::of(cloud, &extract(cloud), false), Hosting::Coze);
        let studio = "2025/07/28 [log-id: 6bc96e3a-b944-417e-8553-3d05c22d491d] code: 5000";
        assert_eq!(
            Hosting::of(studio, &extract(studio), false),
            Hosting::SelfHosted
        );
        assert_eq!(
            Hosting::of("code: 5000", &extract("code: 5000"), false),
            Hosting::Unknown
        );
        let fixes = [facts::RETRY_SERVER_ERROR, facts::GIVE_LOGIDS];
        let fixes: &'static [Bilingual] = Box::leak(Box::new(fixes));
        assert_eq!(LogidAdvice::Give.fixes(fixes).len(), 2);
        assert_eq!(LogidAdvice::NoLogid.fixes(fixes)[1], &NO_LOGID);
        assert_eq!(LogidAdvice::SelfHosted.fixes(fixes), [&OWN_LOGS]);
    }
}

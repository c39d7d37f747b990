//! Polling a chat as the SDKs' `create_and_poll` do: while the chat is `created` or `in_progress`, wait
//! the interval and retrieve it again, until another status (`completed`, `failed`, `requires_action`,
//! `canceled`), a retrieve that does not succeed, or the bound on retrieves. cozepy waits 1 s before each
//! retrieve and loops while the status is `in_progress` (cozepy chat `create_and_poll`); coze-js waits
//! 100 ms and stops on `completed`, `failed` or `requires_action` (`@coze/api` chat `createAndPoll`); the
//! docs ask for at most one retrieve per second (doc retrieve_chat). Real targets get cozepy's 1 s; the
//! sandbox, which answers at once, a few milliseconds.

use std::time::Duration;

use secrecy::SecretString;

use super::case::{CaseContext, with_retries};
use super::result::{ChatState, ProbeResult};
use crate::coze::request::ProbeRequest;
use crate::outcome::Outcome;
use crate::probe::ProbeKind;

/// How a case polls its chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatPolling {
    /// The wait before each retrieve of a chat in progress.
    pub interval: Duration,
    /// The most retrieves one `retrieve_chat` probe sends (a minute at cozepy's interval).
    pub max_retrieves: u32,
}

impl ChatPolling {
    /// cozepy's interval, and the docs' "at most once per second".
    pub const SDK_INTERVAL: Duration = Duration::from_secs(1);
    /// The sandbox completes a chat on a retrieve, not with time: a short wait keeps runs fast.
    pub const SANDBOX_INTERVAL: Duration = Duration::from_millis(5);
    pub const MAX_RETRIEVES: u32 = 60;

    /// The polling for a target: the SDK's interval on the real service, a short one on the sandbox.
    pub fn for_target(sandbox: bool) -> ChatPolling {
        ChatPolling {
            interval: if sandbox {
                ChatPolling::SANDBOX_INTERVAL
            } else {
                ChatPolling::SDK_INTERVAL
            },
            max_retrieves: ChatPolling::MAX_RETRIEVES,
        }
    }
}

/// Retrieves `chat` (as its create answered it) until it is no longer in progress: the result of the last
/// retrieve, with the requests of the earlier ones as its `polls`.
pub(super) async fn retrieve_until_done(
    context: &CaseContext<'_>,
    request: ProbeRequest,
    token: &SecretString,
    chat: &ChatState,
) -> ProbeResult {
    let polling = context.chat_polling;
    let mut in_progress = chat.in_progress();
    let mut polls = 0;
    let mut retrieves = 0;
    loop {
        if in_progress {
            tokio::select! {
                () = tokio::time::sleep(polling.interval) => {}
                () = context.cancel.cancelled() => {}
            }
        }
        let mut result = with_retries(context, ProbeKind::RetrieveChat, request.clone(), || {
            Ok(token.clone())
        })
        .await
        .result;
        retrieves += 1;
        in_progress = result.chat.as_ref().is_some_and(ChatState::in_progress);
        let done = result.outcome != Outcome::Ok
            || !in_progress
            || retrieves >= polling.max_retrieves
            || context.cancel.is_cancelled();
        if done {
            result.polls = polls;
            return result;
        }
        polls += result.requests_sent();
    }
}

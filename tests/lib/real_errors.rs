//! Real error texts users pasted (tests/fixtures/real-errors-sample.json): each one is read, classified
//! with the outcome word its thread supports, and explained under the heading a user needs (an entry of the
//! knowledge base or the finding that diagnoses it).

use cozescope::coze::classify::{Said, classify_text, judge};
use cozescope::coze::pasted::extract;
use cozescope::explain::verdicts_in;
use cozescope::i18n::Lang;

use crate::common::sample::{Entry, entries};

/// For each sample entry, in file order: what `explain` must name for the user to act (an entry id, a code
/// heading, or a rule id), from the root cause its thread reached.
const HEADINGS: [&str; 46] = [
    "wrong_region",                                            // coze-go#56
    "wrong_region",                                            // sat_ token on coze.com
    "700012006 — ",                                            // access token invalid
    "\"authentication is invalid\" — ",                        // coze-js AuthenticationError
    "\"authentication is invalid\" — ",                        // coze-js#314
    "wrong_region",                                            // coze-py#148
    "wrong_region",                                            // coze-py#230
    "wrong_region",                                            // coze-go#43
    "key_not_registered",                                      // coze-py#123: the kid
    "\"server rejected WebSocket connection\" — ",             // coze-py#171
    "workspace_not_bound", // a PAT without the workflow's workspace
    "4101 — ",             // coze-py#227 over WebSocket
    "wrong_region",        // coze-java#92
    "id_rounded",          // xiaozhi-esp32-server#352
    "4200 — ",             // coze-py#318: another deployment
    "4200 — ",             // bot_id=0
    "4200 — ",             // a fake token
    "4200 — ",             // not a credential at all
    "not_published",       // one-api#1462
    "not_published",       // dify-on-wechat#24
    "\"The field http body provided is not a valid json\" — ", // mcp-coze
    "\"The field http body provided is not a valid json\" — ", // /v2/chat with a v3 body
    "4005 — ",             // polling the wrong endpoint
    "invalid_request — ",  // coze-js#212
    "\"missing required Host header\" — ", // coze-java#89
    "quota_exhausted",     // coze-py#425
    "\"validation error for Message\" — ", // coze-py#203
    "server_error",        // coze-js#179
    "server_error",        // coze-js#178
    "720701013 — ",        // a workflow's 720701013
    "4305 — ",             // coze-py#247
    "700012006 — ",        // coze-studio#1950
    "777777775 — ",        // coze-studio#2256
    "777777775 — ",        // coze-studio#2486
    "deployment — ",       // coze-studio#703: no model configured
    "deployment — ",       // coze-studio#2064: the provider's 400 inside a workflow
    "deployment — ",       // coze-studio#455: the embedding batch size
    "deployment — ",       // coze-studio#2481: the provider's InvalidParameter, its request_id
    "deployment — ",       // coze-studio#121: the provider's host not resolved in the container
    "deployment — ",       // coze-studio#121: the provider's host refused
    "workflow_node — ",    // coze-studio#767: an HTTP node's EOF
    "workflow_node — ",    // coze-studio#2494: a plugin's answer
    "network_error — ",    // coze-java#130: api.coze.cn not resolved
    "Only an HTTP status", // coze-loop#51: a 405 from a local deployment
    "websocket_close — ",  // a close 1005
    "4028 — ",             // coze-js#145: a body's 4028, not a close code
];

fn outcome_of(entry: &Entry) -> String {
    let outcome = judge(Said::from(&extract(&entry.text)));
    assert_eq!(classify_text(&entry.text).outcome, outcome);
    outcome.to_string()
}

#[test]
fn every_sample_text_is_read_and_classified() {
    let entries = entries();
    let mut wrong = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let extracted = extract(&entry.text);
        let outcome = outcome_of(entry);
        if extracted.found() != entry.is_coze_error() || outcome != entry.category {
            wrong.push(format!(
                "#{index} found={} outcome={outcome} want {}: {:?}",
                extracted.found(),
                entry.category,
                entry.text
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}/{} wrong:\n{}",
        wrong.len(),
        entries.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_sample_text_is_explained_under_the_heading_a_user_needs() {
    let entries = entries();
    assert_eq!(entries.len(), HEADINGS.len(), "one heading per entry");
    let mut wrong = Vec::new();
    for (index, (entry, heading)) in entries.iter().zip(HEADINGS).enumerate() {
        let Some(text) = cozescope::explain::explain(&entry.text, Lang::En) else {
            wrong.push(format!("#{index}: not recognised: {:?}", entry.text));
            continue;
        };
        if !text.contains(heading) {
            wrong.push(format!("#{index}: no {heading:?} in:\n{text}"));
        }
        // What a paste reads as is the outcome the classifier gives it.
        if text.starts_with("Read from the text:")
            && !text.contains(&format!("cozescope outcome: {}\n", entry.category))
        {
            wrong.push(format!(
                "#{index}: outcome is not {}:\n{text}",
                entry.category
            ));
        }
        // One answer: exactly one verdict line, in either language.
        let zh = cozescope::explain::explain(&entry.text, Lang::Zh);
        if zh.is_none() {
            wrong.push(format!("#{index}: not recognised in zh"));
        }
        for answer in std::iter::once(&text).chain(zh.as_ref()) {
            let verdicts = verdicts_in(answer).len();
            if verdicts != 1 {
                wrong.push(format!("#{index}: {verdicts} outcome lines:\n{answer}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn explained_pastes_show_what_they_carry() {
    for entry in entries().iter().filter(|entry| entry.is_coze_error()) {
        let Some(text) = cozescope::explain::explain(&entry.text, Lang::En) else {
            panic!("not recognised: {:?}", entry.text);
        };
        if let Some(code) = entry.code.as_i64() {
            assert!(text.contains(&code.to_string()), "{code} in:\n{text}");
        }
        if let Some(error_code) = entry.code.as_str() {
            assert!(text.contains(error_code), "{error_code} in:\n{text}");
        }
        if let Some(logid) = extract(&entry.text).logid {
            assert!(
                !text.starts_with("Read from the text:") || text.contains(&logid),
                "{logid} in:\n{text}"
            );
        }
    }
}

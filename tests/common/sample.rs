//! The sample of real error texts users posted in public issues and notes
//! (`tests/fixtures/real-errors-sample.json`): each with its source, what the text says (HTTP status, code
//! or OAuth error_code, message), the endpoint, the root cause its thread reached, and the outcome word a
//! careful engineer gives it (`category`).

use serde::Deserialize;
use serde_json::Value;

/// One real error text.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub text: String,
    pub source: String,
    pub http_status: Option<u16>,
    /// A business code (number), an OAuth error_code (string), or null.
    pub code: Value,
    pub msg: Option<String>,
    pub endpoint: String,
    pub root_cause: String,
    pub category: String,
}

impl Entry {
    /// Whether the text carries a Coze error at all (one entry is an SDK's own error that hides it).
    pub fn is_coze_error(&self) -> bool {
        self.msg.is_some() || !self.code.is_null()
    }

    /// The body the service sent, when the text is one whole JSON object with a `code` or an
    /// `error_code`: alone, after a log's `… response:`, or after its status line. A body quoted inside a
    /// server's own error (a model provider's answer relayed in a deployment's log) is not the service's.
    pub fn json_body(&self) -> Option<String> {
        let start = self.text.find('{')?;
        let end = self.text.rfind('}')?;
        let prefix = self.text[..start].trim();
        let answered =
            prefix.is_empty() || prefix.ends_with("response:") || prefix.starts_with("HTTP ");
        if !answered || !self.text[end + 1..].trim().is_empty() {
            return None;
        }
        let candidate = self.text.get(start..=end)?;
        let body: Value = serde_json::from_str(candidate).ok()?;
        (body.get("code").is_some() || body.get("error_code").is_some())
            .then(|| candidate.to_string())
    }
}

/// Every entry, in file order.
pub fn entries() -> Vec<Entry> {
    let text = include_str!("../fixtures/real-errors-sample.json");
    serde_json::from_str(text).expect("the sample parses")
}

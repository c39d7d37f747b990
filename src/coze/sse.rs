//! A chat answered as a stream of server-sent events where a JSON answer was asked for: Coze Studio before
//! v0.5.1 streams `/v3/chat` whatever `stream` says (`event:NAME\ndata:JSON`, no spaces). Read as the
//! envelope the non-streaming answer would have been: the first `error` event's `{code, msg}`, else the
//! chat that `conversation.chat.created` describes as `data`.

use serde_json::{Value, json};

/// The event that carries the chat when it is created.
const CHAT_CREATED: &str = "conversation.chat.created";
/// The event that carries a failure.
const ERROR: &str = "error";

/// The events of a stream, `(name, data)`, in order; `None` when `body` is not an event stream.
pub fn events(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with("event:") {
        return None;
    }
    let mut events = Vec::new();
    let mut name: Option<String> = None;
    for line in text.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = Some(value.trim().to_string());
        } else if let Some(value) = line.strip_prefix("data:") {
            events.push((name.take().unwrap_or_default(), value.trim().to_string()));
        }
    }
    Some(events)
}

/// The JSON envelope a streamed chat stands for, when `body` is an event stream that says how it went.
pub fn chat_envelope(body: &[u8]) -> Option<Vec<u8>> {
    let events = events(body)?;
    let data = |wanted: &str| {
        events
            .iter()
            .find(|(name, _)| name == wanted)
            .and_then(|(_, data)| serde_json::from_str::<Value>(data).ok())
    };
    let envelope = match (data(ERROR), data(CHAT_CREATED)) {
        (Some(error), _) => json!({
            "code": error.get("code").cloned().unwrap_or(Value::Null),
            "msg": error.get("msg").cloned().unwrap_or(Value::Null),
        }),
        (None, Some(chat)) => json!({"code": 0, "msg": "", "data": chat}),
        (None, None) => return None,
    };
    serde_json::to_vec(&envelope).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_studio_stream_reads_as_its_envelope() {
        let created = b"event:conversation.chat.created\ndata:{\"id\":\"1\",\"conversation_id\":\"2\",\"status\":\"created\"}\n\nevent:done\ndata:\"[DONE]\"\n\n";
        let envelope: Value = serde_json::from_slice(&chat_envelope(created).unwrap()).unwrap();
        assert_eq!(envelope["code"], 0);
        assert_eq!(envelope["data"]["conversation_id"], "2");
        let failed = b"event:error\ndata:{\"code\":103100001,\"msg\":\"agent not published\"}\n\n";
        let envelope: Value = serde_json::from_slice(&chat_envelope(failed).unwrap()).unwrap();
        assert_eq!(envelope["code"], 103100001);
        assert!(chat_envelope(b"{\"code\":0}").is_none());
        assert!(chat_envelope(b"event: ping\ndata: {}\n\n").is_none());
    }
}

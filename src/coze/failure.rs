//! Failures that are not the Coze OpenAPI's verdict on a request, recognised by their kind in a pasted text
//! or an answer's message: a deployment's model or embedding provider failing (self-hosted Coze Studio or
//! Coze Loop calling a model), a workflow node or plugin failing, the network failing before any answer,
//! and a realtime WebSocket closed with a close code (not a body's business code). Each keeps what a user
//! needs to act: the provider's host and `request_id` (never a Coze logid), the node and the inner code, the
//! host that could not be reached, the close code.
//!
//! The outcome vocabulary does not grow for them: from the caller's side a deployment's misconfiguration
//! and a workflow or plugin failure are `server_error`, a network failure and a closed WebSocket
//! `network_error`. What to change is the advice, not a new word.

use std::sync::LazyLock;

use regex::Regex;

use super::messages::contains_any;
use super::pasted::compile;
use super::region::Region;
use crate::outcome::Outcome;

/// A failure recognised by its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server's call to a model or embedding provider failed: the fix is in its configuration.
    Deployment {
        part: DeploymentPart,
        /// The provider's host named in the text (`ark.cn-beijing.volces.com`).
        host: Option<String>,
    },
    /// A workflow node or a plugin failed.
    Workflow {
        /// The node named in the text (`知识库检索` in `'知识库检索.outputList' is empty`).
        node: Option<String>,
        /// A workflow code in brackets (`[720712000]`).
        inner_code: Option<i64>,
        /// The failure is a plugin's (its tool's answer), not a node of the flow.
        plugin: bool,
    },
    /// No answer: the caller could not reach the host (DNS, a refused or reset connection, a timeout).
    Network { host: Option<String> },
    /// A WebSocket (realtime) connection closed with this close code.
    WebSocketClose { code: u16 },
}

/// Which part of a deployment failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentPart {
    /// The chat model: none configured, a wrong model name, key or parameter.
    Model,
    /// The embedding model of a knowledge base: batch size, dimensions, endpoint.
    Embedding,
    /// A service the server calls (a model provider, its own storage) cannot be reached from it: DNS or
    /// the network inside the container.
    Unreachable,
}

impl Failure {
    /// The outcome word from the caller's side.
    pub fn outcome(&self) -> Outcome {
        match self {
            Failure::Deployment { .. } | Failure::Workflow { .. } => Outcome::ServerError,
            Failure::Network { .. } | Failure::WebSocketClose { .. } => Outcome::NetworkError,
        }
    }
}

/// Words of a model provider's rejection, as a server relays it (OpenAI-compatible APIs, Volcengine Ark,
/// DashScope) or as Coze Studio words a missing model.
const MODEL: &[&str] = &[
    "no llm model in use",
    "please config a model",
    "must provide a model parameter",
    "get model by id failed",
    "generate model failed",
    "failed to create chat completion",
    "model_not_found",
    "the model does not exist",
    "invalid_request_error",
    "incorrect api key provided",
    "invalidparameter",
    "invalid parameter: model",
    "messages 参数非法",
    "模型不存在",
];

/// Words of an embedding call failing (a knowledge base's indexing or retrieval).
const EMBEDDING: &[&str] = &[
    "embed failed",
    "embedding failed",
    "embeddings failed",
    "maximum allowed batch size",
    "batch size is invalid",
    "batch size exceeds",
    "dimension mismatch",
    "dimensions mismatch",
    "expected dimension",
    "vector dimension",
];

/// Words of a workflow node or a plugin failing.
const WORKFLOW: &[&str] = &[
    "workflow execution failure",
    "node execution failed",
    "node execute failed",
    "节点执行失败",
    "工作流执行失败",
];

const PLUGIN: &[&str] = &[
    "execute tool failed",
    "plugin execute failed",
    "tool execution failed",
    "插件执行失败",
];

/// A transport failure: the request got no answer.
static NETWORK_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i-u:unknownhostexception|enotfound|econnrefused|econnreset|etimedout|ehostunreach|",
        r"connection refused|connection reset|connection timed out|connect timed out|connecttimeout|",
        r"no such host|server misbehaving|name or service not known|temporary failure in name resolution|",
        r"nodename nor servname|failed to resolve|nameresolutionerror|could not resolve host|",
        r"network is unreachable|no route to host|i/o timeout|socket hang up|max retries exceeded|",
        r"context deadline exceeded|client\.timeout exceeded|read timed out|",
        r"failed to establish a new connection|unable to resolve host)"
    ))
});

/// Where a transport failure names its host: `UnknownHostException: api.coze.cn`, `ENOTFOUND api.coze.cn`,
/// `lookup ark.cn-beijing.volces.com on 127.0.0.11:53`, `dial tcp 10.0.0.1:8888`, `host='api.coze.cn'`,
/// `Failed to resolve 'api.coze.cn'`, `Could not resolve host: api.coze.cn`, else the first URL's host.
static HOST_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r#"(?i-u:unknownhostexception:?\s*|enotfound\s+|econnrefused\s+|lookup\s+|dial tcp\s+|host\s*=\s*['"]|"#,
        r#"failed to resolve\s+['"]?|could not resolve host:?\s*|unable to resolve host\s+['"]?|https?://|wss?://)"#,
        r"(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9])"
    ))
});

/// A WebSocket close with its code: `websocket: close 1005 (no status)`, `closed with code 4029`,
/// `ConnectionClosedError: received 1005`, `CloseEvent {wasClean: true, code: 1006}`. The word `close` must come (at most 60 characters) first, so
/// that a body's `code: 4028` is never taken for one.
static CLOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i-u:clos(?:e|ed|ing))[^\n\r0-9]{0,60}?(?:^|[^0-9])(1000|100[1-9]|101[0-5]|[34][0-9]{3})(?:[^0-9]|$)",
    )
});

/// A workflow code in brackets, as Coze Studio prefixes a node's error: `[720712000] …`.
static INNER_CODE_RE: LazyLock<Regex> = LazyLock::new(|| compile(r"\[(7[0-9]{8})\]"));

/// A node's output that was empty or missing: `'知识库检索.outputList' is empty`.
static NODE_OUTPUT_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r#"['"‘“]([^'"’”.\n]{1,60})\.[A-Za-z_][A-Za-z0-9_]{0,40}['"’”]\s*(?:is empty|is required|not found|is nil|does not exist)"#,
    )
});

/// A node named as such: `node: 知识库检索`, `node_name="LLM"`, `节点「大模型」`.
static NODE_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r#"(?:(?i-u:node[_ ]?(?:name|title)?)\s*[:=]\s*["'“]?|节点\s*[「“"']?)([^"'”」,;\n]{1,60}?)(?:["'”」,;\n]|$)"#,
    )
});

/// Hosts of model and embedding providers a deployment calls.
const PROVIDER_HOSTS: &[&str] = &[
    "volces.com",
    "volcengine.com",
    "openai.com",
    "openai.azure.com",
    "aliyuncs.com",
    "deepseek.com",
    "bigmodel.cn",
    "moonshot.cn",
    "baidubce.com",
    "anthropic.com",
    "googleapis.com",
    "siliconflow.cn",
    "minimax.chat",
    "ollama",
];

/// The failure a pasted text (or an answer's message) shows, when it is one of these kinds. A model or
/// embedding provider's failure wins over the workflow around it (it says what to change); a network
/// failure towards a provider's host is the deployment's; a close code names a closed WebSocket.
pub fn read(text: &str) -> Option<Failure> {
    let lower = text.to_ascii_lowercase();
    let network = NETWORK_RE.is_match(text);
    let host = || host_in(text);
    if network {
        let host = host();
        if host.as_deref().is_some_and(is_provider_host) || inside_a_server(&lower) {
            return Some(Failure::Deployment {
                part: DeploymentPart::Unreachable,
                host,
            });
        }
    }
    if let Some(part) = deployment_part(&lower) {
        return Some(Failure::Deployment {
            part,
            host: host().filter(|host| is_provider_host(host)),
        });
    }
    if let Some(failure) = workflow(text, &lower) {
        return Some(failure);
    }
    if let Some(code) = CLOSE_RE
        .captures(text)
        .and_then(|caps| caps.get(1))
        .and_then(|code| code.as_str().parse().ok())
    {
        return Some(Failure::WebSocketClose { code });
    }
    network.then(|| Failure::Network { host: host() })
}

/// The failure an answer's message shows, of the kinds a server words in its body: a deployment's provider
/// and a workflow node or plugin (a network failure or a close code is never in a body).
pub fn in_message(message: &str) -> Option<Failure> {
    let lower = message.to_ascii_lowercase();
    if let Some(part) = deployment_part(&lower) {
        return Some(Failure::Deployment {
            part,
            host: host_in(message).filter(|host| is_provider_host(host)),
        });
    }
    workflow(message, &lower)
}

fn deployment_part(lower: &str) -> Option<DeploymentPart> {
    if contains_any(lower, EMBEDDING) {
        Some(DeploymentPart::Embedding)
    } else if contains_any(lower, MODEL) {
        Some(DeploymentPart::Model)
    } else {
        None
    }
}

fn workflow(text: &str, lower: &str) -> Option<Failure> {
    let plugin = contains_any(lower, PLUGIN);
    let inner_code = INNER_CODE_RE
        .captures(text)
        .and_then(|caps| caps.get(1))
        .and_then(|code| code.as_str().parse().ok());
    let node_output = NODE_OUTPUT_RE.captures(text);
    if !(plugin || inner_code.is_some() || node_output.is_some() || contains_any(lower, WORKFLOW)) {
        return None;
    }
    let node = node_output
        .as_ref()
        .and_then(|caps| caps.get(1))
        .or_else(|| NODE_NAME_RE.captures(text).and_then(|caps| caps.get(1)))
        .map(|node| node.as_str().trim().to_string())
        .filter(|node| !node.is_empty());
    Some(Failure::Workflow {
        node,
        inner_code,
        plugin,
    })
}

fn host_in(text: &str) -> Option<String> {
    HOST_RE
        .captures(text)
        .and_then(|caps| caps.get(1))
        .map(|host| host.as_str().to_ascii_lowercase())
}

/// Marks of a server's own log (a self-hosted Coze Studio or Coze Loop in a container): a network failure
/// there is the deployment's, not the caller's. `127.0.0.11` is Docker's embedded DNS resolver.
const SERVER_LOG: &[&str] = &[
    "127.0.0.11:53",
    "opencoze",
    "coze-server",
    "coze-studio",
    "coze-loop",
    "initializeinfra",
    "/app/pkg/",
];

/// Whether the (lowercased) text is a server's own log.
fn inside_a_server(lower: &str) -> bool {
    contains_any(lower, SERVER_LOG)
}

/// Whether `host` is a model or embedding provider's.
pub fn is_provider_host(host: &str) -> bool {
    PROVIDER_HOSTS
        .iter()
        .any(|provider| host.contains(provider))
}

/// Whether `host` is one of Coze's own (the OpenAPI, the WebSocket gateway or the web site of a region).
pub fn is_coze_host(host: &str) -> bool {
    Region::ALL.into_iter().any(|region| {
        let api = region.api_host();
        let site = api.trim_start_matches("api.");
        host == api || host == site || host.ends_with(&format!(".{site}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_failure_is_the_deployments() {
        for (text, part) in [
            (
                "there is no llm model in use, please config a model first",
                DeploymentPart::Model,
            ),
            (
                "Workflow execution failure: error, status code: 400, status: 400 Bad Request, message: you must provide a model parameter",
                DeploymentPart::Model,
            ),
            (
                r#"embed failed, error, status code: 413, body: {"message":"batch size 100 > maximum allowed batch size 32","code":413}"#,
                DeploymentPart::Embedding,
            ),
            (
                "dial tcp: lookup ark.cn-beijing.volces.com on 127.0.0.11:53: server misbehaving",
                DeploymentPart::Unreachable,
            ),
        ] {
            match read(text) {
                Some(Failure::Deployment { part: got, .. }) => assert_eq!(got, part, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(
            read("lookup ark.cn-beijing.volces.com on 127.0.0.11:53: server misbehaving"),
            Some(Failure::Deployment {
                part: DeploymentPart::Unreachable,
                host: Some("ark.cn-beijing.volces.com".into())
            })
        );
    }

    #[test]
    fn a_node_or_plugin_failure_names_the_node_and_the_inner_code() {
        assert_eq!(
            read("[720712000] 节点执行失败: '知识库检索.outputList' is empty"),
            Some(Failure::Workflow {
                node: Some("知识库检索".into()),
                inner_code: Some(720_712_000),
                plugin: false,
            })
        );
        assert!(matches!(
            read(r#"execute tool failed : response is not object, raw response="ok""#),
            Some(Failure::Workflow { plugin: true, .. })
        ));
        assert!(matches!(
            read("Workflow execution failure: EOF"),
            Some(Failure::Workflow { .. })
        ));
    }

    #[test]
    fn a_network_failure_names_its_host() {
        for (text, host) in [
            (
                "java.lang.RuntimeException: java.net.UnknownHostException: api.coze.cn",
                "api.coze.cn",
            ),
            (
                "Post \"http://10.0.0.5:8888/v3/chat\": dial tcp 10.0.0.5:8888: connect: connection refused",
                "10.0.0.5",
            ),
            ("Error: getaddrinfo ENOTFOUND api.coze.com", "api.coze.com"),
            (
                "HTTPSConnectionPool(host='api.coze.cn', port=443): Max retries exceeded with url: /v3/chat",
                "api.coze.cn",
            ),
        ] {
            assert_eq!(
                read(text),
                Some(Failure::Network {
                    host: Some(host.into())
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn a_close_code_is_a_closed_websocket_but_a_body_code_is_not() {
        assert_eq!(
            read("websocket: close 1005 (no status)"),
            Some(Failure::WebSocketClose { code: 1005 })
        );
        assert_eq!(
            read("WebSocket closed with code 4029: idle"),
            Some(Failure::WebSocketClose { code: 4029 })
        );
        assert_eq!(
            read("[CREATE_ROOM_ERROR] code: 4028, msg: Insufficient coze credits balance"),
            None
        );
        assert_eq!(read(r#"{"code":4027,"msg":"overdue"}"#), None);
    }

    #[test]
    fn hosts_are_told_apart() {
        assert!(
            is_coze_host("api.coze.cn")
                && is_coze_host("ws.coze.com")
                && is_coze_host("www.coze.cn")
        );
        assert!(!is_coze_host("coze.example.com") && !is_coze_host("localhost"));
        assert!(is_provider_host("ark.cn-beijing.volces.com"));
    }
}

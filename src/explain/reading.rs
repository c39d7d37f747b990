//! What `explain` read from a pasted error: the fields [`crate::coze::pasted::extract`] found (each field a
//! known message filled in is marked as inferred), the region a host in the text names, ids that look
//! rounded, a failure of another kind than the API's (a deployment's provider, a workflow node, the network,
//! a closed WebSocket) with what names it, and the outcome the classifier gives it. Shown first, so that a
//! user sees what was understood before what it means; a bare code or message is not a paste and gets no
//! such block.

use std::fmt::Write;

use super::hosting::{Hosting, LogidAdvice};
use super::verdict::{Decided, Verdict};
use crate::coze::classify::{self, Said};
use crate::coze::codes;
use crate::coze::failure::{DeploymentPart, Failure};
use crate::coze::ids;
use crate::coze::pasted::Extracted;
use crate::coze::region::Region;
use crate::i18n::Lang;
use crate::outcome::Outcome;

/// The longest field shown; a pasted message can be a whole stack trace.
const MAX_FIELD_CHARS: usize = 300;

/// A paste as `explain` understood it.
#[derive(Debug)]
pub struct Reading<'a> {
    pub extracted: &'a Extracted,
    /// The outcome the classifier gives the text, and what decided it: the answer's verdict.
    pub verdict: Verdict,
    /// The region named by an API or web host in the text.
    pub region: Option<(Region, &'static str)>,
    pub rounded_ids: Vec<&'a str>,
    /// Who answered, as far as the text tells.
    pub hosting: Hosting,
}

impl<'a> Reading<'a> {
    /// The reading of `text`, when it is worth showing: the text carries a Coze error, and is more than a
    /// bare message the knowledge base is looked up by, or its outcome is one `stated` (the outcome words
    /// of the entries shown) does not give.
    pub fn of(
        text: &'a str,
        extracted: &'a Extracted,
        stated: &[Option<Outcome>],
    ) -> Option<Reading<'a>> {
        let (outcome, basis) = classify::verdict(Said::from(extracted));
        if !extracted.found() && !status_only_error(extracted) && extracted.failure.is_none() {
            return None;
        }
        if !is_paste(text, extracted) && stated.contains(&Some(outcome)) {
            return None;
        }
        Some(Reading {
            extracted,
            verdict: Verdict {
                outcome,
                decided_by: Decided::Text(basis),
            },
            region: region_named(text),
            rounded_ids: ids::rounded_in(text),
            hosting: Hosting::of(text, extracted, region_named(text).is_some()),
        })
    }

    /// The advice about logids that fits this paste.
    pub fn logid_advice(&self) -> LogidAdvice {
        self.hosting.advice(self.extracted.logid.is_some())
    }

    /// The block of text shown before the entries.
    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let colon = if zh { "：" } else { ": " };
        let inferred = if zh {
            "（由消息推断）"
        } else {
            " (inferred from the message)"
        };
        let e = self.extracted;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            if zh {
                "从文本中读到："
            } else {
                "Read from the text:"
            }
        );
        let mut line = |label: &str, value: String, was_inferred: bool| {
            let mark = if was_inferred { inferred } else { "" };
            let _ = writeln!(out, "  {label}{colon}{}{mark}", printable(&value));
        };
        if let Some(status) = e.http_status {
            let label = if zh { "HTTP 状态" } else { "HTTP status" };
            line(label, status.to_string(), e.inferred.http_status);
        }
        // A close code is shown as what it is (below), not as a body's code.
        let close_code = match e.failure {
            Some(Failure::WebSocketClose { code }) => Some(i64::from(code)),
            _ => None,
        };
        if let Some(code) = e.code.filter(|code| Some(*code) != close_code) {
            line("code", code.to_string(), e.inferred.code);
        }
        if let Some(error_code) = &e.error_code {
            line("error_code", error_code.clone(), e.inferred.error_code);
        }
        if let Some(message) = &e.message {
            line(if zh { "消息" } else { "message" }, message.clone(), false);
        }
        if let Some(logid) = &e.logid {
            // The REST API's logids are 34 characters (timestamp + uppercase hex); the WebSocket
            // gateway's are longer and lowercase (coze-py#171, #227): say which service answered.
            let websocket = logid.len() > 34 && !logid.bytes().any(|b| b.is_ascii_uppercase());
            let value = match (websocket, zh) {
                (true, false) => format!("{logid} (WebSocket gateway)"),
                (true, true) => format!("{logid}（WebSocket 网关）"),
                (false, _) => logid.clone(),
            };
            line("logid", value, false);
        }
        if let Some(debug_url) = &e.debug_url {
            line("debug_url", debug_url.clone(), false);
        }
        if let Some(request_id) = &e.request_id {
            let value = if zh {
                format!("{request_id}（服务商的请求 ID，不是扣子的 logid）")
            } else {
                format!("{request_id} (the provider's request id, not a Coze logid)")
            };
            line("request_id", value, false);
        }
        if let Some(failure) = &e.failure {
            for (label, value) in failure_lines(failure, zh) {
                line(label, value, false);
            }
        }
        if let Some((region, host)) = self.region {
            let value = if zh {
                format!("{host}（区域 {region}）")
            } else {
                format!("{host} (region {region})")
            };
            line(if zh { "服务" } else { "service" }, value, false);
        }
        for id in &self.rounded_ids {
            let value = if zh {
                format!("{id}（看起来被舍入了，见 id_rounded）")
            } else {
                format!("{id} (looks rounded: see id_rounded)")
            };
            line(if zh { "ID" } else { "id" }, value, false);
        }
        out.push_str(&self.verdict.line(lang));
        if let Some(code) = e.code.filter(|code| *code != 0 && e.failure.is_none())
            && codes::lookup(code).is_none()
            && !(100..=599).contains(&code)
        {
            let then = match (self.logid_advice(), zh) {
                (LogidAdvice::Give, false) => "give the logid to Coze support",
                (LogidAdvice::Give, true) => "请把 logid 提供给扣子技术支持",
                (LogidAdvice::NoLogid, false) => {
                    "Coze support needs its logid, and the text has none: print the whole response, or reproduce it with `cozescope run`"
                }
                (LogidAdvice::NoLogid, true) => {
                    "扣子技术支持需要它的 logid，而文本中没有：请打印完整响应，或用 `cozescope run` 复现"
                }
                (LogidAdvice::SelfHosted, false) => {
                    "it comes from a self-hosted server, which Coze support cannot see: read that server's logs"
                }
                (LogidAdvice::SelfHosted, true) => {
                    "它来自自行部署的服务，扣子技术支持看不到：请查看该服务的日志"
                }
            };
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!(
                        "code {code} 不在官方错误码表（文档 coze_error_codes）中，也不在已知会出现的错误码中：{then}。"
                    )
                } else {
                    format!(
                        "code {code} is neither in the official error-code table (doc coze_error_codes) nor among the codes seen on the wire: {then}."
                    )
                }
            );
        }
        if status_only_error(e) {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    "只读到 HTTP 状态，没有扣子的响应体：响应体里的 code、msg 和 logid 才说明原因，请打印完整响应体，或用 `cozescope run` 复现。"
                } else {
                    "Only an HTTP status, no Coze body: the body's code, msg and logid say why. Print the whole response body, or reproduce it with `cozescope run`."
                }
            );
        }
        out
    }
}

/// The lines that say what names a failure of another kind: which part of a deployment and its host, the
/// node and the inner code of a workflow, the host not reached, the close code.
fn failure_lines(failure: &Failure, zh: bool) -> Vec<(&'static str, String)> {
    let kind = if zh { "类型" } else { "kind" };
    let host_label = if zh { "主机" } else { "host" };
    let mut lines = Vec::new();
    match failure {
        Failure::Deployment { part, host } => {
            let what = match (part, zh) {
                (DeploymentPart::Model, false) => {
                    "the deployment's model (its name, key or parameters): check its configuration"
                }
                (DeploymentPart::Model, true) => "部署的模型（名称、密钥或参数）：请检查其配置",
                (DeploymentPart::Embedding, false) => {
                    "the deployment's embedding model (batch size, dimensions): check its configuration"
                }
                (DeploymentPart::Embedding, true) => "部署的向量模型（批大小、维度）：请检查其配置",
                (DeploymentPart::Unreachable, false) => {
                    "a service the server calls, unreachable from it: check DNS and the network from inside the container"
                }
                (DeploymentPart::Unreachable, true) => {
                    "服务端调用的服务从它那里不可达：请在容器内检查 DNS 和网络"
                }
            };
            lines.push((kind, what.to_string()));
            if let Some(host) = host {
                lines.push((host_label, host.clone()));
            }
        }
        Failure::Workflow {
            node,
            inner_code,
            plugin,
        } => {
            let what = match (plugin, zh) {
                (true, false) => "a plugin's tool failed: fix the plugin (open the debug_url)",
                (true, true) => "插件的工具执行失败：请修正插件（打开 debug_url）",
                (false, false) => "a workflow node failed: fix the node (open the debug_url)",
                (false, true) => "工作流节点执行失败：请修正该节点（打开 debug_url）",
            };
            lines.push((kind, what.to_string()));
            if let Some(node) = node {
                lines.push((if zh { "节点" } else { "node" }, node.clone()));
            }
            if let Some(code) = inner_code {
                lines.push((
                    if zh { "内部错误码" } else { "inner code" },
                    code.to_string(),
                ));
            }
        }
        Failure::Network { host } => {
            let what = if zh {
                "网络失败，没有任何应答（因此没有 logid）：请从出错的机器检查 DNS、代理和防火墙"
            } else {
                "a network failure, no answer at all (so no logid): check DNS, the proxy and the firewall from the machine that failed"
            };
            lines.push((kind, what.to_string()));
            if let Some(host) = host {
                lines.push((host_label, host.clone()));
            }
        }
        Failure::WebSocketClose { code } => {
            let what = if zh {
                format!("WebSocket 关闭码 {code}（不是响应体中的业务码）：请重新连接")
            } else {
                format!("WebSocket close code {code} (not a body's business code): reconnect")
            };
            lines.push((kind, what));
        }
    }
    lines
}

/// An error status (`HTTP/1.1 403 Forbidden`, `Request failed with status code 401`) and nothing else of a
/// Coze error: worth an answer from the status, which is all there is.
pub(super) fn status_only_error(extracted: &Extracted) -> bool {
    !extracted.found() && extracted.http_status.is_some_and(|status| status >= 400)
}

/// Whether `text` is a pasted error rather than a lookup term: it states more than one message that is the
/// whole input.
fn is_paste(text: &str, extracted: &Extracted) -> bool {
    let inferred = extracted.inferred;
    let stated = (extracted.code.is_some() && !inferred.code)
        || (extracted.error_code.is_some() && !inferred.error_code)
        || (extracted.http_status.is_some() && !inferred.http_status)
        || extracted.logid.is_some()
        || extracted.debug_url.is_some();
    stated || extracted.message.as_deref().map(str::trim) != Some(text.trim())
}

/// The region an API or web host in the text names (`request POST#https://api.coze.cn/v3/chat failed`,
/// `refer to https://coze.com/docs/…`), the API host first.
fn region_named(text: &str) -> Option<(Region, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let api = Region::ALL
        .into_iter()
        .find(|region| lower.contains(region.api_host()))
        .map(|region| (region, region.api_host()));
    api.or_else(|| {
        Region::ALL
            .into_iter()
            .find(|region| lower.contains(&format!("{}/", region.web_host())))
            .map(|region| (region, region.web_host()))
    })
}

/// `text` fit for a terminal: control characters (a pasted binary, an escape sequence) become `�`, and a
/// long value is cut, after any secret in it is masked.
pub fn printable(text: &str) -> String {
    let text = crate::redact::redact(text);
    let text = text.as_str();
    let mut shown: String = text
        .chars()
        .take(MAX_FIELD_CHARS)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(MAX_FIELD_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coze::pasted::extract;

    #[test]
    fn a_paste_is_read_but_a_bare_term_is_not() {
        let line = "cozepy.exception.CozeAPIError: code: 4100, msg: authentication is invalid, logid: 202510152024003A4AF2E4DABEDFE6595B";
        let extracted = extract(line);
        let reading = Reading::of(line, &extracted, &[]).expect("a paste");
        assert_eq!(reading.verdict.outcome, Outcome::DeniedAuth);
        let text = reading.render(Lang::En);
        assert!(text.contains("  code: 4100\n"), "{text}");
        assert!(text.contains("logid: 202510152024003A4AF2E4DABEDFE6595B"));
        assert!(text.contains("cozescope outcome: denied_auth"));
        let said = [Some(Outcome::DeniedAuth)];
        for bare in [
            "invalid jwt: kid not been registred",
            "4101",
            "invalid_client",
        ] {
            assert!(Reading::of(bare, &extract(bare), &said).is_none(), "{bare}");
        }
        // A bare message whose outcome no entry states is read out.
        let bare = "Workflow operation failure: conversation not found";
        let extracted = extract(bare);
        let reading = Reading::of(bare, &extracted, &[None]).expect("its outcome");
        assert_eq!(reading.verdict.outcome, Outcome::NotFound);
    }

    #[test]
    fn inferred_fields_say_so() {
        let text = "AuthenticationError: logid: 202510152024003A4AF2E4DABEDFE6595B\nStatus: 401\nMessage: \"authentication is invalid\"";
        let extracted = extract(text);
        let rendered = Reading::of(text, &extracted, &[])
            .expect("a paste")
            .render(Lang::En);
        assert!(
            rendered.contains("code: 4100 (inferred from the message)"),
            "{rendered}"
        );
        assert!(rendered.contains("HTTP status: 401\n"), "{rendered}");
        let zh = Reading::of(text, &extracted, &[])
            .expect("a paste")
            .render(Lang::Zh);
        assert!(zh.contains("code：4100（由消息推断）"), "{zh}");
    }

    #[test]
    fn the_region_and_rounded_ids_in_the_text_are_named() {
        let text = "WARNING:cozepy:request POST#https://api.coze.cn/v3/chat failed, logid=2025031512262808CFD12772447A20A3A5, code=4200, msg=Requested resource bot_id=7481617032355070000 does not exist.";
        let extracted = extract(text);
        let rendered = Reading::of(text, &extracted, &[])
            .expect("a paste")
            .render(Lang::En);
        assert!(
            rendered.contains("service: api.coze.cn (region cn)"),
            "{rendered}"
        );
        assert!(
            rendered.contains("id: 7481617032355070000 (looks rounded"),
            "{rendered}"
        );
        let websocket = "CozeAPIError: msg: server rejected WebSocket connection: HTTP 403, logid: 02173736286809800000000000000000000ffff0a87a4d4428ec3";
        let extracted = extract(websocket);
        let rendered = Reading::of(websocket, &extracted, &[])
            .expect("a paste")
            .render(Lang::En);
        assert!(
            rendered.contains("ffff0a87a4d4428ec3 (WebSocket gateway)"),
            "{rendered}"
        );
    }

    #[test]
    fn an_unknown_code_is_shown_with_what_was_found() {
        let text = r#"{"code":4999,"msg":"something new","detail":{"logid":"20250101120000ABCDEF0123456789ABCD"}}"#;
        let extracted = extract(text);
        let rendered = Reading::of(text, &extracted, &[])
            .expect("a paste")
            .render(Lang::En);
        assert!(rendered.contains("code: 4999"));
        assert!(rendered.contains("message: something new"));
        assert!(rendered.contains("is neither in the official error-code table"));
        assert!(rendered.contains("cozescope outcome: unexpected"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(printable("a\u{1b}[31mb\u{0}"), "a\u{FFFD}[31mb\u{FFFD}");
        assert!(printable(&"x".repeat(1000)).ends_with('…'));
    }
}

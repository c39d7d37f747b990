//! "Which permission does this need?": `explain` on an endpoint (`/v1/workflow/run`, `POST /v3/chat`, a full
//! URL) names the permission and the level the service checks it at; on a permission name (`getChat`,
//! `Connector.botChat`) or a probe name (`run_workflow`) it names the endpoints involved. Everything comes
//! from the operation catalogue.

use std::fmt::Write;

use crate::coze::catalogue::{self, Effect, Level, Operation};
use crate::coze::request::Method;
use crate::i18n::Lang;

/// The operations `input` names: by endpoint (optionally with its method), by permission name, or by probe
/// name. Empty when it names none.
pub fn lookup(input: &str) -> Vec<&'static Operation> {
    let input = input.trim();
    if let Some((method, path)) = endpoint(input) {
        return catalogue::by_path(method, &path);
    }
    let word = input.trim_matches(|c: char| c == '`' || c == '"' || c == '\'');
    let guarded = catalogue::guarded_by(word);
    if !guarded.is_empty() {
        return guarded;
    }
    catalogue::operation(word).into_iter().collect()
}

/// `POST /v1/workflow/run`, `/v1/bots/123`, or `https://api.coze.cn/v3/chat?x=1`, as method and path.
fn endpoint(input: &str) -> Option<(Option<Method>, String)> {
    let (method, rest) = match input.split_once(char::is_whitespace) {
        Some((word, rest)) if word.eq_ignore_ascii_case("get") => (Some(Method::Get), rest.trim()),
        Some((word, rest)) if word.eq_ignore_ascii_case("post") => {
            (Some(Method::Post), rest.trim())
        }
        _ => (None, input),
    };
    let path = match rest.find("://") {
        Some(scheme_end) => {
            let after_host = &rest[scheme_end + 3..];
            &after_host[after_host.find('/')?..]
        }
        None => rest,
    };
    (path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| (method, path.to_string()))
}

/// One operation as text, in `lang`.
pub fn render(operation: &Operation, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}",
        operation.method.as_str(),
        operation.path,
        operation.summary
    );
    let permission = if operation.permissions.is_empty() {
        if zh {
            "（文档未列出）".to_string()
        } else {
            "(none documented)".to_string()
        }
    } else {
        operation
            .permissions
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(if zh { " 和 " } else { " and " })
    };
    let level = level_text(operation.level, zh);
    let _ = if zh {
        writeln!(out, "权限：{permission}（级别：{level}）")
    } else {
        writeln!(out, "permission: {permission} (level: {level})")
    };
    if let Some(channel) = operation.channel_permission {
        let _ = if zh {
            writeln!(out, "渠道应用的 scope 名称：`{channel}`")
        } else {
            writeln!(out, "channel-app scope name: `{channel}`")
        };
    }
    if operation.probe {
        let effect = match (operation.effect, zh) {
            (Effect::Reads, false) => "read-only".to_string(),
            (Effect::Reads, true) => "只读".to_string(),
            (effect, false) => format!(
                "{}: on a real target it runs only with --yes",
                effect.as_str()
            ),
            (Effect::Writes, true) => "会修改数据：对真实服务只在 --yes 时执行".to_string(),
            (Effect::SpendsQuota, true) => "会消耗额度：对真实服务只在 --yes 时执行".to_string(),
        };
        let needs: Vec<&str> = operation.needs.iter().map(|param| param.key()).collect();
        let needs = if needs.is_empty() {
            String::new()
        } else if zh {
            format!("；参数 [probe.{}] {}", operation.name, needs.join(", "))
        } else {
            format!(
                "; parameters [probe.{}] {}",
                operation.name,
                needs.join(", ")
            )
        };
        let _ = if zh {
            writeln!(
                out,
                "cozescope 探测：`{}`（{effect}{needs}）",
                operation.name
            )
        } else {
            writeln!(
                out,
                "cozescope probe: `{}` ({effect}{needs})",
                operation.name
            )
        };
    }
    if let Some(doc) = operation.doc {
        let _ = writeln!(
            out,
            "{}https://www.coze.cn/open/docs/developer_guides/{doc}",
            if zh { "文档：" } else { "docs: " }
        );
    }
    out
}

fn level_text(level: Level, zh: bool) -> &'static str {
    match (level, zh) {
        (Level::Account, false) => "account",
        (Level::Account, true) => "账号",
        (Level::Workspace, false) => "workspace: the credential must be bound to the workspace",
        (Level::Workspace, true) => "工作空间：凭证必须绑定该工作空间",
        (Level::Bot, false) => "bot: the credential must be bound to the bot's workspace",
        (Level::Bot, true) => "智能体：凭证必须绑定智能体所在的工作空间",
        (Level::Workflow, false) => {
            "workflow: the credential must be bound to the workflow's workspace"
        }
        (Level::Workflow, true) => "工作流：凭证必须绑定工作流所在的工作空间",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(input: &str) -> Vec<&'static str> {
        lookup(input)
            .iter()
            .map(|operation| operation.name)
            .collect()
    }

    #[test]
    fn endpoints_permissions_and_probe_names_are_found() {
        assert_eq!(names("/v1/workflow/run"), ["run_workflow"]);
        assert_eq!(names("POST /v1/workflow/run"), ["run_workflow"]);
        assert!(names("GET /v1/workflow/run").is_empty());
        assert_eq!(
            names("https://api.coze.cn/v1/bots/7481617032355070001?is_published=true"),
            ["retrieve_bot"]
        );
        assert_eq!(names("getChat"), ["retrieve_chat"]);
        assert_eq!(
            names("`run`"),
            ["run_workflow", "stream_run_workflow", "chat_workflow"]
        );
        assert_eq!(names("run_workflow"), ["run_workflow"]);
        assert!(names("4101").is_empty());
        assert!(names("the moon").is_empty());
    }

    #[test]
    fn every_catalogue_path_and_permission_is_explained() {
        for operation in catalogue::OPERATIONS {
            let request = operation.endpoint();
            assert!(names(&request).contains(&operation.name), "{request}");
            for permission in operation
                .permissions
                .iter()
                .chain(operation.channel_permission.iter())
            {
                assert!(names(permission).contains(&operation.name), "{permission}");
            }
            for lang in [Lang::En, Lang::Zh] {
                let text = render(operation, lang);
                assert!(text.contains(operation.path), "{text}");
                for permission in operation.permissions {
                    assert!(text.contains(permission), "{text}");
                }
            }
        }
    }
}

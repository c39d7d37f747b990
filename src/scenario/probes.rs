//! `[probe.NAME]` tables and the top-level `workspaces` list, checked against the operation catalogue (which
//! keys apply to which probe; ids present and numeric), and a case's `probes` list expanded into probes: a
//! workspace-level operation runs once per workspace named.

use std::collections::BTreeMap;

use serde_json::Value;
use toml::Spanned;

use super::model::{RawProbeTable, RawScenario};
use super::source::Source;
use crate::coze::catalogue::Param;
use crate::probe::{Probe, ProbeKind, ProbeParams};
use crate::source_error::{SourceError, code_list};

/// The bot name used when `[probe.create_bot]` names none: recognisable in the console, dated so that
/// leftovers can be told apart, and within the service's 1–20 characters (`cozescope-probe-1128`).
pub fn default_bot_name() -> String {
    format!("cozescope-probe-{}", chrono::Utc::now().format("%m%d"))
}

/// One table, resolved: the workspaces it names (possibly several) and its other values.
#[derive(Default)]
struct Table {
    spaces: Vec<String>,
    params: ProbeParams,
}

/// The scenario's probe parameters, resolved.
pub(super) struct ProbeTables {
    tables: BTreeMap<ProbeKind, Table>,
    /// The top-level `workspaces`.
    workspaces: Vec<String>,
}

impl ProbeTables {
    pub fn build(source: &Source<'_>, raw: &RawScenario) -> Result<ProbeTables, SourceError> {
        let workspaces = match &raw.workspaces {
            None => Vec::new(),
            Some(list) => list
                .get_ref()
                .iter()
                .map(|item| id(source, item, "workspaces", "the scenario"))
                .collect::<Result<_, _>>()?,
        };
        let mut tables = BTreeMap::new();
        for (name, table) in &raw.probe {
            let Some(kind) = ProbeKind::from_name(name).filter(|kind| *kind != ProbeKind::Token)
            else {
                return Err(source
                    .error(table, format!("unknown probe table [probe.{name}]"))
                    .with_suggestion(name, operation_names(), "probes"));
            };
            tables.insert(kind, Table::build(source, kind, table)?);
        }
        Ok(ProbeTables { tables, workspaces })
    }

    /// The probes `name` (as listed in a case) stands for: one per workspace for a workspace-level
    /// operation, else one.
    pub fn probes_for(
        &self,
        source: &Source<'_>,
        kind: ProbeKind,
        at: &Spanned<String>,
    ) -> Result<Vec<Probe>, SourceError> {
        let table = self.tables.get(&kind);
        let params = table.map(|table| table.params.clone()).unwrap_or_default();
        let operation = kind.operation();
        let mut params = ProbeParams {
            name: params
                .name
                .or_else(|| (kind == ProbeKind::CreateBot).then(default_bot_name)),
            ..params
        };
        for param in operation
            .needs
            .iter()
            .filter(|param| **param != Param::SpaceId)
        {
            if params.get(*param).is_none() {
                return Err(missing(source, kind, *param, at));
            }
        }
        if !operation.needs.contains(&Param::SpaceId) {
            return Ok(vec![Probe { kind, params }]);
        }
        let spaces = match table.map(|table| &table.spaces) {
            Some(spaces) if !spaces.is_empty() => spaces,
            _ if !self.workspaces.is_empty() => &self.workspaces,
            _ => return Err(missing(source, kind, Param::SpaceId, at)),
        };
        Ok(spaces
            .iter()
            .map(|space| {
                params.space_id = Some(space.clone());
                Probe {
                    kind,
                    params: params.clone(),
                }
            })
            .collect())
    }
}

impl Table {
    fn build(
        source: &Source<'_>,
        kind: ProbeKind,
        raw: &Spanned<RawProbeTable>,
    ) -> Result<Table, SourceError> {
        let table = raw.get_ref();
        let owner = format!("probe `{}`", kind.name());
        let needs = kind.operation().needs;
        let extras = kind.extra_keys();
        let applies =
            |key: &str| needs.iter().any(|param| param.key() == key) || extras.contains(&key);
        let present = [
            ("space_id", table.space_id.as_ref().map(|v| v.span())),
            ("bot_id", table.bot_id.as_ref().map(|v| v.span())),
            ("workflow_id", table.workflow_id.as_ref().map(|v| v.span())),
            ("name", table.name.as_ref().map(|v| v.span())),
            ("description", table.description.as_ref().map(|v| v.span())),
            ("message", table.message.as_ref().map(|v| v.span())),
            ("parameters", table.parameters.as_ref().map(|v| v.span())),
        ];
        for (key, span) in present {
            if let Some(span) = span.filter(|_| !applies(key)) {
                let takes: Vec<&str> = needs
                    .iter()
                    .map(|param| param.key())
                    .chain(extras.iter().copied())
                    .collect();
                let help = if takes.is_empty() {
                    format!(
                        "probe `{}` takes no parameters; remove the table",
                        kind.name()
                    )
                } else {
                    format!("probe `{}` takes {}", kind.name(), code_list(takes))
                };
                return Err(SourceError::at_offset(
                    source.file,
                    source.text,
                    span.start,
                    format!("`{key}` does not apply to {owner}"),
                )
                .with_help(help));
            }
        }
        let spaces = match &table.space_id {
            None => Vec::new(),
            Some(value) => spaces(source, value, &owner)?,
        };
        let optional_id = |value: &Option<Spanned<String>>, key: &str| {
            value
                .as_ref()
                .map(|value| id(source, value, key, &owner))
                .transpose()
        };
        let text = |value: &Option<Spanned<String>>| {
            value.as_ref().map(|value| source.string(value)).transpose()
        };
        let name = text(&table.name)?;
        if let (Some(name), Some(at)) = (&name, &table.name) {
            let length = name.chars().count();
            if !(1..=20).contains(&length) {
                return Err(source
                    .error(
                        at,
                        format!("bot name has {length} characters; Coze accepts 1 to 20"),
                    )
                    .with_help(format!(
                        "shorten it, or omit `name` to use \"{}\"",
                        default_bot_name()
                    )));
            }
        }
        let parameters = match &table.parameters {
            None => None,
            Some(parameters) => Some(json_of(
                source,
                &toml::Value::Table(parameters.get_ref().clone()),
                parameters.span().start,
            )?),
        };
        Ok(Table {
            spaces,
            params: ProbeParams {
                space_id: None,
                bot_id: optional_id(&table.bot_id, "bot_id")?,
                workflow_id: optional_id(&table.workflow_id, "workflow_id")?,
                name,
                description: text(&table.description)?,
                message: text(&table.message)?,
                parameters,
                chat: None,
                every_page: false,
            },
        })
    }
}

/// `space_id = "…"` or `space_id = ["…", "…"]`.
fn spaces(
    source: &Source<'_>,
    value: &Spanned<toml::Value>,
    owner: &str,
) -> Result<Vec<String>, SourceError> {
    let at = value.span().start;
    let one = |text: &str| -> Result<String, SourceError> {
        let spanned = Spanned::new(value.span(), text.to_string());
        id(source, &spanned, "space_id", owner)
    };
    match value.get_ref() {
        toml::Value::String(text) => Ok(vec![one(text)?]),
        toml::Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| match item {
                toml::Value::String(text) => one(text),
                _ => Err(not_text(source, at, owner)),
            })
            .collect(),
        _ => Err(not_text(source, at, owner)),
    }
}

fn not_text(source: &Source<'_>, at: usize, owner: &str) -> SourceError {
    SourceError::at_offset(
        source.file,
        source.text,
        at,
        format!("`space_id` of {owner} must be a workspace id or a list of them"),
    )
    .with_help(
        "write space_id = \"${COZE_WORKSPACE_ID}\" or space_id = [\"…\", \"…\"] (ids as strings)",
    )
}

/// An id value: resolved, non-empty, numeric (Coze ids are numbers written as strings).
fn id(
    source: &Source<'_>,
    value: &Spanned<String>,
    key: &str,
    owner: &str,
) -> Result<String, SourceError> {
    let resolved = source.string(value)?;
    let trimmed = resolved.trim();
    if trimmed.is_empty() {
        return Err(source
            .error(value, format!("`{key}` of {owner} is empty"))
            .with_help(id_help(key)));
    }
    if !crate::coze::ids::is_numeric_id(trimmed) {
        return Err(source
            .error(
                value,
                format!("`{key}` of {owner} is not a numeric id: `{trimmed}`"),
            )
            .with_help(id_help(key)));
    }
    Ok(trimmed.to_string())
}

fn id_help(key: &str) -> String {
    match key {
        "bot_id" => "the bot id is the number after /bot/ in the bot's console URL; quote it as a string".into(),
        "workflow_id" => "the workflow id is the number after workflow_id= in the workflow's console URL; quote it as a string".into(),
        _ => "the workspace id is the number after /w/ (or /space/) in the console URL; quote it as a string".into(),
    }
}

fn missing(
    source: &Source<'_>,
    kind: ProbeKind,
    param: Param,
    at: &Spanned<String>,
) -> SourceError {
    let name = kind.name();
    let key = param.key();
    let variable = param.variable();
    let help = if param == Param::SpaceId {
        format!(
            "add [probe.{name}] with {key} = \"${{{variable}}}\" (or a list of workspaces), or a top-level workspaces = [\"${{{variable}}}\"]"
        )
    } else {
        format!("add [probe.{name}] with {key} = \"${{{variable}}}\"")
    };
    source
        .error(at, format!("probe `{name}` needs `{key}`"))
        .with_help(help)
}

/// A TOML value as JSON, with `${VAR}` resolved in strings (for `run_workflow`'s `parameters`).
fn json_of(source: &Source<'_>, value: &toml::Value, at: usize) -> Result<Value, SourceError> {
    Ok(match value {
        toml::Value::String(text) => {
            Value::String(source.string(&Spanned::new(at..at, text.clone()))?)
        }
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => Value::from(*number),
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| json_of(source, item, at))
                .collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(key, item)| Ok((key.clone(), json_of(source, item, at)?)))
                .collect::<Result<_, SourceError>>()?,
        ),
    })
}

/// The names a case may list under `probes`.
pub(super) fn operation_names() -> impl Iterator<Item = &'static str> + Clone {
    ProbeKind::operations().map(ProbeKind::name)
}

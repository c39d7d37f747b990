//! The scenario file as written: serde types with source spans, before variables and validation.
//!
//! Core keys are a public contract (docs/architecture.md, "Scenario format"): extend, never rename.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub title: Option<String>,
    /// `cn` (default) or `com`.
    pub region: Option<Spanned<String>>,
    /// Named credentials: `[auth.NAME]`.
    #[serde(default)]
    pub auth: BTreeMap<String, Spanned<RawCredential>>,
    /// Parameters of operations: `[probe.create_bot]`, `[probe.list_bots]`, …
    #[serde(default)]
    pub probe: BTreeMap<String, Spanned<RawProbeTable>>,
    /// Workspaces the workspace-level probes run in when their `[probe.NAME]` table names no `space_id`:
    /// each such probe runs once per workspace.
    pub workspaces: Option<Spanned<Vec<Spanned<String>>>>,
    /// The most requests the run may send (retries included); the rest is skipped (`--max-requests` wins).
    pub max_requests: Option<Spanned<i64>>,
    /// Requests per second, shared by all cases of the run (`--qps` wins).
    pub qps: Option<Spanned<f64>>,
    #[serde(default, rename = "case")]
    pub cases: Vec<Spanned<RawCase>>,
    /// Seconds to wait for a connection (the `--connect-timeout` flag wins).
    pub connect_timeout: Option<Spanned<f64>>,
    /// Seconds to wait for a whole response (the `--timeout` flag wins).
    pub timeout: Option<Spanned<f64>>,
    /// Retries of a probe that failed in a way that is safe to retry (the `--retries` flag wins).
    pub retries: Option<Spanned<i64>>,
    /// Lets probes that create something (create_bot) run against a real target, like `--yes`.
    pub allow_side_effects: Option<bool>,
    /// Where `run` sends the scenario when no `--target` is given: `sandbox`, `cn`, `com` or a base URL
    /// (`init` records the doctor's target here).
    pub target: Option<Spanned<String>>,
    /// Base URLs standing in for a region's public host (`cn = "URL"`, `com = "URL"`), as `--region-base`.
    pub region_base: Option<BTreeMap<String, Spanned<String>>>,
}

/// `[auth.NAME]`: one table for both modes; keys that do not belong to the mode are rejected during validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredential {
    /// `jwt` or `pat`.
    pub mode: Spanned<String>,
    pub client_id: Option<Spanned<String>>,
    pub public_key_id: Option<Spanned<String>>,
    pub private_key_file: Option<Spanned<String>>,
    pub private_key: Option<Spanned<String>>,
    /// `duration_seconds` asked for (jwt).
    pub ttl: Option<Spanned<i64>>,
    pub session_name: Option<Spanned<String>>,
    /// The personal access token (pat).
    pub token: Option<Spanned<String>>,
    /// The JWT `aud` to sign (jwt), for a target reached through a proxy (default: the host addressed).
    pub audience: Option<Spanned<String>>,
}

/// `[probe.NAME]`: one name per thing, whatever the endpoint calls it on the wire. Which keys apply to
/// which probe is checked during validation, against the operation catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProbeTable {
    /// A workspace id, or a list of them (the probe then runs once per workspace).
    pub space_id: Option<Spanned<toml::Value>>,
    pub bot_id: Option<Spanned<String>>,
    pub workflow_id: Option<Spanned<String>>,
    /// create_bot, update_bot.
    pub name: Option<Spanned<String>>,
    /// create_bot, update_bot.
    pub description: Option<Spanned<String>>,
    /// chat: the user message.
    pub message: Option<Spanned<String>>,
    /// run_workflow: the workflow's input parameters.
    pub parameters: Option<Spanned<toml::Table>>,
}

/// `[[case]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub name: Spanned<String>,
    /// The name of a credential under `[auth.NAME]`.
    pub auth: Spanned<String>,
    /// Omitted: no `scope` key is sent (the token carries the app's own permissions).
    pub scope: Option<Spanned<Vec<Spanned<String>>>>,
    /// A whole scope object as JSON text, as the SDKs send it (instead of `scope`).
    pub scope_json: Option<Spanned<String>>,
    /// Operations to try after authentication; token issuance is always probed first for jwt.
    #[serde(default)]
    pub probes: Vec<Spanned<String>>,
    /// The probes (among `probes`) run for context: a failure there is a note, never the cause.
    #[serde(default)]
    pub survey: Vec<Spanned<String>>,
    /// Expected outcome word per probe name.
    #[serde(default)]
    pub expect: BTreeMap<String, Spanned<String>>,
    /// Free text shown in the report's details.
    pub note: Option<String>,
}

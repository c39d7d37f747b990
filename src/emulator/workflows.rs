//! Workflow endpoints: the list of a workspace's workflows, one workflow's metadata, and a synchronous run
//! of a published workflow, which echoes its parameters. Workflows come from the world and never change.
//! Paths and permissions are the catalogue's.
//!
//! Documented (docs get_workflow_list, get_workflow_info, workflow_run): the parameters and their
//! defaults, the response shapes, the run's top-level `data`/`debug_url`/`usage`, 4200 for running an
//! unpublished workflow, and 6003 with its message for `is_async=true` on the free plan. INFERRED: the
//! page-size limit of 100 (the docs say 30, cozepy sends 100), 4000 for an unknown `workflow_mode` or
//! `publish_status`, the 4101 message's permission suffix, the message of the unpublished-workflow 4200,
//! and every account being on the free plan.

use serde_json::{Map, Value, json};

use crate::coze::catalogue::{Operation, entry};

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::state::random_numeric_id;
use super::validate;
use super::world::Workflow;

// The catalogue entries this module answers.
pub const LIST: &Operation = entry("list_workflows");
pub const RETRIEVE: &Operation = entry("retrieve_workflow");
pub const RUN: &Operation = entry("run_workflow");

/// The documented message of 6003 for an asynchronous run.
const ASYNC_NEEDS_PLAN: &str = "Workflow execution with is_async=true is a premium feature available only to Coze \
     Professional users";
/// A placeholder icon.
const ICON_URL: &str = "https://sandbox.cozescope.invalid/icon/workflow.png";

/// `GET /v1/workflows?workspace_id=&workflow_mode=&app_id=&publish_status=&page_num=&page_size=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let query = &input.params;
    let workspace = validate::id_param(query, "workspace_id")?;
    principal.require(LIST, On::Workspace(workspace))?;
    let page = Page::read(query, 20, 100)?;
    let status = validate::choice(
        query,
        "publish_status",
        &["all", "published_online", "unpublished_draft"],
        "published_online",
    )?;
    let mode = validate::optional_choice(query, "workflow_mode", &["workflow", "chatflow"])?;
    // Workflows of the world belong to no app (`app_id` "0"): filtering by an app lists none.
    let app = validate::optional_param(query, "app_id");
    if let Some(app) = app {
        validate::check_id("app_id", app)?;
    }
    let items: Vec<Value> = ctx
        .world
        .workflows_in(ctx.realm, workspace)
        .into_iter()
        .filter(|workflow| match status {
            "all" => true,
            "unpublished_draft" => !workflow.published,
            _ => workflow.published,
        })
        .filter(|workflow| mode.is_none_or(|mode| workflow.mode.as_str() == mode))
        .filter(|_| app.is_none_or(|app| app == "0"))
        .map(|workflow| basic(ctx, workflow))
        .collect();
    Ok(page.answer(&items, "items", More::HasMore))
}

/// `GET /v1/workflows/{workflow_id}?include_input_output=` (inputs and outputs are not modelled).
pub fn retrieve(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let id = validate::id_param(&input.params, "workflow_id")?;
    let workflow = lookup(ctx, principal, id, RETRIEVE)?;
    validate::flag(&input.params, "include_input_output", false)?;
    Ok(Reply::Data(
        json!({ "workflow_detail": basic(ctx, workflow) }),
    ))
}

/// `POST /v1/workflow/run`: a synchronous run whose output echoes the parameters.
pub fn run(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let body = &input.body;
    let id = validate::id_field(body, "workflow_id")?;
    let workflow = lookup(ctx, principal, &id, RUN)?;
    if !workflow.published {
        return Err(BizError::not_found("workflow_id", &workflow.id));
    }
    let parameters = parameters(body)?;
    for field in ["bot_id", "app_id"] {
        if body.get(field).is_some_and(|value| !value.is_null()) {
            validate::id_field(body, field)?;
        }
    }
    let is_async = match body.get("is_async") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(is_async)) => *is_async,
        Some(_) => return Err(BizError::invalid_param("is_async", "must be a boolean")),
    };
    if is_async {
        return Err(BizError::new(
            crate::coze::wire::code::PLAN_FEATURE,
            ASYNC_NEEDS_PLAN,
        ));
    }
    let input_text = Value::Object(parameters.clone()).to_string();
    let output = json!({ "output": parameters }).to_string();
    let (input_count, output_count) = (input_text.chars().count(), output.chars().count());
    let execute_id = random_numeric_id("75");
    let debug_url = format!(
        "https://www.{}/work_flow?execute_id={execute_id}&space_id={}&workflow_id={}",
        ctx.realm.web_host(),
        workflow.workspace,
        workflow.id
    );
    let mut fields = Map::new();
    fields.insert("data".into(), Value::from(output));
    fields.insert("debug_url".into(), Value::from(debug_url));
    fields.insert("execute_id".into(), Value::from(execute_id));
    fields.insert(
        "usage".into(),
        json!({
            "input_count": input_count,
            "output_count": output_count,
            "token_count": input_count + output_count,
        }),
    );
    Ok(Reply::TopLevel(fields))
}

/// `parameters`: an object, or (as the docs type it) a string holding a JSON object; absent is `{}`.
fn parameters(body: &Map<String, Value>) -> Result<Map<String, Value>, BizError> {
    let invalid = || BizError::invalid_param("parameters", "must be a JSON object");
    match body.get("parameters") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(parameters)) => Ok(parameters.clone()),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Map::new()),
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(Value::Object(parameters)) => Ok(parameters),
            _ => Err(invalid()),
        },
        Some(_) => Err(invalid()),
    }
}

/// The workflow `id` of the realm (else 4200), after `operation`'s permissions on it (else 4101).
fn lookup<'a>(
    ctx: &'a Ctx,
    principal: &Principal,
    id: &str,
    operation: &Operation,
) -> Result<&'a Workflow, BizError> {
    let workflow = ctx
        .world
        .workflow(ctx.realm, id)
        .ok_or_else(|| BizError::not_found("workflow_id", id))?;
    principal.require(
        operation,
        On::Workflow {
            id: &workflow.id,
            workspace: &workflow.workspace,
        },
    )?;
    Ok(workflow)
}

/// The documented `OpenAPIWorkflowBasic` (times as strings, as the docs show them).
fn basic(ctx: &Ctx, workflow: &Workflow) -> Value {
    let user = ctx.world.owner_of(ctx.realm, &workflow.workspace);
    let created = ctx.state.started_at.to_string();
    json!({
        "workflow_id": workflow.id,
        "workflow_name": workflow.name,
        "description": workflow.description,
        "icon_url": ICON_URL,
        "app_id": "0",
        "created_at": created,
        "updated_at": created,
        "creator": {"id": user.user_id, "name": user.user_name},
    })
}

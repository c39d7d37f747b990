//! Validation of business request bodies and queries, with 4000 answers naming the field. Limits follow the
//! API docs (doc create_bot): bot name 1–20 characters, description ≤ 500, prompt ≤ 20000, prologue ≤ 300,
//! each suggested question ≤ 50. An empty query value counts as absent. The exact wording of the service's 4000 messages is not
//! documented; the sandbox's wording is INFERRED.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::reply::BizError;

/// A required string field.
pub fn required_string<'a>(body: &'a Map<String, Value>, field: &str) -> Result<&'a str, BizError> {
    match body.get(field) {
        Some(Value::String(value)) => Ok(value),
        None | Some(Value::Null) => Err(BizError::invalid_param(field, "is required")),
        Some(_) => Err(BizError::invalid_param(field, "must be a string")),
    }
}

/// An optional string field of at most `max` characters.
pub fn optional_string<'a>(
    body: &'a Map<String, Value>,
    field: &str,
    max: usize,
) -> Result<Option<&'a str>, BizError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.chars().count() <= max => Ok(Some(value)),
        Some(Value::String(_)) => Err(BizError::invalid_param(
            field,
            &format!("must be at most {max} characters"),
        )),
        Some(_) => Err(BizError::invalid_param(field, "must be a string")),
    }
}

/// A resource id: a string of digits (a number is accepted too, as some clients send int64 ids).
pub fn id_field(body: &Map<String, Value>, field: &str) -> Result<String, BizError> {
    let id = match body.get(field) {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(number)) if number.is_u64() => number.to_string(),
        None | Some(Value::Null) => return Err(BizError::invalid_param(field, "is required")),
        Some(_) => return Err(BizError::invalid_param(field, "must be a string")),
    };
    check_id(field, &id)?;
    Ok(id)
}

/// Checks that an id is a string of digits.
pub fn check_id(field: &str, id: &str) -> Result<(), BizError> {
    if id.is_empty() {
        return Err(BizError::invalid_param(field, "is required"));
    }
    if !crate::coze::ids::is_numeric_id(id) {
        return Err(BizError::invalid_param(field, "must be a numeric id"));
    }
    Ok(())
}

/// A bot name: 1–20 characters.
pub fn bot_name(name: &str) -> Result<(), BizError> {
    let length = name.chars().count();
    if name.trim().is_empty() || length > 20 {
        return Err(BizError::invalid_param(
            "name",
            "must be 1 to 20 characters",
        ));
    }
    Ok(())
}

fn object<'a>(value: &'a Value, field: &str) -> Result<&'a Map<String, Value>, BizError> {
    value
        .as_object()
        .ok_or_else(|| BizError::invalid_param(field, "must be an object"))
}

fn string_list(value: Option<&Value>, field: &str, max_each: usize) -> Result<(), BizError> {
    match value {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(items)) => {
            for item in items {
                match item.as_str() {
                    Some(text) if text.chars().count() <= max_each => {}
                    Some(_) => {
                        return Err(BizError::invalid_param(
                            field,
                            &format!("each item must be at most {max_each} characters"),
                        ));
                    }
                    None => {
                        return Err(BizError::invalid_param(field, "must be a list of strings"));
                    }
                }
            }
            Ok(())
        }
        Some(_) => Err(BizError::invalid_param(field, "must be a list of strings")),
    }
}

/// The optional configuration objects of create and update, checked; returns those present.
pub fn bot_fields(body: &Map<String, Value>) -> Result<Map<String, Value>, BizError> {
    let mut fields = Map::new();
    for (field, value) in body {
        if value.is_null() {
            continue;
        }
        match field.as_str() {
            "icon_file_id" => {
                optional_string(body, field, 64)?;
            }
            "prompt_info" => {
                let prompt_info = object(value, field)?;
                optional_string(prompt_info, "prompt", 20_000).map_err(|_| {
                    BizError::invalid_param(
                        "prompt_info.prompt",
                        "must be a string of at most 20000 characters",
                    )
                })?;
                if let Some(mode) = prompt_info.get("prompt_mode").and_then(Value::as_str)
                    && mode != "standard"
                    && mode != "prefix"
                {
                    return Err(BizError::invalid_param(
                        "prompt_info.prompt_mode",
                        "must be standard or prefix",
                    ));
                }
            }
            "onboarding_info" => {
                let onboarding = object(value, field)?;
                optional_string(onboarding, "prologue", 300).map_err(|_| {
                    BizError::invalid_param(
                        "onboarding_info.prologue",
                        "must be a string of at most 300 characters",
                    )
                })?;
                string_list(
                    onboarding.get("suggested_questions"),
                    "onboarding_info.suggested_questions",
                    50,
                )?;
            }
            "model_info_config" => {
                let model = object(value, field)?;
                match model.get("model_id") {
                    Some(Value::String(id)) if !id.is_empty() => {}
                    _ => {
                        return Err(BizError::invalid_param(
                            "model_info_config.model_id",
                            "is required",
                        ));
                    }
                }
            }
            "suggest_reply_info" => {
                let suggest = object(value, field)?;
                match suggest.get("reply_mode").and_then(Value::as_str) {
                    Some("enable" | "disable" | "customized") => {}
                    _ => {
                        return Err(BizError::invalid_param(
                            "suggest_reply_info.reply_mode",
                            "must be enable, disable or customized",
                        ));
                    }
                }
            }
            "plugin_id_list" => {
                let list = object(value, field)?;
                if let Some(items) = list.get("id_list").filter(|v| !v.is_null()) {
                    let items = items.as_array().ok_or_else(|| {
                        BizError::invalid_param("plugin_id_list.id_list", "must be a list")
                    })?;
                    for item in items {
                        let ok = item.get("plugin_id").is_some_and(Value::is_string)
                            && item.get("api_id").is_some_and(Value::is_string);
                        if !ok {
                            return Err(BizError::invalid_param(
                                "plugin_id_list.id_list",
                                "each item needs plugin_id and api_id",
                            ));
                        }
                    }
                }
            }
            "workflow_id_list" => {
                let list = object(value, field)?;
                if let Some(items) = list.get("ids").filter(|v| !v.is_null()) {
                    let items = items.as_array().ok_or_else(|| {
                        BizError::invalid_param("workflow_id_list.ids", "must be a list")
                    })?;
                    if !items
                        .iter()
                        .all(|item| item.get("id").is_some_and(Value::is_string))
                    {
                        return Err(BizError::invalid_param(
                            "workflow_id_list.ids",
                            "each item needs an id",
                        ));
                    }
                }
            }
            "knowledge" => {
                let knowledge = object(value, field)?;
                string_list(knowledge.get("dataset_ids"), "knowledge.dataset_ids", 64)?;
                if knowledge
                    .get("auto_call")
                    .is_some_and(|v| !v.is_boolean() && !v.is_null())
                {
                    return Err(BizError::invalid_param(
                        "knowledge.auto_call",
                        "must be a boolean",
                    ));
                }
                if knowledge
                    .get("search_strategy")
                    .is_some_and(|v| !v.is_i64() && !v.is_null())
                {
                    return Err(BizError::invalid_param(
                        "knowledge.search_strategy",
                        "must be an integer",
                    ));
                }
            }
            _ => continue,
        }
        fields.insert(field.clone(), value.clone());
    }
    Ok(fields)
}

/// A required query parameter.
pub fn required_param<'a>(
    query: &'a HashMap<String, String>,
    name: &str,
) -> Result<&'a String, BizError> {
    query
        .get(name)
        .ok_or_else(|| BizError::invalid_param(name, "is required"))
}

/// A required query parameter that is a resource id (digits).
pub fn id_param<'a>(query: &'a HashMap<String, String>, name: &str) -> Result<&'a str, BizError> {
    let id = required_param(query, name)?;
    check_id(name, id)?;
    Ok(id)
}

/// An optional query parameter; an empty value counts as absent, as the SDKs send `name=` for an unset
/// filter (cozepy's `datasets.list`) and the docs give "empty" as "no filter".
pub fn optional_param<'a>(query: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    query
        .get(name)
        .map(String::as_str)
        .filter(|value| !value.is_empty())
}

/// An optional query parameter that takes one of `allowed` (else 4000).
pub fn optional_choice<'a>(
    query: &HashMap<String, String>,
    name: &str,
    allowed: &[&'a str],
) -> Result<Option<&'a str>, BizError> {
    match optional_param(query, name) {
        None => Ok(None),
        Some(value) => allowed
            .iter()
            .find(|choice| **choice == value)
            .copied()
            .map(Some)
            .ok_or_else(|| {
                BizError::invalid_param(name, &format!("must be one of {}", allowed.join(", ")))
            }),
    }
}

/// An optional query parameter that takes one of `allowed` (else 4000), `default` when absent.
pub fn choice<'a>(
    query: &HashMap<String, String>,
    name: &str,
    allowed: &[&'a str],
    default: &'a str,
) -> Result<&'a str, BizError> {
    Ok(optional_choice(query, name, allowed)?.unwrap_or(default))
}

/// An optional `true`/`false` query parameter.
pub fn flag(query: &HashMap<String, String>, name: &str, default: bool) -> Result<bool, BizError> {
    match optional_param(query, name) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(BizError::invalid_param(name, "must be true or false")),
    }
}

/// The default `publish_status` of the bot and app lists: what is online.
pub const PUBLISHED_ONLINE: &str = "published_online";

/// The `publish_status` values of the bot and app lists (docs bots_list_draft_published, published_apps_list).
pub const PUBLISH_STATUSES: [&str; 4] = [
    "all",
    PUBLISHED_ONLINE,
    "published_draft",
    "unpublished_draft",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_one_to_twenty_characters() {
        assert!(bot_name("a").is_ok());
        assert!(bot_name("一二三四五六七八九十一二三四五六七八九十").is_ok());
        assert!(bot_name("").is_err());
        assert!(bot_name("123456789012345678901").is_err());
    }

    #[test]
    fn nested_fields_are_checked() {
        let body = json!({"prompt_info": {"prompt": 3}});
        assert!(bot_fields(body.as_object().unwrap()).is_err());
        let body = json!({"model_info_config": {"temperature": 1}});
        assert!(bot_fields(body.as_object().unwrap()).is_err());
        let body =
            json!({"onboarding_info": {"prologue": "hi", "suggested_questions": ["a"]}, "x": 1});
        let fields = bot_fields(body.as_object().unwrap()).unwrap();
        assert_eq!(fields.len(), 1);
    }

    #[test]
    fn empty_parameters_are_absent() {
        let query: HashMap<String, String> = [
            ("name".to_string(), String::new()),
            ("mode".to_string(), "chatflow".to_string()),
        ]
        .into();
        assert_eq!(optional_param(&query, "name"), None);
        assert_eq!(choice(&query, "name", &["a"], "a").unwrap(), "a");
        assert_eq!(
            choice(&query, "mode", &["workflow", "chatflow"], "workflow").unwrap(),
            "chatflow"
        );
        assert!(choice(&query, "mode", &["workflow"], "workflow").is_err());
        assert!(flag(&query, "name", true).unwrap());
    }
}

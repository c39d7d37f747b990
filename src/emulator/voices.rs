//! The voices list: a small fixed set of system voices per realm (the sandbox models no cloned voices).
//! The permission is account level.
//!
//! Documented (docs list_voices): `filter_system_voice` (default false), `model_type` big or small,
//! `voice_state` init, cloned (default) or all, `page_size` 1–100, and the `{voice_list, has_more}` shape.
//! SDK: cozepy requires every field of a voice, `state` included, though the docs' example lacks it.
//! INFERRED: system voices have `state` "cloned" (so the default filter shows them), and the 4101
//! message's `user_id=` form.

use serde_json::{Value, json};

use crate::coze::catalogue::{Operation, entry};
use crate::coze::region::Region;

use super::access::{On, Principal};
use super::context::Ctx;
use super::endpoint::Input;
use super::paging::{More, Page};
use super::reply::{BizError, Reply};
use super::validate;

// The catalogue entry this module answers.
pub const LIST: &Operation = entry("list_voices");

/// A system voice: id, name, language code and name, preview text, model type.
struct Voice {
    id: &'static str,
    name: &'static str,
    language: (&'static str, &'static str),
    preview_text: &'static str,
    model_type: &'static str,
}

const CN_VOICES: &[Voice] = &[
    Voice {
        id: "7426720361733046281",
        name: "沙盒女声",
        language: ("zh", "中文"),
        preview_text: "你好，这里是 cozescope 沙盒。",
        model_type: "big",
    },
    Voice {
        id: "7426720361733046282",
        name: "沙盒男声",
        language: ("zh", "中文"),
        preview_text: "你好，这里是 cozescope 沙盒。",
        model_type: "big",
    },
    Voice {
        id: "7426720361733046283",
        name: "Sandbox English",
        language: ("en", "English"),
        preview_text: "Hello from the cozescope sandbox.",
        model_type: "small",
    },
];

const COM_VOICES: &[Voice] = &[
    Voice {
        id: "7426725529681526785",
        name: "Sandbox Female",
        language: ("en", "English"),
        preview_text: "Hello from the cozescope sandbox.",
        model_type: "big",
    },
    Voice {
        id: "7426725529681526786",
        name: "Sandbox Male",
        language: ("en", "English"),
        preview_text: "Hello from the cozescope sandbox.",
        model_type: "big",
    },
    Voice {
        id: "7426725529681526787",
        name: "サンドボックス",
        language: ("ja", "日本語"),
        preview_text: "cozescope サンドボックスです。",
        model_type: "small",
    },
];

/// The `state` of a voice that can be used.
const CLONED: &str = "cloned";

/// `GET /v1/audio/voices?filter_system_voice=&model_type=&voice_state=&page_num=&page_size=`.
pub fn list(ctx: &Ctx, principal: &Principal, input: &Input) -> Result<Reply, BizError> {
    let query = &input.params;
    principal.require(LIST, On::Account)?;
    let page = Page::read(query, 20, 100)?;
    let skip_system = validate::flag(query, "filter_system_voice", false)?;
    let model_type = validate::optional_choice(query, "model_type", &["big", "small"])?;
    let state = validate::choice(query, "voice_state", &["init", CLONED, "all"], CLONED)?;
    let voices = match ctx.realm {
        Region::Cn => CN_VOICES,
        Region::Com => COM_VOICES,
    };
    let items: Vec<Value> = voices
        .iter()
        .filter(|_| !skip_system && (state == CLONED || state == "all"))
        .filter(|voice| model_type.is_none_or(|model_type| voice.model_type == model_type))
        .map(|voice| voice_json(ctx, voice))
        .collect();
    Ok(page.answer(&items, "voice_list", More::HasMore))
}

fn voice_json(ctx: &Ctx, voice: &Voice) -> Value {
    let (language_code, language_name) = voice.language;
    json!({
        "voice_id": voice.id,
        "name": voice.name,
        "is_system_voice": true,
        "language_code": language_code,
        "language_name": language_name,
        "preview_text": voice.preview_text,
        "preview_audio": format!("https://sandbox.cozescope.invalid/voice/{}.mp3", voice.id),
        "available_training_times": 0,
        "create_time": ctx.state.started_at,
        "update_time": ctx.state.started_at,
        "model_type": voice.model_type,
        "state": CLONED,
    })
}

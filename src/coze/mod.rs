//! The Coze OpenAPI as this tool sees it: regions, wire types, permission names, the HTTP client, the
//! business-code table, the reading of pasted error texts, and the classification of responses and pasted
//! errors into outcomes.

pub mod base_url;
pub mod catalogue;
pub mod classify;
pub mod client;
pub mod codes;
pub mod failure;
pub mod ids;
pub mod messages;
pub mod pasted;
pub mod permission;
pub mod region;
pub mod request;
pub mod sse;
pub mod studio;
pub mod wire;

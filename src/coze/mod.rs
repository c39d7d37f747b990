//! The Coze OpenAPI as this tool sees it: regions, wire types, permission names, the HTTP client, and the
//! classification of responses into outcomes.

pub mod catalogue;
pub mod classify;
pub mod client;
pub mod messages;
pub mod permission;
pub mod region;
pub mod request;
pub mod wire;

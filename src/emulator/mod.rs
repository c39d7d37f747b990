//! The Coze sandbox (emulator): a faithful, in-process model of the Coze OpenAPI endpoints this tool
//! probes, with two realms (`cn`, `com`) and separate accounts, real RS256 verification of JWT
//! assertions, the service's JSON shapes, statuses and messages, `x-tt-logid`, and seeded fault injection.
//!
//! It shares wire types with [`crate::coze`] and nothing with the runner or the report. Public surface:
//! [`World`] (the accounts, from the embedded demo or a world file), [`Sandbox`] (running listeners),
//! [`SandboxConfig`], and the errors; `cozescope emulator` serves it from the CLI.

mod access;
mod account;
mod bots;
mod chat;
mod connections;
mod context;
mod conversations;
mod crypto;
mod datasets;
mod demo;
mod endpoint;
mod error;
pub mod faults;
mod jwt;
mod keys;
pub mod logid;
mod ownership;
mod paging;
mod projects;
mod reply;
mod request;
mod server;
mod state;
mod studio;
mod token;
mod validate;
mod voices;
mod workflows;
mod world;
mod world_file;

pub use demo::{
    DEMO_FILES, DEMO_WORLD_TOML, export_files as demo_world_files,
    export_studio_files as studio_world_files,
};
pub use error::{EmulatorError, WorldError};
pub use faults::FaultSettings;
pub use server::{ConnectionLimits, Sandbox, SandboxConfig};
pub use world::{Flavour, StudioVersion, World};

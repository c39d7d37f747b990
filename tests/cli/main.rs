//! Integration tests that run the `cozescope` binary: bad input, secrets never printed, every command,
//! faults of a misbehaving server, the bundled scenarios on the sandbox, and the published JSON schemas.
//! One test binary, so that the crate is linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod canary;
mod chat_polling;
mod commands;
mod diagnose_scenarios;
mod diff;
mod doctor;
mod every_probe;
mod explain;
mod faults;
mod files;
mod layout;
mod real_errors;
mod run_sandbox;
mod schemas;
mod shell;
mod streams;
mod studio;
mod sweep;
mod targets;
mod verdict_worlds;

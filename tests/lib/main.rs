//! In-process integration tests of the library: the diagnosis rules on recorded bodies, the sandbox over
//! real HTTP (token endpoint, business endpoints, faults, world files), and the fuzz regression corpus.
//! One test binary, so that the crate is linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod diagnose_rules;
mod emulator_accounts;
mod emulator_business;
mod emulator_catalogue;
mod emulator_connections;
mod emulator_faults;
mod emulator_token;
mod emulator_world;
mod explain_kinds;
mod fuzz_regressions;
mod real_errors;
mod sweep;

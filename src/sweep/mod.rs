//! Scope-name sweeps: which names the token endpoint accepts in a scope, found with few requests. The
//! candidate names and the group-testing search live here; the runner sends the token requests.

pub mod candidates;
pub mod group_testing;

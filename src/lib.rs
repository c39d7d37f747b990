//! cozescope: permission diagnostics for the Coze OpenAPI.
//!
//! Data flows one way: scenario files are loaded into a [`scenario::Plan`], the [`runner`] executes it against
//! a target (the real service or the embedded [`emulator`]) and produces plain results, and the [`report`]
//! writers turn those results into markdown, JSON or JUnit, all through one redactor.

pub mod auth;
pub mod build_info;
pub mod cli;
pub mod coze;
pub mod diagnose;
pub mod diff;
pub mod emulator;
pub mod exit;
pub mod explain;
pub mod i18n;
pub mod knowledge;
pub mod layout;
pub mod outcome;
pub mod probe;
pub mod redact;
pub mod report;
pub mod runner;
pub mod sanitize;
pub mod scenario;
pub mod source_error;
pub mod sweep;
pub mod textfile;

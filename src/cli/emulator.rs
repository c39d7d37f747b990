//! `cozescope emulator`: serve the sandbox standalone. Prints one line per realm (`cn  http://…`) on stdout
//! once the listeners accept connections, then serves until Ctrl-C, SIGTERM or SIGHUP.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::inputs::register_world_secrets;
use super::{CliError, CommandResult};
use crate::coze::region::Region;
use crate::emulator::{EmulatorError, FaultSettings, Sandbox, SandboxConfig, World};
use crate::exit;

/// The help heading of the fault flags.
const FAULTS: &str = "Faults (override the world's [faults])";

/// Flags of `cozescope emulator`.
#[derive(clap::Args, Debug, Clone)]
pub struct EmulatorArgs {
    /// World file (TOML) to serve instead of the embedded demo world.
    #[arg(long, value_name = "FILE")]
    pub world: Option<PathBuf>,

    /// Address of the cn (coze.cn) realm; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,

    /// Also serve the com (coze.com) realm on this address.
    #[arg(long, value_name = "ADDR")]
    pub listen_com: Option<SocketAddr>,

    /// Fault: fixed delay added to each reply, in milliseconds.
    #[arg(long, value_name = "MS", help_heading = FAULTS)]
    pub latency_ms: Option<u64>,

    /// Fault: extra random delay of up to this many milliseconds.
    #[arg(long, value_name = "MS", help_heading = FAULTS)]
    pub jitter_ms: Option<u64>,

    /// Fault: requests per second allowed per token; more get HTTP 429 with code 4013.
    #[arg(long, value_name = "N", help_heading = FAULTS)]
    pub qps_per_token: Option<u32>,

    /// Fault: fraction (0..1) of replies that are server errors (HTTP 500, code 5000).
    #[arg(long, value_name = "RATIO", help_heading = FAULTS)]
    pub error_ratio: Option<f64>,

    /// Fault: fraction (0..1) of replies with a malformed body (HTML page or truncated JSON).
    #[arg(long, value_name = "RATIO", help_heading = FAULTS)]
    pub malformed_ratio: Option<f64>,

    /// Fault: apply faults only to paths starting with this prefix (repeatable).
    #[arg(long = "fault-path", value_name = "PREFIX", help_heading = FAULTS)]
    pub fault_paths: Vec<String>,

    /// Fault: seed of the fault RNG, for reproducible faults.
    #[arg(long, value_name = "N", help_heading = FAULTS)]
    pub seed: Option<u64>,

    /// Open connections at most per realm; more are closed at once.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub max_connections: u32,

    /// Seconds a connection may send nothing (no request, no body bytes) before it is closed.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,

    /// Write the demo world file and its keys into DIR, then exit (a starting point for your own world).
    #[arg(long, value_name = "DIR")]
    pub export_world: Option<PathBuf>,
}

impl EmulatorArgs {
    /// The world's faults with the flags applied; `None` when neither declares any.
    pub fn faults(&self, world: &World) -> Option<FaultSettings> {
        let flagged = self.latency_ms.is_some()
            || self.jitter_ms.is_some()
            || self.qps_per_token.is_some()
            || self.error_ratio.is_some()
            || self.malformed_ratio.is_some()
            || !self.fault_paths.is_empty()
            || self.seed.is_some();
        if !flagged {
            return world.faults().cloned();
        }
        let mut faults = world.faults().cloned().unwrap_or_default();
        if let Some(value) = self.latency_ms {
            faults.latency_ms = value;
        }
        if let Some(value) = self.jitter_ms {
            faults.jitter_ms = value;
        }
        if let Some(value) = self.qps_per_token {
            faults.qps_per_token = Some(value);
        }
        if let Some(value) = self.error_ratio {
            faults.error_ratio = value;
        }
        if let Some(value) = self.malformed_ratio {
            faults.malformed_ratio = value;
        }
        if !self.fault_paths.is_empty() {
            faults.paths = self.fault_paths.clone();
        }
        if let Some(value) = self.seed {
            faults.seed = Some(value);
        }
        Some(faults)
    }
}

/// Runs the standalone sandbox until interrupted.
pub(super) async fn emulator(args: EmulatorArgs) -> CommandResult {
    let screen = super::screen::screen(crate::i18n::Lang::resolve(None));
    if let Some(dir) = &args.export_world {
        std::fs::create_dir_all(dir).map_err(|source| EmulatorError::Write {
            path: dir.display().to_string(),
            source,
        })?;
        for (name, contents) in crate::emulator::demo_world_files() {
            let path = dir.join(name);
            // Through the one writer: a link planted at a name is replaced, never followed.
            crate::report::write::write_file(&path, contents, true)
                .map_err(|error| CliError::Incomplete(error.to_string()))?;
            super::screen::print(&screen, &format!("{}\n", path.display()));
        }
        return Ok(exit::OK);
    }
    let world = match &args.world {
        Some(path) => World::load(path)?,
        None => World::demo(),
    };
    // The sandbox's own credentials are masked in its logs too.
    register_world_secrets(&world);
    let faults = args.faults(&world);
    if let Some(faults) = &faults {
        faults
            .validate()
            .map_err(|reason| CliError::Sandbox(EmulatorError::Config(reason)))?;
    }
    let config = SandboxConfig {
        cn: args.listen,
        com: args.listen_com,
        faults,
        limits: crate::emulator::ConnectionLimits {
            max_open: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
            idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        },
    };
    let mut sandbox = Sandbox::start(world, config).await?;
    for region in Region::ALL {
        if let Some(url) = sandbox.base_url(region) {
            super::screen::print(&screen, &format!("{:<4}{url}\n", region.as_str()));
        }
        if let Some(local) = sandbox.local_url(region) {
            super::eprint_redacted(&format!(
                "{region}: listening on every interface; from this machine use {local}"
            ));
        }
    }
    tracing::info!("sandbox serving {}", sandbox.world().origin());
    let outcome = tokio::select! {
        () = super::signal::interrupted() => Ok(()),
        result = sandbox.wait_any() => result,
    };
    sandbox.shutdown().await;
    outcome?;
    Ok(exit::OK)
}

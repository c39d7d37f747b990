//! `cozescope emulator`: serve the sandbox standalone. Prints one line per realm (`cn  http://…`) on stdout
//! once the listeners accept connections, then serves until Ctrl-C, SIGTERM or SIGHUP.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::inputs::register_world_secrets;
use super::{CliError, CommandResult};
use crate::coze::region::Region;
use crate::emulator::{
    EmulatorError, FaultSettings, Flavour, Sandbox, SandboxConfig, StudioVersion, World,
};
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

    /// Also serve the com (coze.com) realm on this address (not with --flavour studio: a Studio has no
    /// realms).
    #[arg(long, value_name = "ADDR")]
    pub listen_com: Option<SocketAddr>,

    /// Answer as Coze's cloud, or as a self-hosted Coze Studio (its OpenAPI paths take PATs, every other
    /// path is a web API behind its login cookie; `X-Log-Id`, `Server: hertz`) [default: the world's
    /// `flavour`, else coze].
    #[arg(long, value_enum)]
    pub flavour: Option<FlavourChoice>,

    /// The Coze Studio release line to answer as, with --flavour studio [default: the world's
    /// `studio_version`, else 0.5].
    #[arg(long, value_name = "VERSION", value_parser = clap::builder::PossibleValuesParser::new(StudioVersion::WORDS))]
    pub studio_version: Option<String>,

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

    /// Write the demo world file and its keys into DIR, then exit (a starting point for your own world;
    /// with --flavour studio, the Studio demo world).
    #[arg(long, value_name = "DIR")]
    pub export_world: Option<PathBuf>,
}

/// `--flavour`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlavourChoice {
    /// Coze's cloud: the cn realm, and com with --listen-com.
    Coze,
    /// A self-hosted Coze Studio.
    Studio,
}

impl EmulatorArgs {
    /// What to answer as: the flags over the world's `flavour` and `studio_version`.
    pub fn flavour(&self, world: &World) -> Result<Flavour, CliError> {
        let version = self
            .studio_version
            .as_deref()
            .and_then(StudioVersion::parse);
        let studio = match (self.flavour, world.flavour()) {
            (Some(FlavourChoice::Coze), _) => None,
            (Some(FlavourChoice::Studio), Flavour::Studio(own)) | (None, Flavour::Studio(own)) => {
                Some(own)
            }
            (Some(FlavourChoice::Studio), Flavour::Coze) => Some(StudioVersion::default()),
            (None, Flavour::Coze) => None,
        };
        match studio {
            Some(own) => {
                if self.listen_com.is_some() {
                    return Err(CliError::Usage(
                        "--listen-com serves the com realm of Coze's cloud: a Studio has no realms (drop --listen-com, or use --flavour coze)".into(),
                    ));
                }
                Ok(Flavour::Studio(version.unwrap_or(own)))
            }
            None if version.is_some() => Err(CliError::Usage(
                "--studio-version applies to a Studio: add --flavour studio".into(),
            )),
            None => Ok(Flavour::Coze),
        }
    }

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
    let studio_flag = args.flavour == Some(FlavourChoice::Studio);
    if let Some(dir) = &args.export_world {
        std::fs::create_dir_all(dir).map_err(|source| EmulatorError::Write {
            path: dir.display().to_string(),
            source,
        })?;
        let files = if studio_flag {
            crate::emulator::studio_world_files()
        } else {
            crate::emulator::demo_world_files()
        };
        for (name, contents) in files {
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
        None if studio_flag => World::studio_demo(),
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
    let flavour = args.flavour(&world)?;
    let config = SandboxConfig {
        cn: args.listen,
        com: args.listen_com,
        faults,
        limits: crate::emulator::ConnectionLimits {
            max_open: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
            idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        },
    };
    let mut sandbox = Sandbox::start(world.with_flavour(flavour), config).await?;
    // The notes go to stderr before the addresses reach stdout: whoever waits for the first address line
    // has every note already.
    let regions: &[Region] = match flavour {
        // One base URL, named by what it is.
        Flavour::Studio(_) => &[Region::Cn],
        Flavour::Coze => &Region::ALL,
    };
    for &region in regions {
        if let Some(local) = sandbox.local_url(region) {
            let name = match flavour {
                Flavour::Studio(_) => "studio".to_string(),
                Flavour::Coze => region.to_string(),
            };
            super::eprint_redacted(&format!(
                "{name}: listening on every interface; from this machine use {local}"
            ));
        }
    }
    for &region in regions {
        if let Some(url) = sandbox.base_url(region) {
            let line = match flavour {
                Flavour::Studio(version) => {
                    format!("studio {url} (Coze Studio {})\n", version.as_str())
                }
                Flavour::Coze => format!("{:<4}{url}\n", region.as_str()),
            };
            super::screen::print(&screen, &line);
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

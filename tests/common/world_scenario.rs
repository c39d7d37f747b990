//! Scenarios against sandbox worlds, as `--sandbox` runs them: the world's variables and files stand in for
//! the environment and the disk. Loading a scenario text, extending the demo world, and a scope sweep on
//! a sandbox serving a world. Shared by the tests and the benchmarks.

use std::collections::BTreeMap;
use std::path::Path;

use cozescope::coze::region::Region;
use cozescope::coze::wire::ScopeBlock;
use cozescope::emulator::{DEMO_WORLD_TOML, Sandbox, SandboxConfig, World, demo_world_files};
use cozescope::runner::sweep::{SweepPlan, SweepResult, run_sweep};
use cozescope::runner::{CancellationToken, RunOptions, Target};
use cozescope::scenario::{LoadOptions, ScenarioPlan, VariableSource, parse_scenario};

/// The JWT service app of the demo world, in one case named `jwt`.
pub const DEMO_JWT_SCENARIO: &str = "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"${COZE_JWT_OAUTH_CLIENT_ID}\"\npublic_key_id = \"${COZE_JWT_OAUTH_PUBLIC_KEY_ID}\"\nprivate_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\"\n\n[[case]]\nname = \"jwt\"\nauth = \"jwt\"\n";

/// `text` parsed as the scenario file `name`, its `${VARIABLES}` and key files taken from `world`.
pub fn scenario_in(world: &World, name: &str, text: &str) -> ScenarioPlan {
    let variables = VariableSource::Sandbox {
        values: world.variables().clone(),
    };
    let options = LoadOptions {
        variables: &variables,
        virtual_files: world.files(),
        keys: Default::default(),
    };
    parse_scenario(Path::new(name), text, &options)
        .unwrap_or_else(|error| panic!("the scenario {name} is valid: {error}"))
}

/// Writes the demo world and its key files into `dir`, as `cozescope emulator --export-world` does.
pub fn export_demo_world(dir: &Path) {
    for (name, contents) in demo_world_files() {
        std::fs::write(dir.join(name), contents).expect("a demo world file is written");
    }
}

/// The demo world with the world-file TOML `extra` appended.
pub fn demo_world_with(extra: &str) -> World {
    let dir = tempfile::tempdir().expect("a temporary folder");
    export_demo_world(dir.path());
    let text = format!("{DEMO_WORLD_TOML}\n{extra}");
    World::from_toml(&dir.path().join("world.toml"), &text, dir.path())
        .expect("the extended world loads")
}

/// Sweeps `candidates` in `block` with the credential of the first case of `scenario_text`, on a sandbox
/// serving `world` in the cn realm.
pub async fn sweep_on(
    world: World,
    scenario_text: &str,
    candidates: Vec<String>,
    block: ScopeBlock,
) -> SweepResult {
    let scenario = scenario_in(&world, "sweep.toml", scenario_text);
    let config = SandboxConfig {
        com: None,
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(world, config).await.expect("sandbox starts");
    let urls: BTreeMap<Region, String> =
        [(Region::Cn, sandbox.base_url(Region::Cn).expect("cn served"))]
            .into_iter()
            .collect();
    let plan = SweepPlan {
        scenario: &scenario,
        credential: scenario.cases[0].credential.clone(),
        candidates,
        block,
        map: None,
    };
    let options = RunOptions {
        cancel: CancellationToken::new(),
        ..RunOptions::default()
    };
    let result = run_sweep(&plan, &Target::sandbox(urls), &options, &|_| {})
        .await
        .expect("the sweep runs");
    sandbox.shutdown().await;
    result
}

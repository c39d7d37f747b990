//! Benchmark: requests a scope sweep uses against the sandbox (not a timed test).
//!
//! 82 candidate names, of which d are rejected (d = 3 and d = 77, the goals: at most 26 and 83
//! requests; information bounds 17 and 25), over many random placements of the rejected names, each
//! against a sandbox world whose `[[scope_name]]` entries accept exactly the others. Prints the mean,
//! median, 90th percentile and maximum requests per d, with the information bound ⌈log2 C(n, d)⌉.
//!
//! `cargo bench --bench sweep [-- --placements N]`

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use cozescope::coze::region::Region;
use cozescope::coze::wire::ScopeBlock;
use cozescope::emulator::{DEMO_WORLD_TOML, Sandbox, SandboxConfig, World, export_demo_world};
use cozescope::runner::sweep::{SweepPlan, run_sweep};
use cozescope::runner::{CancellationToken, RunOptions, Target};
use cozescope::scenario::{LoadOptions, VariableSource, parse_scenario};
use cozescope::sweep::group_testing::information_bound;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

const N: usize = 82;
const SCENARIO: &str = "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"${COZE_JWT_OAUTH_CLIENT_ID}\"\npublic_key_id = \"${COZE_JWT_OAUTH_PUBLIC_KEY_ID}\"\nprivate_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\"\n\n[[case]]\nname = \"jwt\"\nauth = \"jwt\"\n";

fn placements() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == "--placements")
        .and_then(|index| args.get(index + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(40)
}

async fn requests_for(accepted: &[String], candidates: &[String], dir: &Path) -> u32 {
    let mut text = format!("{DEMO_WORLD_TOML}\n");
    for name in accepted {
        text.push_str(&format!(
            "[[scope_name]]\nname = \"{name}\"\ngrants = [\"listBot\"]\n\n"
        ));
    }
    text.push_str("[[scope_name]]\nname = \"Decoy.name\"\ngrants = []\n");
    let world = World::from_toml(&dir.join("world.toml"), &text, dir).expect("the world loads");
    let variables = VariableSource::Sandbox {
        values: world.variables().clone(),
    };
    let options = LoadOptions {
        variables: &variables,
        virtual_files: world.files(),
        keys: Default::default(),
    };
    let scenario = parse_scenario(Path::new("bench.toml"), SCENARIO, &options).expect("scenario");
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sandbox = Sandbox::start(
        world,
        SandboxConfig {
            cn: loopback,
            com: None,
            faults: None,
        },
    )
    .await
    .expect("sandbox");
    let urls: BTreeMap<Region, String> = [(Region::Cn, sandbox.base_url(Region::Cn).expect("cn"))]
        .into_iter()
        .collect();
    let plan = SweepPlan {
        scenario: &scenario,
        credential: scenario.cases[0].credential.clone(),
        candidates: candidates.to_vec(),
        block: ScopeBlock::Account,
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
    assert_eq!(result.accepted.len(), accepted.len(), "exact");
    result.requests
}

fn main() {
    let placements = placements();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    export_demo_world(dir.path()).expect("demo world exported");
    let candidates: Vec<String> = (0..N).map(|i| format!("Candidate.name{i}")).collect();
    let mut rng = StdRng::seed_from_u64(82);
    runtime.block_on(async {
        for d in [3usize, 77] {
            let mut used: Vec<u32> = Vec::with_capacity(placements);
            for _ in 0..placements {
                let mut shuffled = candidates.clone();
                shuffled.shuffle(&mut rng);
                let accepted = &shuffled[d..];
                used.push(requests_for(accepted, &candidates, dir.path()).await);
            }
            used.sort_unstable();
            let mean = used.iter().map(|&u| f64::from(u)).sum::<f64>() / used.len() as f64;
            println!(
                "sweep: n = {N}, d = {d} rejected, {placements} placements: mean {mean:.1}, median {}, p90 {}, max {} requests (information bound {}, n + 1 = {})",
                used[used.len() / 2],
                used[used.len() * 9 / 10],
                used[used.len() - 1],
                information_bound(N, d),
                N + 1
            );
        }
    });
}

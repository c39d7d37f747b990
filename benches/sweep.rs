//! Benchmark: requests a scope sweep uses against the sandbox (not a timed test).
//!
//! 82 candidate names, of which d are rejected (d = 3 and d = 77, the goals: at most 26 and 83
//! requests; information bounds 17 and 25), over many random placements of the rejected names, each
//! against a sandbox world whose `[[scope_name]]` entries accept exactly the others. Prints the mean,
//! median, 90th percentile and maximum requests per d, how many placements met the goal, with the information
//! bound ⌈log2 C(n, d)⌉.
//!
//! `cargo bench --bench sweep [-- --placements N]`

mod common;

use cozescope::coze::wire::ScopeBlock;
use cozescope::sweep::group_testing::information_bound;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use common::world_scenario::{DEMO_JWT_SCENARIO, demo_world_with, sweep_on};

const N: usize = 82;

async fn requests_for(accepted: &[String], candidates: &[String]) -> u32 {
    let mut extra = String::new();
    for name in accepted {
        extra.push_str(&format!(
            "[[scope_name]]\nname = \"{name}\"\ngrants = [\"listBot\"]\n\n"
        ));
    }
    extra.push_str("[[scope_name]]\nname = \"Decoy.name\"\ngrants = []\n");
    let result = sweep_on(
        demo_world_with(&extra),
        DEMO_JWT_SCENARIO,
        candidates.to_vec(),
        ScopeBlock::Account,
    )
    .await;
    assert_eq!(result.accepted.len(), accepted.len(), "exact");
    result.requests
}

fn main() {
    let placements = common::arg("--placements", 40_usize);
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let candidates: Vec<String> = (0..N).map(|i| format!("Candidate.name{i}")).collect();
    let mut rng = StdRng::seed_from_u64(82);
    runtime.block_on(async {
        // The goals per d: at most 26 requests with 3 rejected names, at most n + 1 with 77.
        for (d, goal) in [(3usize, 26u32), (77, 83)] {
            let mut used: Vec<u32> = Vec::with_capacity(placements);
            for _ in 0..placements {
                let mut shuffled = candidates.clone();
                shuffled.shuffle(&mut rng);
                let accepted = &shuffled[d..];
                used.push(requests_for(accepted, &candidates).await);
            }
            used.sort_unstable();
            let mean = used.iter().map(|&u| f64::from(u)).sum::<f64>() / used.len() as f64;
            let within = used.iter().filter(|&&u| u <= goal).count();
            println!(
                "sweep: n = {N}, d = {d} rejected, {placements} placements: mean {mean:.1}, median {}, p90 {}, max {} requests; {within}/{placements} within the goal of {goal} (information bound {}, n + 1 = {})",
                used[used.len() / 2],
                used[used.len() * 9 / 10],
                used[used.len() - 1],
                information_bound(N, d),
                N + 1
            );
        }
    });
}

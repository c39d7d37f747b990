//! Benchmark: a run against a rate-limited target (not a timed test).
//!
//! The sandbox allows 10 requests per second per token (`--qps-per-token 10`); the run sends 80 probes with
//! one PAT at `--jobs 8`, once without a client-side limit and once with `--qps 10`. For each it prints the
//! wall time (the floor at 10 per second is 8 s) and how many requests the sandbox answered with 429. Goal
//! for `--qps 10`: within 1.15x of the floor, at most 5 % of the requests throttled.
//!
//! `cargo bench --bench rate_limit [-- --probes N --qps Q]`

mod common;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use cozescope::coze::region::Region;
use cozescope::emulator::{FaultSettings, Sandbox, SandboxConfig, World};
use cozescope::outcome::Outcome;
use cozescope::runner::{self, CancellationToken, RunOptions, Target};
use cozescope::scenario::Plan;

/// Probes per case; cases are added until the run has the probes asked for.
const PROBES: [&str; 4] = ["whoami", "list_workspaces", "list_bots", "retrieve_bot"];

fn plan(world: &World, probes: usize) -> Plan {
    let mut text = String::from(
        "[auth.pat]\nmode = \"pat\"\ntoken = \"${COZE_API_TOKEN}\"\n\n[probe.list_bots]\nspace_id = \"${COZE_WORKSPACE_ID}\"\n\n[probe.retrieve_bot]\nbot_id = \"${COZE_BOT_ID}\"\n",
    );
    for case in 0..probes.div_ceil(PROBES.len()) {
        let take = (probes - case * PROBES.len()).min(PROBES.len());
        let list: Vec<String> = PROBES[..take].iter().map(|p| format!("\"{p}\"")).collect();
        text.push_str(&format!(
            "\n[[case]]\nname = \"case {case}\"\nauth = \"pat\"\nprobes = [{}]\n",
            list.join(", ")
        ));
    }
    let scenario = common::world_scenario::scenario_in(world, "bench.toml", &text);
    Plan {
        scenarios: vec![scenario],
    }
}

async fn measure(plan: &Plan, target: &Target, qps: Option<f64>) -> (f64, usize, usize) {
    let options = RunOptions {
        jobs: 8,
        retries: Some(10),
        qps,
        cancel: CancellationToken::new(),
        ..RunOptions::default()
    };
    let started = Instant::now();
    let result = runner::run(plan, target, &options, &|_| {})
        .await
        .unwrap_or_else(|error| panic!("the run starts: {error}"));
    let elapsed = started.elapsed().as_secs_f64();
    let probes: Vec<_> = result.cases().flat_map(|case| &case.probes).collect();
    let throttled = probes
        .iter()
        .map(|probe| {
            probe
                .attempts
                .iter()
                .filter(|attempt| attempt.outcome == Outcome::RateLimited)
                .count()
                + usize::from(probe.outcome == Outcome::RateLimited)
        })
        .sum();
    (elapsed, throttled, result.request_stats().requests as usize)
}

fn main() {
    let probes = common::arg("--probes", 80_usize);
    let qps = common::arg("--qps", 10.0);
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let world = World::demo();
        let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let config = SandboxConfig {
            cn: loopback,
            com: None,
            faults: Some(FaultSettings {
                qps_per_token: Some(10),
                seed: Some(7),
                ..FaultSettings::default()
            }),
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(world.clone(), config)
            .await
            .expect("the sandbox starts");
        let urls: BTreeMap<Region, String> = [(Region::Cn, sandbox.base_url(Region::Cn).expect("cn"))]
            .into_iter()
            .collect();
        let target = Target::sandbox(urls);
        let plan = plan(&world, probes);
        let floor = probes as f64 / 10.0;
        for (label, limit) in [("no --qps", None), ("--qps", Some(qps))] {
            // A fresh second so that the sandbox's windows start empty.
            tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
            let (elapsed, throttled, requests) = measure(&plan, &target, limit).await;
            println!(
                "rate_limit: {label:<8} {probes} probes, jobs 8, sandbox 10/s per token: {elapsed:.2} s ({:.2}x the {floor:.0} s floor), {requests} requests, {throttled} answered 429 ({:.1} %)",
                elapsed / floor,
                100.0 * throttled as f64 / requests.max(1) as f64
            );
        }
        sandbox.shutdown().await;
    });
}

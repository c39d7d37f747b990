//! Scope sweeps against sandbox worlds that accept a random set of names: the search finds exactly the
//! accepted and the rejected names, within n + 1 requests, in both scope blocks; any other answer stops it.

use cozescope::coze::wire::ScopeBlock;
use cozescope::emulator::World;
use cozescope::runner::sweep::SweepResult;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::common::world_scenario::{DEMO_JWT_SCENARIO, demo_world_with, sweep_on};

/// Sweeps `candidates` against the demo world extended with `scope_names` (TOML).
async fn sweep(scope_names: &str, candidates: Vec<String>, block: ScopeBlock) -> SweepResult {
    sweep_on(
        demo_world_with(scope_names),
        DEMO_JWT_SCENARIO,
        candidates,
        block,
    )
    .await
}

fn world_accepting(names: &[String], block: &str) -> String {
    names
        .iter()
        .map(|name| {
            format!(
                "[[scope_name]]\nname = \"{name}\"\ngrants = [\"listBot\"]\nblock = \"{block}\"\n\n"
            )
        })
        .collect()
}

#[tokio::test]
async fn random_accepted_sets_are_found_exactly_within_n_plus_one_requests() {
    let mut rng = StdRng::seed_from_u64(2026);
    for round in 0..6 {
        let n = rng.random_range(1..=40);
        let candidates: Vec<String> = (0..n).map(|i| format!("Scope{round}.name{i}")).collect();
        let accepted: Vec<String> = candidates
            .iter()
            .filter(|_| rng.random_bool(0.6))
            .cloned()
            .collect();
        let (block, kind) = if round % 2 == 0 {
            (ScopeBlock::Account, "account")
        } else {
            (
                ScopeBlock::Workspace(vec!["7351411557182226472".into()]),
                "workspace",
            )
        };
        // A world that declares no name would fall back to the documented list: declare a decoy.
        let mut world = world_accepting(&accepted, kind);
        world.push_str("[[scope_name]]\nname = \"Decoy.name\"\ngrants = []\n");
        let result = sweep(&world, candidates.clone(), block).await;
        let mut found = result.accepted.clone();
        found.sort();
        let mut expected = accepted.clone();
        expected.sort();
        assert_eq!(found, expected, "round {round}");
        assert_eq!(
            result.accepted.len() + result.rejected.len(),
            n,
            "round {round}"
        );
        assert!(result.unclassified.is_empty() && result.stopped.is_none());
        assert!(
            result.requests as usize <= n + 1,
            "round {round}: {} requests for {n}",
            result.requests
        );
        assert_eq!(
            result.requests as usize,
            result.queries.len(),
            "no retries on the sandbox"
        );
    }
}

#[tokio::test]
async fn an_answer_other_than_a_token_or_invalid_request_stops_the_sweep() {
    // The channel app of the demo world is refused with access_deny once its scope is accepted.
    let result = sweep_on(
        World::demo(),
        &DEMO_JWT_SCENARIO.replace("COZE_JWT_OAUTH", "COZE_CHANNEL_JWT_OAUTH"),
        vec!["Connector.botChat".into(), "Connector.getMetadata".into()],
        ScopeBlock::Account,
    )
    .await;
    let stopped = result.stopped.expect("the sweep stopped");
    assert_eq!(stopped.answer.error_code.as_deref(), Some("access_deny"));
    assert_eq!(result.unclassified.len(), 2, "nothing is read as rejected");
    assert!(result.rejected.is_empty());
    assert_eq!(result.requests, 1, "the first answer stops it");
}

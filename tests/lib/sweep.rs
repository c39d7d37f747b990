//! Scope sweeps against sandbox worlds that accept a random set of names: the search finds exactly the
//! accepted and the rejected names, within n + 1 requests, in both scope blocks; any other answer stops it.

use std::collections::BTreeMap;
use std::path::Path;

use cozescope::coze::region::Region;
use cozescope::coze::wire::ScopeBlock;
use cozescope::emulator::World;
use cozescope::runner::sweep::{SweepPlan, run_sweep};
use cozescope::runner::{CancellationToken, RunOptions, Target};
use cozescope::scenario::{LoadOptions, VariableSource, parse_scenario};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::common::sandbox::start_with_extra;

const SCENARIO: &str = "[auth.jwt]\nmode = \"jwt\"\nclient_id = \"${COZE_JWT_OAUTH_CLIENT_ID}\"\npublic_key_id = \"${COZE_JWT_OAUTH_PUBLIC_KEY_ID}\"\nprivate_key_file = \"${COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH}\"\n\n[[case]]\nname = \"jwt\"\nauth = \"jwt\"\n";

/// Sweeps `candidates` against the demo world extended with `scope_names` (TOML).
async fn sweep(
    scope_names: &str,
    candidates: Vec<String>,
    block: ScopeBlock,
) -> cozescope::runner::sweep::SweepResult {
    let sandbox = start_with_extra(scope_names).await;
    let world = World::demo();
    let variables = VariableSource::Sandbox {
        values: world.variables().clone(),
    };
    let options = LoadOptions {
        variables: &variables,
        virtual_files: world.files(),
        keys: Default::default(),
    };
    let scenario =
        parse_scenario(Path::new("sweep.toml"), SCENARIO, &options).expect("scenario loads");
    let credential = scenario.cases[0].credential.clone();
    let urls: BTreeMap<Region, String> = [(
        Region::Cn,
        crate::common::sandbox::base(&sandbox, Region::Cn),
    )]
    .into_iter()
    .collect();
    let plan = SweepPlan {
        scenario: &scenario,
        credential,
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
        .expect("sweep runs");
    sandbox.shutdown().await;
    result
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
    let sandbox_world = "";
    let world = World::demo();
    let variables = VariableSource::Sandbox {
        values: world.variables().clone(),
    };
    let options = LoadOptions {
        variables: &variables,
        virtual_files: world.files(),
        keys: Default::default(),
    };
    let text = SCENARIO.replace("COZE_JWT_OAUTH", "COZE_CHANNEL_JWT_OAUTH");
    let scenario = parse_scenario(Path::new("sweep.toml"), &text, &options).expect("loads");
    let sandbox = start_with_extra(sandbox_world).await;
    let urls: BTreeMap<Region, String> = [(
        Region::Cn,
        crate::common::sandbox::base(&sandbox, Region::Cn),
    )]
    .into_iter()
    .collect();
    let plan = SweepPlan {
        scenario: &scenario,
        credential: scenario.cases[0].credential.clone(),
        candidates: vec!["Connector.botChat".into(), "Connector.getMetadata".into()],
        block: ScopeBlock::Account,
        map: None,
    };
    let result = run_sweep(
        &plan,
        &Target::sandbox(urls),
        &RunOptions {
            cancel: CancellationToken::new(),
            ..RunOptions::default()
        },
        &|_| {},
    )
    .await
    .expect("sweep runs");
    sandbox.shutdown().await;
    let stopped = result.stopped.expect("the sweep stopped");
    assert_eq!(stopped.answer.error_code.as_deref(), Some("access_deny"));
    assert_eq!(result.unclassified.len(), 2, "nothing is read as rejected");
    assert!(result.rejected.is_empty());
    assert_eq!(result.requests, 1, "the first answer stops it");
}

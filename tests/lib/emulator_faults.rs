//! Fault injection over real HTTP: per-token QPS limit (429 + 4013), server errors (500 + 5000 /
//! internal_error), malformed bodies, latency, and determinism under a seed.

use std::time::{Duration, Instant};

use crate::common::sandbox::*;
use cozescope::coze::region::Region;
use cozescope::emulator::{FaultSettings, Sandbox, SandboxConfig, World};
use serde_json::json;

async fn start_with(faults: FaultSettings) -> Sandbox {
    Sandbox::start(
        World::demo(),
        SandboxConfig {
            faults: Some(faults),
            ..SandboxConfig::default()
        },
    )
    .await
    .expect("sandbox starts")
}

#[tokio::test]
async fn qps_limit_answers_429_with_4013() {
    let sandbox = start_with(FaultSettings {
        qps_per_token: Some(3),
        ..FaultSettings::default()
    })
    .await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let mut limited = None;
    for _ in 0..10 {
        let reply = get(&cn, "/v1/users/me", &pat).await;
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
    }
    let reply = limited.expect("the limit is hit within 10 requests");
    assert_code(&reply, 4013);
    // Another token has its own budget.
    let other = get(&cn, "/v1/users/me", &var("COZE_API_TOKEN_CHAT_ONLY")).await;
    assert_eq!(other.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn server_errors_have_the_service_shapes() {
    let sandbox = start_with(FaultSettings {
        error_ratio: 1.0,
        seed: Some(1),
        ..FaultSettings::default()
    })
    .await;
    let cn = base(&sandbox, Region::Cn);
    let reply = get(&cn, "/v1/users/me", &var("COZE_API_TOKEN")).await;
    assert_eq!(reply.status, 500);
    assert_code(&reply, 5000);
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap()
            .starts_with("We're currently experiencing server issues")
    );
    let reply = token_request(&cn, &app_jwt(&cn), &json!({"grant_type": GRANT})).await;
    assert_oauth_error(&reply, 500, "internal_error", "Service internal error.");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn malformed_bodies_are_html_or_truncated_json() {
    let sandbox = start_with(FaultSettings {
        malformed_ratio: 1.0,
        seed: Some(3),
        ..FaultSettings::default()
    })
    .await;
    let cn = base(&sandbox, Region::Cn);
    let (mut html, mut truncated) = (0, 0);
    for _ in 0..20 {
        let reply = get(&cn, "/v1/users/me", &var("COZE_API_TOKEN")).await;
        assert!(reply.body.is_null(), "not JSON: {}", reply.text);
        assert!(is_logid(reply.logid.as_deref().unwrap()));
        if reply.status == 502 {
            assert!(reply.text.contains("<html>"));
            html += 1;
        } else {
            assert_eq!(reply.status, 200);
            assert!(reply.text.starts_with("{\""));
            truncated += 1;
        }
    }
    assert!(html > 0 && truncated > 0, "{html} {truncated}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn latency_and_path_filter() {
    let sandbox = start_with(FaultSettings {
        latency_ms: 150,
        paths: vec!["/v1/users".into()],
        ..FaultSettings::default()
    })
    .await;
    let cn = base(&sandbox, Region::Cn);
    let pat = var("COZE_API_TOKEN");
    let started = Instant::now();
    get(&cn, "/v1/users/me", &pat).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    get(&cn, "/v1/workspaces", &pat).await;
    assert!(started.elapsed() < Duration::from_millis(150));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_same_seed_gives_the_same_sequence() {
    async fn sequence() -> Vec<u16> {
        let sandbox = start_with(FaultSettings {
            error_ratio: 0.3,
            malformed_ratio: 0.3,
            seed: Some(42),
            ..FaultSettings::default()
        })
        .await;
        let cn = base(&sandbox, Region::Cn);
        let mut statuses = Vec::new();
        for _ in 0..30 {
            statuses.push(
                get(&cn, "/v1/users/me", &var("COZE_API_TOKEN"))
                    .await
                    .status,
            );
        }
        sandbox.shutdown().await;
        statuses
    }
    let first = sequence().await;
    assert_eq!(first, sequence().await);
    assert!(
        first.contains(&200) && first.contains(&500) && first.contains(&502),
        "{first:?}"
    );
}

#[tokio::test]
async fn invalid_fault_settings_are_input_errors() {
    let error = Sandbox::start(
        World::demo(),
        SandboxConfig {
            faults: Some(FaultSettings {
                error_ratio: 2.0,
                ..FaultSettings::default()
            }),
            ..SandboxConfig::default()
        },
    )
    .await
    .unwrap_err();
    assert!(error.is_input_error());
    assert!(error.to_string().contains("error_ratio"));
}

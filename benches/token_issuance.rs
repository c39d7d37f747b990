//! Benchmark: JWT token issuance through the sandbox on loopback (not a timed test).
//!
//! The sandbox runs in its own tokio runtime; the client (reqwest, keep-alive connections) in another.
//! Every assertion is signed before the timed window, since client-side RSA signing is not the sandbox's
//! cost. Reports throughput and p50/p99 latency, first at concurrency 1 (latency), then with many requests
//! in flight (throughput).
//!
//! `cargo bench --bench token_issuance [-- --requests N --concurrency C]`

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cozescope::coze::region::Region;
use cozescope::emulator::{DEMO_FILES, Sandbox, SandboxConfig, World};

const APP_ID: &str = "1127900106117";
const KID: &str = "tpRVJYfhCqBb1VSDmjjvX45LSidnN7kdH6cwKqoZy44";
const BODY: &str = r#"{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","duration_seconds":900,"scope":null}"#;

struct Options {
    requests: usize,
    concurrency: usize,
}

fn options() -> Options {
    Options {
        requests: common::arg("--requests", 20_000_usize).max(100),
        concurrency: common::arg("--concurrency", 32_usize).max(1),
    }
}

fn demo_key() -> RsaKeyPair {
    let pem = DEMO_FILES
        .iter()
        .find(|(name, _)| *name == "demo-app.pem")
        .map(|(_, content)| *content)
        .expect("demo key");
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = STANDARD.decode(body).expect("base64");
    RsaKeyPair::from_pkcs8(&der).expect("pkcs8")
}

/// Signs `count` distinct assertions for `aud`, on all cores.
fn sign_assertions(count: usize, aud: &str) -> Vec<String> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let key = Arc::new(demo_key());
    let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"RS256","typ":"JWT","kid":"{KID}"}}"#));
    let now = chrono::Utc::now().timestamp();
    let handles: Vec<_> = (0..threads)
        .map(|thread| {
            let key = key.clone();
            let header = header.clone();
            let aud = aud.to_string();
            std::thread::spawn(move || {
                let rng = SystemRandom::new();
                let mut signature = vec![0u8; key.public_modulus_len()];
                (thread..count)
                    .step_by(threads)
                    .map(|index| {
                        let claims = format!(
                            r#"{{"iss":"{APP_ID}","aud":"{aud}","iat":{now},"exp":{},"jti":"bench-{now}-{index}"}}"#,
                            now + 3600
                        );
                        let message = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims));
                        key.sign(&RSA_PKCS1_SHA256, &rng, message.as_bytes(), &mut signature)
                            .expect("signs");
                        format!("{message}.{}", URL_SAFE_NO_PAD.encode(&signature))
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|handle| handle.join().expect("signer thread"))
        .collect()
}

struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

async fn run(url: &str, assertions: Vec<String>, concurrency: usize) -> Run {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let queue = Arc::new(std::sync::Mutex::new(assertions));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let queue = queue.clone();
            let url = url.to_string();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failures = 0;
                loop {
                    let next = queue.lock().expect("queue").pop();
                    let Some(assertion) = next else { break };
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("authorization", format!("Bearer {assertion}"))
                        .header("content-type", "application/json")
                        .body(BODY)
                        .send()
                        .await;
                    let ok = match response {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let body = response.bytes().await.unwrap_or_default();
                            status == 200 && body.starts_with(br#"{"access_token":"czs_"#)
                        }
                        Err(_) => false,
                    };
                    latencies.push(sent.elapsed());
                    if !ok {
                        failures += 1;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (mut worker_latencies, worker_failures) = worker.await.expect("worker");
        latencies.append(&mut worker_latencies);
        failures += worker_failures;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Run {
        elapsed,
        latencies,
        failures,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn report(label: &str, run: &Run, concurrency: usize) {
    let count = run.latencies.len();
    let rate = count as f64 / run.elapsed.as_secs_f64();
    println!(
        "{label}: {count} issuances, concurrency {concurrency}, {:.2} s: {rate:.0} issuances/s, \
         p50 {:.3} ms, p99 {:.3} ms, failures {}",
        run.elapsed.as_secs_f64(),
        percentile(&run.latencies, 50.0).as_secs_f64() * 1e3,
        percentile(&run.latencies, 99.0).as_secs_f64() * 1e3,
        run.failures,
    );
}

fn main() {
    let options = options();
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sandbox")
        .enable_all()
        .build()
        .expect("server runtime");
    let sandbox = server_runtime
        .block_on(Sandbox::start(
            World::demo(),
            SandboxConfig {
                com: None,
                ..SandboxConfig::default()
            },
        ))
        .expect("sandbox starts");
    let base = sandbox.base_url(Region::Cn).expect("cn");
    let aud = base.trim_start_matches("http://").to_string();
    let url = format!("{base}/api/permission/oauth2/token");

    let latency_requests = (options.requests / 10).max(100);
    eprintln!(
        "signing {} assertions before the timed window…",
        options.requests + latency_requests + 500
    );
    let mut assertions = sign_assertions(options.requests + latency_requests + 500, &aud);
    let warmup: Vec<String> = assertions.drain(..500).collect();
    let latency_set: Vec<String> = assertions.drain(..latency_requests).collect();

    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("client")
        .enable_all()
        .build()
        .expect("client runtime");
    client_runtime.block_on(async {
        let warm = run(&url, warmup, options.concurrency).await;
        assert_eq!(warm.failures, 0, "warm-up requests failed");
        let sequential = run(&url, latency_set, 1).await;
        report("token_issuance/sequential", &sequential, 1);
        let loaded = run(&url, assertions, options.concurrency).await;
        report("token_issuance/loaded", &loaded, options.concurrency);
    });
    server_runtime.block_on(sandbox.shutdown());
}

//! The sandbox's connection layer under a flood: connections over the bound are closed at once, quiet ones
//! (no request, or a body that stops) are closed after the idle timeout, and the sandbox still answers.

use std::time::{Duration, Instant};

use crate::common::sandbox::*;
use cozescope::coze::region::Region;
use cozescope::emulator::{ConnectionLimits, Sandbox, SandboxConfig, World};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const IDLE: Duration = Duration::from_millis(800);

async fn start(max_open: usize) -> (Sandbox, String) {
    let sandbox = Sandbox::start(
        World::demo(),
        SandboxConfig {
            com: None,
            limits: ConnectionLimits {
                max_open,
                idle_timeout: IDLE,
            },
            ..SandboxConfig::default()
        },
    )
    .await
    .expect("sandbox starts");
    let address = sandbox.addr(Region::Cn).expect("cn").to_string();
    (sandbox, address)
}

/// Whether the server closed `stream` within `wait` (a read returns end of file or an error).
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut byte = [0u8; 1];
    match tokio::time::timeout(wait, stream.read(&mut byte)).await {
        Ok(Ok(0) | Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

#[tokio::test]
async fn connections_over_the_bound_are_closed_at_once_and_idle_ones_later() {
    let (sandbox, address) = start(20).await;
    let mut flood = Vec::new();
    for _ in 0..60 {
        flood.push(TcpStream::connect(&address).await.expect("connects"));
    }
    let mut refused = 0;
    for stream in &mut flood {
        if closed_within(stream, Duration::from_millis(50)).await {
            refused += 1;
        }
    }
    assert!(
        refused >= 40,
        "only {refused} of 60 over a bound of 20 were closed"
    );
    let started = Instant::now();
    for stream in &mut flood {
        assert!(
            closed_within(stream, IDLE * 4).await,
            "an idle connection stayed open"
        );
    }
    assert!(started.elapsed() < IDLE * 4);
    // Every slot came back: the sandbox answers as before.
    let reply = get(
        &base(&sandbox, Region::Cn),
        "/v1/users/me",
        &var("COZE_API_TOKEN"),
    )
    .await;
    assert_eq!(reply.status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_request_whose_body_stops_is_cut_off() {
    let (sandbox, address) = start(8).await;
    let mut stream = TcpStream::connect(&address).await.expect("connects");
    stream
        .write_all(b"POST /v1/bot/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"space_id\":")
        .await
        .expect("writes");
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(IDLE * 4, stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the stalled request was never cut off");
    assert!(started.elapsed() >= IDLE / 2, "cut off too early");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_slow_request_head_is_cut_off() {
    let (sandbox, address) = start(8).await;
    let mut stream = TcpStream::connect(&address).await.expect("connects");
    stream
        .write_all(b"GET /v1/users/me HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("writes");
    assert!(closed_within(&mut stream, IDLE * 4).await);
    sandbox.shutdown().await;
}

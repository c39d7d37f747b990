//! Benchmark: the standalone sandbox's memory under a flood of idle connections (not a timed test, Linux
//! only: it reads `VmRSS` from `/proc`).
//!
//! Starts `cozescope emulator --idle-timeout 3`, opens 12,000 connections (a third of them send half a
//! request head and stall), and prints the resident memory before, during the flood, and once the idle
//! timeout has closed them, for a few rounds: it must stay bounded during the flood and come back after.
//!
//! `cargo bench --bench sandbox_flood [-- --connections N --rounds R]`

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn resident_mib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

fn main() {
    let connections = common::arg("--connections", 12_000_usize);
    let rounds = common::arg("--rounds", 3_usize);
    let idle = 3;
    let mut sandbox = Command::new(env!("CARGO_BIN_EXE_cozescope"))
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--idle-timeout",
            &idle.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sandbox starts");
    let mut line = String::new();
    BufReader::new(sandbox.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the sandbox prints its URL");
    let address = line
        .split_whitespace()
        .nth(1)
        .and_then(|url| url.strip_prefix("http://"))
        .expect("a base URL")
        .to_string();
    let pid = sandbox.id();
    std::thread::sleep(Duration::from_millis(500));
    println!("sandbox_flood: idle {} MiB", resident_mib(pid));
    for round in 1..=rounds {
        let mut flood = Vec::with_capacity(connections);
        for index in 0..connections {
            let Ok(mut stream) = TcpStream::connect(&address) else {
                break;
            };
            if index % 3 == 0 {
                let _ = stream.write_all(b"GET /v1/users/me HTTP/1.1\r\nHost: x\r\n");
            }
            flood.push(stream);
        }
        std::thread::sleep(Duration::from_secs(1));
        let during = resident_mib(pid);
        std::thread::sleep(Duration::from_secs(idle + 2));
        println!(
            "sandbox_flood: round {round}: {} connections: {during} MiB during the flood, {} MiB after the idle timeout",
            flood.len(),
            resident_mib(pid)
        );
    }
    let _ = sandbox.kill();
    let _ = sandbox.wait();
}

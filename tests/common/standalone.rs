//! A standalone sandbox (`cozescope emulator`) serving both realms on free loopback ports, for tests that
//! run the binary against "the real service" through `--region-base`: the network is never reached.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// `cozescope ARGS [--world WORLD]`, with its stdout's lines.
fn spawn(
    args: &[&str],
    world: Option<&std::path::Path>,
) -> (Child, std::io::Lines<BufReader<std::process::ChildStdout>>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cozescope"));
    command.args(args);
    if let Some(world) = world {
        command.arg("--world").arg(world);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let stdout = child.stdout.take().expect("stdout");
    (child, BufReader::new(stdout).lines())
}

/// A running `cozescope emulator`; killed when dropped.
pub struct Standalone {
    child: Child,
    pub cn: String,
    pub com: String,
}

impl Standalone {
    /// Starts the emulator on the demo world (or `world`), and returns once it prints both base URLs.
    pub fn start(world: Option<&std::path::Path>) -> Standalone {
        let (child, mut lines) = spawn(
            &[
                "emulator",
                "--listen",
                "127.0.0.1:0",
                "--listen-com",
                "127.0.0.1:0",
            ],
            world,
        );
        let (mut cn, mut com) = (String::new(), String::new());
        while cn.is_empty() || com.is_empty() {
            let line = lines.next().expect("a base URL line").expect("utf-8");
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["cn", url] => cn = url.to_string(),
                ["com", url] => com = url.to_string(),
                _ => {}
            }
        }
        Standalone { child, cn, com }
    }

    /// `--region-base` flags sending both regions here.
    pub fn region_bases(&self) -> Vec<String> {
        vec![
            "--region-base".into(),
            format!("cn={}", self.cn),
            "--region-base".into(),
            format!("com={}", self.com),
        ]
    }
}

/// A running `cozescope emulator --flavour studio` (the Studio demo world unless `world` is given); killed
/// when dropped.
pub struct StudioServer {
    child: Child,
    pub base: String,
}

impl StudioServer {
    pub fn start(version: &str, world: Option<&std::path::Path>) -> StudioServer {
        let (child, mut lines) = spawn(
            &[
                "emulator",
                "--flavour",
                "studio",
                "--studio-version",
                version,
                "--listen",
                "127.0.0.1:0",
            ],
            world,
        );
        let line = lines.next().expect("a base URL line").expect("utf-8");
        let base = match line.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["studio", url, ..] => url.to_string(),
            _ => panic!("unexpected first line: {line}"),
        };
        StudioServer { child, base }
    }
}

impl Drop for StudioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

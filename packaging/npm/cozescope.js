#!/usr/bin/env node
// The `cozescope` command of the npm package: runs the prebuilt binary of the platform package npm
// installed beside it (@cozescope/cli-<platform>-<arch>, an optional dependency that only matches one
// platform), passing the arguments, the exit code and the terminating signal through unchanged.
// COZESCOPE_BINARY runs another binary instead (one built with cargo, on a platform without a package).
"use strict";

const { spawn } = require("child_process");
const path = require("path");

const platform = `${process.platform}-${process.arch}`;
const packageName = `@cozescope/cli-${platform}`;
const binaryName = process.platform === "win32" ? "cozescope.exe" : "cozescope";

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  // 3: the work could not complete, as cozescope itself says it.
  process.exit(3);
}

function binaryPath() {
  if (process.env.COZESCOPE_BINARY) {
    return process.env.COZESCOPE_BINARY;
  }
  try {
    const manifest = require.resolve(`${packageName}/package.json`);
    return path.join(path.dirname(manifest), "bin", binaryName);
  } catch {
    fail(
      `no cozescope binary for ${platform}: ${packageName} is not installed.\n` +
        "  It installs with cozescope unless optional dependencies are omitted (--omit=optional, --no-optional);\n" +
        "  reinstall without that flag. Where no package exists for this platform, install the Python wheel\n" +
        "  (pipx install cozescope) or build from source (cargo install cozescope), or point\n" +
        "  COZESCOPE_BINARY at a cozescope binary.",
    );
  }
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });

// Ctrl-C and Ctrl-\ reach cozescope from the terminal directly (same process group): the launcher only
// waits for it to finish its partial report. Signals sent to the launcher alone are passed on.
const passedOn = ["SIGTERM", "SIGHUP"];
const ignored = ["SIGINT", "SIGQUIT"];
const handlers = new Map();
for (const signal of [...passedOn, ...ignored]) {
  const handler = passedOn.includes(signal) ? () => child.kill(signal) : () => {};
  handlers.set(signal, handler);
  try {
    process.on(signal, handler);
  } catch {
    // A signal this platform does not have (SIGQUIT, SIGHUP on Windows).
  }
}

child.on("error", (error) => {
  fail(`cannot run ${binary}: ${error.message}`);
});

child.on("exit", (code, signal) => {
  for (const [name, handler] of handlers) {
    process.removeListener(name, handler);
  }
  if (signal) {
    // End the way cozescope ended, so that the shell sees the same signal.
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 3);
});

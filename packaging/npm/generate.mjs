#!/usr/bin/env node
// Writes the npm packages of cozescope, ready for `npm pack` or `npm publish`:
//   OUT/cozescope/          the launcher package (`npx cozescope`): a small script that runs the binary of
//                           the platform package npm installed beside it (every platform package is an
//                           optional dependency restricted by `os` and `cpu`, so npm installs one)
//   OUT/cli-PLATFORM-ARCH/  @cozescope/cli-PLATFORM-ARCH: the binary for one platform
//
//   node packaging/npm/generate.mjs --out DIR --binary PATH                (the current platform)
//   node packaging/npm/generate.mjs --out DIR --binary linux-x64=PATH ...   (one per platform, for releases)
//
// The version is Cargo.toml's, so the wheel, the crate and the npm packages always agree.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The platforms a package is published for (npm's `process.platform-process.arch`); the release
// workflow builds a binary for each (`.ci/packaging` checks that they agree).
export const PLATFORMS = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64"];

const SCOPE = "@cozescope";
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

function usage(message) {
  process.stderr.write(
    `error: ${message}\n` +
      "usage: node packaging/npm/generate.mjs --out DIR --binary [PLATFORM=]PATH [--binary PLATFORM=PATH ...]\n" +
      `  PLATFORM is one of ${PLATFORMS.join(", ")}; without it, the current platform (${currentPlatform()})\n`,
  );
  process.exit(2);
}

function currentPlatform() {
  return `${process.platform}-${process.arch}`;
}

function parseArgs(argv) {
  let out;
  const binaries = new Map();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== "--out" && flag !== "--binary") {
      usage(`unknown argument \`${flag}\``);
    }
    if (value === undefined || value.startsWith("--")) {
      usage(`${flag} needs a value`);
    }
    i++;
    if (flag === "--out") {
      out = resolve(value);
      continue;
    }
    const split = value.indexOf("=");
    const [platform, path] = split > 0 ? [value.slice(0, split), value.slice(split + 1)] : [currentPlatform(), value];
    if (!PLATFORMS.includes(platform)) {
      usage(`no package is published for \`${platform}\``);
    }
    if (binaries.has(platform)) {
      usage(`--binary given twice for ${platform}`);
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      usage(`the binary for ${platform} is not a file: ${path}`);
    }
    binaries.set(platform, resolve(path));
  }
  if (!out) usage("--out is required");
  if (binaries.size === 0) usage("at least one --binary is required");
  return { out, binaries };
}

// The [package] fields of Cargo.toml the packages repeat.
function cargoPackage() {
  const manifest = readFileSync(join(root, "Cargo.toml"), "utf8");
  const section = manifest.split(/^\[/m).find((part) => part.startsWith("package]"));
  const field = (name) => {
    const match = section?.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"));
    if (!match) {
      process.stderr.write(`error: Cargo.toml has no [package] ${name}\n`);
      process.exit(2);
    }
    return match[1];
  };
  return {
    version: field("version"),
    description: field("description"),
    license: field("license"),
    repository: field("repository"),
  };
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

// A fresh folder for one package (what an earlier run left there is replaced).
function packageDir(out, name) {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  for (const license of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    copyFileSync(join(root, license), join(dir, license));
  }
  return dir;
}

function common(cargo) {
  return {
    version: cargo.version,
    license: cargo.license,
    repository: { type: "git", url: `git+${cargo.repository}.git` },
    homepage: `${cargo.repository}#readme`,
    bugs: { url: `${cargo.repository}/issues` },
  };
}

function writePlatformPackage(out, cargo, platform, binary) {
  const [os, cpu] = platform.split("-");
  const name = `${SCOPE}/cli-${platform}`;
  const dir = packageDir(out, `cli-${platform}`);
  const file = os === "win32" ? "cozescope.exe" : "cozescope";
  copyFileSync(binary, join(dir, "bin", file));
  chmodSync(join(dir, "bin", file), 0o755);
  writeJson(join(dir, "package.json"), {
    name,
    ...common(cargo),
    description: `The cozescope binary for ${platform}; install \`cozescope\`, which runs it.`,
    os: [os],
    cpu: [cpu],
    files: ["bin", "LICENSE-*"],
    // Yarn PnP: a binary must exist on disk to be run.
    preferUnplugged: true,
  });
  writeFileSync(
    join(dir, "README.md"),
    `# ${name}\n\nThe \`cozescope\` binary for ${platform}. Install [\`cozescope\`](https://www.npmjs.com/package/cozescope) instead: \`npx cozescope doctor\`.\n`,
  );
  return dir;
}

function writeLauncher(out, cargo) {
  const dir = packageDir(out, "cozescope");
  copyFileSync(join(here, "cozescope.js"), join(dir, "bin", "cozescope.js"));
  chmodSync(join(dir, "bin", "cozescope.js"), 0o755);
  copyFileSync(join(root, "README.md"), join(dir, "README.md"));
  writeJson(join(dir, "package.json"), {
    name: "cozescope",
    ...common(cargo),
    description: cargo.description,
    keywords: ["coze", "coze-api", "oauth", "jwt", "permissions", "diagnostics", "cli"],
    bin: { cozescope: "bin/cozescope.js" },
    files: ["bin", "LICENSE-*"],
    engines: { node: ">=18" },
    optionalDependencies: Object.fromEntries(PLATFORMS.map((platform) => [`${SCOPE}/cli-${platform}`, cargo.version])),
  });
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { out, binaries } = parseArgs(process.argv.slice(2));
  const cargo = cargoPackage();
  mkdirSync(out, { recursive: true });
  const written = [writeLauncher(out, cargo)];
  for (const [platform, binary] of binaries) {
    written.push(writePlatformPackage(out, cargo, platform, binary));
  }
  for (const dir of written) {
    process.stdout.write(`${dir}\n`);
  }
}

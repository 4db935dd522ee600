// Finds the amolint binary that the `amolint` command and `check()` run.
//
// It owns the choice between the AMOLINT_BINARY override and the platform package
// (@amolint/<os>-<cpu>[-<libc>], one of the optionalDependencies, table in platforms.json), and
// the message shown when neither gives a binary. It must not run the binary.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const platforms = require('./platforms.json');
const { version } = require('../package.json');

const REPOSITORY = 'https://github.com/amolint/amolint';

/** Thrown when no binary can be found; its message is meant for the user as it is. */
class BinaryNotFoundError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BinaryNotFoundError';
    this.code = 'AMOLINT_NO_BINARY';
  }
}

/**
 * The C library of this Linux system: 'glibc' or 'musl'. `ldd` is a script on glibc systems and
 * a link to the musl loader on musl ones, so reading it is fast and needs no child process; the
 * process report (which names the glibc it was built against only on glibc) is the fallback.
 */
function linuxLibc() {
  try {
    const ldd = fs.readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return 'musl';
    if (ldd.includes('GNU C Library') || ldd.includes('GLIBC')) return 'glibc';
  } catch {
    // No ldd (a minimal container): ask the process report below.
  }
  try {
    if (process.report) {
      // Collecting network interfaces can take seconds on some hosts and is not needed here.
      process.report.excludeNetwork = true;
      const header = process.report.getReport().header;
      return header.glibcVersionRuntime ? 'glibc' : 'musl';
    }
  } catch {
    // Fall through to glibc, by far the most common.
  }
  return 'glibc';
}

/** This machine as the platform table describes platforms. */
function currentHost() {
  return {
    os: process.platform,
    cpu: process.arch,
    libc: process.platform === 'linux' ? linuxLibc() : undefined,
  };
}

/** The platform table's entry for HOST, or undefined when amolint ships no binary for it. */
function platformFor(host) {
  return platforms.find(
    (p) => p.os === host.os && p.cpu === host.cpu && (p.libc === undefined || p.libc === host.libc),
  );
}

/** The binary's file name inside a platform package. */
function binaryName(platform) {
  return platform.os === 'win32' ? 'amolint.exe' : 'amolint';
}

const OS_NAMES = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** `Linux x64 (glibc)`, `macOS arm64`, `freebsd x64`. */
function describe(host) {
  const os = OS_NAMES[host.os] || host.os;
  return `${os} ${host.cpu}${host.libc ? ` (${host.libc})` : ''}`;
}

function otherWays() {
  return [
    'Other ways to install amolint:',
    `  cargo (needs Rust):  cargo install --locked --git ${REPOSITORY} --tag v${version} amolint`,
    `  GitHub Action:       uses: amolint/amolint@v${version}`,
    `  pre-commit:          repo: ${REPOSITORY}, rev: v${version}, hook id: amolint`,
    `  release archives:    ${REPOSITORY}/releases/tag/v${version}`,
  ].join('\n');
}

function unsupportedMessage(host) {
  const shipped = platforms.map((p) => describe({ os: p.os, cpu: p.cpu, libc: p.libc })).join(', ');
  return (
    `amolint ${version} has no prebuilt binary for this platform: ${describe(host)}.\n` +
    `The npm package ships binaries for ${shipped}.\n${otherWays()}`
  );
}

function missingPackageMessage(host, platform) {
  return (
    `the package ${platform.package}, which holds amolint's binary for this platform ` +
    `(${describe(host)}), is not installed.\n` +
    `npm installs it as an optional dependency of amolint; it is left out by --omit=optional ` +
    `(or --no-optional), or by a lockfile written without it. Reinstall amolint without ` +
    `those, or set AMOLINT_BINARY to an amolint binary.\n${otherWays()}`
  );
}

/**
 * The path of the amolint binary to run: AMOLINT_BINARY when set in ENV, else the binary of
 * this platform's package. Throws a BinaryNotFoundError with the message for the user.
 */
function resolveBinary(env = process.env, host = currentHost()) {
  const override = env.AMOLINT_BINARY;
  if (override) {
    const resolved = path.resolve(override);
    if (!fs.existsSync(resolved)) {
      throw new BinaryNotFoundError(`AMOLINT_BINARY is ${override}, which does not exist.`);
    }
    return resolved;
  }
  const platform = platformFor(host);
  if (!platform) {
    throw new BinaryNotFoundError(unsupportedMessage(host));
  }
  let manifest;
  try {
    manifest = require.resolve(`${platform.package}/package.json`);
  } catch {
    throw new BinaryNotFoundError(missingPackageMessage(host, platform));
  }
  const binary = path.join(path.dirname(manifest), binaryName(platform));
  if (!fs.existsSync(binary)) {
    throw new BinaryNotFoundError(
      `${platform.package} is installed at ${path.dirname(manifest)} but holds no ` +
        `${binaryName(platform)}; reinstall amolint.\n${otherWays()}`,
    );
  }
  return binary;
}

module.exports = {
  BinaryNotFoundError,
  binaryName,
  currentHost,
  describe,
  platformFor,
  platforms,
  resolveBinary,
};

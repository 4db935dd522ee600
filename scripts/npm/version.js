#!/usr/bin/env node
// Keeps the npm packages' versions equal to the Cargo workspace version: the version of
// npm/amolint/package.json and of the platform template npm/platform/package.json, and the
// main package's optionalDependencies, which must name every package of the platform table
// (npm/amolint/lib/platforms.json) at exactly that version.
//
// It owns those fields only; it must not touch Cargo.toml. `--check` changes nothing and exits 1
// when a field differs from what this script would write (CI and the release run it).
//
// Usage: node scripts/npm/version.js [--check]
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const platforms = require(path.join(root, 'npm/amolint/lib/platforms.json'));

/** [workspace.package] version, read the way scripts/release/check-version.sh reads it. */
function cargoVersion() {
  const toml = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const match = /^version *= *"([^"]+)"/m.exec(toml);
  if (!match) throw new Error('no version in Cargo.toml');
  return match[1];
}

/** The manifests as they should be: [file, current text, wanted text]. */
function plan(version) {
  const files = ['npm/amolint/package.json', 'npm/platform/package.json'];
  return files.map((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const manifest = JSON.parse(text);
    manifest.version = version;
    if (file === 'npm/amolint/package.json') {
      manifest.optionalDependencies = Object.fromEntries(platforms.map((p) => [p.package, version]));
    }
    return [file, text, `${JSON.stringify(manifest, null, 2)}\n`];
  });
}

function main(argv) {
  const check = argv[0] === '--check';
  if (argv.length > 1 || (argv.length === 1 && !check)) {
    process.stderr.write('usage: version.js [--check]\n');
    return 2;
  }
  const version = cargoVersion();
  const drifted = plan(version).filter(([, text, wanted]) => text !== wanted);
  if (check) {
    for (const [file] of drifted) {
      process.stderr.write(
        `${file} does not match Cargo.toml's version ${version} and the platform table; ` +
          'run node scripts/npm/version.js\n',
      );
    }
    if (drifted.length === 0) process.stdout.write(`npm packages at ${version}, as Cargo.toml\n`);
    return drifted.length === 0 ? 0 : 1;
  }
  for (const [file, , wanted] of drifted) {
    fs.writeFileSync(path.join(root, file), wanted);
    process.stdout.write(`${file}: ${version}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));

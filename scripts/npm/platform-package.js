#!/usr/bin/env node
// Writes one platform package (@amolint/<platform>) from the template in npm/platform and a
// built binary: package.json (the template's fields plus name, os, cpu, libc and files from the
// platform table npm/amolint/lib/platforms.json), README.md, and the binary.
//
// It owns the platform packages' contents; it must not build or publish anything. Used by
// scripts/npm/pack-local.sh (this machine's package) and scripts/npm/fill-platforms.sh (the
// release's).
//
// Usage: node scripts/npm/platform-package.js TARGET BINARY OUT_DIR   (prints OUT_DIR)
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { binaryName, describe, platforms } = require(path.join(root, 'npm/amolint/lib/binary.js'));

function main(argv) {
  if (argv.length !== 3) {
    process.stderr.write('usage: platform-package.js TARGET BINARY OUT_DIR\n');
    return 2;
  }
  const [target, binary, outDir] = argv;
  const platform = platforms.find((p) => p.target === target);
  if (!platform) {
    process.stderr.write(
      `no npm platform package for ${target}; the table has ${platforms.map((p) => p.target).join(', ')}\n`,
    );
    return 1;
  }
  if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    process.stderr.write(`no binary at ${binary}\n`);
    return 1;
  }
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
    process.stderr.write(`${outDir} is not empty\n`);
    return 1;
  }

  const templateDir = path.join(root, 'npm/platform');
  const template = JSON.parse(fs.readFileSync(path.join(templateDir, 'package.json'), 'utf8'));
  const exe = binaryName(platform);
  const host = describe({ os: platform.os, cpu: platform.cpu, libc: platform.libc });
  const manifest = {
    name: platform.package,
    version: template.version,
    description: `The amolint binary for ${host}, run by the npm package amolint`,
    os: [platform.os],
    cpu: [platform.cpu],
    ...(platform.libc ? { libc: [platform.libc] } : {}),
    files: [exe],
    ...template,
  };
  const fill = { package: platform.package, platform: host, target, version: template.version };
  const readme = fs
    .readFileSync(path.join(templateDir, 'README.md'), 'utf8')
    .replace(/\{\{(\w+)\}\}/g, (whole, key) => fill[key] ?? whole);

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'README.md'), readme);
  fs.copyFileSync(binary, path.join(outDir, exe));
  // npm keeps the mode of packed files; the shim runs the binary directly.
  fs.chmodSync(path.join(outDir, exe), 0o755);
  process.stdout.write(`${outDir}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));

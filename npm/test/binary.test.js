// The choice of the binary: the platform table, the AMOLINT_BINARY override, and the message
// for a platform that has no package.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { test } = require('node:test');
const {
  BinaryNotFoundError,
  platformFor,
  platforms,
  resolveBinary,
} = require('../amolint/lib/binary.js');
const { fakeBinary } = require('./fake-binary.js');

test('each platform package is the one chosen on its own platform', () => {
  for (const p of platforms) {
    assert.equal(platformFor({ os: p.os, cpu: p.cpu, libc: p.libc ?? 'glibc' }), p);
  }
});

test('Linux picks the package of its C library', () => {
  assert.equal(platformFor({ os: 'linux', cpu: 'x64', libc: 'glibc' }).package, '@amolint/linux-x64-gnu');
  assert.equal(platformFor({ os: 'linux', cpu: 'x64', libc: 'musl' }).package, '@amolint/linux-x64-musl');
  assert.equal(platformFor({ os: 'linux', cpu: 'arm64', libc: 'musl' }), undefined);
});

test('platforms without a package get none', () => {
  assert.equal(platformFor({ os: 'freebsd', cpu: 'x64' }), undefined);
  assert.equal(platformFor({ os: 'win32', cpu: 'arm64' }), undefined);
  assert.equal(platformFor({ os: 'darwin', cpu: 'ia32' }), undefined);
});

test('an unsupported platform is named, with the shipped ones and the other ways to install', () => {
  assert.throws(
    () => resolveBinary({}, { os: 'freebsd', cpu: 'x64' }),
    (err) => {
      assert.ok(err instanceof BinaryNotFoundError);
      assert.match(err.message, /no prebuilt binary for this platform: freebsd x64\./);
      assert.match(err.message, /Linux x64 \(glibc\), Linux arm64 \(glibc\), Linux x64 \(musl\)/);
      assert.match(err.message, /macOS x64, macOS arm64, Windows x64/);
      assert.match(err.message, /cargo install --locked --git \S+ --tag v\d+\.\d+\.\d+ amolint/);
      assert.match(err.message, /GitHub Action: +uses: amolint\/amolint@v\d/);
      assert.match(err.message, /pre-commit: +repo: \S+, rev: v\d+\.\d+\.\d+, hook id: amolint/);
      return true;
    },
  );
});

test('AMOLINT_BINARY overrides the platform package, even on an unsupported platform', () => {
  const fake = fakeBinary('exit 0');
  const host = { os: 'freebsd', cpu: 'x64' };
  assert.equal(resolveBinary({ AMOLINT_BINARY: fake }, host), fake);
  const relative = path.relative(process.cwd(), fake);
  assert.equal(resolveBinary({ AMOLINT_BINARY: relative }, host), fake);
});

test('an AMOLINT_BINARY that does not exist is an error, not a fallback', () => {
  assert.throws(
    () => resolveBinary({ AMOLINT_BINARY: '/nonexistent/amolint' }),
    /AMOLINT_BINARY is \/nonexistent\/amolint, which does not exist/,
  );
});

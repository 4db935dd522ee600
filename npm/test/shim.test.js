// The `amolint` command (bin/amolint.js) passes everything through: arguments, standard
// streams, exit status and signals, both ways. Runs the shim with fake binaries (AMOLINT_BINARY).
'use strict';

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { fakeBinary } = require('./fake-binary.js');

const SHIM = path.join(__dirname, '../amolint/bin/amolint.js');
const posix = { skip: process.platform === 'win32' && 'the fake binaries are shell scripts' };

function runShim(binary, args, input) {
  return spawnSync(process.execPath, [SHIM, ...args], {
    env: { ...process.env, AMOLINT_BINARY: binary },
    input,
    encoding: 'utf8',
  });
}

test('arguments, standard streams and the exit status pass through', posix, () => {
  const fake = fakeBinary('printf "%s\\n" "$@"; cat; echo "to stderr" >&2; exit 7');
  const args = ['check', '--format', 'json', 'two words', '--', '-dash', ''];
  const run = runShim(fake, args, 'from stdin\n');
  assert.equal(run.status, 7);
  assert.equal(run.stdout, `${args.join('\n')}\nfrom stdin\n`);
  assert.equal(run.stderr, 'to stderr\n');
});

test('exit statuses 0, 1 and 2 are kept', posix, () => {
  for (const status of [0, 1, 2]) {
    assert.equal(runShim(fakeBinary(`exit ${status}`), []).status, status);
  }
});

test('a signal sent to the shim reaches the binary, and the shim dies of it too', posix, async () => {
  const mark = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amolint-mark-')), 'signal');
  const fake = fakeBinary(
    `trap 'echo TERM > "${mark}"; trap - TERM; kill -TERM $$' TERM\necho ready\n` +
      // Bounded, so that a shim that fails to forward leaves nothing running for long.
      'i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done',
  );
  const shim = spawn(process.execPath, [SHIM], {
    env: { ...process.env, AMOLINT_BINARY: fake },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => shim.stdout.once('data', resolve));
  shim.kill('SIGTERM');
  const [code, signal] = await new Promise((resolve) =>
    shim.on('exit', (c, s) => resolve([c, s])),
  );
  assert.deepEqual([code, signal], [null, 'SIGTERM']);
  assert.equal(fs.readFileSync(mark, 'utf8'), 'TERM\n');
});

test('a binary killed by a signal makes the shim end by the same signal', posix, () => {
  const run = runShim(fakeBinary('kill -KILL $$'), []);
  assert.equal(run.status, null);
  assert.equal(run.signal, 'SIGKILL');
});

test('a binary that cannot be found is exit status 2 with a message', () => {
  const run = runShim('/nonexistent/amolint', ['--version']);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^amolint: error: AMOLINT_BINARY is \/nonexistent\/amolint, which does not exist/);
});

test('a binary that cannot be run is exit status 2 with a message', posix, () => {
  const notExecutable = fakeBinary('exit 0');
  fs.chmodSync(notExecutable, 0o644);
  const run = runShim(notExecutable, []);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^amolint: error: cannot run .*amolint: spawn .* EACCES/);
});

// check(): the arguments it runs the binary with, and how it turns the binary's outcome into a
// report or an AmolintError. Runs fake binaries (options.binary and AMOLINT_BINARY).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { check, AmolintError, BinaryNotFoundError } = require('../amolint/index.js');
const { fakeBinary } = require('./fake-binary.js');

const posix = { skip: process.platform === 'win32' && 'the fake binaries are shell scripts' };
const REPORT = {
  tool: { name: 'amolint', version: '0.0.0' },
  widgets: [],
  summary: { widgets: 0, errors: 2, warnings: 1, infos: 0 },
};

/** A fake binary that records its arguments and working folder, prints REPORT, exits STATUS. */
function reporting(status) {
  const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amolint-args-')), 'run');
  const json = JSON.stringify(REPORT).replace(/'/g, "'\\''");
  const binary = fakeBinary(
    `pwd > "${record}"; printf '%s\\n' "$@" >> "${record}"; printf '%s' '${json}'; exit ${status}`,
  );
  const recorded = () => fs.readFileSync(record, 'utf8').split('\n').slice(0, -1);
  return { binary, recorded };
}

test('the report comes back parsed, with failed telling exit status 1', posix, async () => {
  for (const [status, failed] of [[0, false], [1, true]]) {
    const { binary } = reporting(status);
    const report = await check(['widget'], { binary });
    assert.deepEqual(report, REPORT);
    assert.equal(report.failed, failed);
    assert.equal(JSON.stringify(report), JSON.stringify(REPORT), 'failed is not serialised');
  }
});

test('options reach the binary as flags, in the working folder given', posix, async () => {
  const { binary, recorded } = reporting(0);
  const cwd = fs.realpathSync(os.tmpdir());
  await check(['a', 'b'], { binary, cwd, config: 'rules.toml', platform: 'amocrm', failOn: 'info' });
  assert.deepEqual(recorded(), [
    cwd,
    'check', '--format', 'json', '--no-progress', '--color', 'never',
    '--config', 'rules.toml', '--platform', 'amocrm', '--fail-on', 'info',
    '--', 'a', 'b',
  ]);
});

test('AMOLINT_BINARY in options.env names the binary', posix, async () => {
  const { binary, recorded } = reporting(0);
  await check([], { env: { ...process.env, AMOLINT_BINARY: binary } });
  assert.equal(recorded()[1], 'check');
});

test('exit status 2 rejects with the binary\'s standard error', posix, async () => {
  const binary = fakeBinary('echo "amolint: error: rules.toml:3:1: unknown key" >&2; exit 2');
  await assert.rejects(check([], { binary }), (err) => {
    assert.ok(err instanceof AmolintError);
    assert.equal(err.exitCode, 2);
    assert.equal(err.signal, null);
    assert.equal(err.stderr, 'amolint: error: rules.toml:3:1: unknown key\n');
    assert.equal(err.message, 'amolint exited with status 2: amolint: error: rules.toml:3:1: unknown key');
    assert.deepEqual(err.args.slice(0, 3), ['check', '--format', 'json']);
    return true;
  });
});

test('a binary killed by a signal rejects', posix, async () => {
  await assert.rejects(check([], { binary: fakeBinary('kill -KILL $$') }), (err) => {
    assert.ok(err instanceof AmolintError);
    assert.equal(err.signal, 'SIGKILL');
    assert.match(err.message, /^amolint was killed by SIGKILL$/);
    return true;
  });
});

test('output that is not a report rejects', posix, async () => {
  await assert.rejects(
    check([], { binary: fakeBinary('echo "not json"; exit 0') }),
    (err) => err instanceof AmolintError && /JSON report could not be read/.test(err.message),
  );
});

test('a binary that cannot be run rejects', async () => {
  await assert.rejects(
    check([], { binary: path.join(os.tmpdir(), 'no-such-amolint') }),
    (err) => err instanceof AmolintError && /^cannot run .*no-such-amolint: spawn .*ENOENT/.test(err.message),
  );
  await assert.rejects(
    check([], { env: { AMOLINT_BINARY: '/nonexistent/amolint' } }),
    (err) => err instanceof BinaryNotFoundError && /AMOLINT_BINARY/.test(err.message),
  );
});

test('bad options reject with a TypeError before anything runs', async () => {
  await assert.rejects(check(['w'], { failOn: 'sometimes' }), TypeError);
});

test('an aborted run rejects with the AbortError', posix, async () => {
  const controller = new AbortController();
  const run = check([], { binary: fakeBinary('sleep 5'), signal: controller.signal });
  controller.abort();
  await assert.rejects(run, { name: 'AbortError' });
});

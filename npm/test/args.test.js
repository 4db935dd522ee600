// check()'s options as amolint arguments.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { checkArgs } = require('../amolint/lib/args.js');

const FIXED = ['check', '--format', 'json', '--no-progress', '--color', 'never'];

test('no paths and no options: the binary checks its working folder', () => {
  assert.deepEqual(checkArgs([], {}), FIXED);
});

test('every option becomes its flag, and paths come after --', () => {
  assert.deepEqual(
    checkArgs(['widget', '-odd name'], {
      config: 'ci/rules.toml',
      platform: 'kommo',
      failOn: 'warning',
      noNativePacks: true,
      args: ['--jobs', '2'],
      cwd: '/tmp',
      binary: '/opt/amolint',
    }),
    [
      ...FIXED,
      '--config', 'ci/rules.toml',
      '--platform', 'kommo',
      '--fail-on', 'warning',
      '--no-native-packs',
      '--jobs', '2',
      '--', 'widget', '-odd name',
    ],
  );
});

test('one path may be a string', () => {
  assert.deepEqual(checkArgs('widget', {}), [...FIXED, '--', 'widget']);
});

test('bad options are TypeErrors that name the option', () => {
  assert.throws(() => checkArgs([1], {}), /paths must be a string or an array of strings/);
  assert.throws(() => checkArgs([], { platform: 'bitrix' }), /options\.platform must be one of amocrm, kommo, auto, not bitrix/);
  assert.throws(() => checkArgs([], { failOn: 'errors' }), /options\.failOn must be one of error, warning, info, never/);
  assert.throws(() => checkArgs([], { config: 3 }), /options\.config must be a string/);
  assert.throws(() => checkArgs([], { cwd: {} }), /options\.cwd must be a string/);
  assert.throws(() => checkArgs([], { args: '--jobs 2' }), /options\.args must be an array of strings/);
});

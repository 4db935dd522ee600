// The arguments of the `amolint check` run behind check(): the options, validated, turned into
// flags, with the output fixed to JSON on standard output.
//
// It owns that mapping and the options' validation; it must not run anything.
'use strict';

const PLATFORMS = ['amocrm', 'kommo', 'auto'];
const FAIL_ON = ['error', 'warning', 'info', 'never'];

function oneOf(name, value, allowed) {
  if (value !== undefined && !allowed.includes(value)) {
    throw new TypeError(`options.${name} must be one of ${allowed.join(', ')}, not ${String(value)}`);
  }
}

function stringOption(name, value) {
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`options.${name} must be a string`);
  }
}

/** The `amolint` arguments for check(PATHS, OPTIONS); throws a TypeError for a bad option. */
function checkArgs(paths, options) {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) {
    throw new TypeError('paths must be a string or an array of strings');
  }
  stringOption('config', options.config);
  stringOption('cwd', options.cwd);
  stringOption('binary', options.binary);
  oneOf('platform', options.platform, PLATFORMS);
  oneOf('failOn', options.failOn, FAIL_ON);
  const extra = options.args ?? [];
  if (!Array.isArray(extra) || !extra.every((a) => typeof a === 'string')) {
    throw new TypeError('options.args must be an array of strings');
  }
  // JSON on standard output is what this function reads; nothing else may change that.
  const args = ['check', '--format', 'json', '--no-progress', '--color', 'never'];
  if (options.config !== undefined) args.push('--config', options.config);
  if (options.platform !== undefined) args.push('--platform', options.platform);
  if (options.failOn !== undefined) args.push('--fail-on', options.failOn);
  if (options.noNativePacks) args.push('--no-native-packs');
  args.push(...extra);
  // `--`: a path that starts with `-` is still a path.
  if (list.length > 0) args.push('--', ...list);
  return args;
}

module.exports = { checkArgs };

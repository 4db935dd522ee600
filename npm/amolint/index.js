// The programmatic API of the npm package: `check(paths, options)` runs `amolint check
// --format json` and resolves to the parsed JSON report.
//
// It owns turning options into arguments and the binary's outcome into a result or an error:
// exit status 0 or 1 resolves (1 means findings at or above the fail-on threshold, told by
// `report.failed`); anything else rejects with an AmolintError that carries the binary's
// standard error. It must not look into the report: its shape is the binary's (index.d.ts).
'use strict';

const { spawn } = require('node:child_process');
const { checkArgs } = require('./lib/args.js');
const { BinaryNotFoundError, resolveBinary } = require('./lib/binary.js');

/** A run of amolint that gave no report: a usage or configuration error, or a failure. */
class AmolintError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AmolintError';
    /** The binary's exit status, or null when it did not exit normally. */
    this.exitCode = details.exitCode ?? null;
    /** The signal that ended the binary, or null. */
    this.signal = details.signal ?? null;
    /** What the binary wrote to standard error. */
    this.stderr = details.stderr ?? '';
    /** The arguments the binary was run with. */
    this.args = details.args ?? [];
  }
}

/**
 * Checks the widgets at PATHS (default: the working folder) and resolves to the JSON report,
 * with `failed` (not enumerable, so JSON.stringify gives the binary's report) true when the
 * binary exited 1: findings at or above the fail-on threshold.
 */
function check(paths = [], options = {}) {
  return new Promise((resolve, reject) => {
    const args = checkArgs(paths, options);
    const env = options.env ?? process.env;
    const binary = options.binary ?? resolveBinary(env);
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env,
      signal: options.signal,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    // A run that could not start emits 'error' and then 'close': settle once.
    let settled = false;
    child.on('error', (err) => {
      settled = true;
      if (err.name === 'AbortError') {
        reject(err);
      } else {
        reject(new AmolintError(`cannot run ${binary}: ${err.message}`, { args, cause: err }));
      }
    });
    child.on('close', (exitCode, signal) => {
      if (settled) return;
      const errText = Buffer.concat(stderr).toString('utf8');
      if (exitCode !== 0 && exitCode !== 1) {
        const why = signal ? `was killed by ${signal}` : `exited with status ${exitCode}`;
        const detail = errText.trim() ? `: ${errText.trim()}` : '';
        reject(new AmolintError(`amolint ${why}${detail}`, { exitCode, signal, stderr: errText, args }));
        return;
      }
      let report;
      try {
        report = JSON.parse(Buffer.concat(stdout).toString('utf8'));
      } catch (err) {
        reject(
          new AmolintError(`amolint's JSON report could not be read: ${err.message}`, {
            exitCode,
            stderr: errText,
            args,
            cause: err,
          }),
        );
        return;
      }
      Object.defineProperty(report, 'failed', { value: exitCode === 1 });
      resolve(report);
    });
  });
}

module.exports = { check, AmolintError, BinaryNotFoundError };

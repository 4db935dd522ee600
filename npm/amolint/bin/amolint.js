#!/usr/bin/env node
// The `amolint` command of the npm package: runs this platform's amolint binary with the same
// arguments, standard streams and environment, and ends the way the binary ended (its exit
// status, or the signal that killed it).
//
// It owns passing things through, signals included: a signal sent to this process (a CI
// timeout, a process manager, `kill`) is forwarded to the binary, so that the binary is never
// left running alone. It must not interpret amolint's arguments or output.
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');
const { BinaryNotFoundError, resolveBinary } = require('../lib/binary.js');

// amolint's exit status for a failure of amolint itself (1 means findings).
const FAILURE = 2;

let binary;
try {
  binary = resolveBinary();
} catch (err) {
  if (!(err instanceof BinaryNotFoundError)) throw err;
  process.stderr.write(`amolint: error: ${err.message}\n`);
  process.exit(FAILURE);
}

// SIGBREAK exists on Windows only; listening for a signal the system lacks would throw.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK'].filter(
  (name) => os.constants.signals[name] !== undefined,
);
let child;
const forward = (signal) => {
  try {
    child.kill(signal);
  } catch {
    // The binary has already exited; its 'exit' event ends this process.
  }
};
// Listening before the binary starts: a signal that arrives while spawn() returns is handled
// (on the next turn of the event loop, when `child` is set) instead of killing this process alone.
for (const signal of FORWARDED) process.on(signal, forward);

child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });

child.on('error', (err) => {
  process.stderr.write(`amolint: error: cannot run ${binary}: ${err.message}\n`);
  process.exit(FAILURE);
});

child.on('exit', (code, signal) => {
  if (signal === null) {
    process.exit(code ?? FAILURE);
  }
  // Die of the same signal, so that a shell or CI sees what killed the binary: without our
  // listeners, the signal's default action applies.
  for (const name of FORWARDED) process.removeListener(name, forward);
  try {
    process.kill(process.pid, signal);
  } catch {
    // A signal this process cannot send itself: the shell convention below says the same.
  }
  process.exit(128 + (os.constants.signals[signal] ?? 0));
});

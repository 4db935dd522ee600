// Fake amolint binaries for the shim and API tests: small shell scripts that record how they
// were run and end the way a test needs, so that the pass-through is tested without a build.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Writes an executable shell script with BODY into a fresh folder; returns its path. */
function fakeBinary(body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amolint-fake-'));
  const file = path.join(dir, 'amolint');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

module.exports = { fakeBinary };

#!/usr/bin/env bash
# Builds the release binary for this machine and packs the npm packages a user of this machine
# would install: the main package `amolint` (npm/amolint) and this platform's package
# (@amolint/<platform>, from scripts/npm/platform-package.js), as `.tgz` tarballs in OUT_DIR.
#
# It owns that local packing, which the CI test (scripts/ci/npm-package.sh) and other tooling
# call by this name; it must not publish anything. The build honours cargo's environment
# (CARGO_TARGET_DIR, CARGO_PROFILE_RELEASE_*), which is how CI trades speed for build time.
#
# Usage: pack-local.sh OUT_DIR   (prints the two tarballs' paths, the main package's first)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1"
out_dir=$(cd "$1" && pwd)

# The binary is built for the host, so the host's Rust target names the platform package; the
# shim must look for that same package on this machine.
target=$(rustc -vV | sed -n 's/^host: //p')
shim_target=$(node -e '
  const b = require(process.argv[1]);
  const p = b.platformFor(b.currentHost());
  process.stdout.write(p ? p.target : "none");
' "$root/npm/amolint/lib/binary.js")
if [[ $target != "$shim_target" ]]; then
  echo "this machine builds $target, but the shim would look for the package of $shim_target" >&2
  exit 1
fi

echo "== cargo build --release (amolint for $target)" >&2
# The artifact messages name the binary wherever the target folder is.
binary=$(cd "$root" && cargo build --release --locked --bin amolint \
  --message-format=json-render-diagnostics |
  node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    const exe = lines.map((l) => JSON.parse(l))
      .filter((m) => m.reason === "compiler-artifact" && m.target.name === "amolint" && m.executable)
      .map((m) => m.executable).pop();
    if (!exe) { console.error("cargo built no amolint binary"); process.exit(1); }
    process.stdout.write(exe);
  ')

staging=$(mktemp -d "${TMPDIR:-/tmp}/amolint-npm.XXXXXX")
trap 'rm -rf "$staging"' EXIT
node "$root/scripts/npm/platform-package.js" "$target" "$binary" "$staging/platform" >/dev/null

pack() {
  (cd "$1" && npm pack --silent --pack-destination "$out_dir") | tail -n 1
}
main=$(pack "$root/npm/amolint")
platform=$(pack "$staging/platform")
printf '%s\n' "$out_dir/$main" "$out_dir/$platform"

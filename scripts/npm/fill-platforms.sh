#!/usr/bin/env bash
# Fills every npm platform package of the release from the release's own archives, so that npm
# ships the very binaries of the GitHub release: for each platform of npm/amolint/lib/platforms.json,
# the binary in `amolint-<tag>-<target>.tar.gz` (`.zip` on Windows, scripts/release/package.sh's
# layout) becomes OUT_DIR/<platform> (@amolint/<platform>, by scripts/npm/platform-package.js).
#
# It owns that mapping; it must not build or publish anything. A missing archive stops it: the
# main package names every platform package, so none may be left out.
#
# Usage: fill-platforms.sh TAG DIST_DIR OUT_DIR
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 TAG DIST_DIR OUT_DIR" >&2
  exit 2
fi
tag=$1 dist=$2 out_dir=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
staging=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-npm-fill.XXXXXX")
trap 'rm -rf "$staging"' EXIT

# One "<package> <target>" line per platform.
rows=$(node -e '
  for (const p of require(process.argv[1])) console.log(p.package + " " + p.target);
' "$root/npm/amolint/lib/platforms.json")

while read -r package target; do
  name="amolint-$tag-$target"
  case "$target" in
    *windows*)
      exe=amolint.exe
      [[ -f $dist/$name.zip ]] || { echo "no $name.zip in $dist" >&2; exit 1; }
      unzip -q "$dist/$name.zip" "$name/$exe" -d "$staging"
      ;;
    *)
      exe=amolint
      [[ -f $dist/$name.tar.gz ]] || { echo "no $name.tar.gz in $dist" >&2; exit 1; }
      tar -xzf "$dist/$name.tar.gz" -C "$staging" "$name/$exe"
      ;;
  esac
  node "$root/scripts/npm/platform-package.js" "$target" "$staging/$name/$exe" "$out_dir/${package#@amolint/}"
done <<<"$rows"

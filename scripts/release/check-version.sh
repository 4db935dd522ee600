#!/usr/bin/env bash
# Stops a release whose tag does not match the workspace version in Cargo.toml.
#
# It owns that one check, so that the binary inside `amolint-vX.Y.Z-…` reports X.Y.Z and the
# Action's installer, which maps a SHA pin to `v<Cargo.toml version>`, finds the right release.
#
# Usage: check-version.sh TAG
set -euo pipefail

tag=${1:?usage: check-version.sh TAG}
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n 1)
if [[ $tag != "v$version" ]]; then
  echo "::error title=release::tag $tag does not match the version $version in Cargo.toml"
  exit 1
fi
echo "release $tag matches Cargo.toml"

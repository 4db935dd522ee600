#!/usr/bin/env bash
# Writes the release's SHA256SUMS and COMMIT files next to its archives.
#
# It owns the two files scripts/action/install.sh trusts: SHA256SUMS (`sha256sum` format, one line
# per archive) and COMMIT (the commit the release was built from, which lets a SHA-pinned Action
# use the release binary). It must not build, pack or upload anything.
#
# Usage: checksums.sh DIR COMMIT
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 DIR COMMIT" >&2
  exit 2
fi
dir=$1 commit=$2
[[ $commit =~ ^[0-9a-f]{40}$ ]] || { echo "COMMIT must be a 40-digit SHA, not $commit" >&2; exit 1; }
cd "$dir"
shopt -s nullglob
archives=(amolint-*.tar.gz amolint-*.zip)
[[ ${#archives[@]} -gt 0 ]] || { echo "no amolint-* archives in $dir" >&2; exit 1; }
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "${archives[@]}" >SHA256SUMS
else
  shasum -a 256 "${archives[@]}" >SHA256SUMS
fi
printf '%s\n' "$commit" >COMMIT
cat SHA256SUMS

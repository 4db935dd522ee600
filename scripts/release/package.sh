#!/usr/bin/env bash
# Packs one release binary into the archive the Action's installer downloads.
#
# It owns the archive's name and layout, which scripts/action/install.sh depends on:
# `amolint-<tag>-<target>.tar.gz` (a `.zip` for Windows targets) holding the folder
# `amolint-<tag>-<target>/` with the binary, README.md and CHANGELOG.md. It must not build or
# upload anything.
#
# Usage: package.sh TAG TARGET BINARY OUT_DIR   (prints the archive's path)
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 TAG TARGET BINARY OUT_DIR" >&2
  exit 2
fi
tag=$1 target=$2 binary=$3 out_dir=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
name="amolint-$tag-$target"

[[ -f $binary ]] || { echo "no binary at $binary" >&2; exit 1; }
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
staging=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-package.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/$name"
cp "$binary" "$staging/$name/"
cp "$root/README.md" "$root/CHANGELOG.md" "$staging/$name/"

case "$target" in
  *windows*)
    archive="$out_dir/$name.zip"
    rm -f "$archive"
    if command -v zip >/dev/null 2>&1; then
      (cd "$staging" && zip -qr "$archive" "$name")
    else
      (cd "$staging" && 7z a -tzip "$archive" "$name" >/dev/null)
    fi
    ;;
  *)
    archive="$out_dir/$name.tar.gz"
    tar -czf "$archive" -C "$staging" "$name"
    ;;
esac
printf '%s\n' "$archive"

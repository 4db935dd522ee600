#!/usr/bin/env bash
# Runs the `amolint` pre-commit hook of this checkout the way a pre-commit user gets it:
# `pre-commit try-repo <this repository> amolint` inside a scratch git repository that holds a copy
# of the example widgets, and checks that the hook fails on the defective widget with its findings.
#
# It owns this end-to-end check of .pre-commit-hooks.yaml only. pre-commit builds the hook with
# `cargo install` in the release profile; scripts/ci/quick-release-env.sh sets the cargo variables
# (which pre-commit passes through) that trade run-time speed for build time, and keeps the build
# under target/ so a second run only relinks.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=scripts/ci/tools.sh
source scripts/ci/tools.sh
ci_tools_install

export PRE_COMMIT_HOME="$root/target/ci-tools/pre-commit-home"
# shellcheck source=scripts/ci/quick-release-env.sh
source scripts/ci/quick-release-env.sh

scratch=$(mktemp -d)
log_file=$(mktemp)
trap 'rm -rf "$scratch" "$log_file"' EXIT
mkdir -p "$scratch/widgets"
cp -R examples/widgets/clean examples/widgets/defective "$scratch/widgets/"
git -C "$scratch" init -q
git -C "$scratch" add -A

echo "== pre-commit try-repo . amolint (on a copy of examples/widgets/clean and defective)"
status=0
(cd "$scratch" && "$ci_tools_venv/bin/pre-commit" try-repo "$root" amolint --all-files --color never) \
  >"$log_file" 2>&1 || status=$?
cat "$log_file"
log=$(cat "$log_file")

expect() {
  if [[ $log != *"$1"* ]]; then
    echo "pre-commit check failed: the hook's output lacks: $1" >&2
    exit 1
  fi
}
if [[ $status -ne 1 ]]; then
  echo "pre-commit check failed: expected exit status 1 (the defective widget), got $status" >&2
  exit 1
fi
expect "amolint..."
expect "Failed"
expect "error[LOC001]"
expect "widgets/defective/manifest.json"
expect "Checked 2 widgets"
echo "pre-commit hook check passed: the hook failed on widgets/defective with its findings"

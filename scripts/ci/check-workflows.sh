#!/usr/bin/env bash
# Checks the Action, the project's workflows and the user workflow examples without running them:
# zizmor's security audits (no finding of medium severity or above), the GitHub action and
# workflow JSON schemas, and shellcheck over the scripts the Action, the release and CI run.
#
# It owns these static checks only; the scripts' behaviour is tested by tests/action.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/ci/tools.sh
source scripts/ci/tools.sh
ci_tools_install
bin="$ci_tools_venv/bin"

workflows=(.github/workflows/*.yml docs/examples/*.yml)
shells=(scripts/action/*.sh scripts/release/*.sh scripts/npm/*.sh scripts/ci/*.sh)

echo "== zizmor (offline, medium and above fail)"
"$bin/zizmor" --offline --no-progress --config .github/zizmor.yml --min-severity medium \
  action.yml "${workflows[@]}"

echo "== check-jsonschema: action.yml against the GitHub action schema"
"$bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml

echo "== check-jsonschema: workflows against the GitHub workflow schema"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows "${workflows[@]}"

echo "== shellcheck"
"$bin/shellcheck" --external-sources "${shells[@]}"
echo "workflow checks passed: action.yml, ${#workflows[@]} workflows, ${#shells[@]} scripts"

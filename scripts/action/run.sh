#!/usr/bin/env bash
# Runs amolint once for the Action and writes the step outputs.
#
# It owns turning the Action's inputs into one `amolint check` command line and its results into
# step outputs; it must not install amolint or upload anything. One run prints the annotations
# (`--format github`) to standard output, writes the SARIF file, appends the job summary to
# $GITHUB_STEP_SUMMARY, writes the HTML report when asked, and writes a JSON report whose `summary`
# object gives the counts, so the outputs need no jq. Inputs are never evaluated by the shell: `paths` and `args` are split on
# white space with globbing off, so a quoted pattern such as 'widgets/**/widget.zip' reaches
# amolint as written. The exit status is amolint's (decided by `fail-on`), returned only after
# every report and output is written.
#
# Environment (the Action passes its inputs here; tests set the same variables):
#   AMOLINT_BIN                 the binary (default: amolint on PATH)
#   AMOLINT_PATHS               widget folders, zips or patterns (default .)
#   AMOLINT_CONFIG, AMOLINT_PLATFORM, AMOLINT_FAIL_ON, AMOLINT_CATEGORY  the matching options
#   AMOLINT_SARIF_FILE          where the SARIF report goes (default amolint.sarif)
#   AMOLINT_HTML_FILE           where the HTML report goes (default: none)
#   AMOLINT_ARGS                further arguments for `amolint check`
#   AMOLINT_ALLOW_NATIVE_PACKS  `true` to load native packs named by the checked-out rules.toml
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP  from the runner
set -euo pipefail

binary=${AMOLINT_BIN:-amolint}
sarif_file=${AMOLINT_SARIF_FILE:-amolint.sarif}

# shellcheck source=scripts/action/common.sh
source "$(dirname "$0")/common.sh"

# No pathname expansion while splitting inputs: patterns are amolint's to expand.
set -f
read -r -d '' -a paths <<<"${AMOLINT_PATHS:-.}" || true
read -r -d '' -a extra_args <<<"${AMOLINT_ARGS:-}" || true
set +f
if [[ ${#paths[@]} -eq 0 ]]; then
  paths=(.)
fi

json_report=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-report.XXXXXX")
trap 'rm -f "$json_report"' EXIT

command=("$binary" check --format github --no-progress
  --report "sarif=$sarif_file" --report "json=$json_report")
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  command+=(--summary "$GITHUB_STEP_SUMMARY")
fi
[[ -z ${AMOLINT_HTML_FILE:-} ]] || command+=(--report "html=$AMOLINT_HTML_FILE")
[[ -z ${AMOLINT_CONFIG:-} ]] || command+=(--config "$AMOLINT_CONFIG")
[[ -z ${AMOLINT_PLATFORM:-} ]] || command+=(--platform "$AMOLINT_PLATFORM")
[[ -z ${AMOLINT_FAIL_ON:-} ]] || command+=(--fail-on "$AMOLINT_FAIL_ON")
[[ -z ${AMOLINT_CATEGORY:-} ]] || command+=(--sarif-category "$AMOLINT_CATEGORY")
add_native_packs_option "amolint"
# `${a[@]+…}`: an empty array is an unbound variable to macOS's bash 3.2 under `set -u`.
command+=(${extra_args[@]+"${extra_args[@]}"} -- "${paths[@]}")

status=0
"${command[@]}" || status=$?

# The counts come from the report's last `"summary": {…}` object, which amolint writes on one line.
summary_line=$(grep -E '^ *"summary": *\{' "$json_report" 2>/dev/null | tail -n 1 || true)
count() {
  printf '%s' "$summary_line" | sed -n "s/.*\"$1\": *\([0-9][0-9]*\).*/\1/p"
}
errors=$(count errors)
warnings=$(count warnings)

if [[ -s $sarif_file ]]; then
  set_output sarif-file "$sarif_file"
fi
if [[ -n ${AMOLINT_HTML_FILE:-} && -s $AMOLINT_HTML_FILE ]]; then
  set_output html-file "$AMOLINT_HTML_FILE"
fi
set_output errors "$errors"
set_output warnings "$warnings"
set_output exit-code "$status"
if [[ -z $summary_line ]]; then
  printf '::error title=amolint::amolint stopped with exit status %s before writing its report\n' \
    "$status"
fi
exit "$status"

#!/usr/bin/env bash
# Packs the widget the Action's `pack` input names, after the check, and writes the step output
# `widget-zip`.
#
# It owns turning the Action's inputs into one `amolint pack` command line and its result into the
# step output; it must not install amolint or upload anything. The archive is written to a new
# folder under $RUNNER_TEMP as `widget.zip` (the name the platform's upload page asks for), so it
# never lands in, or replaces a file of, the checked-out repository. Inputs are never evaluated by
# the shell. The exit status is amolint's: 0 packed, 1 not packed (findings at or above fail-on),
# 2 a usage or configuration error, or an archive amolint got wrong.
#
# Environment (the Action passes its inputs here; tests set the same variables):
#   AMOLINT_BIN                 the binary (default: amolint on PATH)
#   AMOLINT_PACK                the widget folder or zip to pack
#   AMOLINT_CONFIG, AMOLINT_PLATFORM, AMOLINT_FAIL_ON  the matching options
#   AMOLINT_ALLOW_NATIVE_PACKS  `true` to load native packs named by the checked-out rules.toml
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP  from the runner
set -euo pipefail

binary=${AMOLINT_BIN:-amolint}
widget=${AMOLINT_PACK:-}

# shellcheck source=scripts/action/common.sh
source "$(dirname "$0")/common.sh"

if [[ -z $widget ]]; then
  printf '::error title=amolint pack::the pack input names no widget\n'
  exit 2
fi

folder=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-pack.XXXXXX")
archive="$folder/widget.zip"
log="$folder/pack.log"

command=("$binary" pack --color never --output "$archive")
[[ -z ${AMOLINT_CONFIG:-} ]] || command+=(--config "$AMOLINT_CONFIG")
[[ -z ${AMOLINT_PLATFORM:-} ]] || command+=(--platform "$AMOLINT_PLATFORM")
[[ -z ${AMOLINT_FAIL_ON:-} ]] || command+=(--fail-on "$AMOLINT_FAIL_ON")
add_native_packs_option "amolint pack"
command+=(-- "$widget")

status=0
"${command[@]}" >"$log" || status=$?
cat "$log"

if [[ $status -eq 0 && -s $archive ]]; then
  set_output widget-zip "$archive"
  if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    # amolint's last line says what was packed, its size and SHA-256.
    printf '\n### amolint pack\n\n%s\n' "$(tail -n 1 "$log")" >>"$GITHUB_STEP_SUMMARY"
  fi
else
  printf '::error title=amolint pack::%s was not packed (exit status %s): %s\n' \
    "$widget" "$status" "$(tail -n 1 "$log" 2>/dev/null || true)"
fi
exit "$status"

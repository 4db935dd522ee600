#!/usr/bin/env bash
# Publishes the npm packages of a release with provenance: every platform package filled by
# scripts/npm/fill-platforms.sh in PLATFORMS_DIR first, then the main package npm/amolint, whose
# optionalDependencies name them, so that it is never installable before its binaries are.
#
# It owns the order and the npm publish flags; it must not build or change a package. A package
# whose version is already on the registry is skipped, so that a release job that failed half-way
# can be re-run. Authentication: NODE_AUTH_TOKEN (an npm automation token) when set, else npm's
# own (trusted publishing from the workflow's OIDC token, with a recent npm).
#
# Usage: publish.sh PLATFORMS_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PLATFORMS_DIR" >&2
  exit 2
fi
platforms_dir=$1
root=$(cd "$(dirname "$0")/../.." && pwd)

if [[ -n ${NODE_AUTH_TOKEN:-} ]]; then
  # npm reads the token from the environment when the configuration names it; the registry
  # is npm's configured one. A throw-away user configuration keeps it out of the home folder.
  NPM_CONFIG_USERCONFIG=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-npmrc.XXXXXX")
  export NPM_CONFIG_USERCONFIG
  trap 'rm -f "$NPM_CONFIG_USERCONFIG"' EXIT
  registry=$(npm config get registry)
  # shellcheck disable=SC2016 # npm expands ${NODE_AUTH_TOKEN} itself when it reads the file
  printf '%s:_authToken=${NODE_AUTH_TOKEN}\n' "${registry#*:}" >"$NPM_CONFIG_USERCONFIG"
fi

publish() {
  local dir=$1 name version
  name=$(node -p 'require(process.argv[1]).name' "$dir/package.json")
  version=$(node -p 'require(process.argv[1]).version' "$dir/package.json")
  if [[ $(npm view "$name@$version" version 2>/dev/null || true) == "$version" ]]; then
    echo "== $name@$version is already published"
    return 0
  fi
  echo "== npm publish $name@$version"
  (cd "$dir" && npm publish --provenance --access public)
}

packages=$(node -e '
  for (const p of require(process.argv[1])) console.log(p.package.replace("@amolint/", ""));
' "$root/npm/amolint/lib/platforms.json")
while read -r platform; do
  [[ -f $platforms_dir/$platform/package.json ]] || {
    echo "no $platform package in $platforms_dir" >&2
    exit 1
  }
  publish "$platforms_dir/$platform"
done <<<"$packages"
publish "$root/npm/amolint"

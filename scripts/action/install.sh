#!/usr/bin/env bash
# Installs the amolint binary the Action runs, and writes its path as the step output `binary`.
#
# It owns choosing between a released binary and a build from the Action's own source; it must not
# run amolint or read the user's repository. A released binary is used when the Action is used at a
# release tag (`uses: amolint/amolint@v0.1.0`), at the commit of a release (a SHA pin, matched
# against the release's COMMIT asset), or when the `version` input names one; it is downloaded,
# checked against the release's SHA256SUMS (a mismatch always stops the job: it is never a reason
# to fall back) and kept in a cache folder keyed by version and target. Any other ref (a branch, an
# unreleased commit) is built with `cargo install --locked --path "$GITHUB_ACTION_PATH"`, which
# needs nothing but crates. A ref that names a release that cannot be downloaded also falls back to
# the build; an explicit `version` that cannot be downloaded is an error, since the build would be
# another version.
#
# Environment (the Action passes its inputs here; tests set the same variables):
#   AMOLINT_VERSION      the `version` input: empty (follow the Action's ref), `X.Y.Z`/`vX.Y.Z`,
#                        or `source` (always build from the Action's source)
#   GITHUB_ACTION_PATH   the Action's checkout (the source to build; Cargo.toml gives the version)
#   AMOLINT_ACTION_REF   the ref the workflow used the Action at (else GITHUB_ACTION_REF)
#   AMOLINT_ACTION_REPOSITORY  owner/name of the Action (else GITHUB_ACTION_REPOSITORY, else
#                        amolint/amolint); with GITHUB_SERVER_URL, where the releases are
#   AMOLINT_RELEASE_URL  base URL of the release assets, `<base>/vX.Y.Z/<asset>` (tests: file://)
#   AMOLINT_CACHE_DIR    cache folder (default: $RUNNER_TOOL_CACHE/amolint, which self-hosted
#                        runners keep between jobs, else ~/.cache/amolint)
#   RUNNER_OS, RUNNER_ARCH  the runner's platform (default: from uname)
#   GITHUB_OUTPUT        where `binary=` and `version=` are written
set -euo pipefail

log() { printf '%s\n' "$*" >&2; }
fail() {
  printf '::error title=amolint install::%s\n' "$*"
  exit 1
}

action_path=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
requested=${AMOLINT_VERSION:-}
ref=${AMOLINT_ACTION_REF:-${GITHUB_ACTION_REF:-}}
cache_root=${AMOLINT_CACHE_DIR:-${RUNNER_TOOL_CACHE:-${HOME:-/tmp}/.cache}/amolint}
release_base=${AMOLINT_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/${AMOLINT_ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-amolint/amolint}}/releases/download}
release_base=${release_base%/}

# The release workflow (.github/workflows/release.yml) names its archives after these triples.
runner_os=${RUNNER_OS:-$(uname -s)}
runner_arch=${RUNNER_ARCH:-$(uname -m)}
case "$runner_os" in
  Linux) os_part=unknown-linux-gnu ;;
  macOS | Darwin) os_part=apple-darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os_part=pc-windows-msvc ;;
  *) os_part= ;;
esac
case "$runner_arch" in
  X64 | x86_64 | amd64) arch_part=x86_64 ;;
  ARM64 | aarch64 | arm64) arch_part=aarch64 ;;
  *) arch_part= ;;
esac
target=
if [[ -n $os_part && -n $arch_part ]]; then
  target="$arch_part-$os_part"
fi
case "$os_part" in
  pc-windows-msvc) exe=amolint.exe archive_ext=zip ;;
  *) exe=amolint archive_ext=tar.gz ;;
esac

set_output() {
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

finish() {
  local binary=$1 version=$2
  "$binary" --version >&2 || fail "the installed binary $binary does not run"
  set_output binary "$binary"
  set_output version "$version"
  log "amolint: using $binary ($version)"
  exit 0
}

cargo_version() {
  # The workspace version: the first `version = "…"` in the root Cargo.toml.
  sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$action_path/Cargo.toml" 2>/dev/null | head -n 1
}

download() {
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

extract() {
  local archive=$1 into=$2
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$archive" -d "$into"
      elif command -v 7z >/dev/null 2>&1; then
        7z x -y "-o$into" "$archive" >/dev/null
      else
        fail "neither unzip nor 7z is available to unpack $archive"
      fi
      ;;
    *) tar -xzf "$archive" -C "$into" ;;
  esac
}

# Prints the tag of the release to use, or nothing for a build from source.
release_tag() {
  case "$requested" in
    source) return 0 ;;
    v[0-9]*) printf '%s' "$requested"; return 0 ;;
    [0-9]*) printf 'v%s' "$requested"; return 0 ;;
  esac
  if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]]; then
    printf '%s' "$ref"
    return 0
  fi
  if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    # A SHA pin: the release of this source's version is used only if it was built from this very
    # commit, which the release records in its COMMIT asset.
    local version commit_file
    version=$(cargo_version)
    [[ -n $version ]] || return 0
    commit_file="$work/COMMIT"
    if download "$release_base/v$version/COMMIT" "$commit_file" 2>/dev/null &&
      [[ $(tr -d '[:space:]' <"$commit_file") == "$ref" ]]; then
      printf 'v%s' "$version"
    fi
  fi
  return 0
}

# Installs the release `$1` into the cache; returns 1 (after saying why) when it cannot be
# downloaded, and stops the job when its checksum does not match.
install_release() {
  local tag=$1 asset dest sums expected actual unpacked found
  asset="amolint-$tag-$target.$archive_ext"
  dest="$cache_root/$tag/$target"
  if [[ -x $dest/$exe ]]; then
    log "amolint $tag: found in the cache $dest"
    finish "$dest/$exe" "$tag"
  fi
  log "amolint $tag: downloading $asset from $release_base/$tag"
  sums="$work/SHA256SUMS"
  if ! download "$release_base/$tag/SHA256SUMS" "$sums"; then
    log "amolint $tag: no SHA256SUMS in the release"
    return 1
  fi
  if ! download "$release_base/$tag/$asset" "$work/$asset"; then
    log "amolint $tag: no asset $asset in the release"
    return 1
  fi
  expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$sums")
  [[ -n $expected ]] || fail "SHA256SUMS of $tag has no entry for $asset"
  actual=$(sha256_of "$work/$asset")
  # Lower-cased with tr: macOS's bash 3.2 has no ${x,,}.
  if [[ $(printf '%s' "$expected" | tr 'A-F' 'a-f') != "$actual" ]]; then
    fail "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual"
  fi
  log "amolint $tag: sha256 $actual verified"
  unpacked="$work/unpacked"
  mkdir -p "$unpacked"
  extract "$work/$asset" "$unpacked" || fail "cannot unpack $asset"
  found=$(find "$unpacked" -type f -name "$exe" | head -n 1)
  [[ -n $found ]] || fail "$asset holds no $exe"
  # Renamed last, so an interrupted install never leaves a binary the cache check would trust.
  if ! { mkdir -p "$dest" && cp "$found" "$dest/$exe.partial" && chmod +x "$dest/$exe.partial" &&
    mv "$dest/$exe.partial" "$dest/$exe"; }; then
    fail "cannot write the cache folder $dest"
  fi
  finish "$dest/$exe" "$tag"
}

install_from_source() {
  local root
  [[ -f $action_path/Cargo.toml ]] || fail "no Cargo.toml in $action_path to build amolint from"
  command -v cargo >/dev/null 2>&1 || fail "no release binary fits and cargo is not installed"
  if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    # An immutable commit: its build can be cached like a release.
    root="$cache_root/source-$ref/${target:-host}"
    if [[ -x $root/bin/$exe ]]; then
      log "amolint $ref: build found in the cache $root"
      finish "$root/bin/$exe" "source-$ref"
    fi
  else
    root="${RUNNER_TEMP:-$work}/amolint-source"
  fi
  log "amolint: building from $action_path (ref ${ref:-none}) with cargo install"
  cargo install --locked --path "$action_path" --root "$root" >&2
  finish "$root/bin/$exe" "source-${ref:-local}"
}

case "$requested" in
  '' | source | v[0-9]* | [0-9]*) ;;
  *) fail "version must be empty, X.Y.Z, vX.Y.Z or source, not '$requested'" ;;
esac

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/amolint-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

tag=$(release_tag)
if [[ -n $tag ]]; then
  if [[ -z $target ]]; then
    [[ -z $requested ]] || fail "no release binary for $runner_os $runner_arch"
    log "amolint: no release binary for $runner_os $runner_arch"
  else
    install_release "$tag" ||
      { [[ -z $requested ]] || fail "release $tag cannot be downloaded from $release_base"; }
  fi
fi
install_from_source

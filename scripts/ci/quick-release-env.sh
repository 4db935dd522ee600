#!/usr/bin/env bash
# Sourced by the scripts/ci checks that build amolint in the release profile (the pre-commit hook
# and the npm packages): optimisations turned down, since these checks test installation, not
# speed, and one target folder with one set of profile settings, so that the second build reuses
# the dependencies the two resolve alike (about half: pre-commit's `cargo install` resolves
# versions afresh instead of reading Cargo.lock).
#
# It owns those cargo variables (which cargo reads, and pre-commit passes through to
# `cargo install`); it must not build anything.
quick_release_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR="$quick_release_root/target/pre-commit-hook"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256
export CARGO_PROFILE_RELEASE_DEBUG=false
# pre-commit builds from a fresh clone each time, whose incremental state could never be reused.
export CARGO_PROFILE_RELEASE_INCREMENTAL=false
export CARGO_TERM_QUIET=true

#!/usr/bin/env bash
# Decides whether the Action uploads its SARIF file, and writes `upload=true|false` as an output.
#
# It owns only that decision; it must not run amolint or upload anything. The upload is skipped
# when the `upload-sarif` input is not `true`, and, with a notice, on a `pull_request` from a fork,
# whose token cannot write security events (`pull_request_target` runs with the base repository's
# token, so it uploads). The fork is recognised by the head repository of the event payload,
# which the Action passes in PR_HEAD_REPOSITORY from `github.event.pull_request.head.repo.full_name`.
#
# Environment: AMOLINT_UPLOAD_SARIF, GITHUB_EVENT_NAME, GITHUB_REPOSITORY, PR_HEAD_REPOSITORY,
# GITHUB_OUTPUT.
set -euo pipefail

upload=true
case "${AMOLINT_UPLOAD_SARIF:-true}" in
  true) ;;
  false) upload=false ;;
  *)
    printf '::error title=amolint::upload-sarif must be true or false, not %s\n' "$AMOLINT_UPLOAD_SARIF"
    exit 2
    ;;
esac
# An empty head repository on a pull request is a fork that was deleted since: no write token either.
head=${PR_HEAD_REPOSITORY:-}
if [[ $upload == true && ${GITHUB_EVENT_NAME:-} == pull_request && $head != "${GITHUB_REPOSITORY:-}" ]]; then
  upload=false
  printf '::notice title=amolint::SARIF upload skipped: this pull request comes from the fork %s, whose token cannot write code scanning results; the findings are in the annotations and the job summary\n' \
    "${head:-(deleted)}"
fi
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  printf 'upload=%s\n' "$upload" >>"$GITHUB_OUTPUT"
fi

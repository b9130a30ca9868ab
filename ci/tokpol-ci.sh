#!/usr/bin/env bash
# Runs `tokpol check` in a CI job and leaves the reports where that CI looks for them. The GitHub
# Action (action.yml) and the GitLab template (ci/gitlab/tokpol.gitlab-ci.yml) both call it; see
# docs/ci.md. Usage: tokpol-ci.sh github|gitlab
#
# Read from the environment (all optional):
#   TOKPOL_CI_POLICIES  policy files or directories, separated by whitespace; each becomes -p.
#                       Empty: the built-in Lokalise pack.
#   TOKPOL_CI_INPUTS    inventories to check, separated by whitespace; globs are expanded
#   TOKPOL_CI_ARGS      more flags for tokpol check, split at whitespace, never glob-expanded
#   TOKPOL_CI_BIN       the tokpol binary. Empty: tokpol on PATH, else one built from the source
#                       tree this script belongs to (build dependencies installed with apt-get)
#   TOKPOL_CI_BUILD_DIR where to build it (default: $RUNNER_TEMP or $TMPDIR or /tmp, /tokpol-build)
#   TOKPOL_CI_REPORTS   directory for the reports (default: tokpol-reports in the workspace)
# github also uses GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT; gitlab uses
# CI_PROJECT_DIR. Paths without a workspace are relative to the working directory.
#
# Exits with tokpol's exit code (0 pass, 1 findings, 2 usage, 3 policy, 4 input, 5 evaluation
# errors, 6 a report could not be written), or 2 when no tokpol could be found or built.
set -uo pipefail

die() {
  echo "tokpol-ci: $*" >&2
  exit 2
}

# Sets `bin` to a tokpol binary: given, on PATH, or built from this script's source tree.
find_tokpol() {
  if [ -n "${TOKPOL_CI_BIN:-}" ]; then
    bin=$TOKPOL_CI_BIN
    [ -x "$bin" ] || command -v "$bin" >/dev/null || die "TOKPOL_CI_BIN=$bin is not an executable"
    return
  fi
  if bin=$(command -v tokpol); then
    return
  fi
  local src build
  src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -f "$src/CMakeLists.txt" ] && [ -x "$src/scripts/deps" ] ||
    die "no tokpol on PATH and no tokpol source tree at $src to build one from"
  build=${TOKPOL_CI_BUILD_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tokpol-build}
  echo "tokpol-ci: building tokpol from $src in $build"
  "$src/scripts/deps" || die "could not install the build dependencies"
  if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKPOL_BUILD_TESTS=OFF &&
         cmake --build "$build" --target tokpol_cli --parallel 2; } >"$build.log" 2>&1; then
    tail -n 40 "$build.log" >&2
    die "building tokpol failed (log: $build.log)"
  fi
  bin=$build/tokpol
}

# Word-splits the named variable into the array `words`, expanding globs when $2 is "glob".
split_words() {
  local value=${!1:-}
  [ "${2:-}" = glob ] || set -f
  # shellcheck disable=SC2206 # splitting (and, for inputs, globbing) is the point
  words=($value)
  set +f
}

# The sentence for an exit code, as in `tokpol check --help`.
verdict() {
  case $1 in
    0) echo "passed" ;;
    1) echo "findings at or above the --fail-on severity" ;;
    2) echo "usage error: a bad flag or value, or no input" ;;
    3) echo "policy error: nothing was evaluated" ;;
    4) echo "input error: nothing was evaluated" ;;
    5) echo "evaluation errors: a rule could not decide for some subject" ;;
    6) echo "a report could not be written" ;;
    *) echo "tokpol ended abnormally" ;;
  esac
}

# Runs tokpol check with the policies, flags and inputs of the environment, and the report options
# given as arguments. Prints the text report; sets `code`.
run_check() {
  local policy_flags=() p
  split_words TOKPOL_CI_POLICIES glob
  for p in "${words[@]}"; do policy_flags+=(-p "$p"); done
  split_words TOKPOL_CI_ARGS
  local args=("${words[@]}")
  split_words TOKPOL_CI_INPUTS glob
  local inputs=("${words[@]}")
  mkdir -p "$reports" || die "cannot create $reports"
  local spec
  for spec in "$@"; do # no report of an earlier run may pass for this run's
    [ "$spec" = -o ] || rm -f "${spec#*:}"
  done
  rm -f "$reports/tokpol.txt"
  echo "tokpol-ci: $bin check ${policy_flags[*]} ${args[*]} $* ${inputs[*]}"
  "$bin" check "${policy_flags[@]}" "${args[@]}" -o text:"$reports/tokpol.txt" "$@" "${inputs[@]}"
  code=$?
  [ ! -f "$reports/tokpol.txt" ] || cat "$reports/tokpol.txt"
  echo "tokpol-ci: tokpol exited with $code: $(verdict "$code")"
}

github() {
  reports=${TOKPOL_CI_REPORTS:-${GITHUB_WORKSPACE:-.}/tokpol-reports}
  run_check -o github:"$reports/tokpol.annotations" -o sarif:"$reports/tokpol.sarif" \
            -o markdown:"$reports/tokpol.md" -o json:"$reports/tokpol.json"
  # Workflow commands on standard output become annotations on the pull request. tokpol itself
  # appends the Markdown report to $GITHUB_STEP_SUMMARY when it writes a github report; after a
  # usage error it writes none, and the summary says why here instead.
  [ ! -f "$reports/tokpol.annotations" ] || cat "$reports/tokpol.annotations"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ ! -f "$reports/tokpol.annotations" ]; then
    printf '## tokpol: exit code %d\n\n%s; no report was written, see the log of this step.\n' \
      "$code" "$(verdict "$code")" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$code" >>"$GITHUB_OUTPUT"
    output_if_written sarif "$reports/tokpol.sarif"
    output_if_written markdown "$reports/tokpol.md"
    output_if_written json "$reports/tokpol.json"
  fi
}

# A step output naming a report, if tokpol wrote it (it writes every report whatever the outcome,
# but none after a usage error).
output_if_written() {
  [ ! -f "$2" ] || echo "$1=$2" >>"$GITHUB_OUTPUT"
}

gitlab() {
  reports=${TOKPOL_CI_REPORTS:-${CI_PROJECT_DIR:-.}/tokpol-reports}
  run_check -o gitlab:"$reports/gl-code-quality.json" -o junit:"$reports/tokpol-junit.xml" \
            -o html:"$reports/tokpol-audit.html" -o json:"$reports/tokpol.json"
}

case ${1:-} in
  github | gitlab) ;;
  *) die "usage: tokpol-ci.sh github|gitlab" ;;
esac
find_tokpol
"$1"
exit "$code"

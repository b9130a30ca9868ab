# shellcheck shell=bash
# Sourced by the shell tests: a scratch directory $work removed on exit, and counted checks.
# ok/bad print one line each (CTest fails a test on any line with FAIL); summary NAME prints the
# counts and returns non-zero if anything failed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
check() { # description, command...: ok when the command succeeds
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
summary() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}

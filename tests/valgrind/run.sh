#!/usr/bin/env bash
# The CLI's golden runs under valgrind: every format, waivers and a baseline, and each kind of
# refusal. Any memory error or leak fails (valgrind's exit code 99 is reserved for that).
# Usage: run.sh TOKPOL_BIN SOURCE_DIR
set -uo pipefail
tokpol=$1
cd "$2"
command -v valgrind >/dev/null || { echo "FAIL: valgrind is not installed (run scripts/deps --test)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
vg() { # expected-exit args...
  local want=$1; shift
  valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "$tokpol" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  if [ "$code" -eq "$want" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL (exit $code, wanted $want): tokpol $*"; head -30 "$work/err"
  fi
}
now=(--now 2026-11-27T09:00:00Z)
vg 1 check "${now[@]}" examples/inventory.json
vg 1 check "${now[@]}" --waivers tests/cli/waivers.tpol --warn-expiring 14d \
  -o json:"$work/r.json" -o sarif:"$work/r.sarif" -o junit:"$work/r.xml" -o gitlab:"$work/r.gl" \
  -o github:"$work/r.gh" -o markdown:"$work/r.md" -o html:"$work/r.html" -o "$work/r.txt" \
  examples/inventory.json
vg 0 check "${now[@]}" --baseline "$work/r.json" --waivers tests/cli/waivers.tpol examples/inventory.json
vg 5 check "${now[@]}" --no-validate examples/inventory.json tests/cli/broken.json
vg 4 check "${now[@]}" tests/cli/broken.json
vg 1 check "${now[@]}" -p tests/golden/normative.tpol tests/golden/normative.input.json
vg 5 check "${now[@]}" -p tests/golden/gitlab.tpol tests/golden/gitlab.input.json
vg 1 check "${now[@]}" -p tests/cli/join.tpol --input tokens=tests/cli/tokens.json --input admins=tests/cli/admins.json
vg 3 check -p tests/golden/syntax_bad.tpol examples/inventory.json
vg 3 check -p tests/golden/names_bad.tpol examples/inventory.json
vg 4 check tests/cli/dup.json
vg 4 check examples/nope.json
vg 2 check --format nope examples/inventory.json
vg 0 rules
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

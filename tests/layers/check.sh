#!/usr/bin/env bash
# The pipeline runs one way (docs/architecture.md). On the compiled objects of the library, this
# checks what the functions really call: that each stage calls only the stages it may, and that no
# two source files call each other, directly or through others, in a loop.
# Usage: check.sh OBJECT...   (the objects of tokpol_objects)
set -euo pipefail
export LC_ALL=C
[ $# -gt 0 ] || { echo "FAIL: no object files given"; exit 1; }

# What each stage may call, besides itself.
declare -A allowed=(
  [base]=""
  [syntax]="base"
  [input]="base"
  [check]="base syntax input"
  [plan]="base input"
  [lower]="base syntax check plan"
  [eval]="base input plan"
  [report]="base input plan eval"
  [driver]="base syntax input check plan lower"
)

# engine/eval/value.c.o -> eval/value; the generated grammar belongs to syntax, the embedded
# packs to the driver.
module_of() {
  case $1 in
    */engine/*) local m=${1##*/engine/}; echo "${m%.c.o}" ;;
    */grammar/*) local m=${1##*/grammar/}; echo "syntax/${m%.c.o}" ;;
    */builtin_files.c.o) echo "driver/builtin_files" ;;
    *) echo "unknown/$(basename "$1" .c.o)" ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/defined"
for obj in "$@"; do
  m=$(module_of "$obj")
  nm -g --defined-only "$obj" | awk -v m="$m" 'NF == 3 {print $3, m}' >>"$work/defined"
  nm -u "$obj" | awk -v m="$m" '{print $NF, m}' >>"$work/used"
done
sort -u "$work/defined" -o "$work/defined"
sort -u "$work/used" -o "$work/used"
# caller callee, for every call from one module to a function (or table) another defines
join "$work/used" "$work/defined" | awk '$2 != $3 {print $2, $3}' | sort -u >"$work/edges"

fail=0
while read -r from to; do
  s=${from%%/*} t=${to%%/*}
  [ "$s" = "$t" ] && continue
  if [ -z "${allowed[$s]+x}" ] || [[ " ${allowed[$s]} " != *" $t "* ]]; then
    echo "FAIL: $from calls $to: $s may call only: ${allowed[$s]:-nothing}"
    fail=1
  fi
done <"$work/edges"
if ! tsort "$work/edges" >/dev/null 2>"$work/loops"; then
  echo "FAIL: source files call each other in a loop:"
  cat "$work/loops"
  fail=1
fi
[ "$fail" -eq 0 ] && echo "layers: $(wc -l <"$work/edges") calls between $(cut -d' ' -f2 "$work/defined" | sort -u | wc -l) files, all one way"
exit "$fail"

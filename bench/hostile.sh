#!/usr/bin/env bash
# Benchmark: what the hostile inputs of docs/security.md cost (issue 11), on a release build.
#   1. The built-in pack over inventories whose join keys repeat (every token one id, every user
#      one id) next to a team of the same size with distinct ids.
#   2. Compiling N rules (linear: N x 10 costs about 10 times as much).
#   3. Regular expressions at their budgets: one match, and an evaluation that spends its own.
# Prints wall time (best of 3) and peak memory. Usage: bench/hostile.sh [N...] (tokens; default
# 1000 5000 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000)
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
out=build/bench
mkdir -p "$out"
cc -O2 -o "$out/gen_inventory" bench/gen_inventory.c
tokpol=build/release/tokpol
now=(--now 2026-11-27T09:00:00Z)

# shellcheck source=bench/measure.sh
. bench/measure.sh
# "  0.45 s      35 MiB" of the best of 3 runs of a command.
shown() {
  local t m
  read -r t m <<<"$(measure "$@")"
  printf '%8s s %8.0f MiB' "$t" "$(echo "$m/1024" | bc -l)"
}

echo "1. the built-in pack (tokpol check --format json -o /dev/null)"
for n in "${sizes[@]}"; do
  for shape in team one-token-id one-user-id; do
    f="$out/hostile-$shape-$n.json"
    [ -s "$f" ] || "$out/gen_inventory" "$n" $([ "$shape" = team ] || echo "$shape") >"$f"
    printf '   %-13s %7s tokens %s\n' "$shape" "$n" \
      "$(shown "$tokpol" check "${now[@]}" --format json -o /dev/null "$f")"
  done
done

echo "2. compiling N rules (tokpol lint)"
for n in 10000 30000 100000; do
  f="$out/hostile-rules-$n.tpol"
  [ -s "$f" ] || awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
    printf "rule R%06d { for t in tokens deny t.id == \"n%06d\" }\n", i, i }' >"$f"
  printf '   %7s rules %s\n' "$n" "$(shown "$tokpol" lint -p "$f")"
done

echo "3. regular expressions on 16 KiB strings"
label=$(printf 'ab%.0s' $(seq 8191))
for n in 1 130 1000; do
  f="$out/hostile-regex-$n.json"
  [ -s "$f" ] || awk -v n="$n" -v l="$label" 'BEGIN { printf "{\"tokens\": ["
    for (i = 0; i < n; i++) printf "%s{\"id\": \"t%d\", \"label\": \"%s\"}", i ? ", " : "", i, l
    print "]}" }' >"$f"
done
pol="$out/hostile-regex.tpol"
printf 'rule R { for t in tokens deny matches(t.label, "(a{{0,100}}){{0,100}}$") }\n' >"$pol"
for n in 1 130 1000; do
  printf '   %4s matches of (a{0,100}){0,100}$ %s\n' "$n" \
    "$(shown "$tokpol" check "${now[@]}" -p "$pol" "$out/hostile-regex-$n.json")"
done

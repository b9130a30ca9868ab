#!/usr/bin/env bash
# The benchmarks of issue #14 in one command, each ratio printed next to its target:
#  - the peer benchmark (../shared/bench/compare.sh): tokpol against a hand-written C program on
#    cJSON, CEL on Node.js and jq, on one generated inventory, interleaved in one run;
#  - the Lokalise pack against a bare cJSON parse of the same file (bench/run.sh);
#  - linearity: the peer benchmark at the largest size against the smallest;
#  - --jobs: eight inputs on -j 1 and on -j 2;
#  - what a page fault costs on this machine, with 4 KiB pages and with huge pages.
# Usage: bench/all.sh [SIZE...]   tokens; default 10000 100000 1000000; RUNS=3 (per size).
# The peer benchmark lives in PEER_BENCH (default ../shared/bench); without it, only the pack runs.
# CI runs `RUNS=1 bench/all.sh 10000` only to check that it works: timings there mean nothing.
# jq takes over 20 minutes at 1M tokens: it runs at 100k tokens and below only.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
runs=${RUNS:-3}
peer=$(cd "${PEER_BENCH:-../shared/bench}" 2>/dev/null && pwd) || peer=""
[ -n "$peer" ] || echo "bench: no peer benchmark (PEER_BENCH): the Lokalise pack only"
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
tokpol=$PWD/build/release/tokpol
work=${BENCH_DIR:-/tmp/tokpol-bench}
mkdir -p "$work"
command -v node >/dev/null || echo "bench: node is missing: no CEL peer"

# A PATH on which jq cannot be found, for the large sizes.
nojq=$(mktemp -d)
trap 'rm -rf "$nojq"' EXIT
for f in /usr/bin/*; do [ "${f##*/}" = jq ] || ln -s "$f" "$nojq/"; done
path_without_jq="$nojq:$(tr ':' '\n' <<<"$PATH" | grep -vx -e /usr/bin -e /bin | paste -sd:)"

field() { awk -v t="$1" -v c="$2" '$1 == t {print $c}' "$3"; }
# $1 / $2; a time of 0.00 s (a run under the clock's 10 ms step, small sizes) makes none.
ratio() { awk "BEGIN{if ($2 == 0) printf \"n/a\"; else printf \"%.2f\", $1 / $2}"; }
summary=()
for n in "${sizes[@]}"; do
  # Not `tee /dev/stderr`: reopening stderr truncates it when it is a file (all.sh >log 2>&1).
  table=$(bench/run.sh "$n")
  echo "$table"
  pack=$(awk -v n="$n" '$1 == n {print $7}' <<<"$table")
  summary+=("$n tokens: Lokalise pack tokpol/cJSON parse $pack (target <= 3)")
  [ -n "$peer" ] || continue
  log="$work/compare-$n.log"
  if [ "$n" -gt 100000 ]; then
    PATH=$path_without_jq BENCH_DIR=$work "$peer/compare.sh" "$tokpol" "$n" "$runs" | tee "$log"
  else
    BENCH_DIR=$work "$peer/compare.sh" "$tokpol" "$n" "$runs" | tee "$log"
  fi
  if grep -q "DIFFERENT violations: tokpol" "$log"; then echo "bench: tokpol's answers differ"; exit 1; fi
  t=$(field tokpol 2 "$log") c=$(field c-cjson 2 "$log")
  line="$n tokens: peer tokpol/c-cjson $(ratio "$t" "$c") (target <= 0.80)"
  if [ -n "$(field cel-js 2 "$log")" ]; then
    line+=", cel-js/tokpol $(ratio "$(field cel-js 2 "$log")" "$t") (target >= 2)"
  fi
  mb=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$work/inv_$n.json") / 1048576}")
  line+=", peak memory $(field tokpol 3 "$log") MiB = $(ratio "$(field tokpol 3 "$log")" "$(field c-cjson 3 "$log")") of c-cjson's (target <= 1), $(ratio "$(field tokpol 3 "$log")" "$mb")x the input (stretch <= 2)"
  summary+=("$line")
done
# Runs a command, and sets wall (s), mib (peak memory, MiB) and cpu (s, user + system, its
# children's included) to what it took; exit code 1 (findings) is what the benchmarks expect,
# above it an error, which stops the script with what tokpol said. Not to be called in $(...),
# nor in `read <<<"$(...)"`, which would lose its exit.
declare -A best peak
timed() {
  local rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$work/t" "$@" >/dev/null 2>"$work/err" </dev/null || rc=$?
  if [ "$rc" -gt 1 ]; then
    local what="${*:1:6}"
    echo "bench: ${what%%$'\n'*}... exited $rc:" >&2 # time_each's script: its first line
    head -n 5 "$work/err" >&2
    exit 1
  fi
  read -r wall mib cpu <<<"$(tail -n 1 "$work/t" | awk '{printf "%s %d %.2f\n", $1, $2 / 1024, $3 + $4}')"
}
# One `tokpol check` of the policy in ${policy[@]} with these arguments (-j, inputs), timed.
time_check() {
  timed "$tokpol" check "${policy[@]}" --format json -o /dev/null --max-input-bytes 4000000000 "$@"
}
# One `tokpol check -j 1` of each input given, one after the other, timed together: what each
# costs as a run of its own (start-up included) without the clock's 10 ms steps on every run.
time_each() {
  # shellcheck disable=SC2016 # expanded by the inner shell
  timed bash -c 'tokpol=$1 n=$2; policy=("${@:3:n}"); shift $((n + 2))
    for f; do "$tokpol" check "${policy[@]}" --format json -o /dev/null -j 1 "$f"; rc=$?
      [ "$rc" -le 1 ] || exit "$rc"; done' _ "$tokpol" "${#policy[@]}" "${policy[@]}" "$@"
}
# best[$1] becomes the least of itself and $2.
keep_least() {
  if [ -z "${best[$1]:-}" ] || awk "BEGIN{exit !($2 < ${best[$1]})}"; then best[$1]=$2; fi
}

# Linearity: the largest inventory against the smallest given as many times over in one run
# (-j 1), so that both do the same number of tokens' work and neither the start-up nor the
# clock's 10 ms resolution weighs on the small one: 1.00 is linear; and against as many runs of
# the smallest, timed together. The sides alternate, so that the machine slowing down or
# speeding up during the runs falls on all.
if [ -n "$peer" ] && [ ${#sizes[@]} -gt 1 ]; then
  lo=$(printf '%s\n' "${sizes[@]}" | sort -n | head -n 1)
  hi=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -n 1)
  policy=(-p "$peer/p1-p4.tpol" --now 2026-11-27T00:00:00Z)
  [ $((hi % lo)) -eq 0 ] || { echo "bench: linearity needs the largest size a multiple of the smallest" >&2; exit 2; }
  copies=() empties=()
  # An inventory with no token, user or binding: a run of it is the start-up alone.
  printf '{"tokens": [], "users": [], "bindings": []}\n' >"$work/lin-empty.json"
  for i in $(seq $((hi / lo))); do
    ln -sf "$work/inv_$lo.json" "$work/lin-$i.json"; copies+=("$work/lin-$i.json")
    empties+=("$work/lin-empty.json")
  done
  for _ in $(seq "$runs"); do
    time_check -j 1 "$work/inv_$hi.json"
    keep_least lin_hi "$wall"
    keep_least lin_hi_cpu "$cpu"
    time_check -j 1 "${copies[@]}"
    keep_least lin_lo "$wall"
    keep_least lin_lo_cpu "$cpu"
    time_each "${copies[@]}"
    keep_least lin_each "$wall"
    keep_least lin_each_cpu "$cpu"
    time_each "${empties[@]}"
    keep_least lin_start "$wall"
  done
  summary+=("linearity: $hi tokens in one input ${best[lin_hi]} s, $lo tokens $((hi / lo)) times ${best[lin_lo]} s: $(ratio "${best[lin_hi]}" "${best[lin_lo]}") (target 1.00 +-0.15; one process each, the peer policy)")
  # CPU time is what the work costs, less what other processes on the machine cost it.
  summary+=("  by CPU time (user + system): ${best[lin_hi_cpu]} s against ${best[lin_lo_cpu]} s: $(ratio "${best[lin_hi_cpu]}" "${best[lin_lo_cpu]}")")
  # In one process the small inputs reuse the memory the one before freed; a run of its own
  # starts with fresh memory (and starts up): the two bracket what the small input costs.
  summary+=("  against $((hi / lo)) runs of $lo tokens, each a process of its own: ${best[lin_each]} s: $(ratio "${best[lin_hi]}" "${best[lin_each]}") (by CPU time $(ratio "${best[lin_hi_cpu]}" "${best[lin_each_cpu]}"))")
  # What a run costs before its first token (exec, the policy's compile, exit) is not a cost of
  # the tokens: taken off both sides, once from the large run and $((hi / lo)) times from the small.
  work_hi=$(awk "BEGIN{printf \"%.2f\", ${best[lin_hi]} - ${best[lin_start]} / $((hi / lo))}")
  work_each=$(awk "BEGIN{printf \"%.2f\", ${best[lin_each]} - ${best[lin_start]}}")
  summary+=("  the same less start-up ($((hi / lo)) runs of an empty inventory ${best[lin_start]} s): $work_hi s against $work_each s: $(ratio "$work_hi" "$work_each")")
fi

# --jobs: eight inputs of the middle size on two cores (the peer policy, or the pack).
n=${sizes[$(( ${#sizes[@]} / 2 ))]}
if [ -n "$peer" ]; then
  src="$work/inv_$n.json" policy=(-p "$peer/p1-p4.tpol" --now 2026-11-27T00:00:00Z)
else
  src="$PWD/build/bench/inventory-$n.json" policy=(--now 2026-11-27T09:00:00Z)
fi
inputs=()
for i in 1 2 3 4 5 6 7 8; do ln -sf "$src" "$work/jobs-$i.json"; inputs+=("$work/jobs-$i.json"); done
for _ in $(seq "$runs"); do
  for j in 1 2; do
    time_check -j "$j" "${inputs[@]}"
    keep_least "jobs$j" "$wall"
    peak[$j]=$mib # the last run's: it varies by a few MiB
  done
done
summary+=("8 inputs of $n tokens: -j 1 ${best[jobs1]} s, -j 2 ${best[jobs2]} s: $(ratio "${best[jobs1]}" "${best[jobs2]}")x faster (target >= 1.7 on 2 cores)")
one=$(awk "BEGIN{printf \"%.1f\", $(stat -L -c %s "$src") / 1048576}")
summary+=("  peak memory -j 1 ${peak[1]} MiB, -j 2 ${peak[2]} MiB (each input file $one MiB: inputs are loaded as they are evaluated)")

# What a first touch of memory costs here: the page faults that huge pages save (alloc.c).
cc -O2 -o build/bench/page_cost bench/page_cost.c
summary+=("machine: $(build/bench/page_cost)")

echo
echo "Summary ($(nproc) cores, $runs runs each; $(date -u +%Y-%m-%d)):"
printf '  %s\n' "${summary[@]}"

#!/usr/bin/env bash
# Benchmark: `tokpol check` (built-in Lokalise pack) against a plain cJSON parse of the same
# file, at 10k, 100k and 1M tokens. Prints wall time and peak memory of each and their ratio,
# measured in the same run so machine noise cancels out. Usage: bench/run.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
out=build/bench
mkdir -p "$out"
cc -O2 -o "$out/gen_inventory" bench/gen_inventory.c
cc -O2 -o "$out/cjson_parse" bench/cjson_parse.c $(pkg-config --cflags --libs libcjson)
tokpol=${TOKPOL:-build/release/tokpol} # TOKPOL=another/tokpol compares another build

# shellcheck source=bench/measure.sh
. bench/measure.sh

printf '%-9s %10s %12s %12s %12s %12s %8s %8s\n' tokens "file MB" "cjson s" "cjson MiB" \
  "tokpol s" "tokpol MiB" "t ratio" "m ratio"
for n in "${sizes[@]}"; do
  f="$out/inventory-$n.json"
  [ -s "$f" ] || "$out/gen_inventory" "$n" >"$f"
  mb=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$f")/1e6}")
  read -r ct cm <<<"$(measure "$out/cjson_parse" "$f")"
  read -r tt tm <<<"$(measure "$tokpol" check --now 2026-11-27T09:00:00Z --max-input-bytes 4000000000 --format json -o /dev/null "$f")"
  printf '%-9s %10s %12s %12.0f %12s %12.0f %8.2f %8.2f\n' "$n" "$mb" "$ct" "$(echo "$cm/1024" | bc -l)" \
    "$tt" "$(echo "$tm/1024" | bc -l)" "$(echo "$tt/$ct" | bc -l)" "$(echo "$tm/$cm" | bc -l)"
done

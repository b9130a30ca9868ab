#!/usr/bin/env bash
# Benchmark of the input readers: wall time and peak memory of reading one inventory with cJSON
# alone, with the public loader (tp_document_load) and with the one-pass reader of engine/input
# behind it (with the C library's allocator, which gets huge pages, and through a host allocator,
# which does not), interleaved in one run, best of RUNS, with ratios.
# Usage: bench/readers.sh [N...]   (tokens; default 100000 1000000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
cmake --preset release >/dev/null
cmake --build --preset release --target tokpol_static >/dev/null
out=build/bench
mkdir -p "$out"
cc -O2 -o "$out/gen_inventory" bench/gen_inventory.c
cc -O2 -o "$out/cjson_parse" bench/cjson_parse.c $(pkg-config --cflags --libs libcjson)
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Iengine -o "$out/readers" \
  bench/readers.c build/release/libtokpol.a $(pkg-config --cflags --libs libcjson) -lm
modes=(cjson document reader reader-4k)

printf '%-8s %8s' tokens "file MB"
for m in "${modes[@]}"; do printf ' %17s' "$m s/MiB"; done
printf ' %9s %9s %9s %9s\n' "t/cjson" "m/cjson" "t/doc" "m/doc"
for n in "${sizes[@]}"; do
  f="$out/inventory-$n.json"
  [ -s "$f" ] || "$out/gen_inventory" "$n" >"$f"
  declare -A best_t=() best_m=()
  tmp=$(mktemp)
  for _ in $(seq "$runs"); do # interleaved, so that machine noise hits every mode alike
    for m in "${modes[@]}"; do
      if [ "$m" = cjson ]; then cmd=("$out/cjson_parse" "$f"); else cmd=("$out/readers" "$m" "$f"); fi
      /usr/bin/time -f '%e %M' -o "$tmp" "${cmd[@]}" >/dev/null
      read -r t k < <(tail -n 1 "$tmp")
      if [ -z "${best_t[$m]:-}" ] || awk "BEGIN{exit !($t < ${best_t[$m]})}"; then
        best_t[$m]=$t
        best_m[$m]=$k
      fi
    done
  done
  rm -f "$tmp"
  printf '%-8s %8.1f' "$n" "$(awk "BEGIN{print $(stat -c %s "$f")/1e6}")"
  for m in "${modes[@]}"; do
    printf ' %8s %8.0f' "${best_t[$m]}" "$(awk "BEGIN{print ${best_m[$m]}/1024}")"
  done
  r=reader
  awk "BEGIN{printf \" %9.2f %9.2f %9.2f %9.2f\n\", ${best_t[$r]}/${best_t[cjson]}, \
    ${best_m[$r]}/${best_m[cjson]}, ${best_t[$r]}/${best_t[document]}, ${best_m[$r]}/${best_m[document]}}"
  unset best_t best_m
done
echo "(ratios: the plain reader against cJSON alone and against the public loader; best of $runs)"

#!/usr/bin/env bash
# Benchmark of the credential scanner: MB/s of tp_secret_mask over 10 MB of report-like text (the
# JSON and text reports of `tokpol check` on a generated inventory), clean and with a credential
# planted every ~2 KB, next to a plain copy of the same lines. Usage: bench/secrets.sh [MB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
runs=${2:-5}
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
out=build/bench
mkdir -p "$out"
cc -O2 -o "$out/gen_inventory" bench/gen_inventory.c
cc -O2 -std=c11 -Iinclude -Iengine -o "$out/secret_scan" bench/secret_scan.c \
  build/release/libtokpol.a $(pkg-config --cflags --libs libcjson) -lm
inv=$out/inventory-20000.json
[ -s "$inv" ] || "$out/gen_inventory" 20000 >"$inv"
tokpol=build/release/tokpol
now=(--now 2026-11-27T09:00:00Z --color never)

# text: report lines repeated up to MB megabytes.
fill() {
  local src=$1 dst=$2
  : >"$dst"
  while [ "$(stat -c %s "$dst")" -lt $((mb * 1000000)) ]; do cat "$src" >>"$dst"; done
  head -c $((mb * 1000000)) "$dst" >"$dst.tmp" && mv "$dst.tmp" "$dst"
}
for f in json text; do
  "$tokpol" check "${now[@]}" --format "$f" "$inv" >"$out/report.$f" || true
  fill "$out/report.$f" "$out/report-$mb.$f"
done
cat "$out/inventory-20000.json" >"$out/inventory.txt"
fill "$out/inventory.txt" "$out/inventory-$mb.json"
# One credential of the corpus every ~2 KB, in a line of its own among report lines.
grep -v '^#' tests/secrets/corpus/credentials.tsv | cut -f3 | grep -v -- '-----' >"$out/creds.txt"
awk -v creds="$out/creds.txt" 'BEGIN { while ((getline c < creds) > 0) cs[n++] = c }
  { print; bytes += length($0); if (bytes > 2000) { bytes = 0; print "label: CI key " cs[k++ % n] " rotated" } }' \
  "$out/report-$mb.json" >"$out/dense-$mb.json"

for f in "$out/report-$mb.json" "$out/report-$mb.text" "$out/inventory-$mb.json" "$out/dense-$mb.json"; do
  "$out/secret_scan" "$f" "$runs"
done

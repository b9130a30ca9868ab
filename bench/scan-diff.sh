#!/usr/bin/env bash
# Differential test of the credential scanner against an older commit whose scanner is trusted:
# builds REF_COMMIT (from `git archive`, in build/scan-diff/ref) and this tree in release mode,
# links both libraries into one driver (each with its symbols made local, so they coexist), and
# compares tp_secret_mask (text and count), tp_secret_contains, tp_secret_whole,
# tp_redact_looks_secret and tp_redact_copy on:
#   - every string literal of the scanner tests, the leak corpus and docs/credentials.md,
#   - tokpol's own reports (text, json, sarif) of examples/ and the packs' examples, and those
#     inputs themselves,
#   - generated texts (credentials after and before each mark, names and separators), and every
#     text of up to 4 bytes over the marks, quotes, blanks and name endings, around credentials,
#   - FUZZ texts from a mutation fuzzer (default 1000000).
# Each difference is printed minimised, with which side masks more; exit 1 if any.
# Usage: bench/scan-diff.sh REF_COMMIT [FUZZ] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: bench/scan-diff.sh REF_COMMIT [FUZZ] [SEED]}
fuzz=${2:-1000000}
seed=${3:-1}
out=build/scan-diff
rm -rf "$out/ref"
mkdir -p "$out/ref" "$out/inputs"

git archive "$ref" | tar -x -C "$out/ref"
(cd "$out/ref" && cmake --preset release >/dev/null &&
  cmake --build --preset release -j2 >/dev/null)
cmake --preset release >/dev/null
cmake --build --preset release -j2 >/dev/null

warn=(-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror)
# side NAME TREE: the driver's side NAME, built against TREE, as one object whose only global
# symbol is SIDE_NAME_run.
side() {
  local name=$1 tree=$2
  cc -O2 -std=c11 "${warn[@]}" -I"$tree/include" -I"$tree/engine" -Ibench/scan_diff \
    -DSIDE="SIDE_$name" -c bench/scan_diff/side.c -o "$out/side_$name.o"
  ld -r -o "$out/all_$name.o" "$out/side_$name.o" "$tree/build/release/libtokpol.a"
  objcopy --keep-global-symbol="SIDE_${name}_run" "$out/all_$name.o"
}
side ref "$out/ref"
side new .
cc -O2 -std=c11 "${warn[@]}" -Ibench/scan_diff -o "$out/scan_diff" bench/scan_diff/{driver,compare,inputs,mutate,texts}.c \
  "$out/all_ref.o" "$out/all_new.o" $(pkg-config --libs libcjson) -lm -lpthread

# The strings of the tests, the corpus and the docs, NUL-separated.
python3 - "$out/inputs/strings.z" tests/unit/test_secret_scan.c tests/unit/test_secrets.c \
  docs/credentials.md tests/secrets/corpus/credentials.tsv <<'EOF'
import ast, re, sys
out, paths = sys.argv[1], sys.argv[2:]
found = []
for p in paths:
    src = open(p, encoding="utf-8", errors="surrogateescape").read()
    if p.endswith(".c"):
        # Adjacent literals are one string, as the compiler joins them.
        lit = r'"(?:[^"\\\n]|\\.)*"'
        for m in re.finditer(r'(?:%s\s*)+' % lit, src):
            parts = re.findall(lit, m.group(0))
            try:
                s = "".join(ast.literal_eval(x) for x in parts)
            except Exception:
                s = "".join(x[1:-1] for x in parts)
            found.append(s)
    elif p.endswith(".md"):
        found += re.findall(r'`([^`\n]+)`', src)
        found += re.findall(r'```[^\n]*\n(.*?)```', src, re.S)
        found += src.split("\n")
    else:  # the manifest: each credential alone and in its position, \n made real
        for line in src.split("\n"):
            if not line or line.startswith("#"):
                continue
            kind, where, cred = line.split("\t")
            cred = cred.replace("\\n", "\n")
            found += [cred, where.replace("{}", cred) if "{}" in where else "x " + cred + " y"]
with open(out, "wb") as f:
    for s in found:
        if s:
            f.write(s.encode("utf-8", "surrogateescape") + b"\0")
EOF

# tokpol's reports of the examples, and the examples themselves.
tokpol=build/release/tokpol
now=(--now 2026-11-27T09:00:00Z --color never)
files=()
run_check() { # NAME ARGS...
  local name=$1
  shift
  for f in text json sarif; do
    "$tokpol" check "${now[@]}" --format "$f" "$@" >"$out/inputs/$name.$f" 2>&1 || true
    files+=(-f "$out/inputs/$name.$f")
  done
}
run_check examples examples/inventory.json
run_check clean examples/clean.json
for pack in aws azure-devops gcp github gitlab lokalise; do
  run_check "pack-$pack" --pack "$pack" policies/"$pack"/examples/*
done
while IFS= read -r f; do
  files+=(-f "$f")
done < <(find examples policies/*/examples tests/secrets/corpus -type f)

"$out/scan_diff" -z "$out/inputs/strings.z" "${files[@]}" -g -x 4 -F "$fuzz" -s "$seed"

#!/usr/bin/env bash
# No credential reaches any output: runs `tokpol check` over tests/secrets/corpus in every format
# and through every error path that quotes user text (reports, -o files, diagnostics, input and
# schema errors, --param and --rule errors), then looks for any 8-character piece of any corpus
# credential in stdout, stderr and every -o file (check_leaks.py).
#
# Each leak is a `LEAK:` line, and any leak fails the test. TOKPOL_SECRETS_LENIENT=1 reports
# leaks without failing (to survey a change in progress).
# TOKPOL_SECRETS_OUT=DIR keeps every channel in DIR (RUN/stdout, RUN/stderr, RUN/report.FMT).
# Usage: run.sh TOKPOL SOURCE_DIR
set -uo pipefail
tokpol=$1
src=$2
here=$src/tests/secrets
corpus=$here/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${TOKPOL_SECRETS_OUT:-$work/out}
rm -rf "$out"
mkdir -p "$out"
formats=(text json sarif junit gitlab github markdown html)
now=(--now 2026-11-27T09:00:00Z --color never)

# The corpus is what the generator writes: regenerate it and compare.
python3 "$here/gen_corpus.py" "$work/corpus"
if ! diff -r "$corpus" "$work/corpus" >/dev/null; then
  echo "FAIL: tests/secrets/corpus differs from what gen_corpus.py writes; run it again"
  exit 1
fi

# run NAME ARGS...: one tokpol run, its stdout and stderr kept as channels of NAME.
run() {
  local name=$1
  shift
  mkdir -p "$out/$name"
  "$tokpol" "$@" >"$out/$name/stdout" 2>"$out/$name/stderr"
  echo $? >"$out/$name/exit"
}

# The secret of manifest row N (1-based, comments skipped).
secret() {
  grep -v '^#' "$corpus/credentials.tsv" | sed -n "${1}p" | cut -f3
}

# An input whose file name is a credential: input names are printed in every report.
named=$work/in/$(secret 1).json
mkdir -p "$work/in"
cp "$corpus/inventory.json" "$named"

# A baseline whose findings are of the corpus inventory (as run below).
baseline=$work/baseline.json
sed "s#@INPUT@#$corpus/inventory.json#" "$corpus/baseline.json" >"$baseline"

# Each format on standard output, and as an -o file.
# The credential of a manifest row by its position ("DB_PASSWORD={}").
secret_at() {
  grep -v '^#' "$corpus/credentials.tsv" | awk -F '\t' -v at="$1" '$2 == at { print $3 }'
}
policy=(-p "$corpus/leak.tpol" --waivers "$corpus/waivers.tpol" --warn-expiring 36500d
  --param "note=$(secret 2)" --param "pw=$(secret_at 'DB_PASSWORD={}')")
for f in "${formats[@]}"; do
  run "builtin.$f" check "${now[@]}" --format "$f" "$named"
  run "builtin-o.$f" check "${now[@]}" -o "$f:$out/builtin-o.$f/report.$f" "$named"
  run "policy.$f" check "${now[@]}" "${policy[@]}" --format "$f" "$corpus/inventory.json"
  run "policy-o.$f" check "${now[@]}" "${policy[@]}" -o "$f:$out/policy-o.$f/report.$f" \
    "$corpus/inventory.json"
  # Findings of a baseline fixed since, each field holding a credential; results of several
  # inputs merged from two threads, kept to the worst 40.
  run "baseline.$f" check "${now[@]}" "${policy[@]}" --baseline "$baseline" --format "$f" \
    "$corpus/inventory.json"
  run "merged.$f" check "${now[@]}" "${policy[@]}" -j 2 --max-findings 40 --format "$f" \
    "$corpus/inventory.json" "$named"
  # JSON pointers whose segments spell a credential only together.
  run "nested-keys.$f" check "${now[@]}" -p "$corpus/nested-keys.tpol" --format "$f" \
    "$corpus/nested-keys.json"
done

# Params printed in messages, and params refused: a wrong type, an unknown name.
k=0
while IFS= read -r param; do
  k=$((k + 1))
  value=${param#note=}
  run "param.$k" check "${now[@]}" -p "$corpus/leak.tpol" --rule S.fields --param "$param" \
    "$corpus/inventory.json"
  run "param-type.$k" check "${now[@]}" --param "max_age=$value" "$corpus/inventory.json"
  run "param-name.$k" check "${now[@]}" --param "$value=1" "$corpus/inventory.json"
  run "rule-filter.$k" check "${now[@]}" --rule "$value" "$corpus/inventory.json"
done <"$corpus/params.txt"

# Input errors: a duplicate key that is a credential; schema errors naming such keys, or a place
# whose keys spell one together.
for dup in "$corpus"/duplicate-key/*.json; do
  run "duplicate-key.$(basename "$dup" .json)" check "${now[@]}" "$dup"
done
for chain in "$corpus"/nested-keys/*.json; do
  run "schema-pointer.$(basename "$chain" .json)" check "${now[@]}" --format json \
    -p "$corpus/nested-keys.tpol" --schema "input=$corpus/nested-keys.schema.json" "$chain"
done
for bad in "$corpus"/schema-key/*.json; do
  run "schema-key.$(basename "$bad" .json)" check "${now[@]}" -p "$corpus/schema.tpol" \
    --schema "input=$corpus/schema.json" "$bad"
done

# The other subcommands: lint (text on stderr, JSON on stdout) and the rule listing.
run "lint.text" lint -p "$corpus/leak.tpol" --waivers "$corpus/waivers.tpol"
run "lint.json" lint -p "$corpus/leak.tpol" --waivers "$corpus/waivers.tpol" --format json
run "rules.1" rules -p "$corpus/leak.tpol"
# Rule pages: their names and their text.
run "rule-docs.1" rules -p "$corpus/leak.tpol" --docs "$work/docs"
ls "$work/docs" >"$out/rule-docs.1/names"
cat "$work/docs"/* >"$out/rule-docs.1/pages"

# Arguments echoed by usage and I/O errors: a format, an option, an -o path, a missing input.
token=$(secret 1)
run "usage.format" check "${now[@]}" --format "$token" "$corpus/inventory.json"
run "usage.option" check "${now[@]}" "--$token" "$corpus/inventory.json"
run "write-error.1" check "${now[@]}" -o "json:$work/none/$token/report.json" \
  "$corpus/inventory.json"
run "missing-input.1" check "${now[@]}" "$work/none/$token.json"

# Diagnostics that quote policy and waiver lines.
run "policy-error.1" check "${now[@]}" -p "$corpus/bad-policy.tpol" --max-errors 100 \
  "$corpus/inventory.json"
run "waiver-error.1" check "${now[@]}" -p "$corpus/leak.tpol" --waivers "$corpus/bad-waivers.tpol" \
  --max-errors 100 "$corpus/inventory.json"
# Credentials written unquoted in policies: the lexer splits them, and the lexer's, the parser's
# and the checker's messages quote a piece, on stderr and in the reports that list diagnostics;
# fmt and test print the same diagnostics.
run "unquoted-error.1" check "${now[@]}" -p "$corpus/bad-unquoted.tpol" --max-errors 100 \
  "$corpus/inventory.json"
for f in json sarif; do
  run "unquoted-error.$f" check "${now[@]}" -p "$corpus/bad-unquoted.tpol" --max-errors 100 \
    --format "$f" "$corpus/inventory.json"
done
run "unquoted-fmt.1" fmt --color never "$corpus/bad-unquoted.tpol"
for bad in "$corpus"/bad-unquoted/*.tpol; do
  name=$(basename "$bad" .tpol)
  run "unquoted-lint.$name" lint -p "$bad"
  run "unquoted-lint-json.$name" lint --format json -p "$bad"
done
mkdir -p "$work/test"
cp "$corpus/bad-unquoted.tpol" "$work/test/"
cat >"$work/test/unquoted.tpol-test.json" <<'EOF'
{"policies": ["bad-unquoted.tpol"], "now": "2026-11-27T09:00:00Z",
 "cases": [{"name": "unquoted", "input": {"tokens": []}, "expect": {"*": "pass"}}]}
EOF
run "unquoted-test.1" test --color never "$work/test/unquoted.tpol-test.json"

python3 "$here/check_leaks.py" "$corpus/credentials.tsv" "$out"
leaked=$?
# Every run must have done what it was meant to: a run that failed before reaching the code under
# test (a typo in its arguments) would pass here without testing anything.
for dir in "$out"/*/; do
  find "$dir" -type f ! -name exit -size +0 | grep -q . || {
    echo "FAIL: $(basename "$dir") wrote nothing"
    leaked=1
  }
done
if [ "$leaked" -ne 0 ]; then
  if [ -n "${TOKPOL_SECRETS_LENIENT:-}" ]; then
    echo "secrets: not failing: TOKPOL_SECRETS_LENIENT is set"
    exit 0
  fi
  echo "FAIL: credentials reach the output"
  exit 1
fi
exit 0

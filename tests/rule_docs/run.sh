#!/usr/bin/env bash
# docs/rules/ is what `tokpol rules --docs` writes for the built-in pack: a rule's page (and the
# helpUri of SARIF reports) can never drift from the policy. After changing a rule's title,
# description, rationale, example or remediation, regenerate the pages:
#   tokpol rules --docs docs/rules
# Also checks that every rule of the built-in pack is documented, and that the generator works
# for a policy of one's own, with and without a pack header.
# Usage: run.sh TOKPOL_BIN SOURCE_DIR
set -uo pipefail
tokpol=$1
src=$2
# shellcheck source=tests/lib/checks.sh
. "$src/tests/lib/checks.sh"

"$tokpol" rules --docs "$work/rules" >"$work/log" 2>&1 || { cat "$work/log"; bad "tokpol rules --docs"; }
if diff -ru "$src/docs/rules" "$work/rules" >"$work/diff"; then
  ok "docs/rules/ is what tokpol rules --docs writes"
else
  cat "$work/diff"
  bad "docs/rules/ is out of date: run tokpol rules --docs docs/rules"
fi
for page in "$work"/rules/LOK*.md; do
  for heading in "## What it checks" "## Why it matters" "## Example" "## How to fix it"; do
    grep -qF "$heading" "$page" || bad "$(basename "$page") has no '$heading'"
  done
done
[ "$(ls "$work"/rules/LOK*.md | wc -l)" -eq "$("$tokpol" rules | wc -l)" ] \
  && ok "a page for every rule of the built-in pack" || bad "pages and rules differ in number"

# Any pack: rules of a pack header and rules of none, with what they say and nothing else.
cat >"$work/mine.tpol" <<'TPOL'
pack mine { title "Our tokens" version "2.0" description "What we check." }
rule OUR1 {
  title "Tokens expire"
  description "Every token has an expiry."
  severity high
  for t in tokens
  require t.expires != null
  remediation "Set an expiry."
}
TPOL
printf 'rule LOOSE { for t in tokens deny t.bad }\n' >"$work/loose.tpol"
"$tokpol" rules -p "$work/mine.tpol" -p "$work/loose.tpol" --docs "$work/mine" >"$work/log" 2>&1 \
  || { cat "$work/log"; bad "rules --docs on a policy of one's own"; }
check "the index names the pack and the rules of none" \
  grep -q "## Our tokens 2.0" "$work/mine/README.md"
check "the index lists a rule of no pack" grep -q "## Other rules" "$work/mine/README.md"
check "a page says what the rule checks" grep -qx "Every token has an expiry." "$work/mine/OUR1.md"
check "a page has no section the policy does not fill" \
  bash -c '! grep -q "## Why it matters" "$1"' _ "$work/mine/OUR1.md"
check "a page of a rule without docs has its title" grep -q "^# LOOSE: LOOSE" "$work/mine/LOOSE.md"
"$tokpol" rules --docs /proc/no-such-dir/x >/dev/null 2>"$work/err"
code=$?
[ "$code" -eq 6 ] && grep -q "cannot create" "$work/err" && ok "an unwritable DIR is exit 6" \
  || bad "an unwritable DIR: exit $code"
summary rule_docs

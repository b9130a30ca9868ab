#!/usr/bin/env bash
# The man page against the option tables: every command `tokpol help` lists has a section
# (.SS tokpol CMD) in docs/tokpol.1, every option `tokpol help CMD` lists is described in that
# section, and the section describes no option the command does not take. The page must also
# format without groff warnings.
# Usage: run.sh TOKPOL_BINARY SOURCE_DIR
set -uo pipefail
bin=$1 page=$2/docs/tokpol.1
pass=0 fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# The page's source with \- as -, and font changes dropped.
text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page")
# The lines of the section of command $1.
section() { awk -v cmd="$1" '/^\.S[HS] /{on = ($0 == ".SS tokpol " cmd || index($0, ".SS tokpol " cmd " ") == 1)} on' <<<"$text"; }

commands=$("$bin" help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || bad "tokpol help lists no commands"
for cmd in $commands; do
  sec=$(section "$cmd")
  if [ -z "$sec" ]; then bad "no section .SS tokpol $cmd in docs/tokpol.1"; continue; fi
  pass=$((pass + 1))
  grep -q "^\.B tokpol $cmd\b" <<<"$text" && pass=$((pass + 1)) || bad "tokpol $cmd is not in the SYNOPSIS"
  help=$("$bin" help "$cmd")
  opts=$(sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' <<<"$help")
  for opt in $opts; do
    if grep -q -- "$opt\b" <<<"$sec"; then pass=$((pass + 1)); else bad "tokpol $cmd $opt is not in its man page section"; fi
  done
  # Options the section names that the command does not take (a stale page).
  for opt in $(grep '^\.[A-Z]' <<<"$sec" | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u); do
    if grep -qx -- "$opt" <<<"$opts"; then pass=$((pass + 1)); else bad "docs/tokpol.1 gives tokpol $cmd $opt, which it does not take"; fi
  done
done

if command -v groff >/dev/null; then
  warnings=$(groff -man -ww -z "$page" 2>&1)
  if [ -z "$warnings" ]; then pass=$((pass + 1)); else bad "groff: $warnings"; fi
fi

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

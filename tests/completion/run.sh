#!/usr/bin/env bash
# Shell completion as a user gets it: the script `tokpol completion bash` prints is sourced in
# bash and asked what <TAB> offers; every option `tokpol CMD --help` lists must be offered.
# The zsh and fish scripts are syntax-checked when those shells are installed.
# Usage: run.sh TOKPOL_BINARY
set -uo pipefail
bin=$1
pass=0 fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC1090
source <("$bin" completion bash) || { echo "FAIL: the bash script does not load"; exit 1; }

# What <TAB> offers after the words given (the last one is the word being completed).
tab() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _tokpol
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

expect() { # NAME GOT WANT
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "FAIL: $1: offers '$2', want '$3'"; fail=$((fail + 1)); fi
}

expect "tokpol ch<TAB>" "$(tab tokpol ch)" "check"
expect "tokpol c<TAB>" "$(tab tokpol c)" "check completion config"
expect "tokpol check --fo<TAB>" "$(tab tokpol check --fo)" "--format"
expect "tokpol check --fa<TAB>" "$(tab tokpol check --fa)" "--fail-on"
expect "tokpol check --format s<TAB>" "$(tab tokpol check --format s)" "sarif"
expect "tokpol check --fail-on <TAB>" "$(tab tokpol check --fail-on '')" "critical high info low medium"
expect "tokpol check --color n<TAB>" "$(tab tokpol check --color n)" "never"
expect "tokpol check --now <TAB>" "$(tab tokpol check --now '')" ""
expect "tokpol lint --st<TAB>" "$(tab tokpol lint --st)" "--strict"
expect "tokpol lint --format <TAB>" "$(tab tokpol lint --format '')" "json text"
expect "tokpol help l<TAB>" "$(tab tokpol help l)" "lint"
expect "tokpol completion <TAB>" "$(tab tokpol completion '')" "bash fish zsh"
mkdir "$work/policies" && : >"$work/inventory.json" && : >"$work/invoice.txt"
expect "tokpol check inv<TAB>" "$(cd "$work" && tab tokpol check inv)" "inventory.json invoice.txt"
expect "tokpol check -p pol<TAB>" "$(cd "$work" && tab tokpol check -p pol)" "policies"
expect "tokpol rules --docs p<TAB>" "$(cd "$work" && tab tokpol rules --docs p)" "policies"

# Every option a command's help lists is offered after --.
for cmd in check rules lint; do
  offered=" $(tab tokpol "$cmd" --) "
  for opt in $("$bin" help "$cmd" | sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p'); do
    case $offered in *" $opt "*) pass=$((pass + 1)) ;; *) echo "FAIL: tokpol $cmd $opt is in the help but not completed"; fail=$((fail + 1)) ;; esac
  done
done

for shell in zsh fish; do
  if command -v "$shell" >/dev/null; then
    "$bin" completion "$shell" >"$work/tokpol.$shell"
    if "$shell" -n "$work/tokpol.$shell"; then pass=$((pass + 1)); else echo "FAIL: $shell -n"; fail=$((fail + 1)); fi
  fi
done
"$bin" completion tcsh 2>"$work/err" >/dev/null
code=$?
if [ "$code" = 2 ] && grep -q "unknown shell 'tcsh'" "$work/err"; then pass=$((pass + 1)); else echo "FAIL: tcsh: exit $code"; fail=$((fail + 1)); fi

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

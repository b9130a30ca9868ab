#!/usr/bin/env bash
# The editor grammars (editors/textmate, editors/vim) against the language as implemented: the
# keywords of grammar/lexer.l, the built-ins of TP_BUILTIN_LIST, the checker's clause words and
# severities; the TextMate JSON parses and its regexes compile and highlight a probe policy as
# expected; Vim loads the syntax file headless and highlights the same probe (skipped, saying so,
# when vim is not installed). See check_grammars.py. Usage: run.sh SOURCE_DIR
set -uo pipefail
src=$1
py=$(command -v python3 || true)
[ -n "$py" ] || { echo "FAIL: python3 is not installed (run scripts/deps --test)"; exit 1; }
"$py" "$(dirname "$0")/check_grammars.py" "$src"

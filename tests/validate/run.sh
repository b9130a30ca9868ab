#!/usr/bin/env bash
# Validates the reports of one run with the tools their consumers trust: Microsoft's SARIF
# multitool (SARIF 2.1.0 and GitHub's rules; no error or warning allowed), xmllint against the Ant
# JUnit XSD, and headless Chromium loading the HTML report, applying a filter and a grouping, and
# printing it to PDF (read back with poppler's pdftotext).
# Usage: run.sh TOKPOL_BIN SOURCE_DIR
set -euo pipefail
tokpol=$1
src=$2
# shellcheck source=tests/lib/checks.sh
. "$src/tests/lib/checks.sh"

cd "$src"
set +e
"$tokpol" check --now 2026-11-27T09:00:00Z --no-validate --waivers tests/cli/waivers.tpol --warn-expiring 14d \
  -o sarif:"$work/r.sarif" -o junit:"$work/r.xml" -o html:"$work/r.html" -o json:"$work/r.json" \
  examples/inventory.json tests/cli/broken.json
code=$?
set -e
[ "$code" -eq 5 ] && ok "exit code 5 (an evaluation error in broken.json)" || bad "exit code $code"

# Every other outcome writes its reports too: they must be as valid. NAME, expected exit code,
# arguments.
outcome() {
  local name=$1 want=$2 code
  shift 2
  set +e
  "$tokpol" check -o sarif:"$work/$name.sarif" -o junit:"$work/$name.xml" -o json:"$work/$name.json" "$@" \
    >/dev/null 2>&1
  code=$?
  set -e
  [ "$code" -eq "$want" ] && ok "$name: exit code $want" || bad "$name: exit code $code, wanted $want"
}
outcome policy-error 3 -p tests/golden/unknown_function_bad.tpol examples/inventory.json
outcome input-error 4 tests/cli/dup.json
outcome no-rule-selected 2 --rule NOPE examples/inventory.json
outcome checked-nothing 5 --strict --now 2026-11-27 -p tests/cli/nothing.tpol examples/inventory.json
outcome pass 0 --now 2026-11-27 -p tests/cli/pass.tpol examples/inventory.json
# Issue #11: values with control characters, bidi controls and U+FFFE stay valid XML and SARIF.
python3 -c 'import json, sys; inv = json.load(open(sys.argv[1])); inv["bindings"][0]["service"] = "x\u001b[2J\u001b]0;pwned\u0007\r\n::error::injected\ufffe\u202e"; inv["tokens"][0]["label"] = "\u0085\uffff\u2066"; json.dump(inv, open(sys.argv[2], "w"))' \
  examples/inventory.json "$work/hostile-input.json"
outcome hostile 1 --now 2026-11-27 "$work/hostile-input.json"
sarifs=() junits=()
for name in policy-error input-error no-rule-selected checked-nothing pass hostile; do
  sarifs+=("$work/$name.sarif") junits+=("$work/$name.xml")
done

multitool=$src/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -x "$multitool" ]; then
  "$multitool" validate --level "Error;Warning" --rule-kind "Sarif;Gh" -o "$work/validation.sarif" \
    "$work/r.sarif" "${sarifs[@]}" >"$work/multitool.log" 2>&1 || true
  if grep -qE ": (error|warning) " "$work/multitool.log" || ! grep -q "Analysis completed successfully" "$work/multitool.log"; then
    cat "$work/multitool.log"; bad "SARIF multitool"
  else
    ok "SARIF multitool: no errors, no warnings, in every outcome"
  fi
else
  bad "SARIF multitool not installed at $multitool (run scripts/deps --test)"
fi

# The Ant JUnit XSD comes with the workplace's shared data, next to the repository.
xsd=""
for candidate in "${TOKPOL_JUNIT_XSD:-}" "$src/../shared/data/junit/JUnit.xsd" /work/shared/data/junit/JUnit.xsd; do
  [ -n "$candidate" ] && [ -f "$candidate" ] && { xsd=$candidate; break; }
done
if command -v xmllint >/dev/null && [ -n "$xsd" ]; then
  xmllint --noout --schema "$xsd" "$work/r.xml" "${junits[@]}" 2>"$work/xmllint.log" \
    && ok "JUnit XML against the Ant XSD, in every outcome" || { cat "$work/xmllint.log"; bad "xmllint"; }
  # The run's errors are errored test cases where a CI's test view shows them.
  for name in policy-error input-error no-rule-selected checked-nothing; do
    [ "$(xmllint --xpath 'count(//testcase/error)' "$work/$name.xml")" -ge 1 ] \
      && ok "$name: an errored test case" || bad "$name: no errored test case"
  done
else
  bad "xmllint or the JUnit XSD (../shared/data/junit/JUnit.xsd) missing"
fi

chromium=$(command -v chromium || true)
headless() { # chromium's headless flags, then what to do
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chromium" "$@" 2>/dev/null
}
if [ -n "$chromium" ]; then
  dom=$(headless --dump-dom "file://$work/r.html#severity=critical")
  critical=$(grep -o '"severity": "critical", "status": "fail"' "$work/r.json" | wc -l)
  if grep -q 'data-ready="1"' <<<"$dom" && grep -q "<span id=\"shown\">$critical</span>" <<<"$dom"; then
    ok "HTML renders in Chromium and filters to the $critical critical findings"
  else
    bad "HTML in Chromium (expected $critical shown)"
  fi
  hidden=$(grep -o '<tr class="finding st-[a-z]*"[^>]*hidden' <<<"$dom" | wc -l)
  total=$(grep -o '<tr class="finding st-' <<<"$dom" | wc -l)
  [ $((total - hidden)) -eq "$critical" ] && ok "the filter hides the other rows" || bad "rows shown: $((total - hidden))"
  grep -q '<script' "$work/r.html" && ! grep -qE '(src|href)="(https?:)?//' "$work/r.html" \
    && ok "HTML is self-contained" || bad "HTML loads external assets"
  # Grouping by a field of the evidence: owner, which LOK004 reads; lok-1's other findings join it.
  dom=$(headless --dump-dom "file://$work/r.html#group=owner")
  grep -q '<tr class="group"><th colspan="5" scope="colgroup">owner: 20181 (5)</th>' <<<"$dom" \
    && ok "grouping by owner gathers lok-1's five findings under its owner" \
    || bad "grouping by owner: $(grep -o '<tr class="group">[^/]*' <<<"$dom" | head -3)"
  # Printed (A4, print stylesheet), opened with a filter: every finding, no control, a page per
  # section at least.
  headless --no-pdf-header-footer --print-to-pdf="$work/r.pdf" "file://$work/r.html#severity=critical" >/dev/null
  if command -v pdftotext >/dev/null && [ -s "$work/r.pdf" ]; then
    pages=$(pdfinfo "$work/r.pdf" | awk '/^Pages:/ {print $2}')
    pdftotext -layout "$work/r.pdf" "$work/r.txt"
    [ "${pages:-0}" -ge 4 ] && [ "${pages:-0}" -le 10 ] && ok "the printed report has $pages pages" \
      || bad "the printed report has ${pages:-no} pages"
    pdfinfo "$work/r.pdf" | grep -qE '^Page size:.*\(A4\)' && ok "printed on A4" \
      || bad "not A4: $(pdfinfo "$work/r.pdf" | grep 'Page size')"
    missing=""
    for text in "Token audit report" "Executive summary" "Top risks:" "team Acme (id 170312, Pro plan)" \
                "Findings, worst first" "Passed controls" "Waivers" "LOK007" "Fix:" "owner"; do
      grep -qF "$text" "$work/r.txt" || missing="$missing '$text'"
    done
    [ -z "$missing" ] && ok "the printout has the summary, every finding (a low one too), passed controls, waivers" \
      || bad "the printout lacks:$missing"
    ! grep -qE 'Group by|Severity ↕' "$work/r.txt" && ok "the printout has no interactive control" \
      || bad "controls in the printout"
  else
    bad "Chromium printed no PDF, or pdftotext is missing (scripts/deps --test installs poppler-utils)"
  fi
else
  bad "chromium not installed (run scripts/deps --test)"
fi
# A JSON report of each outcome is one document that says what happened, and that tokpol takes
# back as a baseline only when it is one.
for name in policy-error input-error no-rule-selected checked-nothing pass; do
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["verdict"] and d["$schema"] else 1)' \
    "$work/$name.json" && ok "$name: the JSON report parses" || bad "$name: the JSON report"
done
set +e
"$tokpol" check --now 2026-11-27 --baseline "$work/pass.json" -p tests/cli/pass.tpol examples/inventory.json >/dev/null 2>&1
code=$?
"$tokpol" check --now 2026-11-27 --baseline "$work/pass.sarif" -p tests/cli/pass.tpol examples/inventory.json >/dev/null 2>&1
sarif_code=$?
set -e
[ "$code" -eq 0 ] && ok "a JSON report is a baseline" || bad "a JSON report as a baseline: exit $code"
[ "$sarif_code" -eq 4 ] && ok "a SARIF report is no baseline (exit 4)" || bad "a SARIF baseline: exit $sarif_code"
summary validate

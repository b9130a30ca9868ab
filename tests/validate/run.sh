#!/usr/bin/env bash
# Validates the reports of one run with the tools their consumers trust: Microsoft's SARIF
# multitool (SARIF 2.1.0 and GitHub's rules; no error or warning allowed), xmllint against the Ant
# JUnit XSD, and headless Chromium loading the HTML report and applying a filter.
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

multitool=$src/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -x "$multitool" ]; then
  "$multitool" validate --level "Error;Warning" --rule-kind "Sarif;Gh" -o "$work/validation.sarif" \
    "$work/r.sarif" >"$work/multitool.log" 2>&1 || true
  if grep -qE ": (error|warning) " "$work/multitool.log" || ! grep -q "Analysis completed successfully" "$work/multitool.log"; then
    cat "$work/multitool.log"; bad "SARIF multitool"
  else
    ok "SARIF multitool: no errors, no warnings"
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
  xmllint --noout --schema "$xsd" "$work/r.xml" && ok "JUnit XML against the Ant XSD" || bad "xmllint"
else
  bad "xmllint or the JUnit XSD (../shared/data/junit/JUnit.xsd) missing"
fi

chromium=$(command -v chromium || true)
if [ -n "$chromium" ]; then
  dom=$(timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/chromium" --dump-dom "file://$work/r.html#severity=critical" 2>/dev/null)
  critical=$(grep -o '"severity": "critical", "status": "fail"' "$work/r.json" | wc -l)
  if grep -q 'data-ready="1"' <<<"$dom" && grep -q "<span id=\"shown\">$critical</span>" <<<"$dom"; then
    ok "HTML renders in Chromium and filters to the $critical critical findings"
  else
    bad "HTML in Chromium (expected $critical shown)"
  fi
  hidden=$(grep -c '<tr class="st-[a-z]*" data-severity="[a-z]*"[^>]*hidden' <<<"$dom" || true)
  total=$(grep -c '<tr class="st-' <<<"$dom" || true)
  [ $((total - hidden)) -eq "$critical" ] && ok "the filter hides the other rows" || bad "rows shown: $((total - hidden))"
  grep -q '<script' "$work/r.html" && ! grep -qE '(src|href)="(https?:)?//' "$work/r.html" \
    && ok "HTML is self-contained" || bad "HTML loads external assets"
else
  bad "chromium not installed (run scripts/deps --test)"
fi
summary validate

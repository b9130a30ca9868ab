#!/usr/bin/env python3
"""Derives a pack's expected findings from its page, docs/packs/NAME.md: the rule and subject of
each row of "Expected findings on the example files", the severity from the table of checks
(`| ID | severity | ...`). Prints one `rule<TAB>subject<TAB>severity<TAB>fail` line per finding,
sorted. Used to write tests/packs/NAME.expected, which the golden test compares with a run."""
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()
severity = {}
for m in re.finditer(r"^\| ([A-Z]+[0-9]{3}) \| (info|low|medium|high|critical) \|", page, re.M):
    severity.setdefault(m.group(1), m.group(2))
expected = page.split("## Expected findings", 1)[1]
expected = re.split(r"^Planted cases|^## ", expected, maxsplit=1, flags=re.M)[0]
rows = []
for m in re.finditer(r"^\| ([A-Z]+[0-9]{3}) \| `([^`]+)` \|", expected, re.M):
    rule, subject = m.group(1), m.group(2)
    if rule not in severity:
        sys.exit(f"{sys.argv[1]}: no severity for {rule} in the table of checks")
    rows.append(f"{rule}\t{subject}\t{severity[rule]}\tfail")
for row in sorted(rows):
    print(row)

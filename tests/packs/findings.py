#!/usr/bin/env python3
"""Reads a tokpol JSON report on stdin; prints `rule<TAB>subject<TAB>severity<TAB>status` per
finding, sorted, and fails when the run did not validate its inputs or had diagnostics."""
import json
import sys

report = json.load(sys.stdin)
if report["validation"] != "passed":
    sys.exit(f"validation: {report['validation']}")
for d in report["diagnostics"]:
    sys.exit(f"diagnostic: {d}")
rows = [f"{f['rule']}\t{f['subject']}\t{f['severity']}\t{f['status']}" for f in report["findings"]]
for row in sorted(rows):
    print(row)

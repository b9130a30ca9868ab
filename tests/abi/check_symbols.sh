#!/usr/bin/env bash
# ABI hygiene of the built shared library: only tp_ symbols exported, every function the header
# declares TP_API exported, a SONAME with the major version, and no writable global state of
# tokpol's own. Usage: check_symbols.sh LIBTOKPOL.so TOKPOL.H
set -euo pipefail
lib=$1
fail=0
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v -e '^tp_' -e '^TOKPOL_0$' || true)
if [ -n "$exported" ]; then echo "FAIL: exported symbols outside tp_: $exported"; fail=1; fi
header=${2:-}
if [ -n "$header" ]; then
  declared=$(grep -o 'TP_API[^(]*(' "$header" | grep -o 'tp_[a-z0-9_]*(' | tr -d '(' | sort -u)
  defined=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | sort -u)
  missing=$(comm -23 <(echo "$declared") <(echo "$defined"))
  if [ -n "$missing" ]; then echo "FAIL: declared TP_API but not exported: $missing"; fail=1; fi
fi
soname=$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
if [ "$soname" != "libtokpol.so.0" ]; then echo "FAIL: SONAME is '$soname'"; fail=1; fi
# Objects in .data/.bss are writable. Allowed: the C runtime's own, and bison's yyloc_default,
# a constant it declares without const and only ever reads.
writable=$(objdump -t "$lib" | awk '$4 == ".data" || $4 == ".bss" {print $NF}' |
           grep -v -x -e completed.0 -e __dso_handle -e __TMC_END__ -e 'yyloc_default\(\.[0-9]*\)\?' || true)
if [ -n "$writable" ]; then echo "FAIL: writable globals: $writable"; fail=1; fi
[ "$fail" -eq 0 ] && echo "abi: 4 passed, 0 failed"
exit "$fail"

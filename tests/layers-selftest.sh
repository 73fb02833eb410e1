#!/bin/sh
# The layer check must fail when a core file includes a present/ header, and pass on the tree.
# Prints "layers-selftest: P passed, F failed".
set -u
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if sh tests/check-layers.sh model include/cylch >/dev/null; then pass=$((pass+1)); else echo "FAIL: the tree breaks its layers"; fail=$((fail+1)); fi
mkdir -p "$tmp/model" "$tmp/include/cylch"
cp -r model/* "$tmp/model/"; cp -r include/cylch/* "$tmp/include/cylch/"
printf '#include "cylch/present/summary.h"\n' >> "$tmp/model/core/model.c"
out=$(sh tests/check-layers.sh "$tmp/model" "$tmp/include/cylch" 2>&1); st=$?
if [ "$st" -ne 0 ] && printf '%s' "$out" | grep -q 'model/core/model.c:[0-9]*: the core layer includes "cylch/present/summary.h" from the present layer above it'; then
    pass=$((pass+1))
else
    echo "FAIL: a core file including a present/ header passed the layer check (exit $st): $out"; fail=$((fail+1))
fi
printf '#include "cylch/cli/x.h"\n' >> "$tmp/include/cylch/io/error.h"
if sh tests/check-layers.sh "$tmp/model" "$tmp/include/cylch" >/dev/null 2>&1; then
    echo "FAIL: an io header including the cli layer passed"; fail=$((fail+1))
else pass=$((pass+1)); fi
# The server sits at the command line's level: a library layer may not include it.
printf '#include "cylch/server/serve.h"\n' >> "$tmp/model/present/report.c"
out=$(sh tests/check-layers.sh "$tmp/model" "$tmp/include/cylch" 2>&1)
if printf '%s' "$out" | grep -q 'model/present/report.c:[0-9]*: the present layer includes "cylch/server/serve.h" from the server layer above it'; then
    pass=$((pass+1))
else echo "FAIL: a present file including a server/ header passed the layer check: $out"; fail=$((fail+1)); fi
echo "layers-selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

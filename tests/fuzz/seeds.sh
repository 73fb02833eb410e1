#!/bin/sh
# Seed corpora of the fuzz targets, made from the repository's own inputs:
#   OUT/network   each network folder: enterprises.csv, a NUL byte, trade.csv
#   OUT/scenario  each scenario file
#   OUT/iotable   each input-output table
#   OUT/web       the requests of tests/fuzz/web-seeds (one per route of the web API)
#   OUT/regional  each regional figures file of tests/data/regional, alone and with
#                 a NUL byte and each map
#   OUT/xlsx      the workbooks of tests/fuzz/xlsx-seeds (the toy town written by openpyxl,
#                 with a percent format, a formula and a trade sheet; a results.xlsx of
#                 cylch's, written by libxlsxwriter)
# from data/, scenarios/, tests/data/bad/, tests/data/good/, tests/data/io/ and
# tests/data/regional/.
# Usage: sh tests/fuzz/seeds.sh OUT   (run from the project root)
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out/network" "$out/scenario" "$out/iotable" "$out/web" "$out/regional" "$out/xlsx"
cp tests/fuzz/web-seeds/* "$out/web/"
cp tests/fuzz/xlsx-seeds/*.xlsx "$out/xlsx/"
i=0
for d in data/*/ tests/data/bad/*/ tests/data/good/*/ tests/data/one-member/; do
    [ -f "$d/enterprises.csv" ] || continue
    i=$((i + 1))
    f="$out/network/$i-$(basename "$d")"
    cat "$d/enterprises.csv" > "$f"
    if [ -f "$d/trade.csv" ]; then
        printf '\000' >> "$f"
        cat "$d/trade.csv" >> "$f"
    fi
done
for s in scenarios/*.ini tests/data/bad/*/scenario.ini tests/data/good/*/scenario.ini; do
    [ -f "$s" ] || continue
    i=$((i + 1))
    cp "$s" "$out/scenario/$i-$(basename "$(dirname "$s")")-$(basename "$s")"
done
for t in data/*/io-table.csv tests/data/io/*.csv tests/data/bad/*/io-table.csv tests/data/good/*/io-table.csv; do
    [ -f "$t" ] || continue
    i=$((i + 1))
    cp "$t" "$out/iotable/$i-$(basename "$(dirname "$t")")-$(basename "$t")"
done
for r in tests/data/regional/regions*.csv tests/data/bad/regional-*/regions.csv; do
    [ -f "$r" ] || continue
    i=$((i + 1))
    cp "$r" "$out/regional/$i-$(basename "$r")"
    for m in tests/data/regional/map*.csv; do
        i=$((i + 1))
        f="$out/regional/$i-$(basename "$r" .csv)-$(basename "$m")"
        cat "$r" > "$f"
        printf '\000' >> "$f"
        cat "$m" >> "$f"
    done
done

#!/bin/sh
# End-to-end tests of the frictions users met (issue 11), each shown gone:
# a treasurer's spreadsheet runs first time, with one line saying what was
# normalised. Run from the project root; CYLCH_BIN names the binary.
LC_ALL=C.UTF-8
export LC_ALL
BIN=${CYLCH_BIN:-build/cylch}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cylch-user.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }

# expect STATUS SUBSTRING -- command...: status and a substring of stdout+stderr
expect() {
    want=$1; text=$2; shift 3
    out=$("$@" 2>&1)
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$* exited $got, expected $want"; printf '%s\n' "$out" | head -5
    elif [ -n "$text" ] && ! printf "%s" "$out" | grep -qF -- "$text"; then
        bad "$*: output lacks '$text'"; printf '%s\n' "$out" | head -5
    else
        ok
    fi
}

# --- 1. The spreadsheet: BOM, CRLF, semicolons (trade.csv tabs), £12,500, 53%, "ID",
# a notes column, blank optional cells, trailing blank rows. It is the toy town,
# so its results must equal the toy town's, file for file.
"$BIN" run tests/data/spreadsheet/scenario.ini --out "$TMP/sheet" --no-plots >"$TMP/sheet.out" 2>"$TMP/sheet.err"
check '[ $? -eq 0 ]' "the spreadsheet did not run first time: $(cat "$TMP/sheet.err")"
"$BIN" run scenarios/toy-town.ini --out "$TMP/toy" --no-plots >"$TMP/toy.out" 2>"$TMP/toy.err"
for f in rounds.csv members.csv leakage.csv; do
    check 'cmp -s "$TMP/sheet/$f" "$TMP/toy/$f"' "spreadsheet $f differs from the toy town's"
done
check '[ "$(grep -c "enterprises.csv: read as a spreadsheet export" "$TMP/sheet.err")" -eq 1 ]' \
    "not exactly one line on what was normalised in enterprises.csv"
check '[ "$(grep -c "trade.csv: read as a spreadsheet export" "$TMP/sheet.err")" -eq 1 ]' \
    "not exactly one line on what was normalised in trade.csv"
for words in "separated by semicolons" "£ signs and thousands separators removed in 19 cells" \
             "7 percentages read as shares" "3 blank cells taken as 0 (loan, grant, other_local_share)" \
             "column 'Notes' kept" "3 blank rows ignored" "'Purchases local %' as purchases_local_share" \
             "separated by tabs" "'Supplier' as seller"; do
    check 'grep -qF "$words" "$TMP/sheet.err"' "the note lacks '$words'"
done
check '! grep -q "spreadsheet export" "$TMP/toy.err"' "a plain file was said to be normalised"
# The notes column is the figures' source in the report's member table.
check 'grep -q "Source of the figures" "$TMP/sheet/report.html"' "no source column in the report"
check 'grep -qF "2023-24 accounts, p.4" "$TMP/sheet/report.html"' "a member's source is not in the report"
check '! grep -q "Source of the figures" "$TMP/toy/report.html"' "a source column without sources"
# The same folder copied anywhere still runs (its network path is relative to the scenario).
cp -r tests/data/spreadsheet "$TMP/moved"
expect 0 "Every £1" -- "$BIN" run "$TMP/moved/scenario.ini" --out "$TMP/moved-out" --no-plots

# --- ambiguous cells are errors with the fix (tests/data/bad holds the files; e2e runs them all)
expect 2 "is '53'; shares must be between 0 and 1: did you mean 53% (0.53)?" -- \
    "$BIN" run tests/data/bad/share-as-whole-number/scenario.ini --out "$TMP/x1"
expect 2 "if the comma is a decimal point, write 20000.5" -- \
    "$BIN" run tests/data/bad/decimal-comma/scenario.ini --out "$TMP/x2"
expect 2 "column 8 is 'wagez': did you mean 'wages'?" -- \
    "$BIN" run tests/data/bad/misspelt-column/scenario.ini --out "$TMP/x3"

# --- a network pointing at the CSV file is explained
mkdir -p "$TMP/p/data"
cp data/toy-town/*.csv "$TMP/p/data/"
sed 's|^network = .*|network = data/enterprises.csv|' scenarios/toy-town.ini > "$TMP/p/s.ini"
expect 2 "this is a file, but \`network\` names the folder that holds enterprises.csv" -- \
    "$BIN" run "$TMP/p/s.ini" --out "$TMP/x4"
expect 2 "give the folder, e.g. network = $TMP/p/data" -- "$BIN" run "$TMP/p/s.ini" --out "$TMP/x4"

echo "user: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

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

# --- 3. scenarios that inherit: base = …, --set, labels of any length, paths said in errors
mkdir -p "$TMP/inh/sub"
cp -r data/toy-town "$TMP/inh/data"
cat > "$TMP/inh/base.ini" <<'INI'
[scenario]
name = base
network = data
draws = 400
seed = 3
[place]
net_wage_share = 1.0
household_local_spend = beta(mean=0.5,sd=0.05)
household_member_share = 0.1
business_local_wage_share = 0.2
business_local_supply_share = 0.15
jobs_per_million = 10
[uncertainty]
wages_local_share = beta(sd=0.03)
INI
cat > "$TMP/inh/sub/cut.ini" <<'INI'
[scenario]
name = cut
base = ../base.ini
description = Cutting every grant by a fifth
[change "a label far longer than forty-nine characters, which used to be cut off inside messages"]
members = all
grant = *0.8
INI
# The same scenario written out in full, as before base = existed.
{ sed -e 's/^name = base/name = cut-full/' -e 's|^network = data|network = ../data|' "$TMP/inh/base.ini"
  printf '[change "cut"]\nmembers = all\ngrant = *0.8\n'; } > "$TMP/inh/sub/cut-full.ini"
expect 0 "Every £1" -- "$BIN" run "$TMP/inh/sub/cut.ini" --out "$TMP/inh/o1" --no-plots
"$BIN" run "$TMP/inh/sub/cut-full.ini" --out "$TMP/inh/o2" --no-plots >/dev/null 2>&1
for f in rounds.csv members.csv draws.csv; do
    check 'cmp -s "$TMP/inh/o1/$f" "$TMP/inh/o2/$f"' "base = … gives a different $f from the scenario written in full"
done
check 'grep -qF "forty-nine characters, which used to be cut off inside messages" "$TMP/inh/o1/report.html"' \
    "a long change label was not kept whole"
sed -e 's/^grant = \*0.8/grant = *-1/' "$TMP/inh/sub/cut.ini" > "$TMP/inh/sub/bad.ini"
expect 0 "a label far longer than forty-nine characters, which used to be cut off inside messages\"] would make grant" -- \
    "$BIN" run "$TMP/inh/sub/bad.ini" --out "$TMP/inh/o3"
# Paired with its base: a compare shows no pairing warning; a copy without [uncertainty] does.
expect 0 "lower in 100% of draws" -- "$BIN" compare "$TMP/inh/base.ini" "$TMP/inh/sub/cut.ini" --out "$TMP/inh/c1" --no-plots
check '! grep -q "not paired" "$TMP/inh/c1/report.html"' "a pairing warning for a scenario built on its base"
sed '/^\[uncertainty\]/,$d; s/^name = base/name = nounc/' "$TMP/inh/base.ini" > "$TMP/inh/nounc.ini"
expect 0 "Warning: $TMP/inh/nounc.ini does not draw the same uncertain inputs as the base" -- \
    "$BIN" compare "$TMP/inh/base.ini" "$TMP/inh/nounc.ini" --out "$TMP/inh/c2" --no-plots
check 'grep -q "its draws are not paired with the base" "$TMP/inh/c2/report.html"' "no pairing warning in the report"
expect 2 "base = ../nowhere.ini: cannot open" -- sh -c "sed 's|^base = .*|base = ../nowhere.ini|' '$TMP/inh/sub/cut.ini' > '$TMP/inh/sub/nb.ini' && '$BIN' run '$TMP/inh/sub/nb.ini' --out '$TMP/inh/o4'"
expect 2 "relative to the folder the scenario file is in" -- "$BIN" run "$TMP/inh/sub/nb.ini" --out "$TMP/inh/o4"
printf '[scenario]\nname = loop\nbase = loop.ini\n' > "$TMP/inh/loop.ini"
expect 2 "does a scenario name itself as its base?" -- "$BIN" run "$TMP/inh/loop.ini" --out "$TMP/inh/o5"
printf '[scenario]\nbase = base.ini\n' > "$TMP/inh/noname.ini"
expect 2 "a scenario with a base needs its own name" -- "$BIN" run "$TMP/inh/noname.ini" --out "$TMP/inh/o6"
# A copied toy-town.ini that cannot find its network says paths are relative to it.
cp scenarios/toy-town.ini "$TMP/inh/moved.ini"
expect 2 "relative to the folder the scenario file is in" -- "$BIN" run "$TMP/inh/moved.ini" --out "$TMP/inh/o7"
# --set: a what-if from the command line, the same as editing the file.
sed 's/^household_local_spend = .*/household_local_spend = 0.6/' scenarios/toy-town.ini > "$TMP/inh/hl.ini"
sed -i "s|^network = .*|network = $PWD/data/toy-town|" "$TMP/inh/hl.ini"
"$BIN" run "$TMP/inh/hl.ini" --out "$TMP/inh/s1" --no-plots >/dev/null 2>&1
expect 0 "Every £1" -- "$BIN" run scenarios/toy-town.ini --set place.household_local_spend=0.6 --out "$TMP/inh/s2" --no-plots
check 'cmp -s "$TMP/inh/s1/rounds.csv" "$TMP/inh/s2/rounds.csv"' "--set differs from editing the file"
check '! cmp -s "$TMP/inh/s2/rounds.csv" "$TMP/toy/rounds.csv"' "--set changed nothing"
expect 0 "Every £1" -- "$BIN" run scenarios/toy-town.ini --set 'change "more grant".members=all' \
    --set 'change "more grant".grant=*1.5' --set 'change "more grant".grant=*2' --out "$TMP/inh/s3" --no-plots
check 'grep -q "^caffi,Caffi Cymunedol,120000," "$TMP/inh/s3/members.csv"' \
    "a second --set of the same key did not replace the first"
expect 2 "--set 'place.nonsense=1': unknown key 'nonsense' in [place]" -- \
    "$BIN" run scenarios/toy-town.ini --set place.nonsense=1 --out "$TMP/inh/s4"
expect 2 "write section.key=value" -- "$BIN" run scenarios/toy-town.ini --set nonsense --out "$TMP/inh/s4"

# --- 2. consistency warnings, on the terminal and in the report
mkdir -p "$TMP/warn"
sed 's/^caffi,Caffi Cymunedol,4,20000,0,62000,18000/caffi,Caffi Cymunedol,4,120000,0,62000,18000/' \
    data/toy-town/enterprises.csv > "$TMP/warn/enterprises.csv"
cp data/toy-town/trade.csv "$TMP/warn/"
sed -e 's|^network = .*|network = .|' -e '/^household_member_share/d' scenarios/toy-town.ini > "$TMP/warn/s.ini"
"$BIN" run "$TMP/warn/s.ini" --out "$TMP/warn/o" --no-plots >"$TMP/warn/out" 2>&1
check 'grep -q "cylch: warning: .caffi. ($TMP/warn/enterprises.csv line 2) has income £200000 a year but costs" "$TMP/warn/out"' \
    "no warning for income far above costs"
check 'grep -q "does not set household_member_share in \[place\], so 0 is used" "$TMP/warn/out"' \
    "no warning for a place value left to its default"
check 'grep -q "has income £200000 a year but costs" "$TMP/warn/o/report.html"' "the income warning is not in the report"
check 'grep -q "does not set household_member_share" "$TMP/warn/o/report.html"' "the default warning is not in the report"
check '! grep -q "warning" "$TMP/toy.err"' "a warning for the toy town"

# --- 2b. the sample scenario's shares near 1: rule §8.7 narrows 9 members' sds; the terminal
# says so once per column (2 lines naming all 9), not once per member (9 lines).
"$BIN" run scenarios/bro-ffestiniog.ini --out "$TMP/narrow" --no-plots --draws 200 >/dev/null 2>"$TMP/narrow.err"
check '[ "$(grep -c "is narrowed to keep draws off 0 and 1" "$TMP/narrow.err")" -eq 2 ]' \
    "the §8.7 notes are not one per column: $(grep -c note "$TMP/narrow.err") note lines"
check 'grep "^cylch: note: wages_local_share:" "$TMP/narrow.err" | grep -qF "'"'seren'"' (0.97) sd 0.0291, '"'dref-werdd'"' (0.99) sd 0.0099"' \
    "the wages note does not list each member with its narrowed sd"
check 'grep "^cylch: note: purchases_local_share:" "$TMP/narrow.err" | grep -qF "'"'cyfeillion-croesor'"' (0.95) sd 0.0476"' \
    "the purchases note does not list each member with its narrowed sd"

# A network with 80 members near 1: the note lists as many as fit and ends with ", ...",
# never a name cut in half.
mkdir -p "$TMP/many/net"
{
    echo "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,purchases_local_share"
    i=1
    while [ $i -le 80 ]; do
        echo "member-number-$i,Member $i,1,10000,0,10000,10000,15000,0.99,10000,0.5"
        i=$((i + 1))
    done
} >"$TMP/many/net/enterprises.csv"
sed 's|^network = .*|network = net|; s/^draws = 0/draws = 50/' scenarios/toy-town.ini >"$TMP/many/many.ini"
printf '[uncertainty]\nwages_local_share = beta(sd=0.03)\n' >>"$TMP/many/many.ini"
"$BIN" run "$TMP/many/many.ini" --out "$TMP/many/out" --no-plots >/dev/null 2>"$TMP/many.err"
check '[ "$(grep -c "is narrowed to keep draws off 0 and 1" "$TMP/many.err")" -eq 1 ] &&
       grep "is narrowed" "$TMP/many.err" | grep -q "'"'member-number-1'"' (0.99) sd 0.0099, .*, \.\.\.$"' \
    "80 members near 1: the note is not one line ending ', ...': $(grep narrowed "$TMP/many.err" | tail -c 120)"

# --- 5. the cost of a policy: per £1 of cost, ranked (terminal, report, cost.csv).
# By hand on the toy town: the money a policy moves is valued with its own multiplier.
# £10,000 more grant to caffi, its costs and purchases from the siop up by the same tenth
# (its column of A unchanged), sets 10,000 × caffi's multiplier 2.1816 (docs/students.md
# A8) circulating: £2.18 per £1 of £10,000. Every member's trade_local × 1.1 moves no money
# from outside (local sales are part of income alone); raising income without raising
# costs adds a surplus, which leaks as saving, so the members' income sets exactly the
# money added circulating (round 1 only): 0.1 × (62,000 + 75,000 + 31,000) = £16,800 for
# 3 × £2,000 = £6,000, £2.80 per £1.
cat > "$TMP/inh/sub/grant.ini" <<'INI'
[scenario]
name = more-grant
base = ../base.ini
description = £10,000 more grant to the café
[change "café grant"]
members = caffi
grant = +10000
wages = *1.1
purchases = *1.1
other_costs = *1.1
cost = £10,000
[trade "caffi siop"]
amount = 5500
INI
cat > "$TMP/inh/sub/trade.ini" <<'INI'
[scenario]
name = buy-local
base = ../base.ini
[change "council buys from members"]
members = all
trade_local = *1.1
cost = 2000 per member
INI
"$BIN" compare "$TMP/inh/base.ini" "$TMP/inh/sub/grant.ini" "$TMP/inh/sub/trade.ini" --out "$TMP/inh/cost" \
    --no-plots >"$TMP/inh/cost.out" 2>&1
check 'grep -q "^1    buy-local  *£6,000  *+£16,800  *£2.80 " "$TMP/inh/cost.out"' "buy-local is not first at £2.80 per £1"
check 'grep -q "^2    more-grant  *£10,000  *+£21,816  *£2.18 .* grant$" "$TMP/inh/cost.out"' "more-grant is not second at £2.18 per £1 of grant money"
check 'grep -q "^1,buy-local,,6000,16800,2.8,.*,all$" "$TMP/inh/cost/cost.csv"' "cost.csv: buy-local per £1 is not 2.8"
check 'grep -q "^2,more-grant,\"£10,000 more grant to the café\",10000,21816.0[0-9]*,2.18160[0-9]*,.*,grant$" "$TMP/inh/cost/cost.csv"' \
    "cost.csv: more-grant per £1 is not 2.1816 (grant money)"
check 'grep -q "Value for public money: the scenarios ranked" "$TMP/inh/cost/report.html"' "no ranking in the report"
# P(> £1) recomputed from the paired draws in compare-draws.csv (column 13: buy-local's difference).
p=$(awk -F, 'NR > 1 { n++; if ($13 / 6000 > 1) a++ } END { printf "%.0f%%", 100 * a / n }' "$TMP/inh/cost/compare-draws.csv")
check 'grep -q "^1    buy-local .* $p  all\$" "$TMP/inh/cost.out"' "P(> £1) differs from the draws' ($p)"
# Procurement is valued with the multiplier of trade from outside, not the grant one (which
# it does not move): the council buying £20,000 more from ynni (income £200,000, so x1.1),
# its costs and its purchases from members moving with its income (scale = income, no hand
# factors), sets 20,000 × ynni's multiplier 1.4537 (docs/policy.md) = £29,074 circulating.
cat > "$TMP/inh/sub/procure.ini" <<'INI'
[scenario]
name = procure
base = ../base.ini
cost = 20000
[change "council buys from ynni"]
members = ynni
trade_external = +20000
scale = income
INI
"$BIN" compare "$TMP/inh/base.ini" "$TMP/inh/sub/procure.ini" --out "$TMP/inh/proc" --no-plots >"$TMP/inh/proc.out" 2>&1
check 'grep -q "^1    procure  *£20,000  *+£29,074  *£1.45 .* trade$" "$TMP/inh/proc.out"' \
    "procurement is not £1.45 per £1 of trade money: $(grep '^1 ' "$TMP/inh/proc.out")"
check 'grep -q "^  Every £1 of trade with customers from outside is worth" "$TMP/inh/proc.out" &&
       ! grep -q "Every £1 of grant" "$TMP/inh/proc.out"' "compare of procurement reports the grant multiplier"
# The library raises incomes with scale = income, not with factors worked out by hand.
check '! grep -qE "^[a-z_]+ = \*0\.[0-9]{5,}" scenarios/*.ini' "a library scenario still uses a hand-worked factor"
expect 2 "cost = 'lots' in [change" -- sh -c "sed 's/^cost = .*/cost = lots/' '$TMP/inh/sub/trade.ini' > '$TMP/inh/sub/badcost.ini' && '$BIN' run '$TMP/inh/sub/badcost.ini' --out '$TMP/inh/bc'"

# --- 5. the scenario library compared: a ranked table of £ local per £1 of cost, each with
# its 90% range (the library's policies say what they cost), and the difference plot's £
# axis readable with eight scenarios (it had one tick, "+0k", with five).
lib=$(ls scenarios/*.ini | grep -v -e toy-town -e 'bro-ffestiniog' )
"$BIN" compare scenarios/bro-ffestiniog.ini $lib --draws 200 --out "$TMP/lib" >"$TMP/lib.out" 2>&1
check '[ $? -eq 0 ]' "the library's compare failed: $(tail -3 "$TMP/lib.out")"
check 'grep -q "^Local circulation per £1 of the policy.s cost, best first" "$TMP/lib.out"' "no ranking for the library"
ranked=$(grep -cE '^[1-9] +[a-z0-9-]+ +£[0-9,]+ +[+−]£[0-9,]+ +−?£[0-9.]+ +−?£[0-9.]+ to −?£[0-9.]+ +[0-9]+%  [a-z]+$' "$TMP/lib.out")
check '[ "$ranked" -eq 5 ]' "the library's ranking has $ranked rows with a cost and a range, not 5"
check '[ "$(grep -c "^[0-9]," "$TMP/lib/cost.csv")" -eq 5 ]' "cost.csv does not rank the library's 5 policies with a cost"
# The tick labels of the £ panel: the <text> elements after its title, up to the axis label.
ticks=$(grep -o '<text>[^<]*</text>' "$TMP/lib/compare-differences.svg" | sed 's/<[^>]*>//g' |
    sed -n '/^Difference from/,/^density of the draws$/p' | grep -cE '^([+−-][0-9]+k|0)$')
check '[ "$ticks" -ge 3 ]' "the difference plot's £ axis has $ticks labelled ticks"
check '! grep -q "<text>[+-]0k</text>" "$TMP/lib/compare-differences.svg"' "the difference plot still labels 0 as +0k"

# --- 4. cylch new: a starter that runs as written, explained, and kept from overwriting
expect 0 "A starter network is in $TMP/new/Tref-Fach/" -- "$BIN" new "$TMP/new/Tref-Fach"
expect 0 "cylch run $TMP/new/Tref-Fach/tref-fach.ini" -- "$BIN" new "$TMP/new/Tref-Fach" --force
for p in net_wage_share household_local_spend household_member_share business_local_wage_share \
         business_local_supply_share jobs_per_million; do
    check 'grep -B3 "^$p = " "$TMP/new/Tref-Fach/tref-fach.ini" | grep -q "^; "' "$p is not explained in the starter"
done
check '[ "$(grep -c "^\"#" "$TMP/new/Tref-Fach/enterprises.csv")" -eq 1 ]' "no comment row in the template"
expect 0 "Every £1" -- "$BIN" run "$TMP/new/Tref-Fach/tref-fach.ini" --draws 100 --out "$TMP/new/o" --no-plots
check '! grep -q "warning: " "$TMP/new/o/report.html"' "the starter gives a warning"
expect 2 "already holds enterprises.csv; add --force" -- "$BIN" new "$TMP/new/Tref-Fach"

# --- 7. the report: title from the description, LM3 first with "over time" beside it, the
# accounts year and run date, caveats, and the same FTE on the terminal and the page.
mkdir -p "$TMP/rep"
SOURCE_DATE_EPOCH=1700000000 "$BIN" run scenarios/bro-ffestiniog.ini --draws 200 --out "$TMP/rep/bro" --no-plots \
    >"$TMP/rep/bro.out" 2>&1
check '[ $? -eq 0 ]' "bro-ffestiniog did not run: $(tail -3 "$TMP/rep/bro.out")"
check 'grep -q "^<h1>Cwmni Bro Ffestiniog: 13 social enterprises in Blaenau Ffestiniog" "$TMP/rep/bro/report.html"' \
    "the report's title is not the scenario's description"
check 'grep -q "^<title>Cwmni Bro Ffestiniog: 13 social" "$TMP/rep/bro/report.html"' "the page's <title> is not the description"
check '! grep -q "^<h1>.*bro-ffestiniog" "$TMP/rep/bro/report.html"' "the slug is still in the title"
# The headline box leads with LM3 and puts "over time" (LM∞) beside it, with the terminal's numbers.
lm3=$(sed -n 's/^Every £1 of grant to the network is worth .*, \(£[0-9.]*\) within three rounds.*/\1/p' "$TMP/rep/bro.out")
inf=$(sed -n 's/^Every £1 of grant to the network is worth \(£[0-9.]*\) to the local economy over time.*/\1/p' "$TMP/rep/bro.out")
check 'grep -q "<p class=\"headline\">Every £1 of grant to the network is worth <strong>$lm3</strong> to the local economy within three rounds of spending (LM3, 90% range [^)]*), and <strong>$inf</strong> over time (LM∞, 90% range" "$TMP/rep/bro/report.html"' \
    "the headline is not LM3 ($lm3) with over time ($inf) beside it"
check 'grep -q "Members. accounts for 2017-18" "$TMP/rep/bro/report.html"' "no accounts year in the report"
check 'grep -q "Run on 14 November 2023" "$TMP/rep/bro/report.html"' "the run date is not SOURCE_DATE_EPOCH's"
for w in "gross local circulation" "additional impact" "Additionality" "Displacement" "Deadweight"; do
    check 'grep -q "<section id=\"caveats\">.*" "$TMP/rep/bro/report.html" && grep -q "$w" "$TMP/rep/bro/report.html"' \
        "the caveats do not say '$w'"
done
# A scenario built on it (base =) inherits the accounts year; the toy town gives none and the page says so.
printf '[scenario]\nname = cut\nbase = %s/scenarios/bro-ffestiniog.ini\ndescription = Buying 5 points more locally\n[change "buy"]\nmembers = all\npurchases_local_share = +0.05\n' \
    "$PWD" >"$TMP/rep/cut.ini"
"$BIN" run "$TMP/rep/cut.ini" --draws 0 --out "$TMP/rep/cut" --no-plots >/dev/null 2>&1
check 'grep -q "Members. accounts for 2017-18" "$TMP/rep/cut/report.html"' "the accounts year is not inherited from the base"
check 'grep -q "^<h1>Buying 5 points more locally</h1>" "$TMP/rep/cut/report.html"' "a scenario's title is not its own description"
"$BIN" run scenarios/toy-town.ini --out "$TMP/rep/toy" --no-plots >/dev/null 2>&1
check 'grep -q "Accounts year not given" "$TMP/rep/toy/report.html"' "no 'accounts year not given' for the toy town"
check 'grep -q "Run on $(date -u "+%-d %B %Y")" "$TMP/rep/toy/report.html"' "the run date is not today's"
expect 2 "accounts_year = 'last year' is not a year; write the year of the members' accounts" -- \
    sh -c "sed 's/^rounds = 3/rounds = 3\naccounts_year = last year/' scenarios/toy-town.ini > '$TMP/rep/bad.ini' && sed -i 's|^network = .*|network = $PWD/data/toy-town|' '$TMP/rep/bad.ini' && '$BIN' run '$TMP/rep/bad.ini' --out '$TMP/rep/bad'"
for y in 2023 2023/24 2023-2024 2099-00; do
    printf '[scenario]\nname = y\nbase = %s/scenarios/toy-town.ini\naccounts_year = %s\n' "$PWD" "$y" >"$TMP/rep/y.ini"
    expect 0 "" -- "$BIN" run "$TMP/rep/y.ini" --out "$TMP/rep/y" --force --no-plots
    check 'grep -q "Members. accounts for $y" "$TMP/rep/y/report.html"' "accounts_year = $y is not in the report"
done
for y in 2023-25 23-24 2023-24x 1899 "2023 -24" ""; do
    printf '[scenario]\nname = y\nbase = %s/scenarios/toy-town.ini\naccounts_year = %s\n' "$PWD" "$y" >"$TMP/rep/y.ini"
    expect 2 "y.ini:4: accounts_year = '$y' is not a year" -- "$BIN" run "$TMP/rep/y.ini" --out "$TMP/rep/y2"
done
# 25.5 FTE of staff: the terminal used to say 26 where the page said 25.5; and the jobs supported.
mkdir -p "$TMP/rep/half"
sed 's/^caffi,Caffi Cymunedol,4,/caffi,Caffi Cymunedol,20.5,/' data/toy-town/enterprises.csv >"$TMP/rep/half/enterprises.csv"
cp data/toy-town/trade.csv "$TMP/rep/half/"
sed 's|^network = .*|network = .|' scenarios/toy-town.ini >"$TMP/rep/half/s.ini"
"$BIN" run "$TMP/rep/half/s.ini" --out "$TMP/rep/half/o" --no-plots >"$TMP/rep/half/out" 2>&1
check 'grep -q "3 member enterprises, 25.5 FTE staff" "$TMP/rep/half/out"' "the terminal does not say 25.5 FTE staff"
check 'grep -q "3 member enterprises, 25.5 full-time-equivalent staff" "$TMP/rep/half/o/report.html"' \
    "the page does not say 25.5 full-time-equivalent staff"
jobs=$(sed -n 's/.* and \([0-9.]*\) FTE jobs, counting.*/\1/p' "$TMP/rep/half/out")
check '[ -n "$jobs" ] && grep -q "the members. own 25.5 and those .*<td class=\"n\">$jobs FTE</td>" "$TMP/rep/half/o/report.html"' \
    "the jobs supported differ between the terminal ($jobs FTE) and the page"

# --- 8. what a user tries next (a sceptical walk through the README)
mkdir -p "$TMP/walk"
# A treasurer's sheet ends with a totals row (and a subtotal): read as a member, it
# counted the network twice (6 members, income £800,000) without a word. Skipped when
# its figures are the members' sums, said once; refused when they are not.
{ sed -n 1,3p data/toy-town/enterprises.csv
  echo 'Subtotal,,7,"£20,000","£10,000","£137,000","£33,000","£80,000",,"£100,000",,"£14,000",'
  sed -n 4p data/toy-town/enterprises.csv
  echo 'TOTAL:,,9,"£70,000","£110,000","£168,000","£52,000","£120,000",73%,"£220,000",,"£44,000",'
  echo ',,,,,,,,,,,,'; } > "$TMP/walk/enterprises.csv"
cp data/toy-town/trade.csv "$TMP/walk/"
sed 's|^network = .*|network = .|' scenarios/toy-town.ini > "$TMP/walk/s.ini"
"$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/o" --no-plots >"$TMP/walk/out" 2>"$TMP/walk/err"
check '[ $? -eq 0 ]' "a sheet with totals rows did not run: $(cat "$TMP/walk/err")"
check 'grep -q "^toy-town: 3 member enterprises, 9 FTE staff, income £400,000 a year" "$TMP/walk/out"' \
    "a totals row was counted as a member: $(head -1 "$TMP/walk/out")"
check 'cmp -s "$TMP/walk/o/rounds.csv" "$TMP/toy/rounds.csv"' "a sheet with totals rows gives other rounds than the toy town"
check 'grep -qF "2 totals rows skipped (lines 4, 6: the members'"'"' sums; cylch adds them up itself)" "$TMP/walk/err"' \
    "the totals rows skipped are not said: $(cat "$TMP/walk/err")"
sed -i 's/^TOTAL:,,9,"£70,000"/Total,,9,"£75,000"/' "$TMP/walk/enterprises.csv"
expect 2 "enterprises.csv:6: 'Total' looks like a totals row, but its grant (column 4) is '£75,000', not £70,000, the sum of the 3 members above it" -- \
    "$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/o2"
# Accounts in thousands of pounds ("Grant (£000)", "Wages £k", "Amount (£'000)"): each
# figure is multiplied by 1,000 and the note says so (renaming the heading to 'grant',
# as cylch's message about an unknown heading would have had them do, read £12.5 for
# £12,500 without a word). A totals row in thousands is checked in thousands.
printf '%s\n' 'id,name,Staff (FTE),Grant (£000),Loan (£000),Local sales £k,External sales £k,Wages (£'"'"'000),Wages local share,Purchases (£000s),Purchases local share,Other costs (£000),Other local share' \
    'caffi,Caffi Cymunedol,4,20,0,62,18,50,90%,40,50%,8,25%' \
    'siop,Siop y Pentref,3,0,10,75,15,30,80%,60,40%,6,0' \
    'ynni,Ynni Lleol,2,50,100,31,19,40,50%,120,25%,30,10%' \
    'Total,,9,70,110,168,52,120,,220,,44,' > "$TMP/walk/enterprises.csv"
printf '%s\n' "buyer,seller,Amount (£'000)" caffi,siop,5 siop,caffi,2 ynni,caffi,1 ynni,siop,4 > "$TMP/walk/trade.csv"
"$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/k" --no-plots >"$TMP/walk/k.out" 2>"$TMP/walk/k.err"
check '[ $? -eq 0 ]' "a sheet in £000s did not run: $(cat "$TMP/walk/k.err")"
check 'cmp -s "$TMP/walk/k/rounds.csv" "$TMP/toy/rounds.csv" && cmp -s "$TMP/walk/k/members.csv" "$TMP/toy/members.csv"' \
    "a sheet in £000s gives other results than the toy town in £"
check 'grep -qF "'"'"'Grant (£000)'"'"' in £000s" "$TMP/walk/k.err" && grep -qF "(each figure multiplied by 1,000)" "$TMP/walk/k.err"' \
    "the note does not say the figures were in thousands: $(cat "$TMP/walk/k.err")"
check 'grep -qF "trade.csv: read as a spreadsheet export: '"'"'Amount (£'"'"'000)'"'"' in £000s" "$TMP/walk/k.err"' \
    "trade.csv's amounts in thousands are not said"
sed -i '1s/Staff (FTE)/Staff (000s)/' "$TMP/walk/enterprises.csv"
expect 2 "column 3 is 'Staff (000s)', in thousands or millions of pounds, but employees_fte is staff, not money; take the unit out of the heading" -- \
    "$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/k2"
# Shares as whole numbers under a heading that says % ("Wages local %": 90, 80, 50): read
# as percentages, said once; before, each cell was refused in turn ("did you mean 90%?"),
# one edit-and-run round per column. A column mixing 0.4 and 50 stays cell by cell.
printf '%s\n' 'id,name,employees_fte,grant,loan,trade_local,trade_external,wages,Wages local %,purchases,% purchases local,other_costs,Other local (%)' \
    'caffi,Caffi Cymunedol,4,20000,0,62000,18000,50000,90,40000,50,8000,25' \
    'siop,Siop y Pentref,3,0,10000,75000,15000,30000,80,60000,40,6000,' \
    'ynni,Ynni Lleol,2,50000,100000,31000,19000,40000,50,120000,25,30000,10' > "$TMP/walk/enterprises.csv"
cp data/toy-town/trade.csv "$TMP/walk/"
"$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/pc" --no-plots >"$TMP/walk/pc.out" 2>"$TMP/walk/pc.err"
check '[ $? -eq 0 ] && cmp -s "$TMP/walk/pc/members.csv" "$TMP/toy/members.csv"' \
    "whole-number percentages under a % heading are not the toy town's shares: $(cat "$TMP/walk/pc.err")"
check 'grep -qF "8 plain numbers under a heading with % read as percentages (90 = 90% = 0.9)" "$TMP/walk/pc.err"' \
    "the note does not say plain numbers were read as percentages: $(cat "$TMP/walk/pc.err")"
sed -i 's/^siop,Siop y Pentref,3,0,10000,75000,15000,30000,80,/siop,Siop y Pentref,3,0,10000,75000,15000,30000,0.8,/' "$TMP/walk/enterprises.csv"
expect 2 "wages_local_share for 'caffi' (column 9) is '90'; shares must be between 0 and 1: did you mean 90% (0.9)?" -- \
    "$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/pc2"
# --out naming the network's own folder (or scenarios/) with --force deleted it, figures and
# all, to put the results there; now refused, the files kept.
mkdir -p "$TMP/walk/net"
cp data/toy-town/*.csv "$TMP/walk/net/"
expect 2 "$TMP/walk/net holds enterprises.csv, which is not a result (a network's or a scenario's file): --force would delete it with the folder; write the results to another folder" -- \
    "$BIN" run scenarios/toy-town.ini --out "$TMP/walk/net" --force --no-plots
check 'cmp -s "$TMP/walk/net/enterprises.csv" data/toy-town/enterprises.csv' "run --out NETWORK --force deleted enterprises.csv"
cp scenarios/toy-town.ini "$TMP/walk/net/toy.ini"
rm "$TMP/walk/net/enterprises.csv" "$TMP/walk/net/trade.csv"
expect 2 "holds toy.ini, which is not a result" -- \
    "$BIN" compare scenarios/toy-town.ini scenarios/toy-town.ini --out "$TMP/walk/net" --force --no-plots
expect 2 "holds toy.ini, which is not a result" -- "$BIN" explain scenarios/toy-town.ini --csv "$TMP/walk/net" --force
check '[ -f "$TMP/walk/net/toy.ini" ]' "compare or explain --force deleted a scenario file"
# A spreadsheet's stray commas: two columns without a heading (said as such, not "column ''
# kept"), and a row with empty cells beyond the last heading (refused before: "this row has
# 15 fields but the header has 13").
{ sed '1s/$/,,/' data/toy-town/enterprises.csv | sed '2s/$/,,/'; } > "$TMP/walk/enterprises.csv"
sed '2s/$/,,,/' data/toy-town/trade.csv > "$TMP/walk/trade.csv"
"$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/sc" --no-plots >"$TMP/walk/sc.out" 2>"$TMP/walk/sc.err"
check '[ $? -eq 0 ] && cmp -s "$TMP/walk/sc/rounds.csv" "$TMP/toy/rounds.csv"' \
    "stray commas stopped the toy town: $(cat "$TMP/walk/sc.err")"
check 'grep -qF "enterprises.csv: read as a spreadsheet export: 2 columns without a heading ignored" "$TMP/walk/sc.err" &&
       ! grep -q "kept but not used" "$TMP/walk/sc.err"' "columns without a heading are not said as such: $(cat "$TMP/walk/sc.err")"
sed '2s/$/,x/' data/toy-town/enterprises.csv > "$TMP/walk/enterprises.csv"
expect 2 "enterprises.csv:2: this row has 14 fields but the header has 13" -- "$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/sc2"
cp data/toy-town/trade.csv "$TMP/walk/"
# A heading cylch does not know, where a required column is missing: the message names it.
sed '1s/wages_local_share/% of staff living locally/' data/toy-town/enterprises.csv > "$TMP/walk/enterprises.csv"
expect 2 "missing column 'wages_local_share' (the share of the wage bill paid to staff living in the area); cylch does not know the heading '% of staff living locally' (column 9): if that column holds it, rename it wages_local_share" -- \
    "$BIN" run "$TMP/walk/s.ini" --out "$TMP/walk/o3"
# A copied toy-town.ini, moved: the message names the file, its line and where cylch looked.
mkdir -p "$TMP/walk/a b"
cp scenarios/toy-town.ini "$TMP/walk/a b/my copy.ini"
expect 2 "a b/my copy.ini:14: network = ../data/toy-town: there is no folder $TMP/walk/data/toy-town (a path in a scenario is relative to the folder the scenario file is in, $TMP/walk/a b)" -- \
    "$BIN" run "$TMP/walk/a b/my copy.ini" --out "$TMP/walk/o4"
expect 2 "--set 'scenario.network=nowhere': there is no folder $PWD/nowhere" -- \
    "$BIN" run scenarios/toy-town.ini --set scenario.network=nowhere --out "$TMP/walk/o5"
# cylch new into a folder with a space: the command it prints runs as printed, and the
# starter runs without a note about its example member.
"$BIN" new "$TMP/walk/my net" >"$TMP/walk/new.out" 2>&1
cmd=$(tail -1 "$TMP/walk/new.out" | sed 's/^  cylch run //')
check '[ "$cmd" = "'"'"'$TMP/walk/my net/my-net.ini'"'"'" ]' "cylch new printed an unquoted path: $cmd"
eval "set -- $cmd"
"$BIN" run "$1" --draws 50 --out "$TMP/walk/o6" --no-plots >"$TMP/walk/new-run.out" 2>&1
check '[ $? -eq 0 ]' "the command cylch new printed does not run: $(tail -2 "$TMP/walk/new-run.out")"
check '! grep -q "deficit" "$TMP/walk/new-run.out"' "the starter's example member runs a deficit"

echo "user: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

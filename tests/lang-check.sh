#!/bin/sh
# cylch in Welsh (--lang cy, gettext): the catalogue is complete and up to date, no
# string for people in the summary or report escapes _(), the Welsh summary and report
# carry exactly the English numbers, English stays the default whatever the environment
# says, the catalogue is found beside an installed program, and a bad --lang is refused;
# the plots of run, compare and sensitivity are drawn in Welsh.
# (tests/report-check.sh renders the Welsh report in Chromium.) Run from the project
# root; CYLCH_BIN names the binary, CYLCH_BUILD its build folder.
LC_ALL=C.UTF-8
export LC_ALL
BIN=${CYLCH_BIN:-build/cylch}
BUILD=${CYLCH_BUILD:-build}
PO=model/present/po
I18N_SRC="model/io/format.c model/present/summary.c model/present/report.c model/present/plots.c model/present/industries.c
          model/core/scenario.c model/uncertainty/compare.c model/uncertainty/sensitivity.c model/uncertainty/sobol.c
          model/present/explain.c model/present/workbook.c model/present/files.c model/server/api.c model/server/serve.c
          model/cli/cmd_run.c model/cli/cmd_compare.c model/cli/cmd_explain.c model/cli/cmd_serve.c model/cli/main.c model/cli/options.c
          include/cylch/io/limits.h model/io/error.c model/io/csvio.c model/io/lang.c model/io/results.c model/io/text.c
          model/io/sheet.c model/core/dist.c model/core/economy.c model/core/iotable.c model/core/model.c model/core/money.c
          model/core/network.c model/core/quantile.c model/core/regional.c model/core/run.c model/uncertainty/mc.c
          model/uncertainty/stats.c model/cli/common.c model/cli/cmd_io.c model/cli/io_regional.c
          model/cli/cmd_new.c model/cli/cmd_report.c"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cylch-lang.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }

# --- the catalogue: every message of the template has its Welsh, none fuzzy, and the
# template is what xgettext finds in the sources today (a new string cannot slip by).
stats=$(msgfmt --check --statistics -o "$TMP/cy.mo" "$PO/cy.po" 2>&1)
check '[ $? -eq 0 ]' "msgfmt --check refuses cy.po: $stats"
n=$(grep -c '^msgid ' "$PO/cylch.pot")
check 'printf "%s\n" "$stats" | grep -qx "$((n - 1)) translated messages."' \
    "cy.po is not complete: '$stats' for $((n - 1)) messages in cylch.pot"
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kcylch_notes_addf:3 --flag=cylch_notes_addf:3:c-format -kcli_misuse:2 --flag=cli_misuse:2:c-format \
    -kcylch_error_set:3 --flag=cylch_error_set:3:c-format -kcylch_error_at:5 --flag=cylch_error_at:5:c-format \
    -kfail:2 --flag=fail:2:c-format -ktable_error:6 --flag=table_error:6:c-format --add-comments=TRANSLATORS -o "$TMP/now.pot" $I18N_SRC 2>/dev/null
# ... and the pages of cylch serve: their JavaScript, and index.html's elements marked data-t
# (web-msgids.py makes them JavaScript for xgettext, under the page's name)
WEB_I18N="$(ls model/server/web/*.js) model/server/web/index.html"
mkdir -p "$TMP/web/model/server/web"
python3 model/server/web-msgids.py model/server/web/index.html >"$TMP/web/model/server/web/index.html"
xgettext --from-code=UTF-8 --language=JavaScript -k_ --add-comments=TRANSLATORS -j -o "$TMP/now.pot" \
    -D "$TMP/web" -D . $WEB_I18N 2>/dev/null
# the server's list of the pages' messages (web-strings.h) is the template's
msggrep --location='model/server/web/*' "$PO/cylch.pot" | sh model/server/web-strings.sh >"$TMP/web-strings.h"
check 'cmp -s "$TMP/web-strings.h" model/server/web-strings.h && [ "$(grep -c "^    \"" model/server/web-strings.h)" -gt 100 ]' \
    "model/server/web-strings.h is not what make pot writes from cylch.pot: run make pot"
if python3 tests/lang-check.py po "$PO/cylch.pot" "$PO/cy.po" "$TMP/now.pot" >"$TMP/po.out"; then ok; else
    bad "the catalogue and the sources disagree: $(cat "$TMP/po.out")"; fi
# No string for people in the summary or the report is left unmarked ...
if python3 tests/lang-check.py escapes model/present/summary.c model/present/report.c model/io/format.c \
        >"$TMP/esc.out"; then ok; else bad "strings escape _(): $(cat "$TMP/esc.out")"; fi
# ... and the check would see one (it cannot pass by finding nothing).
cat >"$TMP/probe.c" <<'C'
static void f(FILE *o) { fputs(_("Marked words"), o); fputs("<p class=\"x\">", o); fputs("Unmarked words here", o); }
static const char *t[] = { N_("In a table"), "also unmarked" };
C
python3 tests/lang-check.py escapes "$TMP/probe.c" >"$TMP/probe.out"
check '[ "$(grep -c "not marked" "$TMP/probe.out")" -eq 2 ] && grep -q "Unmarked words here" "$TMP/probe.out" && grep -q "also unmarked" "$TMP/probe.out"' \
    "the escape check does not find unmarked strings: $(cat "$TMP/probe.out")"
# A message missing from cy.po is found too.
sed '/^msgid "The case in numbers"$/,/^$/d' "$PO/cy.po" >"$TMP/short.po"
check '! python3 tests/lang-check.py po "$PO/cylch.pot" "$TMP/short.po" "$TMP/now.pot" >/dev/null' \
    "a message with no Welsh is not found"

# The list above is the Makefile's I18N_SRC, and every source that raises an error
# (cylch_error_set, cylch_error_at) or marks words (_) is on it, but for those still
# in English (STILL_ENGLISH: cylch serve's jobs and workspace, the workbook reader).
STILL_ENGLISH="model/server/jobs.c model/server/workspace.c model/io/xlsx.c"
printf 'print-i18n:\n\t@echo $(I18N_SRC)\n' >"$TMP/print.mk"
mk=$(make -s --no-print-directory -f Makefile -f "$TMP/print.mk" print-i18n 2>/dev/null | tr ' ' '\n' | sort | tr '\n' ' ')
here=$(echo $I18N_SRC | tr ' ' '\n' | sort | tr '\n' ' ')
check '[ -n "$mk" ] && [ "$mk" = "$here" ]' "tests/lang-check.sh's I18N_SRC differs from the Makefile's: $mk / $here"
unlisted=""
for f in $(grep -l 'cylch_error_set(\|cylch_error_at(\|_("' model/*/*.c); do
    case " $(echo $I18N_SRC $STILL_ENGLISH) " in *" $f "*) ;; *) unlisted="$unlisted $f" ;; esac
done
check '[ -z "$unlisted" ]' "sources with messages that xgettext does not read (add them to I18N_SRC):$unlisted"

# --- every bad-input case of tests/errors.txt again with --lang cy: no common English word
# outside what a person matches to their files (quoted names, paths, options, keys); the
# same cases in English do hold such words (the check can fail).
python3 tests/lang-check.py errors cy "$BIN" tests/errors.txt >"$TMP/err-cy.out"
check '[ $? -eq 0 ] && [ "$(sed -n "s/ cases, 0 with English\$//p" "$TMP/err-cy.out")" -ge 90 ]' \
    "English in the Welsh error messages: $(head -5 "$TMP/err-cy.out")"
python3 tests/lang-check.py errors en "$BIN" tests/errors.txt >"$TMP/err-en.out"
n_en=$(sed -n 's/^\([0-9]*\) cases, \([0-9]*\) with English$/\2/p' "$TMP/err-en.out")
check '[ "${n_en:-0}" -ge 90 ]' "the English error messages show too few English words (${n_en:-?}): the check is blind"
# messages put together from pieces read right in Welsh
mkdir -p "$TMP/sheet"
cp scenarios/toy-town.ini "$TMP/sheet/s.ini"
sed -i 's|^network = .*|network = '"$PWD"'/tests/data/bad/share-as-whole-number|' "$TMP/sheet/s.ini"
"$BIN" run "$TMP/sheet/s.ini" --out "$TMP/sheet/o" --lang cy >/dev/null 2>"$TMP/sheet.err"
check 'grep -qF "(colofn 9) yn '"'53'"'; rhaid i gyfrannau fod rhwng 0 ac 1: ai 53% (0.53) oedd dan sylw? Ysgrifennwch 53% neu 0.53" "$TMP/sheet.err"' \
    "the Welsh 'did you mean' of a share is not right: $(cat "$TMP/sheet.err")"
"$BIN" run tests/data/bad/nowhere.ini --out "$TMP/nw" --lang cy >/dev/null 2>"$TMP/nw.err"
check 'grep -qF "ni ellir agor ffeil y senario: Nid yw'"'"'r ffeil na'"'"'r ffolder yn bodoli" "$TMP/nw.err"' \
    "the system's error is not in Welsh: $(cat "$TMP/nw.err")"

# cylch io, new and the notes of a spreadsheet's reading and of a Spearman run, in Welsh
"$BIN" io data/uk-2019/io-table.csv --regions data/regions/employment-2019.csv --area Scotland \
    --national 'United Kingdom' --measure employment --method flq --delta 0.25 --out "$TMP/io" --lang cy \
    >"$TMP/io.txt" 2>&1
check 'grep -qF "Wedi'"'"'i ranbartholi i Scotland (employment, flq, delta 0.25)" "$TMP/io.txt" &&
       grep -qF "diwydiant: ysgrifennwyd lluosyddion Math I a Math II i $TMP/io/multipliers.csv" "$TMP/io.txt"' \
    "cylch io --lang cy is not Welsh: $(cat "$TMP/io.txt")"
"$BIN" run tests/data/spreadsheet/scenario.ini --draws 0 --no-plots --out "$TMP/ss" --lang cy >"$TMP/ss.txt" 2>&1
check 'grep -qF "enterprises.csv: darllenwyd fel allforyn taenlen: wedi'"'"'i gwahanu gan hanner colonau;" "$TMP/ss.txt" &&
       grep -qF "cymerwyd 3 cell wag fel 0 (loan, grant, other_local_share)" "$TMP/ss.txt"' \
    "the spreadsheet's note is not Welsh: $(grep -i "taenlen\|spreadsheet" "$TMP/ss.txt" | head -2)"
check 'grep -qF "read as a spreadsheet export: separated by semicolons" "$TMP/ss/summary.json"' \
    "summary.json's note about the spreadsheet is not in English"
for f in io.txt ss.txt; do
    if python3 tests/lang-check.py words "$TMP/$f" >"$TMP/$f.words"; then ok; else bad "English in $f: $(head -3 "$TMP/$f.words")"; fi
done

# --- bad --lang: exit 2 with the languages cylch writes
"$BIN" run scenarios/toy-town.ini --lang xx --out "$TMP/xx" >"$TMP/xx.out" 2>&1
check '[ $? -eq 2 ]' "--lang xx did not exit 2"
check 'grep -qF "cylch run: --lang '"'xx'"' is not a language cylch writes; choose en (English) or cy (Cymraeg)" "$TMP/xx.out"' \
    "--lang xx does not list the languages: $(cat "$TMP/xx.out")"
check '[ ! -e "$TMP/xx" ]' "--lang xx wrote results"

# --- the same run in English and Welsh: words change, numbers do not
SOURCE_DATE_EPOCH=1700000000 "$BIN" run scenarios/bro-ffestiniog.ini --draws 200 --out "$TMP/en" --no-plots >"$TMP/en.txt" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 "$BIN" run scenarios/bro-ffestiniog.ini --draws 200 --out "$TMP/cy" --no-plots --lang cy \
    >"$TMP/cy.txt" 2>"$TMP/cy.err"
check '[ $? -eq 0 ]' "--lang cy failed: $(cat "$TMP/cy.err")"
# numbers: £ amounts, pence, percentages and plain numbers, in order
nums() { sed "s|$TMP/[a-z]*|DIR|g" "$1" | grep -oE '£[0-9][0-9,.]*(M|bn)?|[0-9][0-9,.]*(p|%)?' | sed 's/[,.]$//' ; }
nums "$TMP/en.txt" >"$TMP/en.nums"
nums "$TMP/cy.txt" >"$TMP/cy.nums"
check '[ -s "$TMP/en.nums" ] && cmp -s "$TMP/en.nums" "$TMP/cy.nums"' \
    "the Welsh summary's numbers differ from the English: $(diff "$TMP/en.nums" "$TMP/cy.nums" | head -5)"
check '[ "$(wc -l <"$TMP/en.nums")" -gt 40 ]' "too few numbers compared ($(wc -l <"$TMP/en.nums"))"
for w in "Mae pob £1 mewn grant i'r rhwydwaith yn werth £2.72 i'r economi leol dros amser" \
         "swyddi cyfwerth ag amser llawn (CALl)" "13 aelod-fenter, 150 o staff CALl" "Ysgrifennwyd y canlyniadau"; do
    check 'grep -qF "$w" "$TMP/cy.txt"' "the Welsh summary lacks '$w'"
done
for w in "Every £1" " is worth " "FTE" "Results written" "Where the money"; do
    check '! grep -qF "$w" "$TMP/cy.txt"' "English left in the Welsh summary: '$w'"
done
# The pages: the same numbers in the same places (text without tags, styles or images).
for l in en cy; do
    python3 - "$TMP/$l/report.html" >"$TMP/$l.page" <<'PY'
import re, sys, html
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style>.*?</style>", " ", t, flags=re.S)
t = re.sub(r"<pre>.*?</pre>", " ", t, flags=re.S)        # the scenario file, the same in both
t = re.sub(r'src="data:[^"]*"', "", t)
print(html.unescape(re.sub(r"<[^>]*>", " ", t)))
PY
    nums "$TMP/$l.page" >"$TMP/$l.page.nums"
done
check '[ "$(wc -l <"$TMP/en.page.nums")" -gt 100 ] && cmp -s "$TMP/en.page.nums" "$TMP/cy.page.nums"' \
    "the Welsh report's numbers differ from the English: $(diff "$TMP/en.page.nums" "$TMP/cy.page.nums" | head -5)"
check 'grep -q "<html lang=\"cy\">" "$TMP/cy/report.html" && grep -q "<html lang=\"en\">" "$TMP/en/report.html"' \
    "the pages do not say their language"
check 'grep -qF "Rhedwyd ar 14 Tachwedd 2023" "$TMP/cy/report.html"' "the Welsh run date is not Welsh"
check 'grep -qF "Cyfrifon yr aelodau ar gyfer 2017-18" "$TMP/cy/report.html"' "no Welsh accounts year"
check 'cmp -s "$TMP/en/summary.json" "$TMP/cy/summary.json" && cmp -s "$TMP/en/members.csv" "$TMP/cy/members.csv"' \
    "the language changed a results file"

# --- the workbooks: Welsh sheet names, headers, About sheet and Summary words; the same numbers
# in the same cells; the About sheet's caveats are the Welsh report's paragraph
pyx=python3
[ -x /usr/bin/python3 ] && pyx=/usr/bin/python3   # Debian's python3-openpyxl
if $pyx tests/lang-check.py workbook "$TMP/en/results.xlsx" "$TMP/cy/results.xlsx" "$TMP/cy/report.html" \
        >"$TMP/wb.out" 2>&1; then ok; else bad "the Welsh results.xlsx: $(head -5 "$TMP/wb.out")"; fi
for l in en cy; do
    "$BIN" compare scenarios/bro-ffestiniog.ini scenarios/grant-cut-20.ini scenarios/buy-local-10.ini --draws 50 \
        --no-plots --quiet --lang $l --out "$TMP/wbc-$l" >/dev/null 2>&1
done
if $pyx tests/lang-check.py workbook "$TMP/wbc-en/compare.xlsx" "$TMP/wbc-cy/compare.xlsx" "$TMP/cy/report.html" \
        >"$TMP/wbc.out" 2>&1; then ok; else bad "the Welsh compare.xlsx: $(head -5 "$TMP/wbc.out")"; fi
# ... and the check sees English: an English workbook fails it
$pyx tests/lang-check.py workbook "$TMP/en/results.xlsx" "$TMP/en/results.xlsx" "$TMP/cy/report.html" >"$TMP/wb-en.out" 2>&1
check '[ "$(grep -c "English in sheet" "$TMP/wb-en.out")" -ge 20 ] && grep -q "not named in Welsh" "$TMP/wb-en.out" && grep -q "caveats" "$TMP/wb-en.out"' \
    "the workbook check does not see English: $(head -3 "$TMP/wb-en.out")"
check 'cmp -s "$TMP/wbc-en/compare.csv" "$TMP/wbc-cy/compare.csv" && cmp -s "$TMP/en/summary-rounded.csv" "$TMP/cy/summary-rounded.csv"' \
    "the language changed a CSV beside a workbook"

# --- cylch explain in Welsh: the same numbers, within 100 characters, no English word; the CSV
# files unchanged; the English unchanged by the check's own measure (it fails English)
for a in "scenarios/toy-town.ini --source all" "scenarios/bro-ffestiniog.ini --source all" \
         "tests/data/economy/toy-economy2.ini --source all --rounds 12"; do
    "$BIN" explain $a >"$TMP/ex-en.txt" 2>&1
    "$BIN" explain $a --lang cy >"$TMP/ex-cy.txt" 2>&1
    check '[ $? -eq 0 ]' "explain $a --lang cy failed: $(head -3 "$TMP/ex-cy.txt")"
    if python3 tests/lang-check.py explain "$TMP/ex-en.txt" "$TMP/ex-cy.txt" >"$TMP/ex.out"; then ok; else
        bad "explain $a in Welsh: $(head -5 "$TMP/ex.out")"; fi
done
for w in "2. Y matrics cyfernodau A" "swm y golofn" "4. Arian grant ('grant'), rownd wrth rownd" "rownd 3" \
         "Pob rownd gyda'i gilydd (terfyn Leontief)" "cyfanswm 1'x" "Paramedrau'r ardal:"; do
    check 'grep -qF "$w" "$TMP/ex-cy.txt" || "$BIN" explain scenarios/toy-town.ini --lang cy | grep -qF "$w"' \
        "the Welsh explanation lacks '$w'"
done
python3 tests/lang-check.py explain "$TMP/ex-en.txt" "$TMP/ex-en.txt" >"$TMP/ex-en.out"
check '[ "$(grep -c "English in the Welsh explanation" "$TMP/ex-en.out")" -ge 30 ]' \
    "the explain check does not see English: $(head -2 "$TMP/ex-en.out")"
"$BIN" explain scenarios/toy-town.ini --csv "$TMP/ex-csv-en" >/dev/null 2>&1
"$BIN" explain scenarios/toy-town.ini --csv "$TMP/ex-csv-cy" --lang cy >"$TMP/ex-csv.txt" 2>&1
check 'diff -r "$TMP/ex-csv-en" "$TMP/ex-csv-cy" >/dev/null && grep -qF "Y tablau fel CSV: $TMP/ex-csv-cy/" "$TMP/ex-csv.txt"' \
    "explain --csv in Welsh: other files, or no Welsh line saying where: $(tail -1 "$TMP/ex-csv.txt")"

# --- the model's notes: in Welsh on the terminal and in the report, in English in the files
check 'grep -qF "cylch: nodyn: wages_local_share: mae beta(sd=0.03) yn lletach" "$TMP/cy.err"' \
    "the Welsh notes are not Welsh: $(head -2 "$TMP/cy.err")"
check 'grep -qF "culheir eu sd i gadw" "$TMP/cy/report.html"' "the report's notes are not Welsh"
for w in "cylch: note:" "is wider than" "is narrowed"; do
    check '! grep -qF "$w" "$TMP/cy.err" "$TMP/cy/report.html"' "English note in the Welsh run: '$w'"
done
check 'grep -qF "is wider than a beta allows around these members'"'"' shares" "$TMP/en/summary.json"' "summary.json's notes are not in English"
# warnings: a place value left out, and a comparison whose draws do not pair
mkdir -p "$TMP/pair"
sed 's|^network = \.\./data|network = '"$PWD"'/data|; s/^name = bro-ffestiniog/name = pair-cy/;
     s/^income.correlation = 0.3/income.correlation = 0.5/; /^household_member_share/d' \
    scenarios/bro-ffestiniog.ini >"$TMP/pair/cy.ini"
"$BIN" compare scenarios/bro-ffestiniog.ini "$TMP/pair/cy.ini" --draws 50 --out "$TMP/pair/c" --no-plots \
    --lang cy >"$TMP/pair.out" 2>&1
for w in "Rhybudd: nid yw $TMP/pair/cy.ini yn tynnu'r un mewnbynnau ansicr â'r sylfaen" \
         "(sylfaen: lognormal(rel=0.1), cydberthyniad 0.3; yma: lognormal(rel=0.1), cydberthyniad 0.5)" \
         "household_member_share (ansicr yn y sylfaen, sefydlog yma)" \
         "felly defnyddir 0: nid yw aelwydydd yn gwario dim gyda'r aelodau"; do
    check 'grep -qF "$w" "$TMP/pair.out"' "the Welsh warnings lack '$w': $(grep -i warn "$TMP/pair.out" | head -2)"
done
for w in "Warning:" "does not" "here:" "in the base" "households spend"; do
    check '! grep -qF "$w" "$TMP/pair.out"' "English in the Welsh warnings: '$w'"
done

# --- compare and sensitivity in Welsh: the terminal and the page, with the English numbers
pagetext() {
    python3 - "$1" <<'PY'
import re, sys, html
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style>.*?</style>", " ", t, flags=re.S)
t = re.sub(r'src="data:[^"]*"', "", t)
print(html.unescape(re.sub(r"<[^>]*>", " ", t)))
PY
}
for l in en cy; do
    "$BIN" compare scenarios/bro-ffestiniog.ini scenarios/grant-cut-20.ini scenarios/buy-local-10.ini \
        scenarios/hire-local.ini --draws 100 --out "$TMP/cmp-$l" --no-plots --lang $l >"$TMP/cmp-$l.txt" 2>/dev/null
    "$BIN" sensitivity scenarios/bro-ffestiniog.ini --out "$TMP/tor-$l" --no-plots --lang $l >"$TMP/tor-$l.txt" 2>/dev/null
    "$BIN" sensitivity scenarios/hire-local.ini --against scenarios/bro-ffestiniog.ini --method sobol --draws 64 \
        --out "$TMP/sob-$l" --no-plots --lang $l >"$TMP/sob-$l.txt" 2>/dev/null
    "$BIN" sensitivity scenarios/bro-ffestiniog.ini --method spearman --draws 100 --out "$TMP/spe-$l" --no-plots \
        --lang $l >"$TMP/spe-$l.txt" 2>/dev/null
    for k in cmp tor sob spe; do pagetext "$TMP/$k-$l/report.html" >"$TMP/$k-$l.page"; done
done
for k in cmp tor sob spe; do
    for t in txt page; do
        sed 's/cmp-[a-z]*\|tor-[a-z]*\|sob-[a-z]*\|spe-[a-z]*/OUT/g' "$TMP/$k-en.$t" >"$TMP/$k-en.$t.s"
        sed 's/cmp-[a-z]*\|tor-[a-z]*\|sob-[a-z]*\|spe-[a-z]*/OUT/g' "$TMP/$k-cy.$t" >"$TMP/$k-cy.$t.s"
        nums "$TMP/$k-en.$t.s" >"$TMP/$k-en.$t.nums"
        nums "$TMP/$k-cy.$t.s" >"$TMP/$k-cy.$t.nums"
        check '[ "$(wc -l <"$TMP/$k-en.$t.nums")" -gt 10 ] && cmp -s "$TMP/$k-en.$t.nums" "$TMP/$k-cy.$t.nums"' \
            "$k ($t): the Welsh numbers differ from the English: $(diff "$TMP/$k-en.$t.nums" "$TMP/$k-cy.$t.nums" | head -4)"
    done
done
check 'cmp -s "$TMP/cmp-en/compare.json" "$TMP/cmp-cy/compare.json" && cmp -s "$TMP/sob-en/sobol.csv" "$TMP/sob-cy/sobol.csv" &&
       cmp -s "$TMP/tor-en/sensitivity.json" "$TMP/tor-cy/sensitivity.json"' "the language changed a results file"
for w in "Mae pob £1 mewn grant yn werth £2.72 i'r economi leol yn lle £2.72" "yn newid y cylchrediad lleol" \
         "Gwerth am arian cyhoeddus: y senarios yn eu trefn" "am bob £1" "Sut i ddarllen hyn." "Sylfaen: "; do
    check 'grep -qF "$w" "$TMP/cmp-cy.txt" "$TMP/cmp-cy.page"' "Welsh compare lacks '$w'"
done
for w in "o'i ganradd 5 i'w ganradd 95 mae gwerth y lluosydd yn mynd o" "cyfran wariant lleol yr aelwydydd" \
         "Ar beth mae'r canlyniad yn dibynnu"; do
    check 'grep -qF "$w" "$TMP/tor-cy.txt" "$TMP/tor-cy.page"' "Welsh tornado lacks '$w'"
done
for w in "o amrywiant y gwahaniaeth ar ei ben ei hun" "Mynegeion Sobol pob mewnbwn" "Ar wahaniaeth." \
         "gyda rhyngweithio (cyfanswm)" "ym mhob un o'r 13 aelod, yn symud gyda'i gilydd (cydberthyniad"; do
    check 'grep -qF "$w" "$TMP/sob-cy.txt" "$TMP/sob-cy.page"' "Welsh Sobol lacks '$w'"
done
check 'grep -qF "cydberthyniad rhestrol" "$TMP/spe-cy.txt"' "Welsh Spearman is not Welsh"
# what moves with an input (members' shares correlated), in Welsh on the terminal
mkdir -p "$TMP/mw"
sed 's|^network = .*|network = '"$PWD"'/data/toy-town|; s/^draws = 0/draws = 200/' scenarios/toy-town.ini >"$TMP/mw/s.ini"
printf '\n[uncertainty]\nwages_local_share = beta(sd=0.1)\nwages_local_share.correlation = 0.5\n' >>"$TMP/mw/s.ini"
for m in spearman tornado; do
    "$BIN" sensitivity "$TMP/mw/s.ini" --method $m --out "$TMP/mw/$m" --no-plots --lang cy >"$TMP/mw/$m.txt" 2>&1
    check 'grep -qF "a'"'"'r canlynol yn symud gydag ef: cyfran leol y cyflogau yn y 2 aelod arall (cydberthyniad 0.5) — " "$TMP/mw/$m.txt" &&
           grep -qF "the other 2 members'"'"' local share of wages (correlation 0.5)" "$TMP/mw/$m/sensitivity.csv"' \
        "$m: what moves with an input is not Welsh (or the CSV's not English): $(sed -n 2p "$TMP/mw/$m.txt")"
    if python3 tests/lang-check.py words "$TMP/mw/$m.txt" >"$TMP/mw/$m.words"; then ok; else bad "English in $m: $(head -3 "$TMP/mw/$m.words")"; fi
done
# English words of these pages (the scenarios' descriptions are data, written as given)
for w in "changes local circulation" "Every £1" "is worth" "90% range" "of draws" "Base:" "rank " \
         "Results written" "What drives" "percentile" "a swing of" "How to read this" "On a difference" \
         "rests on" "variance" "intervals overlap" "Value for public money" "side by side" "per £1" \
         "rank correlation" "with interactions" "Sobol' indices from" " to " "no value" "Warning" \
         "moving together" "correlated" "move together"; do
    for k in cmp tor sob spe; do
        check '! grep -qF "$w" "$TMP/$k-cy.txt" "$TMP/$k-cy.page"' "English in Welsh $k: '$w'"
    done
done
# (the English pages do say them: the check can fail)
check 'grep -qF "changes local circulation" "$TMP/cmp-en.txt" && grep -qF "a swing of" "$TMP/tor-en.page"' \
    "the English compare and sensitivity lack the words the Welsh checks look for"

# --- --help and the messages about the command line, in Welsh
"$BIN" --help --lang cy >"$TMP/help-cy.txt" 2>&1
check '[ $? -eq 0 ] && grep -q "^Defnydd:" "$TMP/help-cy.txt" && grep -qF "cyfrifo lluosyddion lleol rhwydwaith" "$TMP/help-cy.txt"' \
    "cylch --help --lang cy is not Welsh: $(head -3 "$TMP/help-cy.txt")"
for c in run compare sensitivity explain report io new serve; do
    "$BIN" $c --help --lang cy >"$TMP/help-$c.txt" 2>&1
    check '[ $? -eq 0 ] && grep -q "^Defnydd: cylch $c" "$TMP/help-$c.txt" && grep -q "^Dewisiadau:" "$TMP/help-$c.txt" && grep -qF "y cymorth hwn" "$TMP/help-$c.txt"' \
        "cylch $c --help --lang cy is not Welsh: $(head -3 "$TMP/help-$c.txt")"
    cat "$TMP/help-$c.txt" >>"$TMP/help-cy.txt"
done
for w in "Usage:" "Options:" "Files written" "(default" "See docs/" "this help" "Exit status" " the " " of " \
         " and " " for " " with "; do
    check '! grep -qF "$w" "$TMP/help-cy.txt"' "English in the Welsh --help: $(grep -F "$w" "$TMP/help-cy.txt" | head -2)"
done
check '"$BIN" run --help | grep -q "^Usage: cylch run" && "$BIN" run --help | grep -qF "this help"' \
    "the English --help lacks the words the Welsh check looks for"
"$BIN" run x.ini --drawz 3 --lang cy >"$TMP/mis.out" 2>&1
st=$?
check '[ $st -eq 2 ] && grep -qxF "cylch run: dewis anhysbys '"'--drawz'"'" "$TMP/mis.out" && grep -qxF "rhowch gynnig ar '"'cylch run --help'"'" "$TMP/mis.out"' \
    "a Welsh misuse message: exit $st, $(cat "$TMP/mis.out")"
"$BIN" compare scenarios/toy-town.ini --lang cy >"$TMP/mis2.out" 2>&1
check 'grep -qF "rhowch senario sylfaen ac o leiaf un arall" "$TMP/mis2.out"' "a Welsh missing-operand message: $(cat "$TMP/mis2.out")"

# --- warnings about the plots, and the note of scale = income, in Welsh
mkdir -p "$TMP/nogp"
ln -s "$(command -v sh)" "$TMP/nogp/sh"
PATH="$TMP/nogp" "$BIN" run scenarios/toy-town.ini --out "$TMP/ng" --lang cy >"$TMP/ng.out" 2>"$TMP/ng.err"
check 'grep -qF "cylch: rhybudd: ni chafwyd hyd i gnuplot, felly ni luniwyd y plotiau" "$TMP/ng.err" && grep -qF "ni chafwyd hyd i gnuplot ar PATH" "$TMP/ng/report.html" && ! grep -q "not found\|warning" "$TMP/ng.err"' \
    "the warning without gnuplot is not Welsh: $(cat "$TMP/ng.err")"
"$BIN" run scenarios/grant-cut-20.ini --out "$TMP/gc" --no-plots --lang cy >/dev/null 2>"$TMP/gc.err"
check 'grep -qF "scale = income: symudodd staff, cyflogau" "$TMP/gc.err" && grep -qE "gyda.u hincwm \(x[0-9.]+ i x[0-9.]+\)" "$TMP/gc.err"' \
    "the scale = income note is not Welsh: $(grep scale "$TMP/gc.err")"

# --- the plots: no script writes words of its own (they come from words.gnuplot) ...
if python3 tests/lang-check.py gp plots/*.gp >"$TMP/gp.out"; then ok; else bad "$(cat "$TMP/gp.out")"; fi
cat >"$TMP/probe.gp" <<'GP'
set title "Some words here"
plot x title sprintf("Round %d", 1) lc rgb 'white'
GP
python3 tests/lang-check.py gp "$TMP/probe.gp" >"$TMP/probe-gp.out"
check '[ "$(grep -c "not from words.gnuplot" "$TMP/probe-gp.out")" -eq 2 ]' \
    "the gnuplot check does not find English in a script: $(cat "$TMP/probe-gp.out")"
# ... and every plot of run, compare and sensitivity drawn in Welsh shows no English word
# (names of members, scenarios and inputs are data and stay as written).
if command -v gnuplot >/dev/null 2>&1; then
    "$BIN" run scenarios/bro-ffestiniog.ini --draws 200 --out "$TMP/pcy" --lang cy >/dev/null 2>&1
    "$BIN" compare scenarios/bro-ffestiniog.ini scenarios/grant-cut-20.ini scenarios/buy-local-10.ini \
        --draws 200 --out "$TMP/ccy" --lang cy >/dev/null 2>&1
    "$BIN" sensitivity scenarios/bro-ffestiniog.ini --out "$TMP/tcy" --lang cy >/dev/null 2>&1
    "$BIN" sensitivity scenarios/hire-local.ini --against scenarios/bro-ffestiniog.ini --method sobol \
        --draws 64 --out "$TMP/scy" --lang cy >/dev/null 2>&1
    svgs=$(ls "$TMP"/pcy/*.svg "$TMP"/ccy/*.svg "$TMP"/tcy/*.svg "$TMP"/scy/*.svg 2>/dev/null)
    check '[ "$(echo "$svgs" | wc -w)" -eq 11 ]' "not every Welsh plot was drawn: $(echo $svgs)"
    if python3 tests/lang-check.py svg cy $svgs >"$TMP/svg.out"; then ok; else bad "$(cat "$TMP/svg.out")"; fi
    python3 tests/lang-check.py svg en $svgs >"$TMP/svg.txt"
    for w in "Beth sy'n digwydd i bob £1, rownd wrth rownd (bro-ffestiniog)" "Rownd 3" "gwerth £2.72 dros amser" \
             "Pa mor sicr ydym ni? Mae pob £1 mewn grant yn werth £2.72" "Y prif luosydd, £ am bob £1" \
             "newid, ceiniogau am bob £1" "mewnbwn ar ei 95ain canradd" "cyfwng 95%" "Masnach allanol"; do
        check 'grep -qF "$w" "$TMP/svg.txt"' "the Welsh plots lack '$w'"
    done
    # the check sees English: the same plot in English fails it
    "$BIN" sensitivity scenarios/bro-ffestiniog.ini --out "$TMP/ten" >/dev/null 2>&1
    python3 tests/lang-check.py svg cy "$TMP/ten/tornado.svg" >"$TMP/svg-en.out"
    check '[ "$(grep -c "English in the plot" "$TMP/svg-en.out")" -ge 4 ]' "the SVG check does not see English"
fi

# --- English by default, whatever the environment asks for
LANGUAGE=cy LANG=cy_GB.UTF-8 LC_ALL= LC_MESSAGES=cy_GB.UTF-8 "$BIN" run scenarios/toy-town.ini --out "$TMP/env" \
    --no-plots >"$TMP/env.txt" 2>&1
check 'grep -q "^Every £1 of grant to the network" "$TMP/env.txt" && grep -q "<html lang=\"en\">" "$TMP/env/report.html"' \
    "without --lang the output is not English: $(head -3 "$TMP/env.txt")"
"$BIN" run scenarios/toy-town.ini --out "$TMP/en2" --lang en --no-plots >"$TMP/en2.txt" 2>&1
check 'grep -q "^Every £1 of grant to the network" "$TMP/en2.txt"' "--lang en is not English"

# --- found beside an installed program (PREFIX/bin/cylch, PREFIX/share/locale), and a clear
# error where there is none
mkdir -p "$TMP/p/bin" "$TMP/p/share/locale/cy/LC_MESSAGES" "$TMP/q/bin"
cp "$BIN" "$TMP/p/bin/cylch"
cp "$BIN" "$TMP/q/bin/cylch"
cp "$BUILD/locale/cy/LC_MESSAGES/cylch.mo" "$TMP/p/share/locale/cy/LC_MESSAGES/"
"$TMP/p/bin/cylch" run scenarios/toy-town.ini --out "$TMP/inst" --no-plots --lang cy >"$TMP/inst.txt" 2>&1
check 'grep -q "^Mae pob £1 mewn grant" "$TMP/inst.txt"' "an installed cylch does not find its Welsh: $(head -3 "$TMP/inst.txt")"
"$TMP/q/bin/cylch" run scenarios/toy-town.ini --out "$TMP/none" --no-plots --lang cy >"$TMP/none.txt" 2>&1
st=$?
check '[ $st -eq 1 ] && grep -q "cannot find the Welsh messages" "$TMP/none.txt" && [ ! -e "$TMP/none" ]' \
    "no catalogue: exit $st, $(cat "$TMP/none.txt")"

echo "lang-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# cylch — render report.html in headless Chromium, as a reader would see it,
# and check that the page is not blank, that every embedded image loaded,
# that no NaN shows, and that it prints to A4.
#
#   sh tests/report-check.sh                  reports of the shipped scenarios,
#                                             made with $CYLCH_BIN (build/cylch)
#   sh tests/report-check.sh REPORT.html ...  those reports
#
# Run from the project root. Chromium comes from Debian's archive: installed
# with apt-get when missing and run as root, otherwise the check is skipped
# (exit 77). Environment: CYLCH_BIN, CHROMIUM (the browser to use),
# REPORT_CHECK_KEEP=1 keeps the screenshots (their folder is printed).
LC_ALL=C.UTF-8
export LC_ALL
BIN=${CYLCH_BIN:-build/cylch}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cylch-report-check.XXXXXX") || exit 1
if [ "${REPORT_CHECK_KEEP:-0}" = 1 ]; then
    echo "report-check: files kept in $TMP"
else
    trap 'rm -rf "$TMP"' EXIT INT TERM
fi
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# --- the browser
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "report-check: installing chromium (apt-get install chromium)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >"$TMP/apt.log" 2>&1 ||
        { apt-get update >>"$TMP/apt.log" 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >>"$TMP/apt.log" 2>&1; }
    command -v chromium >/dev/null 2>&1 && browser=chromium
fi
if [ -z "$browser" ]; then
    echo "report-check: SKIP: Chromium is not installed (sudo apt-get install chromium)"
    exit 77
fi
tmo=""
command -v timeout >/dev/null 2>&1 && tmo="timeout 180"

# run_browser LOG ARGS...: headless, no network, a fresh profile each time.
run_browser() {
    log=$1; shift
    prof=$(mktemp -d "$TMP/profile.XXXXXX")
    $tmo "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" "$@" >"$log" 2>"$log.err"
    status=$?
    rm -rf "$prof"
    return $status
}

# file_url PATH: an absolute file:// URL (spaces and % escaped).
file_url() {
    case $1 in
        /*) p=$1 ;;
        *) p=$(pwd)/$1 ;;
    esac
    printf 'file://%s' "$p" | sed 's/%/%25/g; s/ /%20/g; s/#/%23/g; s/?/%3F/g'
}

# A script added to a copy of the report: once everything has loaded it
# counts the images, those that did not load (no natural width), and
# NaN or infinity in the text, and writes the counts into the page.
cat >"$TMP/probe.html" <<'JS'
<script>
window.addEventListener('load', function () {
  var imgs = document.images, broken = 0, i;
  for (i = 0; i < imgs.length; i++)
    if (!imgs[i].complete || imgs[i].naturalWidth === 0) broken++;
  var text = document.body.innerText || '';
  var nan = (text.match(/(^|[^A-Za-z])(NaN|nan|-?inf|Infinity)([^A-Za-z]|$)/g) || []).length;
  var out = document.createElement('pre');
  out.id = 'cylch-probe';
  out.textContent = 'images=' + imgs.length + ' broken=' + broken + ' nan=' + nan +
    ' text=' + text.length + ' width=' + document.documentElement.scrollWidth +
    ' view=' + document.documentElement.clientWidth;
  document.body.appendChild(out);
  // What a reader sees of the title, the headline box, the caveats and each figure's
  // caption, one per line, for the checks on their words.
  var words = document.createElement('pre'), lines = [], q = function (sel) {
    return Array.prototype.map.call(document.querySelectorAll(sel), function (e) {
      return (e.innerText || '').replace(/\s+/g, ' ').trim(); });
  };
  q('h1').forEach(function (t) { lines.push('h1: ' + t); });
  q('title').forEach(function (t) { lines.push('title: ' + document.title); });
  q('.headline').forEach(function (t) { lines.push('headline: ' + t); });
  q('#caveats').forEach(function (t) { lines.push('caveats: ' + t); });
  q('figcaption').forEach(function (t) { lines.push('caption: ' + t); });
  q('h2').forEach(function (t) { lines.push('h2: ' + t); });
  words.id = 'cylch-words';
  words.textContent = lines.join('\n');
  document.body.appendChild(words);
});
</script>
JS

# The lines of the words probe in a dumped page, into FILE.
words_of() {
    tr '\n' '\001' <"$1" | sed 's/.*<pre id="cylch-words">//; s/<\/pre>.*//' | tr '\001' '\n' |
        sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' >"$2"
}

# A page that counts the non-white pixels of a screenshot (a data: URI, so
# the canvas may be read).
pixel_page() {
    {
        printf '<!DOCTYPE html><html><body><canvas id="c"></canvas><img id="i" src="data:image/png;base64,'
        base64 "$1" | tr -d '\n'
        cat <<'JS'
"><script>
window.addEventListener('load', function () {
  var im = document.getElementById('i'), c = document.getElementById('c');
  c.width = im.naturalWidth; c.height = im.naturalHeight;
  var g = c.getContext('2d'); g.drawImage(im, 0, 0);
  var d = g.getImageData(0, 0, c.width, c.height).data, ink = 0, k;
  for (k = 0; k < d.length; k += 4)
    if (d[k] < 235 || d[k + 1] < 235 || d[k + 2] < 235) ink++;
  var out = document.createElement('pre');
  out.id = 'cylch-pixels';
  out.textContent = 'w=' + c.width + ' h=' + c.height + ' ink=' + ink;
  document.body.appendChild(out);
});
</script></body></html>
JS
    } >"$2"
}

# field NAME TEXT: the number after NAME= in TEXT.
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

check_report() {
    report=$1
    n=$2
    if [ ! -s "$report" ]; then
        bad "$report: missing or empty"
        return
    fi
    want=$(grep -o '<img ' "$report" | wc -l)
    uris=$(grep -o 'src="data:image/\(svg+xml\|png\);base64,' "$report" | wc -l)
    if [ "$want" -ge 1 ] && [ "$uris" -eq "$want" ]; then ok; else
        bad "$report: $want images, $uris of them embedded as data: URIs"; fi

    # Every image loaded, no NaN, nothing wider than the window.
    awk -v probe="$TMP/probe.html" '$0 == "</body>" { while ((getline l < probe) > 0) print l } { print }' \
        "$report" >"$TMP/probe-$n.html"
    run_browser "$TMP/dom-$n.html" --virtual-time-budget=10000 --window-size=1240,1754 --dump-dom \
        "$(file_url "$TMP/probe-$n.html")"
    probe=$(sed -n 's/.*<pre id="cylch-probe">\([^<]*\)<.*/\1/p' "$TMP/dom-$n.html")
    if [ -z "$probe" ]; then
        bad "$report: the page did not finish loading in Chromium"; tail -3 "$TMP/dom-$n.html.err"
        return
    fi
    echo "  $report: $probe"
    [ "$(field images "$probe")" -eq "$want" ] && ok || bad "$report: Chromium saw $(field images "$probe") images, the file has $want"
    [ "$(field broken "$probe")" -eq 0 ] && ok || bad "$report: $(field broken "$probe") images did not load"
    [ "$(field nan "$probe")" -eq 0 ] && ok || bad "$report: NaN or infinity in the text"
    [ "$(field text "$probe")" -gt 2000 ] && ok || bad "$report: hardly any text"
    [ "$(field width "$probe")" -le "$(field view "$probe")" ] && ok ||
        bad "$report: the page is wider than the window (something overflows)"
    words_of "$TMP/dom-$n.html" "$TMP/words-$n.txt"

    # The page as a reader sees it: an A4-shaped window, not blank.
    run_browser "$TMP/shot-$n.log" --window-size=1240,1754 --hide-scrollbars \
        --screenshot="$TMP/shot-$n.png" "$(file_url "$report")"
    if [ ! -s "$TMP/shot-$n.png" ]; then
        bad "$report: no screenshot"; tail -3 "$TMP/shot-$n.log.err"
        return
    fi
    pixel_page "$TMP/shot-$n.png" "$TMP/pixels-$n.html"
    run_browser "$TMP/pixels-$n.out" --virtual-time-budget=10000 --window-size=400,300 --dump-dom \
        "$(file_url "$TMP/pixels-$n.html")"
    px=$(sed -n 's/.*<pre id="cylch-pixels">\([^<]*\)<.*/\1/p' "$TMP/pixels-$n.out")
    echo "  screenshot: $px"
    if [ "$(field w "$px")" = 1240 ] && [ "$(field h "$px")" = 1754 ]; then ok; else
        bad "$report: screenshot is not 1240×1754 ($px)"; fi
    # Text, the headline box and a figure: well over 2% of the pixels are ink.
    ink=$(field ink "$px")
    if [ -n "$ink" ] && [ "$ink" -gt $((1240 * 1754 / 50)) ]; then ok; else
        bad "$report: the page looks blank ($px)"; fi

    # Printing: A4 pages (595×842 points), more than one of them.
    run_browser "$TMP/pdf-$n.log" --no-pdf-header-footer --print-to-pdf="$TMP/report-$n.pdf" \
        "$(file_url "$report")"
    if [ -s "$TMP/report-$n.pdf" ]; then
        pages=$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$TMP/report-$n.pdf")
        if grep -a -q 'MediaBox \[0 0 59[45]\.[0-9]* 84[12]\.[0-9]*\]' "$TMP/report-$n.pdf" ||
           grep -a -q 'MediaBox \[0 0 595 842\]' "$TMP/report-$n.pdf"; then ok; else
            bad "$report: the printed pages are not A4"; fi
        [ "$pages" -ge 2 ] && ok || bad "$report: printed to $pages page(s)"
        echo "  printed: $pages pages"
    else
        bad "$report: Chromium did not print it to PDF"
    fi
}

if [ $# -gt 0 ]; then
    i=0
    for r in "$@"; do
        i=$((i + 1))
        check_report "$r" "$i"
    done
else
    i=0
    for s in scenarios/toy-town.ini scenarios/bro-ffestiniog.ini; do
        i=$((i + 1))
        name=$(basename "$s" .ini)
        draws=300
        [ "$name" = toy-town ] && draws=0
        if "$BIN" run "$s" --out "$TMP/run-$name" --draws "$draws" >"$TMP/run-$name.log" 2>&1; then
            ok
        else
            bad "$BIN run $s failed"; tail -5 "$TMP/run-$name.log"
            continue
        fi
        if [ ! -e "$TMP/run-$name/report.html" ]; then
            bad "$s: cylch run wrote no report.html"
            continue
        fi
        check_report "$TMP/run-$name/report.html" "$i"
        # As a reader sees it: the title is the scenario's description, the headline leads
        # with LM3 and puts "over time" (LM∞) beside it, and the caveats are there.
        desc=$(sed -n 's/^description = //p' "$s")
        w="$TMP/words-$i.txt"
        grep -qxF "h1: $desc" "$w" && ok || bad "$s: the page's title is not the description '$desc'"
        grep -q "^headline: Every £1 .* within three rounds of spending (LM3.*), and £[0-9.]* over time (LM∞" "$w" &&
            ok || bad "$s: the headline does not lead with LM3: $(grep '^headline' "$w")"
        grep -q "^caveats: .*gross local circulation.*Additionality.*Displacement.*Deadweight" "$w" && ok ||
            bad "$s: no caveats on the page"
    done
    # The Welsh report (--lang cy) as a reader sees it: the headline, the figures' titles and
    # captions and the caveats in Welsh, with no English word left in them (the scenario's
    # own description, the user's text, is the page's title and is left as written).
    i=$((i + 1))
    if "$BIN" run scenarios/bro-ffestiniog.ini --lang cy --out "$TMP/run-cy" --draws 300 >"$TMP/run-cy.log" 2>&1; then
        ok
        check_report "$TMP/run-cy/report.html" "$i"
        w="$TMP/words-$i.txt"
        # ("draw" is left out: Welsh says "yn y pen draw", in the end)
        english='the|of|and|to|every|worth|within|over|time|each|money|local|economy|spending|spent|round|rounds|figure|where|goes|leaves|area|member|members|trade|draws|multiplier|headline|mean|range|what|how|with|from|share|these|are|not|gross|circulation'
        grep -q "^headline: Mae pob £1 mewn grant i'r rhwydwaith yn werth £[0-9.]* i'r economi leol o fewn tair rownd o wario (LM3, ystod 90% £" "$w" &&
            ok || bad "the Welsh headline is not Welsh: $(grep '^headline' "$w")"
        [ "$(grep -c '^caption: Ffigur [0-9]*\. ' "$w")" -eq 7 ] && ok ||
            bad "the Welsh report does not have 7 Welsh figure captions: $(grep -c '^caption' "$w")"
        grep -q "^caveats: Beth yw'r ffigurau hyn.*cylchrediad lleol gros.*Ychwanegedd.*Dadleoli.*Pwysau marw" "$w" && ok ||
            bad "the Welsh caveats are not Welsh"
        left=$(grep -E '^(headline|caption|caveats): ' "$w" | sed 's/^[a-z]*: //' | grep -owiE "$english" | sort -u | tr '\n' ' ')
        [ -z "$left" ] && ok || bad "English left in the Welsh headline, captions or caveats: $left"
    else
        bad "$BIN run --lang cy failed"; tail -5 "$TMP/run-cy.log"
    fi
    # The Welsh pages of compare and sensitivity: their titles, headings and captions.
    for page in "compare:2:Cymharu senarios â bro-ffestiniog" \
                "sensitivity:1:Ar beth mae'r gwahaniaeth rhwng hire-local a bro-ffestiniog yn dibynnu (sobol)"; do
        cmd=${page%%:*}; rest=${page#*:}; ncap=${rest%%:*}; h1=${rest#*:}
        i=$((i + 1))
        if [ "$cmd" = compare ]; then
            set -- scenarios/bro-ffestiniog.ini scenarios/hire-local.ini --draws 200
        else    # (Sobol on a difference: the longest page, with its table)
            set -- scenarios/hire-local.ini --against scenarios/bro-ffestiniog.ini --method sobol --draws 64
        fi
        if "$BIN" "$cmd" "$@" --lang cy --out "$TMP/$cmd-cy" >"$TMP/$cmd-cy.log" 2>&1; then
            ok
            check_report "$TMP/$cmd-cy/report.html" "$i"
            w="$TMP/words-$i.txt"
            grep -qxF "h1: $h1" "$w" && ok || bad "$cmd --lang cy: the title is not Welsh: $(grep '^h1' "$w")"
            [ "$(grep -c '^caption: Ffigur [0-9]*\. ' "$w")" -eq "$ncap" ] && ok ||
                bad "$cmd --lang cy: not $ncap Welsh figure captions: $(grep '^caption' "$w")"
            # (scenario names such as hire-local are the user's, left as written)
            left=$(grep -E '^(h1|h2|caption): ' "$w" | sed 's/^[a-z0-9]*: //; s/[^ ]*-[^ ]*//g' | grep -owiE "$english" |
                   sort -u | tr '\n' ' ')
            [ -z "$left" ] && ok || bad "English left in the Welsh $cmd page's title, headings or captions: $left"
        else
            bad "$BIN $cmd --lang cy failed"; tail -5 "$TMP/$cmd-cy.log"
        fi
    done
fi
echo "report-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

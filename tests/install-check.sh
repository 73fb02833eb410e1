#!/bin/sh
# An installed cylch works from any folder (issue 8): `make install PREFIX=…` into a
# temporary prefix, then, from another folder, `PREFIX/bin/cylch run` draws the plots
# (it finds PREFIX/share/cylch/plots) and `PREFIX/bin/cylch serve` finds its pages
# (PREFIX/share/cylch/web). Run from the project root; CYLCH_BUILD names the build
# folder whose binary is installed. Prints "install-check: P passed, F failed".
LC_ALL=C.UTF-8
export LC_ALL
unset CYLCH_WEB CYLCH_PLOTS
BUILD=${CYLCH_BUILD:-build}
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cylch-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "install-check: SKIP: gnuplot is not installed"; exit 77
fi
# The installed binary is the one under test (BUILD); make only copies it.
if MAKEFLAGS= MAKELEVEL= make -s install PREFIX="$TMP/opt" BUILD="$BUILD" >"$TMP/install.log" 2>&1; then ok; else
    bad "make install failed"; cat "$TMP/install.log"; fi
BIN="$TMP/opt/bin/cylch"
if [ -x "$BIN" ] && [ -f "$TMP/opt/share/cylch/plots/rounds.gp" ] && [ -f "$TMP/opt/share/cylch/web/index.html" ]
then ok; else bad "make install did not install the program, its plot scripts and its pages"; fi

# From a folder with nothing of the source tree in it or above it.
mkdir -p "$TMP/elsewhere"
cp -r "$ROOT/scenarios" "$ROOT/data" "$TMP/elsewhere/"
cd "$TMP/elsewhere" || exit 1
"$BIN" run scenarios/toy-town.ini --out run --quiet >"$TMP/run.out" 2>"$TMP/run.err"
st=$?
if [ "$st" -eq 0 ]; then ok; else bad "installed cylch run exited $st"; cat "$TMP/run.err"; fi
if [ -s run/rounds.png ] && [ -s run/members.png ] && [ -s run/report.html ]; then ok; else
    bad "installed cylch run drew no plots"; ls run; fi
if grep -q "plot" "$TMP/run.err"; then bad "installed cylch run warned about plots:"; cat "$TMP/run.err"; else ok; fi
if grep -q "no-plots" run/report.html; then bad "the report says the plots were skipped"; else ok; fi

# cylch serve finds its pages and serves the first one.
mkdir -p ws
"$BIN" serve --port 0 --dir ws >"$TMP/serve.out" 2>"$TMP/serve.err" &
pid=$!
port=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.out" | head -n 1)
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.25
done
if [ -n "$port" ]; then ok; else bad "installed cylch serve did not start:"; cat "$TMP/serve.err"; fi
if [ -n "$port" ] && python3 - "$port" <<'EOF'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
c.request("GET", "/")
r = c.getresponse()
body = r.read().decode("utf-8", "replace")
sys.exit(0 if r.status == 200 and "<html" in body.lower() else 1)
EOF
then ok; else bad "installed cylch serve did not serve its first page"; fi
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
cd "$ROOT" || exit 1
echo "install-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

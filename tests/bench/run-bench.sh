#!/bin/sh
# make bench: speed and memory, run from the project root. $1: the build folder.
#   1. the draw loop alone (bench_mc): draws/s on 1 and 2 threads, bro-ffestiniog and
#      generated networks;
#   2. cylch end to end as a user runs it (cylch run --no-plots, draws.csv written) on
#      1 and 2 threads, interleaved in this one process tree with the team's numpy peer
#      (the path the Makefile passes in BENCH_PEER: by default the team's peer_mc.py in the
#      folder beside the repository; --workers 2, with Debian's /usr/bin/python3) when it is there: the ratio cylch/peer at 400,000 and 1,000,000 draws,
#      the efficiency 1 → 2 threads, peak resident memory at 100k/400k/1M draws and
#      the bytes each draw adds.
# Each configuration runs BENCH_REPS times (default 3), interleaved, and the fastest run
# counts: on a shared machine the slow runs measure the neighbours, not the program.
# Environment: BENCH_REPS, BENCH_SIZES (default "400000 1000000"), BENCH_SCENARIO,
# BENCH_PEER (the peer's path), BENCH_PARTS (default "kernel regional web e2e"). The repository never
# needs the peer: without it the ratio is skipped, with a message.
set -e
build=${1:-build}
bin=${CYLCH_BIN:-$build/cylch}
run="$build/bench/bench_run"
# the numpy peer draws the local shares and place values only: the same workload for both
scenario=${BENCH_SCENARIO:-tests/bench/bro-ffestiniog-shares.ini}
reps=${BENCH_REPS:-3}
sizes=${BENCH_SIZES:-400000 1000000}
peer=${BENCH_PEER:-}
parts=${BENCH_PARTS:-kernel regional web e2e}
python=/usr/bin/python3

case " $parts " in *" kernel "*) "$build/bench/bench_mc" ;; esac
# 1b. the network inside a regionalised economy (bro-ffestiniog-gwynedd: 105 industries,
#     delta fixed and drawn) beside the single agent B: draws/s on 1 and 2 threads.
case " $parts " in *" regional "*) echo; "$build/bench/bench_regional" ;; esac
# 3. the Explore page of cylch serve: from a slider move to the new figures on the page, in
#    headless Chromium, on the toy town (target within 100 ms); skipped without Selenium.
case " $parts " in *" web "*)
    sh tests/web-check.sh "$bin" --bench | grep -E '^(bench explore|web-check: SKIP)' || true ;;
esac
case " $parts " in *" e2e "*) ;; *) exit 0 ;; esac

out=$(mktemp -d "${TMPDIR:-/tmp}/cylch-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

have_peer=0
if [ ! -f "$peer" ]; then
    echo "numpy peer: $peer is not there; the ratio to it is skipped"
elif ! "$python" -c 'import numpy' 2>/dev/null; then
    echo "numpy peer: $python cannot import numpy (apt-get install python3-numpy); the ratio is skipped"
else
    have_peer=1
fi

echo
echo "end to end, as a user runs it: cylch run $scenario --draws N --no-plots (draws.csv written)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

# field NAME LINE: the number after NAME in a bench_run line
field() { printf '%s\n' "$2" | sed -n "s/.*$1 \([0-9.]*\).*/\1/p"; }
# min A B: the smaller (an empty A counts as infinity)
min() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }

cylch_once() { # N THREADS → "wall rss"
    line=$("$run" "$bin" run "$scenario" --draws "$1" --threads "$2" --no-plots --quiet --force \
        --out "$out/run-$1-$2" 2>"$out/stderr" | grep '^bench_run:')
    [ "$(field exit "$line")" = 0 ] || { cat "$out/stderr" >&2; echo "cylch run failed: $line" >&2; exit 1; }
    size=$(wc -c < "$out/run-$1-$2/draws.csv")
    rm -rf "$out/run-$1-$2"
    echo "$(field wall "$line") $(field rss "$line") $size"
}

peer_once() { # N → "wall rate"
    text=$("$run" "$python" "$peer" "$scenario" --draws "$1" --workers 2)
    line=$(printf '%s\n' "$text" | grep '^bench_run:')
    [ "$(field exit "$line")" = 0 ] || { echo "the numpy peer failed: $text" >&2; exit 1; }
    rate=$(printf '%s\n' "$text" | sed -n 's/^peer: .*(\([0-9,]*\) draws\/s).*/\1/p' | tr -d ,)
    echo "$(field wall "$line") $rate"
}

rss100=""
for n in 100000 $sizes; do
    best1=""; best2=""; bestp=""; bestrate=""; rss=""
    r=1
    while [ "$r" -le "$reps" ]; do
        set -- $(cylch_once "$n" 2); best2=$(min "$best2" "$1"); rss=$2; csv=$3
        if [ "$n" != 100000 ]; then
            if [ "$have_peer" = 1 ]; then
                set -- $(peer_once "$n"); bestp=$(min "$bestp" "$1")
                [ -z "$bestrate" ] || [ "$2" -gt "$bestrate" ] && bestrate=$2
            fi
            set -- $(cylch_once "$n" 1); best1=$(min "$best1" "$1")
        fi
        r=$((r + 1))
        [ "$n" = 100000 ] && break
    done
    if [ "$n" = 100000 ]; then
        rss100=$rss
        printf '%8d draws: cylch 2 threads %.2f s; peak resident memory %d kB; draws.csv %d bytes a draw\n' \
            "$n" "$best2" "$rss" $((csv / n))
        continue
    fi
    awk -v n="$n" -v t1="$best1" -v t2="$best2" -v tp="$bestp" -v rate="$bestrate" -v rss="$rss" \
        -v rss100="$rss100" -v csv="$csv" 'BEGIN {
        c2 = n / t2; c1 = n / t1
        printf "%8d draws: cylch %.0f draws/s on 2 threads (%.2f s), %.0f on 1 (%.2f s): efficiency %.2f (target >= 0.85)\n",
            n, c2, t2, c1, t1, c2 / (2 * c1)
        if (tp != "") {
            printf "          numpy peer (2 workers): %.0f draws/s by its own clock, %.0f with Python start-up (%.2f s)\n",
                rate, n / tp, tp
            printf "          ratio cylch/peer: %.2f (against the peer'"'"'s own clock; target >= 3.0), %.2f whole process\n",
                c2 / rate, c2 / (n / tp)
        }
        printf "          peak resident memory %d kB; %.0f bytes a draw above 100,000 draws; draws.csv %d bytes a draw\n",
            rss, (rss - rss100) * 1024 / (n - 100000), csv / n
    }'
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

#!/bin/sh
# Run each fuzz target for SECONDS seconds (niced), starting from the seed
# corpora (tests/fuzz/seeds.sh) and the corpus kept from earlier runs in
# BUILD/corpus/TARGET. Any finding (a crash, a sanitizer report, a
# non-finite result, a hang over 10 s, memory over 2 GB, a refusal without a
# message) fails the run; the input is kept in BUILD/findings/ and should
# become a regression file in tests/data/bad/ or tests/data/good/.
# Prints, per target, its executions and coverage, then "fuzz: P passed, F failed".
# Usage: sh tests/fuzz/run-fuzz.sh SECONDS BUILD TARGET_BINARY...   (from the project root)
set -u
secs=$1
build=$2
shift 2
# Absolute paths: a target may change its working folder (fuzz_web works in a workspace).
root=$(pwd)
case $build in /*) ;; *) build="$root/$build" ;; esac
sh tests/fuzz/seeds.sh "$build/seeds" || exit 1
mkdir -p "$build/findings"
passed=0
failed=0
for bin in "$@"; do
    case $bin in /*) ;; *) bin="$root/$bin" ;; esac
    t=$(basename "$bin")
    case $t in
        fuzz_network) seeds=network; dict=csv.dict; maxlen=16384 ;;
        fuzz_iotable) seeds=iotable; dict=csv.dict; maxlen=65536 ;;
        fuzz_scenario) seeds=scenario; dict=scenario.dict; maxlen=8192 ;;
        fuzz_web) seeds=web; dict=web.dict; maxlen=8192 ;;
        fuzz_regional) seeds=regional; dict=regional.dict; maxlen=16384 ;;
        fuzz_xlsx) seeds=xlsx; dict=xlsx.dict; maxlen=32768 ;;
        *) seeds=$(echo "$t" | sed 's/^fuzz_//'); dict=; maxlen=16384 ;;
    esac
    mkdir -p "$build/corpus/$t" "$build/seeds/$seeds"
    log="$build/$t.log"
    set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
        -print_final_stats=1 -artifact_prefix="$build/findings/$t-"
    [ -n "$dict" ] && set -- "$@" -dict="$root/tests/fuzz/$dict"
    # ASan's and UBSan's own settings: stop at the first report.
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        nice -n 10 "$bin" "$@" "$build/corpus/$t" "$build/seeds/$seeds" > "$log" 2>&1
    st=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1)
    if [ "$st" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok   $t: ${runs:-?} runs in ${secs} s, ${cov:-no coverage line}, ${corp:-}"
    else
        failed=$((failed + 1))
        echo "FAIL $t: exit $st after ${runs:-?} runs; the input is in $build/findings/ (log: $log)"
        grep -m 1 -A 25 'ERROR\|cylch fuzz finding\|runtime error\|timeout\|out-of-memory' "$log"
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

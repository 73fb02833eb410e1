#!/bin/sh
# Run every cmocka test program given, then the end-to-end tests, and print one
# summary line. Run from the project root (tests read ../shared/...).
# Environment: CYLCH_BIN, the cylch binary under test.
failed_suites=""
passed=0
failed=0
for t in "$@"; do
    out=$("$t" 2>&1)
    status=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$status" -ne 0 ]; then
        printf '%s\n' "$out"
        [ -z "$f" ] && failed=$((failed + 1))
        failed_suites="$failed_suites $(basename "$t")"
    else
        echo "ok   $(basename "$t"): ${p:-0} tests"
    fi
done
out=$(sh tests/e2e.sh 2>&1)
status=$?
p=$(printf '%s\n' "$out" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s\n' "$out" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
if [ "$status" -ne 0 ]; then
    printf '%s\n' "$out"
    failed_suites="$failed_suites e2e"
else
    echo "ok   e2e: ${p:-0} tests"
fi
# The report as a person sees it: rendered in headless Chromium.
out=$(sh tests/report-check.sh 2>&1)
status=$?
p=$(printf '%s\n' "$out" | sed -n 's/^report-check: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s\n' "$out" | sed -n 's/^report-check: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
if [ "$status" -ne 0 ]; then
    printf '%s\n' "$out"
    failed_suites="$failed_suites report-check"
else
    echo "ok   report-check: ${p:-0} tests"
fi
echo "cylch tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$failed_suites" ]

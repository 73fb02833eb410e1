#!/bin/sh
# Run every cmocka test program given, then the end-to-end tests, and print one
# summary line. Run from the project root (tests read tests/oracles and data/).
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
# The shell suites, each ending with "NAME: P passed, F failed": end to end, the report as
# a person sees it (headless Chromium), the layer check's own test, and every answer of the
# students' worksheet (docs/students.md) checked against the program, the documentation
# standing on its own (docs-check: links, --help pointers, nothing outside the repository),
# cylch serve's API (api-check) and its pages in headless Chromium (web-check; in Welsh: web-lang-check), and the error
# tests (errors: whole messages, exact), the workbooks read back by openpyxl (workbook-check),
# explain-check: explain within 100 columns and its --csv files against the terminal and numpy,
# lang-check: the Welsh catalogue and the --lang cy outputs, and an installed copy run from
# another folder (install-check: plots drawn, pages served).
for suite in e2e user report-check lang-check layers-selftest students-check docs-check api-check web-check web-lang-check workbook-check explain-check errors install-check; do
    out=$(sh "tests/$suite.sh" 2>&1)
    status=$?
    p=$(printf '%s\n' "$out" | sed -n "s/^$suite: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p")
    f=$(printf '%s\n' "$out" | sed -n "s/^$suite: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
    if [ "$status" -ne 0 ]; then
        printf '%s\n' "$out"
        failed_suites="$failed_suites $suite"
    else
        echo "ok   $suite: ${p:-0} tests"
    fi
done
echo "cylch tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$failed_suites" ]

#!/bin/sh
# Error tests in the manner of jq's tests/shtest: every case of tests/errors.txt holds a
# command, the exit status it must end with and the WHOLE standard error it must print,
# compared exactly. After each case nothing may have been written into $TMP/out (a bad
# input writes no results). Run from the project root; CYLCH_BIN names the binary.
#
# The file, case by case (cases are separated by blank lines; lines starting with '#'
# between cases are comments):
#   $ cylch ARGUMENTS…      run by sh, 'cylch' standing for the binary; $TMP is a fresh
#                           empty folder for each case
#   ? STATUS                the exit status
#   LINES…                  standard error, exactly, with the value of $TMP written '$TMP'
LC_ALL=C.UTF-8
export LC_ALL
BIN=${CYLCH_BIN:-build/cylch}
CASES=${1:-tests/errors.txt}
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/cylch-errors.XXXXXX") || exit 1
trap 'rm -rf "$ROOT"' EXIT INT TERM
export BIN
pass=0
fail=0
n=0
cmd=""
status=""

run_case() {
    n=$((n + 1))
    TMP="$ROOT/case-$n"
    mkdir -p "$TMP"
    export TMP
    # 'cylch' at the start of the command is the binary under test.
    sh -c "\"\$BIN\"${cmd#cylch}" >"$ROOT/stdout" 2>"$ROOT/stderr.raw" </dev/null
    got=$?
    sed "s|$TMP|\$TMP|g" "$ROOT/stderr.raw" >"$ROOT/stderr"
    if [ "$got" -ne "$status" ]; then
        fail=$((fail + 1))
        echo "FAIL: $cmd: exit status $got, expected $status"
        sed 's/^/    /' "$ROOT/stderr"
    elif ! cmp -s "$ROOT/expected" "$ROOT/stderr"; then
        fail=$((fail + 1))
        echo "FAIL: $cmd: standard error differs (- expected, + got)"
        diff -u "$ROOT/expected" "$ROOT/stderr" | sed -n '3,$p' | sed 's/^/    /'
    elif [ -e "$TMP/out" ]; then
        fail=$((fail + 1))
        echo "FAIL: $cmd: wrote $TMP/out"
    else
        pass=$((pass + 1))
    fi
    rm -rf "$TMP"
    cmd=""
    status=""
}

state=idle
while IFS= read -r line || [ -n "$line" ]; do
    case $state in
    idle)
        case $line in
        '$ cylch'*) cmd=${line#\$ }; state=status ;;
        '' | '#'*) ;;
        *) echo "errors.sh: $CASES: a case starts with '\$ cylch …', not '$line'"; exit 2 ;;
        esac ;;
    status)
        case $line in
        '? '*) status=${line#? }; : >"$ROOT/expected"; state=stderr ;;
        *) echo "errors.sh: $CASES: '$cmd' needs '? STATUS' on the next line"; exit 2 ;;
        esac ;;
    stderr)
        if [ -z "$line" ]; then
            run_case
            state=idle
        else
            printf '%s\n' "$line" >>"$ROOT/expected"
        fi ;;
    esac
done <"$CASES"
[ "$state" = stderr ] && run_case
[ "$state" = status ] && { echo "errors.sh: $CASES: the last case has no '? STATUS'"; exit 2; }

echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

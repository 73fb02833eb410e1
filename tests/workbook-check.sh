#!/bin/sh
# results.xlsx and compare.xlsx read back by an independent reader (openpyxl):
# every number equal to the CSV's, readable headers with units, number formats,
# frozen headers, widths; summary-rounded.csv against summary.json; a workbook that
# cannot be written leaves nothing. Prints "workbook-check: P passed, F failed".
# Environment: CYLCH_BIN. Debian's python3-openpyxl (TEST_PKGS) lives in
# /usr/bin/python3's path; without it this suite fails rather than skips.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" tests/workbook-check.py "${CYLCH_BIN:-build/cylch}"

#!/bin/sh
# cylch serve --lang cy: every page in Welsh in headless Chromium (no English in headings,
# buttons, labels, messages), a run and a comparison made from the page in Welsh, the API's
# errors in Welsh. Prints "web-lang-check: P passed, F failed" (exit 77 when Chromium or
# Selenium is missing). Environment: CYLCH_BIN. Debian's python3-selenium lives in
# /usr/bin/python3's path.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" tests/web-lang-check.py "${CYLCH_BIN:-build/cylch}" "$@"

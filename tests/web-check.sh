#!/bin/sh
# cylch serve's pages in headless Chromium, driven as a person would (Selenium): paste a
# network, set the place, run, compare, explore; the numbers equal the command line's.
# Prints "web-check: P passed, F failed" (exit 77 when Chromium or Selenium is missing).
# Environment: CYLCH_BIN. Debian's python3-selenium lives in /usr/bin/python3's path.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" tests/web-check.py "${CYLCH_BIN:-build/cylch}" "$@"

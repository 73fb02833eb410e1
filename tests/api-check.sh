#!/bin/sh
# cylch serve's API: traversal, oversized and malformed bodies, unknown commands,
# cross-origin requests, 100 concurrent requests, jobs refused and cancelled (python3).
# Prints "api-check: P passed, F failed". Environment: CYLCH_BIN.
if ! command -v python3 >/dev/null 2>&1; then
    echo "api-check: SKIP: python3 is not installed"; exit 77
fi
exec python3 tests/api-check.py "${CYLCH_BIN:-build/cylch}"

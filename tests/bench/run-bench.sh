#!/bin/sh
# Run the benchmarks from the project root. $1: the build folder.
set -e
for b in "$1"/bench/*; do
    case "$b" in *.o|*.d) continue ;; esac
    if [ -x "$b" ]; then "$b"; fi
done

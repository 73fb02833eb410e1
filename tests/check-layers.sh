#!/bin/sh
# The layer check: no source or header includes a layer above its own.
#   io < core < uncertainty < present < cli = server (the web server, model/server, sits
#   at the command line's level: it may use every library layer, and no library layer it)
# Usage: check-layers.sh MODEL_DIR INCLUDE_DIR   (exit 1 naming each offending line)
# A file in model/L/ or include/cylch/L/ may include "cylch/M/x.h" only where M is L or below.
model=${1:-model}
include=${2:-include/cylch}
rank() {
    case "$1" in
        io) echo 1 ;; core) echo 2 ;; uncertainty) echo 3 ;; present) echo 4 ;; cli|server) echo 5 ;;
        *) echo 0 ;;
    esac
}
bad=0
for f in "$model"/*/*.c "$include"/*/*.h; do
    [ -f "$f" ] || continue
    layer=$(basename "$(dirname "$f")")
    own=$(rank "$layer")
    if [ "$own" = 0 ]; then
        echo "$f: folder '$layer' is not a layer (io, core, uncertainty, present, cli, server)"
        bad=1
        continue
    fi
    # grep -n: "LINE:#include "cylch/M/x.h""
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"cylch/' "$f" | while IFS= read -r hit; do
        line=${hit%%:*}
        target=$(printf '%s\n' "$hit" | sed 's#.*"cylch/\([^"]*\)".*#\1#')
        tl=${target%%/*}
        if [ "$tl" = "$target" ]; then
            echo "$f:$line: includes \"cylch/$target\", which is in no layer folder"
            exit 1
        fi
        if [ "$(rank "$tl")" -gt "$own" ] || [ "$(rank "$tl")" = 0 ]; then
            echo "$f:$line: the $layer layer includes \"cylch/$target\" from the $tl layer above it"
            exit 1
        fi
    done || bad=1
done
if [ "$bad" -ne 0 ]; then
    echo "layer check failed: a layer may include only its own layer and those below (io < core < uncertainty < present < cli = server)"
    exit 1
fi
echo "ok   layers: no layer includes one above it"

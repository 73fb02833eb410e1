#!/bin/sh
# The messages of a PO file on standard input (msggrep's selection of cylch.pot: those of
# the pages of cylch serve) as C string literals, one per line with a comma, on standard
# output: the list model/server/api.c includes as web-strings.h. The PO file's strings are
# already C string literals (the same escapes), so each msgid's lines are copied as they are.
# Run by `make pot`; tests/lang-check.sh checks that web-strings.h is what it writes.
echo "/* Written by \`make pot\` from cylch.pot (model/server/web-strings.sh): the messages of"
echo " * the pages of cylch serve. Do not edit. */"
awk '
/^msgid "/      { id = substr($0, 7); inid = 1; next }
/^"/ && inid    { id = id " " $0; next }
/^msgstr/       { if (inid && id != "\"\"") print "    " id ","; inid = 0; next }
                { inid = 0 }
'

#!/usr/bin/env python3
"""The words of a page of cylch serve (model/server/web/index.html) for xgettext.

xgettext reads JavaScript but not HTML, so `make pot` runs this first: it prints, for each
element of PAGE.html marked data-t, a JavaScript line _("…") with the element's text as the
page's JavaScript (app.js, cylch.translatePage) will look it up, and for each attribute named
in a data-t-attr list (placeholder, title, aria-label) _("…") with its value. xgettext then
reads the output as JavaScript (named as the page, so the template says index.html).

  data-t                 the element's inner HTML, blanks collapsed to one space and
                         trimmed (inline markup such as <code> stays in the message)
  data-t-attr="a b"      the values of the element's attributes a and b

Usage: web-msgids.py PAGE.html > OUT
"""
import html
import re
import sys


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def js_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def msgids(page):
    out = []
    # An element marked data-t: its inner HTML up to its own closing tag (marked elements
    # hold no element of their own kind).
    for m in re.finditer(r"<([a-zA-Z0-9]+)(\s[^>]*?)?\sdata-t(\s[^>]*)?>(.*?)</\1>", page, re.S):
        text = collapse(m.group(4))
        if text:
            out.append((page.count("\n", 0, m.start()) + 1, text))
    for m in re.finditer(r"<[a-zA-Z0-9]+\s([^>]*\sdata-t-attr=\"([^\"]*)\"[^>]*)>", page, re.S):
        attrs = dict((k, html.unescape(v)) for k, v in re.findall(r"([a-zA-Z-]+)=\"([^\"]*)\"", m.group(1)))
        for name in m.group(2).split():
            if attrs.get(name, "").strip():
                out.append((page.count("\n", 0, m.start()) + 1, collapse(attrs[name])))
    return sorted(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        page = f.read()
    # One line of output per line of the page, so xgettext's line numbers are the page's.
    lines = [""] * (page.count("\n") + 1)
    for line, text in msgids(page):
        # "10% either way" is words, not a format: only %s is one (app.js's _).
        if "%" in text and "%s" not in text:
            lines[line - 1] += "/* xgettext:no-javascript-format */ "
        lines[line - 1] += "_(%s); " % js_string(text)
    sys.stdout.write("\n".join(lines))

#!/usr/bin/env python3
"""cylch's translations (gettext): the checks tests/lang-check.sh runs.

  lang-check.py escapes FILE...      every string literal with words in it (prose for
                                     people) is inside _() or N_(); prints each that is not
  lang-check.py gp FILE...           no gnuplot script writes words of its own in a title,
                                     label, key or tic (they come from words.gnuplot, written
                                     by cylch in the run's language); prints each that does
  lang-check.py svg LANG FILE...     the text of each SVG plot: LANG en prints it; cy prints
                                     each piece of text holding an English word (names and
                                     identifiers aside)
  lang-check.py po POT PO GENERATED  POT's messages equal GENERATED's (xgettext of the
                                     sources now: the template is up to date) and every
                                     message of POT has a non-empty, non-fuzzy translation
                                     in PO (and PO has no message POT lacks)
  lang-check.py explain EN CY        two outputs of cylch explain, English and Welsh: the
                                     same numbers in the tables (as many of each), no line of
                                     CY wider than 100 characters, and no English word in CY
                                     (names and identifiers aside)
  lang-check.py workbook EN CY REPORT  two workbooks of the same run (English, Welsh): the same
                                     sheets, every number and date in the same cell, Welsh
                                     sheet names, headers, About labels and Summary words, and
                                     the About sheet's caveats the Welsh REPORT's paragraph
                                     (needs openpyxl)
  lang-check.py words FILE...        each line of the files (a run's terminal output in
                                     Welsh) holding a common English word outside what a
                                     person must match to their files: quoted names, paths,
                                     options, keys and [sections]
  lang-check.py errors LANG BIN CASES  every case of tests/errors.txt run by BIN with
                                     --lang LANG (en: as written); prints each line of
                                     standard error holding an English word (as words),
                                     and a last line "N cases, M with English"
Exit status 0 when all is well, 1 otherwise, with one line per problem.
"""
import re
import sys

# Calls whose string arguments are not for people reading a report or summary:
# messages of errors (stderr, English by design), names compared or looked up.
EXEMPT_CALLS = {"cylch_error_set", "cylch_error_at", "memcmp", "strcmp", "strncmp", "strstr",
                "getenv", "fopen", "strchr", "setlocale", "setenv",
                "write_paragraphs",   # its string argument is the paragraphs' class
                "tagged_html"}        # its string argument is an element's name
# Whole literals that are names, not words for people: the enterprises.csv columns
# report.c looks up (its col_words table), a plot's file name, and the program's own name.
EXEMPT_LITERALS = {"grant", "loan", "wages", "purchases", "members", "industries"}
EXEMPT_WORDS = {"cylch"}
C_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0"}


def literals(src):
    """Each run of adjacent string literals: (line, text, innermost call name or None)."""
    out = []
    stack = []          # names of the calls (or None for other parentheses) open here
    i, n, line = 0, len(src), 1
    last_ident = None   # the identifier just before the current position, if any
    run = None          # [line, text, call] of the literal run being read
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            line += src.count("\n", i, j)
            i = j + 2
            continue
        if c == "#" and src[src.rfind("\n", 0, i) + 1:i].strip() == "":
            # a preprocessor line (with continuations)
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
            continue
        if c == '"':
            j, text = i + 1, []
            while src[j] != '"':
                if src[j] == "\\":
                    e = src[j + 1]
                    text.append(C_ESCAPES.get(e, e))
                    j += 2
                else:
                    text.append(src[j])
                    j += 1
            if run is None:
                run = [line, "", stack[-1] if stack else None]
            run[1] += "".join(text)
            i = j + 1
            continue
        if run is not None:
            out.append(tuple(run))
            run = None
        if c == "'":
            j = i + 1
            while src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            last_ident = None
            continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", src[i:i + 80])
        if m:
            last_ident = m.group(0)
            i += len(last_ident)
            continue
        if c == "(":
            stack.append(last_ident)
        elif c == ")" and stack:
            stack.pop()
        last_ident = None
        i += 1
    return out


def is_prose(text):
    """Words a person reads: after markup, entities, conversions, file names and
    identifiers are taken out, a word of three or more letters is left."""
    if "{" in text:          # a style sheet
        return False
    if text in EXEMPT_LITERALS:
        return False
    t = re.sub(r"<[^>]*>", " ", text)
    t = re.sub(r"<[^>]*$", " ", t)            # a tag that a later literal closes
    t = re.sub(r"^[^<>]*>", " ", t)           # the end of a tag an earlier literal opened
    t = re.sub(r"[\w-]+=\"[^\"]*\"?", " ", t)   # an attribute
    t = re.sub(r"--[\w-]+", " ", t)           # a command-line option
    t = re.sub(r"\bcylch( [a-z]+)?\b", " ", t)  # the program, or one of its commands
    t = re.sub(r"&[#a-zA-Z0-9]+;", " ", t)
    t = re.sub(r"%[-+ #0']*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|z|j|t)?[a-zA-Z%]", " ", t)
    t = re.sub(r"\S*[_./]\S*", " ", t)       # file names, identifiers, mime types
    for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\w+", t):
        if re.fullmatch(r"[^\W\d_]{3,}(?:['’][^\W\d_]+)*", w) and w not in EXEMPT_WORDS:
            return True
    return False


def escapes(files):
    bad = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            src = fh.read()
        for line, text, call in literals(src):
            if call in ("_", "N_") or call in EXEMPT_CALLS or not is_prose(text):
                continue
            print("%s:%d: not marked for translation: %r" % (f, line, text[:100]))
            bad += 1
    return bad


# gnuplot lines that show words: titles, labels, keys and tics.
GP_SHOWS = re.compile(r"\b(title|xlabel|ylabel|cblabel|label|xtic|ytic)\b")


def gp(files):
    bad = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                code = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
                if not GP_SHOWS.search(code):
                    continue
                # colours, fonts and terminals are names, not words
                code = re.sub(r"\b(rgb|font)\s+(\"[^\"]*\"|'[^']*')", " ", code)
                for m in re.finditer(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'", code):
                    text = m.group(1) if m.group(1) is not None else m.group(2)
                    if is_prose(text):
                        print("%s:%d: words not from words.gnuplot: %r" % (f, n, text[:100]))
                        bad += 1
    return bad


# English words that no Welsh plot should show (names of members, scenarios and inputs
# are data, written as given, and are left out before looking).
ENGLISH = {"the", "of", "and", "per", "over", "time", "round", "money", "draws", "with",
           "each", "every", "what", "where", "local", "share", "income", "multiplier", "range",
           "mean", "leaked", "kept", "worth", "density", "change", "difference", "input",
           "percentile", "interval", "variance", "alone", "year", "pence", "members", "trade",
           "outside", "loan", "households", "suppliers", "scenarios", "circulation",
           "million", "thousand", "estimate", "spent", "running", "inputs", "which"}


def svg_texts(path):
    import html
    with open(path, encoding="utf-8") as fh:
        t = fh.read()
    return [html.unescape(re.sub(r"<[^>]*>", "", x)).strip()
            for x in re.findall(r"<text[^>]*>(.*?)</text>", t, re.S)]


def svg(lang, files):
    bad = 0
    for f in files:
        for text in svg_texts(f):
            if lang == "en":
                print(text)
                continue
            # names of inputs, scenarios and files (household_local_spend, buy-local-10) aside
            words = set(w.lower() for w in re.findall(r"[^\W\d_]+", re.sub(r"\S*[-._/]\S*", " ", text)))
            if words & ENGLISH:
                print("%s: English in the plot: %r" % (f, text[:100]))
                bad += 1
    return bad


# English words a Welsh explanation or workbook should not show (English words that are
# Welsh too, such as staff, grant, model, are not listed).
PROSE_ENGLISH = ENGLISH | {"agent", "agents", "column", "sum", "leaks", "coefficient", "matrix",
                           "injection", "vectors", "coming", "total", "rounds", "together", "limit",
                           "wages", "generated", "name", "place", "parameters", "businesses",
                           "industry", "jobs", "from", "into", "source", "figure", "unit", "about",
                           "summary", "sheets", "units", "precision", "seed", "scenario", "base",
                           "description", "quantity", "rank", "received", "so", "far",
                           "low", "high", "leakage", "convergence", "members",
                           "accounts", "version", "these", "figures", "are", "not", "it",
                           "to", "by", "in", "for", "its", "their", "reported", "values"}


def english_words(text):
    """The English words of text, names and identifiers aside: words with - . _ / [ ] in them,
    words in quotes ('loan', a --source name), and in a formula (a line with "=") the columns of
    enterprises.csv it names (wages, purchases)."""
    text = re.sub(r"\S*[-._/\[\]]\S*|'\w+'", " ", text)
    if "=" in text:
        text = re.sub(r"\b(wages|purchases)\b", " ", text)
    return sorted(set(w.lower() for w in re.findall(r"[^\W\d_]+", text)) & PROSE_ENGLISH)


def explain(en_path, cy_path):
    en = open(en_path, encoding="utf-8").read()
    cy = open(cy_path, encoding="utf-8").read()
    bad = 0
    number = re.compile(r"-?\d[\d,]*\.\d+")
    # Wider Welsh row labels can split a table into other groups of columns: the same numbers,
    # as many times each, in whatever order.
    ne, nc = sorted(number.findall(en)), sorted(number.findall(cy))
    if not ne or ne != nc:
        print("the Welsh explanation's numbers differ from the English (%d and %d numbers)" % (len(ne), len(nc)))
        bad += 1
    for line in cy.split("\n"):
        if len(line) > 100:
            print("a Welsh line of %d characters: %r" % (len(line), line[:60]))
            bad += 1
        # the first line names the scenario and its file, as given
        if line.startswith("cylch explain:"):
            line = line.split(",", 1)[-1]
        words = english_words(line)
        if words:
            print("English in the Welsh explanation (%s): %r" % (", ".join(words), line[:100]))
            bad += 1
    return bad


def workbook(en_path, cy_path, report):
    import html
    import openpyxl
    en, cy = openpyxl.load_workbook(en_path), openpyxl.load_workbook(cy_path)
    bad = 0

    def fail(msg):
        nonlocal bad
        print("%s: %s" % (cy_path, msg))
        bad += 1
    if len(en.worksheets) != len(cy.worksheets):
        fail("%d sheets, the English has %d" % (len(cy.worksheets), len(en.worksheets)))
        return bad
    cells = 0
    for we, wc in zip(en.worksheets, cy.worksheets):
        if we.title == wc.title and we.title != "Histogram":
            fail("sheet %r is not named in Welsh" % wc.title)
        if (we.max_row, we.max_column) != (wc.max_row, wc.max_column):
            fail("sheet %r is %dx%d, the English %dx%d" % (wc.title, wc.max_row, wc.max_column,
                                                          we.max_row, we.max_column))
            continue
        for re_, rc in zip(we.iter_rows(), wc.iter_rows()):
            for a, b in zip(re_, rc):
                if isinstance(a.value, (int, float)) or hasattr(a.value, "year"):
                    cells += 1
                    if a.value != b.value or a.number_format != b.number_format:
                        fail("%s!%s is %r (%s), the English %r (%s)" % (wc.title, b.coordinate, b.value,
                                                                      b.number_format, a.value, a.number_format))
        words = [c.value for c in wc[1] if isinstance(c.value, str)]
        if wc is cy.worksheets[0]:
            words = [c.value for c in wc["A"] if isinstance(c.value, str)]
        if wc.title == "Crynodeb":
            words += [c.value for row in wc.iter_rows(min_row=2, max_col=3) for c in row if c.value]
        for w in words:
            if english_words(w):
                fail("English in sheet %r: %r" % (wc.title, w))
    if cells < 100:
        fail("only %d numbers compared" % cells)
    page = open(report, encoding="utf-8").read()
    m = re.search(r'<section id="caveats">\s*<h2>(.*?)</h2>\s*<p>(.*?)</p>', page, re.S)
    about = [c.value for row in cy.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    if not m:
        fail("no caveats in %s" % report)
    else:
        title, para = (html.unescape(re.sub(r"<[^>]*>", "", x)) for x in m.groups())
        if title not in about or para not in about:
            fail("the About sheet does not carry the Welsh report's caveats %r" % title)
    return bad


def po_entries(path):
    """{msgid: (msgstr, fuzzy)} of a .po/.pot file (no plural forms or contexts)."""
    entries, cur, field, fuzzy = {}, {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if "msgid" in cur:
            entries[cur["msgid"]] = (cur.get("msgstr", ""), fuzzy)
        cur, fuzzy = {}, False

    def unq(s):
        s = s.strip()
        assert s[0] == '"' and s[-1] == '"', s
        return re.sub(r'\\(.)', lambda m: C_ESCAPES.get(m.group(1), m.group(1)), s[1:-1])

    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            ln = raw.rstrip("\n")
            if not ln.strip():
                flush()
                field = None
            elif ln.startswith("#,"):
                if "msgid" in cur:
                    flush()
                fuzzy = "fuzzy" in ln
            elif ln.startswith("#"):
                if "msgid" in cur and "msgstr" in cur:
                    flush()
            elif ln.startswith("msgid "):
                if "msgstr" in cur:
                    flush()
                field = "msgid"
                cur[field] = unq(ln[6:])
            elif ln.startswith("msgstr "):
                field = "msgstr"
                cur[field] = unq(ln[7:])
            elif ln.startswith('"') and field:
                cur[field] += unq(ln)
    flush()
    entries.pop("", None)
    return entries


def po(pot, po_path, generated):
    bad = 0
    t, p, g = po_entries(pot), po_entries(po_path), po_entries(generated)
    for m in sorted(set(g) - set(t)):
        print("%s lacks %r (run make pot)" % (pot, m[:100]))
        bad += 1
    for m in sorted(set(t) - set(g)):
        print("%s holds %r, which the sources no longer use (run make pot)" % (pot, m[:100]))
        bad += 1
    for m in sorted(t):
        if m not in p:
            print("%s: no Welsh for %r" % (po_path, m[:100]))
            bad += 1
        elif not p[m][0].strip():
            print("%s: the Welsh for %r is empty" % (po_path, m[:100]))
            bad += 1
        elif p[m][1]:
            print("%s: the Welsh for %r is fuzzy (to be checked)" % (po_path, m[:100]))
            bad += 1
    for m in sorted(set(p) - set(t)):
        print("%s: %r is not in %s" % (po_path, m[:100], pot))
        bad += 1
    if not bad:
        print("%d messages, each with its Welsh" % len(t))
    return bad


# Common English words that a Welsh message never holds (not "a", "is", "i" or "to",
# which are Welsh words too).
ENGLISH_RE = re.compile(r"\b(the|must|should|column|columns|file|files|folder|cannot|with|which|not|and|of|"
                     r"for|unknown|missing|needs|write|give|use|try|number|row|rows|line|such|"
                     r"directory|are|has|have|this|that|only|from|between|was|were|there)\b", re.I)


def english_in(line):
    """The English words of a line once the names a person matches to their files are
    taken out: 'quoted', "quoted" and `quoted` names, paths, options, key=value,
    keys_with_underscores and [sections]."""
    t = re.sub(r"\S*/\S*", " ", line)                         # paths, $TMP/…, e.g. a/b
    t = re.sub(r"(?<![\w\u2019'])'[^'\n]*'(?!\w)", " ", t)     # 'name' (not the ' of o'r)
    t = re.sub(r'"[^"\n]*"', " ", t)
    t = re.sub(r"`[^`\n]*`", " ", t)
    t = re.sub(r"\[[^\]\n]*\]", " ", t)
    t = re.sub(r"--[\w-]+(=\S*)?", " ", t)
    t = re.sub(r"\S*=\S*", " ", t)
    t = re.sub(r"\w*_\w*", " ", t)
    return ENGLISH_RE.findall(t)


def words(files):
    bad = 0
    for f in files:
        for n, line in enumerate(open(f, encoding="utf-8", errors="replace"), 1):
            w = english_in(line)
            if w:
                print("%s:%d: English (%s): %s" % (f, n, ", ".join(w), line.rstrip()[:200]))
                bad += 1
    return bad


def errors(lang, binary, cases):
    """Run each case of CASES (tests/errors.sh's format) with --lang LANG after the
    command's name (or at the end when the case starts with an option); cases that
    choose a language themselves are left out."""
    import os
    import shutil
    import subprocess
    import tempfile
    cmds = [ln[2:].rstrip("\n") for ln in open(cases, encoding="utf-8") if ln.startswith("$ cylch")]
    root = tempfile.mkdtemp(prefix="cylch-lang-errors.")
    ncases = nbad = 0
    try:
        for k, cmd in enumerate(cmds):
            rest = cmd[len("cylch"):].strip()
            if "--lang" in rest:
                continue
            if lang != "en":
                if not rest or rest.startswith("-"):
                    rest = rest + " --lang " + lang
                else:
                    name, _, tail = rest.partition(" ")
                    rest = name + " --lang " + lang + " " + tail
            tmp = os.path.join(root, "case-%d" % k)
            os.makedirs(tmp)
            env = dict(os.environ, BIN=binary, TMP=tmp, LC_ALL="C.UTF-8")
            r = subprocess.run(["sh", "-c", '"$BIN" ' + rest], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            ncases += 1
            err = r.stderr.decode("utf-8", "replace").replace(tmp, "$TMP")
            found = [(ln, english_in(ln)) for ln in err.splitlines()]
            found = [(ln, w) for ln, w in found if w]
            if found:
                nbad += 1
            for ln, w in found:
                print("English (%s) in `cylch %s`: %s" % (", ".join(w), rest, ln[:200]))
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("%d cases, %d with English" % (ncases, nbad))
    return nbad


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "escapes":
        sys.exit(1 if escapes(sys.argv[2:]) else 0)
    if len(sys.argv) >= 3 and sys.argv[1] == "gp":
        sys.exit(1 if gp(sys.argv[2:]) else 0)
    if len(sys.argv) >= 4 and sys.argv[1] == "svg":
        sys.exit(1 if svg(sys.argv[2], sys.argv[3:]) else 0)
    if len(sys.argv) == 4 and sys.argv[1] == "explain":
        sys.exit(1 if explain(*sys.argv[2:]) else 0)
    if len(sys.argv) == 5 and sys.argv[1] == "workbook":
        sys.exit(1 if workbook(*sys.argv[2:]) else 0)
    if len(sys.argv) >= 3 and sys.argv[1] == "words":
        sys.exit(1 if words(sys.argv[2:]) else 0)
    if len(sys.argv) == 5 and sys.argv[1] == "errors":
        sys.exit(1 if errors(*sys.argv[2:]) else 0)
    if len(sys.argv) == 5 and sys.argv[1] == "po":
        sys.exit(1 if po(*sys.argv[2:]) else 0)
    sys.exit(__doc__)

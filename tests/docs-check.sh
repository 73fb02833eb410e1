#!/bin/sh
# The documentation stands on its own in the repository:
#  - `cylch --help` and every command's --help point to files in docs/, and those files exist;
#  - no README, documentation page, data README, scenario or test sends the reader to a file
#    outside the repository (the team's folder beside it, or its design and seed-facts notes);
#  - every relative link in the Markdown pages reaches a file, and every #anchor a heading of it.
# Run from the project root. Environment: CYLCH_BIN (default build/cylch).
# Prints "docs-check: P passed, F failed".
CYLCH_BIN=${CYLCH_BIN:-build/cylch}
export CYLCH_BIN
exec python3 - <<'EOF'
import glob, os, re, subprocess, sys

cylch = os.environ["CYLCH_BIN"]
passed = failed = 0

def check(ok, msg):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"docs-check: {msg}")

# 1. Every --help names documentation that exists.
# The commands are those `cylch --help` lists ("  cylch NAME …").
main_help = subprocess.run([cylch, "--help"], capture_output=True, text=True).stdout
commands = [m for m in re.findall(r"^  cylch ([a-z]+)\b", main_help, re.M) if m != "COMMAND"]
check(len(commands) >= 6, f"cylch --help lists only {commands}")
for cmd in [[]] + [[c] for c in commands]:
    p = subprocess.run([cylch] + cmd + ["--help"], capture_output=True, text=True)
    text = p.stdout
    named = set(re.findall(r"\b([a-z-]+\.md)\b", text))
    where = "cylch " + " ".join(cmd + ["--help"])
    check(p.returncode == 0 and "docs/" in text and named,
          f"{where} does not point to the documentation in docs/")
    for name in sorted(named):
        check(os.path.isfile(os.path.join("docs", name)), f"{where} names docs/{name}, which does not exist")

# 2. Nothing points outside the repository.
# The team's folder beside the repository, spelt in pieces so that this file is not a hit itself.
beside = r"\.\./" + "shared" + r"|/work/" + "shared"
outside = re.compile(beside + "|SEED-FACTS|DESIGN" + r"\.md")
files = ["README.md"] + glob.glob("docs/*.md") + glob.glob("data/*/README.md") + \
        glob.glob("tests/oracles/README.md") + glob.glob("scenarios/*.ini")
shared_path = re.compile(beside)
for root in ("model", "tests", "data", "docs"):
    for dirpath, _, names in os.walk(root):
        for n in names:
            path = os.path.join(dirpath, n)
            if not os.path.isfile(path):  # e.g. a test case's dangling link
                continue
            if path in files or path == "tests/docs-check.sh" or not n.endswith(
                    (".c", ".h", ".sh", ".md", ".csv", ".ini", ".json", ".py", ".gp")):
                continue
            text = open(path, encoding="utf-8", errors="replace").read()
            m = shared_path.search(text)
            check(not m, f"{path}: refers to '{m.group(0) if m else ''}', outside the repository")
for path in files:
    hits = [(n, m.group(0)) for n, line in enumerate(open(path, encoding="utf-8"), 1)
            for m in [outside.search(line)] if m]
    check(not hits, "; ".join(f"{path}:{n}: sends the reader to '{w}', outside the repository"
                              for n, w in hits))

# 3. Relative links and anchors in the Markdown pages resolve.
def slug(heading):
    h = re.sub(r"[`*_]", "", heading.strip().lower())
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")

def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("#"):
            out.add(slug(line.lstrip("#")))
    return out

pages = [f for f in files if f.endswith(".md")]
for page in pages:
    text = open(page, encoding="utf-8").read()
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(page), file)) if file else page
        exists = os.path.exists(dest)
        check(exists, f"{page}: link to {target}: {dest} does not exist")
        if exists and anchor and dest.endswith(".md"):
            check(anchor in anchors(dest), f"{page}: link to {target}: no heading #{anchor} in {dest}")

print(f"docs-check: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
EOF

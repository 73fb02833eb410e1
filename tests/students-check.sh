#!/bin/sh
# Every answer in docs/students.md, and every figure docs/policy.md quotes from cylch compare
# and cylch sensitivity, checked against the program.
#
# An answer is the last **bold** text before a check comment on the same line,
#   <!-- check: KIND | ARG | ARG … -->
# and is compared with what cylch computes:
#   run | SCENARIO | JSON.PATH          summary.json of `cylch run SCENARIO` (point values);
#                                        SCENARIO is a file of the repository or a file the
#                                        worksheet writes out (an ```ini block whose first line
#                                        is "; file: NAME.ini", saved in scenarios/)
#   io | TABLE | INDUSTRY | COLUMN       multipliers.csv of `cylch io TABLE`
#   io-max | TABLE | COLUMN              the largest value of COLUMN over the industries
#   io-argmax | TABLE | COLUMN           the industry with that value (text answer)
#   io-mean | TABLE | COLUMN             the mean of COLUMN over the industries
#   leontief | TABLE | ROW | COLUMN      an entry of leontief.csv
#   explain | SCENARIO | FILE | ROW | COLUMN
#                                        an entry of FILE (A.csv or leontief.csv) of
#                                        `cylch explain SCENARIO --csv DIR`, ROW and COLUMN
#                                        agents' ids; COLUMN "sum": the column ROW's sum
#   tornado | SCENARIO | RANK | COLUMN   tornado.csv of `cylch sensitivity SCENARIO` (the
#                                        default tornado method), the row of that rank
#   compare | ARGS | SCENARIO | QUANTITY | COLUMN
#                                        compare.csv of `cylch compare ARGS` (the files and
#                                        options as the page gives them), the row of that
#                                        scenario's name and quantity
#   sensitivity | ARGS | FILE | RANK | COLUMN
#                                        FILE (tornado.csv, sobol.csv) of `cylch sensitivity
#                                        ARGS`, the row of that rank; RANK "count": its rows
# A number passes when it equals cylch's value rounded to the decimals written (a sign, £ and
# thousands separators allowed; "23p" and "64%" stand for 0.23 and 0.64); text must match
# exactly. A line starting "**Answer" with no check is a failure: every answer in the
# worksheet is checked. Each page must have at least two checks.
# Run from the project root. Environment: CYLCH_BIN (default build/cylch).
# Prints "students-check: P passed, F failed".
CYLCH_BIN=${CYLCH_BIN:-build/cylch}
export CYLCH_BIN
exec python3 - docs/students.md docs/policy.md <<'EOF'
import csv, json, os, re, shutil, subprocess, sys, tempfile

docs = sys.argv[1:]
cylch = os.environ["CYLCH_BIN"]
root = os.getcwd()
passed = failed = 0

def fail(where, msg):
    global failed
    failed += 1
    print(f"students-check: {where}: {msg}")

texts = {d: open(d, encoding="utf-8").read().split("\n") for d in docs}
lines = [l for d in docs for l in texts[d]]
tmp = tempfile.mkdtemp(prefix="cylch-students-")
try:
    # Scenario files the worksheet asks students to write, saved in scenarios/ beside the
    # repository's data/ so that "network = ../data/toy-town" resolves as it would for them.
    os.makedirs(os.path.join(tmp, "scenarios"))
    os.symlink(os.path.join(root, "data"), os.path.join(tmp, "data"))
    written = {}
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```ini" and i + 1 < len(lines):
            m = re.match(r";\s*file:\s*(\S+\.ini)\s*$", lines[i + 1].strip())
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            if m:
                path = os.path.join(tmp, "scenarios", m.group(1))
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines[i + 1:j]) + "\n")
                written[m.group(1)] = path
            i = j
        i += 1

    runs, ios, tornados, explains, compares, sensitivities = {}, {}, {}, {}, {}, {}

    def compare(args):
        if args not in compares:
            out = os.path.join(tmp, "compare-%d" % len(compares))
            p = subprocess.run([cylch, "compare"] + args.split() + ["--out", out, "--no-plots", "--quiet"],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch compare {args} failed: {p.stderr.strip()}")
            compares[args] = {(r["scenario"], r["quantity"]): r for r in csv.DictReader(
                open(os.path.join(out, "compare.csv"), encoding="utf-8"))}
        return compares[args]

    def sensitivity(args, name):
        if args not in sensitivities:
            out = os.path.join(tmp, "sensitivity-%d" % len(sensitivities))
            p = subprocess.run([cylch, "sensitivity"] + args.split() + ["--out", out, "--no-plots", "--quiet"],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch sensitivity {args} failed: {p.stderr.strip()}")
            sensitivities[args] = out
        return list(csv.DictReader(open(os.path.join(sensitivities[args], name), encoding="utf-8")))

    def explain(scenario, name):
        if scenario not in explains:
            out = os.path.join(tmp, "explain-%d" % len(explains))
            p = subprocess.run([cylch, "explain", scenario_path(scenario), "--csv", out],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch explain {scenario} failed: {p.stderr.strip()}")
            explains[scenario] = out
        return {r["agent"]: r for r in csv.DictReader(open(os.path.join(explains[scenario], name),
                                                           encoding="utf-8"))}

    def run(scenario):
        if scenario not in runs:
            path = scenario_path(scenario)
            out = os.path.join(tmp, "run-%d" % len(runs))
            p = subprocess.run([cylch, "run", path, "--out", out, "--no-plots", "--quiet"],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch run {scenario} failed: {p.stderr.strip()}")
            runs[scenario] = json.load(open(os.path.join(out, "summary.json")))
        return runs[scenario]

    def scenario_path(scenario):
        return written.get(scenario, os.path.join(root, scenario))

    def tornado(scenario):
        if scenario not in tornados:
            out = os.path.join(tmp, "tornado-%d" % len(tornados))
            p = subprocess.run([cylch, "sensitivity", scenario_path(scenario), "--method", "tornado",
                                "--out", out, "--no-plots", "--quiet"], capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch sensitivity {scenario} failed: {p.stderr.strip()}")
            tornados[scenario] = {r["rank"]: r for r in csv.DictReader(
                open(os.path.join(out, "tornado.csv"), encoding="utf-8"))}
        return tornados[scenario]

    def io(table):
        if table not in ios:
            out = os.path.join(tmp, "io-%d" % len(ios))
            p = subprocess.run([cylch, "io", os.path.join(root, table), "--out", out],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"cylch io {table} failed: {p.stderr.strip()}")
            rows = list(csv.DictReader(open(os.path.join(out, "multipliers.csv"), encoding="utf-8")))
            leon = {r["industry"]: r for r in csv.DictReader(open(os.path.join(out, "leontief.csv"),
                                                                  encoding="utf-8"))}
            ios[table] = (rows, leon)
        return ios[table]

    def column(rows, col):
        vals = [(float(r[col]), r["industry"]) for r in rows if r.get(col, "") != ""]
        if not vals:
            raise RuntimeError(f"no column {col}")
        return vals

    def value(kind, args):
        if kind == "run" and len(args) == 2:
            v = run(args[0])
            for key in args[1].split("."):
                v = v[int(key)] if isinstance(v, list) else v[key]
            return v
        if kind == "io" and len(args) == 3:
            rows, _ = io(args[0])
            for r in rows:
                if r["industry"] == args[1]:
                    return float(r[args[2]])
            raise RuntimeError(f"no industry '{args[1]}' in {args[0]}")
        if kind in ("io-max", "io-argmax", "io-mean") and len(args) == 2:
            vals = column(io(args[0])[0], args[1])
            if kind == "io-mean":
                return sum(v for v, _ in vals) / len(vals)
            best = max(vals)
            return best[0] if kind == "io-max" else best[1]
        if kind == "leontief" and len(args) == 3:
            _, leon = io(args[0])
            return float(leon[args[1]][args[2]])
        if kind == "explain" and len(args) == 4:
            m = explain(args[0], args[1])
            if args[3] == "sum":
                return sum(float(r[args[2]]) for r in m.values())
            return float(m[args[2]][args[3]])
        if kind == "compare" and len(args) == 4:
            return float(compare(args[0])[(args[1], args[2])][args[3]])
        if kind == "sensitivity" and len(args) == 4:
            rows = sensitivity(args[0], args[1])
            if args[2] == "count":
                return len(rows)
            for r in rows:
                if r["rank"] == args[2]:
                    v = r[args[3]]
                    try:
                        return float(v)
                    except ValueError:
                        return v
            raise RuntimeError(f"no rank {args[2]} in {args[1]}")
        if kind == "tornado" and len(args) == 3:
            v = tornado(args[0])[args[1]][args[2]]
            try:
                return float(v)
            except ValueError:
                return v
        raise RuntimeError(f"unknown check '{kind}' with {len(args)} arguments")

    NUM = re.compile(r"^[+−-]?£?[0-9][0-9,]*(\.[0-9]+)?[p%]?$")

    def agrees(answer, actual):
        """The written answer equals actual rounded to the decimals written."""
        a = answer.strip()
        if NUM.match(a) and isinstance(actual, (int, float)):
            neg = a.startswith(("−", "-"))
            if a.endswith(("p", "%")):   # pence or per cent of the value
                actual = 100.0 * actual
                a = a[:-1]
            digits = a.lstrip("+£−-").replace(",", "")
            dec = len(digits.split(".")[1]) if "." in digits else 0
            x = float(digits) * (-1 if neg else 1)
            return abs(x - actual) <= 0.5 * 10 ** -dec * (1 + 1e-9) + 1e-12 * abs(actual)
        return a == str(actual)

    # The comparison must be able to fail: a wrong last digit is refused.
    if agrees("1.5488", 1.548821) and not agrees("1.5489", 1.548821) and \
       not agrees("£26,651", 26650.0) and agrees("£26,650", 26650.0) and not agrees("caffi", "siop") and \
       agrees("23p", 0.2251) and not agrees("22p", 0.2251) and agrees("64%", 0.6448) and \
       not agrees("65%", 0.6448) and agrees("+£55,017", 55017.2) and not agrees("−£55,017", 55017.2):
        passed += 1
    else:
        fail(docs[0], "the answer comparison does not tell right from wrong")

    CHECK = re.compile(r"<!--\s*check:\s*(.*?)\s*-->")
    for doc in docs:
        lines, before = texts[doc], passed
        for n, line in enumerate(lines, 1):
            where = f"{doc}:{n}"
            checks = list(CHECK.finditer(line))
            if line.startswith("**Answer") and not checks:
                fail(where, "an answer with no check comment: the test cannot check it")
            start = 0
            for c in checks:
                bolds = re.findall(r"\*\*(.+?)\*\*", line[start:c.start()])
                start = c.end()
                parts = [p.strip() for p in c.group(1).split("|")]
                if not bolds:
                    fail(where, f"no **answer** before the check '{c.group(1)}'")
                    continue
                answer = bolds[-1]
                try:
                    actual = value(parts[0], parts[1:])
                except (RuntimeError, KeyError, IndexError, ValueError, OSError) as e:
                    fail(where, f"cannot check '{c.group(1)}': {e}")
                    continue
                if agrees(answer, actual):
                    passed += 1
                else:
                    fail(where, f"the page says {answer} but cylch gives {actual!r} ({c.group(1)})")
        if passed - before < 2:
            fail(doc, "no answers found to check")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"students-check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF

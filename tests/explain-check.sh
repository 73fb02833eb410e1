#!/bin/sh
# cylch explain for students: tables within 100 columns, and --csv checked against the
# terminal and by an independent computation (numpy).
#
#   - no line of `cylch explain` on Bro Ffestiniog (every source) or of the toy town over
#     40 rounds is wider than 100 columns;
#   - A.csv holds the A the terminal prints (to its 6 decimals), agents in the same order,
#     with the agents' ids as row and column headings; the terminal's groups of columns
#     together are the whole matrix;
#   - leontief.csv times (I - A) is the identity, and (I - A) times it (numpy, not cylch);
#   - rounds.csv: round 1 is injections.csv's column, each next round A times the last,
#     all_rounds = leontief.csv times f, and the round totals are the terminal's r_k;
#   - the folder is written whole or not at all: an existing one is refused without
#     --force and left as it was; --force without --csv is misuse.
# Run from the project root. Environment: CYLCH_BIN (default build/cylch).
# Prints "explain-check: P passed, F failed".
CYLCH_BIN=${CYLCH_BIN:-build/cylch}
export CYLCH_BIN
# Debian's python3-numpy lives in /usr/bin/python3's path (as web-check.sh does for selenium).
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" - <<'EOF'
import csv, os, re, shutil, subprocess, sys, tempfile
import numpy as np

cylch = os.environ["CYLCH_BIN"]
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("explain-check: " + what)

def run(*args):
    p = subprocess.run([cylch, "explain", *args], capture_output=True, text=True, encoding="utf-8",
                       env=dict(os.environ, LC_ALL="C.UTF-8"))
    return p.returncode, p.stdout, p.stderr

def read_matrix(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0][1:]
    labels = [r[0] for r in rows[1:]]
    return rows[0][0], head, labels, np.array([[float(x) for x in r[1:]] for r in rows[1:]])

def terminal_a(text):
    """The matrix A as printed in section 2, its groups of columns joined: {row: {col: value}}."""
    sec = text[text.index("2. The coefficient matrix A"):text.index("3. Money coming in")]
    a, cols = {}, None
    for line in sec.split("\n"):
        if line.startswith("  A[i][j]  "):
            cols = line.split()[1:]
            continue
        if cols is None or not line.startswith("  ") or line.startswith("  ("):
            if not line.strip():
                cols = None
            continue
        parts = line.split()
        label, nums = parts[0], parts[1:]
        if label in ("column", "leaks") or len(nums) != len(cols):
            cols = None if label == "column" else cols
            continue
        for c, v in zip(cols, nums):
            a.setdefault(label, {})[c] = float(v)
    return a

tmp = tempfile.mkdtemp(prefix="cylch-explain-")
try:
    # --- widths
    for args in (["scenarios/bro-ffestiniog.ini", "--source", "all"], ["scenarios/toy-town.ini", "--rounds", "40"],
                 ["scenarios/bro-ffestiniog.ini", "--rounds", "12"]):
        rc, out, err = run(*args)
        check(rc == 0, f"explain {' '.join(args)} exited {rc}: {err}")
        wide = [l for l in out.split("\n") if len(l) > 100]
        check(not wide, f"explain {' '.join(args)}: {len(wide)} lines wider than 100 columns, e.g. {wide[:1]}")
    # Before: 324 columns on Bro Ffestiniog; the matrix now comes in groups.
    rc, out, err = run("scenarios/bro-ffestiniog.ini")
    check(out.count("(columns ") >= 3, "Bro Ffestiniog's A is not printed in groups of columns")

    # --- the CSV files against the terminal and numpy
    d = os.path.join(tmp, "bro")
    rc, out, err = run("scenarios/bro-ffestiniog.ini", "--source", "all", "--csv", d)
    check(rc == 0, f"explain --csv exited {rc}: {err}")
    check(sorted(os.listdir(d)) == ["A.csv", "injections.csv", "leontief.csv", "rounds.csv"],
          f"the --csv folder holds {sorted(os.listdir(d))}")
    check(f"The tables as CSV: {d}/" in out, "explain does not say where the CSV files are")
    corner, head, labels, A = read_matrix(os.path.join(d, "A.csv"))
    ids = [l.split(",")[0] for l in open("data/bro-ffestiniog/enterprises.csv", encoding="utf-8").read()
           .splitlines()[1:] if l.strip()] + ["H", "B"]
    check(corner == "agent" and head == labels, "A.csv's row and column headings differ")
    check(head == ids, f"A.csv's agents are not the members in file order then H and B: {head}")
    ta = terminal_a(out)
    check(sorted(ta) == sorted(head) and all(sorted(ta[r]) == sorted(head) for r in ta),
          "the terminal's groups of columns do not make up the whole of A")
    worst = max(abs(ta[r][c] - A[i, j]) for i, r in enumerate(head) for j, c in enumerate(head)
                if r in ta and c in ta[r])
    check(worst <= 5e-7 + 1e-12, f"A.csv differs from the terminal's A by {worst}")
    check((A >= 0).all() and (A.sum(axis=0) < 1).all(), "A.csv: a negative entry or a column sum of 1 or more")
    _, lhead, llabels, L = read_matrix(os.path.join(d, "leontief.csv"))
    check(lhead == head and llabels == head, "leontief.csv's agents differ from A.csv's")
    I = np.eye(len(head))
    e1 = np.abs(L @ (I - A) - I).max()
    e2 = np.abs((I - A) @ L - I).max()
    check(e1 < 1e-12 and e2 < 1e-12, f"leontief.csv times (I - A) is not the identity: {e1:.3g}, {e2:.3g}")
    check(np.abs(L - np.linalg.inv(I - A)).max() < 1e-12, "leontief.csv differs from numpy's inverse")
    with open(os.path.join(d, "injections.csv"), newline="", encoding="utf-8") as f:
        inj = list(csv.reader(f))
    srcs = inj[0][1:]
    check(inj[0][0] == "agent" and srcs == ["grant", "loan", "trade", "external", "income"],
          f"injections.csv header {inj[0]}")
    F = {s: np.array([float(r[1 + k]) for r in inj[1:]]) for k, s in enumerate(srcs)}
    with open(os.path.join(d, "rounds.csv"), newline="", encoding="utf-8") as f:
        rr = list(csv.reader(f))
    K = sum(1 for h in rr[0] if h.startswith("round_"))
    check(rr[0][:2] == ["source", "agent"] and rr[0][-1] == "all_rounds" and K == 3, f"rounds.csv header {rr[0]}")
    shown = sorted({r[0] for r in rr[1:]})
    check(shown == sorted(s for s in srcs if F[s].sum() > 0), f"rounds.csv sources {shown}")
    for s in shown:
        rows = [r for r in rr[1:] if r[0] == s]
        check([r[1] for r in rows] == head, f"rounds.csv {s}: agents out of order")
        V = np.array([[float(x) for x in r[2:2 + K]] for r in rows])
        x = np.array([float(r[-1]) for r in rows])
        scale = F[s].sum()
        check(np.abs(V[:, 0] - F[s]).max() <= 1e-9 * scale, f"rounds.csv {s}: round 1 is not f")
        for k in range(1, K):
            check(np.abs(V[:, k] - A @ V[:, k - 1]).max() <= 1e-9 * scale, f"rounds.csv {s}: round {k + 1} is not A times round {k}")
        check(np.abs(x - np.linalg.solve(I - A, F[s])).max() <= 1e-9 * scale, f"rounds.csv {s}: all_rounds is not (I - A)^-1 f")
        # the terminal's r_k (total) of this source (money to the penny)
        title = {"grant": "Grant money", "loan": "Loan and", "trade": "Trade from outside",
                 "external": "Money from outside", "income": "The members' income"}[s]
        sec = out[out.index(title):]
        tot = [float(v.replace(",", "")) for v in re.search(r"\n  r_k \(total\)\s+(.*)\n", sec).group(1).split()]
        check(np.abs(np.array(tot) - V.sum(axis=0)).max() <= 0.005 + 1e-9 * scale,
              f"rounds.csv {s}: round totals differ from the terminal's {tot}")

    # --- whole or not at all
    before = sorted(os.listdir(d))
    open(os.path.join(d, "mine.txt"), "w").write("keep")
    rc, out, err = run("scenarios/toy-town.ini", "--csv", d)
    check(rc != 0 and "--force" in err, f"an existing --csv folder was not refused ({rc}): {err}")
    check(sorted(os.listdir(d)) == sorted(before + ["mine.txt"]), "a refused --csv folder was changed")
    check(not [n for n in os.listdir(tmp) if "partial" in n], "a staging folder was left behind")
    rc, out, err = run("scenarios/toy-town.ini", "--csv", d, "--force")
    check(rc == 0 and not os.path.exists(os.path.join(d, "mine.txt")), f"--force did not replace the folder: {err}")
    _, head2, _, _ = read_matrix(os.path.join(d, "A.csv"))
    check(head2 == ["caffi", "siop", "ynni", "H", "B"], f"the toy town's A.csv headings {head2}")
    rc, out, err = run("scenarios/toy-town.ini", "--force")
    check(rc == 2 and "give --csv DIR too" in err, f"--force without --csv: {rc} {err}")
    rc, out, err = run("scenarios/toy-town.ini", "--source", "loan", "--csv", os.path.join(tmp, "nomoney"))
    check(rc == 0, f"--source loan --csv: {rc} {err}")
    rc, out, err = run("scenarios/toy-town.ini", "--rounds", "3", "--set", "place.household_local_spend=0.6",
                       "--csv", os.path.join(tmp, "set"))
    check(rc == 0 and os.path.exists(os.path.join(tmp, "set", "A.csv")), f"--set with --csv: {rc} {err}")
    if os.path.exists(os.path.join(tmp, "set", "A.csv")):
        _, h, _, A6 = read_matrix(os.path.join(tmp, "set", "A.csv"))
        check(abs(A6[h.index("B"), h.index("H")] - 0.6 * 0.9) < 1e-15, "--set did not reach A.csv (A[B][H] = 0.6 x 0.9)")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"explain-check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF

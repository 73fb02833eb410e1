#!/usr/bin/env python3
"""Regionalisation checked against a real regional table (docs/model.md, 'Regionalisation').

Regionalises the ONS UK 2019 table (data/uk-2019) to Scotland with Scotland's
BRES 2019 employment (data/regions/employment-2019.csv) by `cylch io` for SLQ,
CILQ, FLQ and AFLQ with delta 0.1 to 0.4, and compares the Type I output
multipliers with the Scottish Government's published 2019 ones
(data/scotland-2019/published-multipliers.csv) over the 94 common industries
of data/regions/concordance.csv.

Where a common industry joins several industries of one table, its multiplier
is the output-weighted mean of theirs: Scotland's published multipliers
weighted by Scotland's output, the regionalised ones by the industry's
estimated Scottish output (UK output x Scottish share of UK employment).

Per method and delta it prints the mean regional multiplier, the mean
published one, the mean error (regionalised - published) and the mean
absolute percentage error (MAPE), as a Markdown table.

Usage (from the repository root, after `make`):
    python3 tests/validate-scotland.py [--cylch build/cylch] [--check docs/model.md]
--check FILE: also fail (exit 1) unless FILE contains the table exactly.
Only the standard library is used."""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

UK = "data/uk-2019/io-table.csv"
REGIONS = "data/regions/employment-2019.csv"
SCOT_TABLE = "data/scotland-2019/io-table.csv"
SCOT_PUB = "data/scotland-2019/published-multipliers.csv"
CONCORDANCE = "data/regions/concordance.csv"
RUNS = [("slq", None), ("cilq", None)] + [(m, d) for m in ("flq", "aflq")
                                            for d in ("0.1", "0.15", "0.2", "0.25", "0.3", "0.35", "0.4")]


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def outputs(path):
    """Industry label -> total output of an IO table."""
    rows = read_rows(path)
    col = [h.strip() for h in rows[0]].index("total_output")
    out = {}
    for r in rows[1:]:
        if r[0].strip() in ("households", "gva", "employment"):
            continue
        out[r[0].strip()] = float(r[col])
    return out


def groups():
    """common industry -> ([UK industries], [Scottish industries]) in file order."""
    g = {}
    for r in csv.DictReader(open(CONCORDANCE, newline="", encoding="utf-8-sig")):
        g.setdefault(r["common_industry"], ([], []))[0 if r["table"] == "uk-2019" else 1].append(r["industry"])
    return g


def weighted(labels, value, weight):
    w = sum(weight[k] for k in labels)
    if w <= 0:
        return sum(value[k] for k in labels) / len(labels)
    return sum(value[k] * weight[k] for k in labels) / w


def run_cylch(cylch, method, delta, tmp):
    out = os.path.join(tmp, f"{method}-{delta or 'none'}")
    cmd = [cylch, "io", UK, "--regions", REGIONS, "--area", "Scotland", "--national", "United Kingdom",
           "--measure", "employment", "--method", method, "--out", out, "--force", "--quiet"]
    if delta:
        cmd += ["--delta", delta]
    subprocess.run(cmd, check=True)
    mult = {r["industry"]: float(r["type1_output_m"])
            for r in csv.DictReader(open(os.path.join(out, "multipliers.csv"), newline="", encoding="utf-8"))}
    slq = {r["industry"]: float(r["slq"])
           for r in csv.DictReader(open(os.path.join(out, "quotients.csv"), newline="", encoding="utf-8"))}
    return mult, slq


def national(cylch, tmp):
    out = os.path.join(tmp, "national")
    subprocess.run([cylch, "io", UK, "--out", out, "--force", "--quiet"], check=True)
    return {r["industry"]: float(r["type1_output_m"])
            for r in csv.DictReader(open(os.path.join(out, "multipliers.csv"), newline="", encoding="utf-8"))}


def row(label, delta, values, pub):
    n = len(values)
    mean = sum(values[g] for g in values) / n
    mpub = sum(pub.values()) / n
    bias = sum(values[g] - pub[g] for g in values) / n
    mape = 100.0 * sum(abs(values[g] - pub[g]) / pub[g] for g in values) / n
    return f"| {label} | {delta} | {mean:.3f} | {mpub:.3f} | {bias:+.3f} | {mape:.1f}% |", mape


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cylch", default=os.environ.get("CYLCH_BIN", "build/cylch"))
    ap.add_argument("--check", metavar="FILE")
    a = ap.parse_args()

    g = groups()
    x_uk, x_sc = outputs(UK), outputs(SCOT_TABLE)
    pub_fine = {r["industry"]: float(r["type1_output_m"])
                for r in csv.DictReader(open(SCOT_PUB, newline="", encoding="utf-8-sig"))}
    pub = {c: weighted(sc, pub_fine, x_sc) for c, (uk, sc) in g.items()}
    lines = ["| method | δ | mean regional multiplier | mean published (Scotland) | mean error | MAPE |",
             "|---|---|---|---|---|---|"]
    best = None
    with tempfile.TemporaryDirectory() as tmp:
        nat = national(a.cylch, tmp)
        # National multipliers, weighted by UK output: what no regionalisation gives.
        text, _ = row("none (UK national)", "–", {c: weighted(uk, nat, x_uk) for c, (uk, sc) in g.items()}, pub)
        lines.append(text)
        for method, delta in RUNS:
            mult, slq = run_cylch(a.cylch, method, delta, tmp)
            w = {k: x_uk[k] * slq[k] for k in x_uk}
            text, mape = row(method.upper(), delta or "–", {c: weighted(uk, mult, w) for c, (uk, sc) in g.items()}, pub)
            lines.append(text)
            if best is None or mape < best[0]:
                best = (mape, method.upper(), delta)
    table = "\n".join(lines)
    print(table)
    print(f"\nClosest: {best[1]}{' with δ = ' + best[2] if best[2] else ''} "
          f"(MAPE {best[0]:.1f}% over {len(g)} common industries).")
    if a.check:
        doc = open(a.check, encoding="utf-8").read()
        if table not in doc:
            print(f"{a.check} does not contain this table: paste it under "
                  "'## Regionalisation: validation against Scotland'", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

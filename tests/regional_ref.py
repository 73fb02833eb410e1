#!/usr/bin/env python3
"""Independent computation of regionalised input-output multipliers, for
tests/test_regional.c: written from the formulas of docs/model.md ('Regionalisation') with numpy and
the csv module, sharing no code with cylch.

Usage: regional_ref.py TABLE REGIONS MAP|- AREA NATIONAL MEASURE METHOD DELTA
Prints a CSV: industry, slq, lambda, type1_output_m, type1_income_e,
type1_gva_e, type1_employment_e, type2_output_m, type2_income_e."""
import csv
import math
import sys

import numpy as np


def read_table(path):
    rows = list(csv.reader(open(path, newline="", encoding="utf-8-sig")))
    head = [h.strip() for h in rows[0]]
    n = head.index("total_output") - 1
    for extra in ("households", "final_demand"):
        if extra in head:
            n = min(n, head.index(extra) - 1)
    names = head[1:1 + n]
    col = {h: k for k, h in enumerate(head)}

    def num(s):
        return float(s) if s.strip() else 0.0

    z = np.array([[num(c) for c in r[1:1 + n]] for r in rows[1:1 + n]])
    x = np.array([num(r[col["total_output"]]) for r in rows[1:1 + n]])
    hc = np.array([num(r[col["households"]]) for r in rows[1:1 + n]]) if "households" in col else None
    extra = {r[0].strip(): r for r in rows[1 + n:]}
    w = gva = emp = None
    y = hself = 0.0
    if "households" in extra:
        r = extra["households"]
        w = np.array([num(c) for c in r[1:1 + n]])
        y = num(r[col["total_output"]]) if r[col["total_output"]].strip() else w.sum()
        hself = num(r[col["households"]]) if "households" in col else 0.0
    if "gva" in extra:
        gva = np.array([num(c) for c in extra["gva"][1:1 + n]])
    if "employment" in extra:
        emp = np.array([num(c) for c in extra["employment"][1:1 + n]])
    return names, z, x, hc, w, y, hself, gva, emp


def slqs(names, regions, mapfile, area, national, measure):
    group = {nm: nm for nm in names}
    if mapfile != "-":
        for r in csv.DictReader(open(mapfile, newline="", encoding="utf-8-sig")):
            group[r["industry"]] = r.get("group") or r["gva_industry"]
    re, ne = {}, {}
    for r in csv.DictReader(open(regions, newline="", encoding="utf-8-sig")):
        if r["measure"] != measure:
            continue
        if r["region"] == area:
            re[r["industry"]] = float(r["value"])
        if r["region"] == national:
            ne[r["industry"]] = float(r["value"])
    tre, tne = sum(re.values()), sum(ne.values())
    out = []
    for nm in names:
        g = group[nm]
        if ne[g] == 0:
            out.append(1.0)
        elif re[g] == 0:
            out.append(0.0)
        else:
            out.append((re[g] / tre) / (ne[g] / tne))
    return np.array(out), tre, tne


def quotient_matrix(s, method, lam):
    n = len(s)
    q = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            if method == "slq" or i == j:
                v = s[i]
            elif s[i] == 0:
                v = 0.0
            elif s[j] == 0:
                v = math.inf
            else:
                v = s[i] / s[j]
            if method in ("flq", "aflq"):
                v *= lam
            if method == "aflq" and s[j] > 1:
                v *= math.log2(1 + s[j])
            q[i, j] = v
    return q


def main():
    table, regions, mapfile, area, national, measure, method, delta = sys.argv[1:9]
    delta = float(delta)
    names, z, x, hc, w, y, hself, gva, emp = read_table(table)
    n = len(names)
    s, tre, tne = slqs(names, regions, mapfile, area, national, measure)
    lam = math.log2(1 + tre / tne) ** delta
    q = quotient_matrix(s, method, lam)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x > 0, z / np.where(x > 0, x, 1), 0.0)
    r = a * np.minimum(1.0, q)
    L = np.linalg.inv(np.eye(n) - r)
    out1 = L.sum(axis=0)

    def coef(v):
        return np.where(x > 0, v / np.where(x > 0, x, 1), 0.0)

    inc1 = coef(w) @ L if w is not None else [math.nan] * n
    gva1 = coef(gva) @ L if gva is not None else [math.nan] * n
    emp1 = coef(emp) @ L if emp is not None else [math.nan] * n
    out2 = inc2 = [math.nan] * n
    if w is not None and hc is not None:
        hq = s * (lam if method in ("flq", "aflq") else 1.0)
        a2 = np.zeros((n + 1, n + 1))
        a2[:n, :n] = r
        a2[:n, n] = hc / y * np.minimum(1.0, hq)
        a2[n, :n] = coef(w)
        a2[n, n] = hself / y * (min(1.0, lam) if method in ("flq", "aflq") else 1.0)
        L2 = np.linalg.inv(np.eye(n + 1) - a2)
        out2 = L2[:n, :].sum(axis=0)
        k = np.append(coef(w), a2[n, n])
        inc2 = k @ L2
    wr = csv.writer(sys.stdout, lineterminator="\n")
    wr.writerow(["industry", "slq", "lambda", "type1_output_m", "type1_income_e", "type1_gva_e",
                 "type1_employment_e", "type2_output_m", "type2_income_e"])
    for j in range(n):
        wr.writerow([names[j]] + [repr(float(v)) for v in (s[j], lam, out1[j], inc1[j], gva1[j],
                                                             emp1[j], out2[j], inc2[j])])


if __name__ == "__main__":
    main()

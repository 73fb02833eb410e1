#!/usr/bin/python3
"""Independent reference for DESIGN.md §2-§3 with the §8 rules (numpy only).

Reads a network folder (enterprises.csv, optional trade.csv) and the place
parameters, builds A from the formulas of DESIGN.md as written (dense, no code
shared with cylch), and prints one line per figure: "name value".

usage: model_ref.py DIR net_wage_share household_local_spend household_member_share
                    business_local_wage_share business_local_supply_share jobs_per_million
"""
import csv
import os
import sys

import numpy as np


def main():
    d = sys.argv[1]
    nws, hls, hms, blws, blss, jpm = (float(x) for x in sys.argv[2:8])
    with open(os.path.join(d, "enterprises.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"] for r in rows]
    n = len(rows)
    g = lambda r, k: float(r.get(k) or 0.0)
    trade = []
    tp = os.path.join(d, "trade.csv")
    if os.path.exists(tp):
        with open(tp, newline="") as f:
            for r in csv.DictReader(f):
                trade.append((ids.index(r["buyer"]), ids.index(r["seller"]), float(r["amount"])))
    na, H, B = n + 2, n, n + 1
    A = np.zeros((na, na))
    L = np.zeros((5, na))          # staff, suppliers, households, businesses, other
    T = np.array([g(r, "grant") + g(r, "loan") + g(r, "trade_local") + g(r, "trade_external") for r in rows])
    C = np.array([g(r, "wages") + g(r, "purchases") + g(r, "other_costs") for r in rows])
    D = np.maximum(T, C)           # §8.2
    bought = np.zeros(n)
    for b, s, a in trade:
        bought[b] += a
        A[s, b] += a / D[b]
    for j, r in enumerate(rows):
        A[H, j] = g(r, "wages") * g(r, "wages_local_share") * nws / D[j]
        A[B, j] = (g(r, "purchases") * g(r, "purchases_local_share") - bought[j]
                   + g(r, "other_costs") * g(r, "other_local_share")) / D[j]
        L[0, j] = g(r, "wages") * (1 - g(r, "wages_local_share")) * nws / D[j]
        L[1, j] = g(r, "purchases") * (1 - g(r, "purchases_local_share")) / D[j]
        L[4, j] = 1 - A[:, j].sum() - L[0, j] - L[1, j]
    tl = np.array([g(r, "trade_local") for r in rows])
    if tl.sum() > 0:
        A[:n, H] = hls * hms * tl / tl.sum()
        A[B, H] = hls * (1 - hms)
    else:
        A[B, H] = hls
    L[2, H] = 1 - hls
    A[H, B] = blws * nws
    A[B, B] = blss
    # §8.8: households buy from a member at most its local sales beyond its sales to members,
    # at baseline (members' turnover T); the rest goes to B. Repeated until nothing moves,
    # since households' income grows with B's turnover.
    hb = [H, B]
    for _ in range(200):
        yy = np.linalg.solve(np.eye(2) - A[np.ix_(hb, hb)], A[np.ix_(hb, range(n))] @ T)
        sold = A[:n, :n] @ T
        cap = np.maximum(tl - sold, 0.0) / yy[0]
        over = A[:n, H] > cap * (1 + 1e-13)
        moved = float((A[:n, H] - cap)[over].sum())
        A[:n, H][over] = cap[over]
        A[B, H] += moved
        if not moved > 1e-15:
            break
    L[3, B] = 1 - A[:, B].sum()
    e = np.zeros(na)
    e[:n] = [g(r, "employees_fte") for r in rows] / T
    e[B] = jpm / 1e6
    # §8.1: exogenous income, by a full solve rather than cylch's 2x2 elimination:
    # x = A x + f with x_m = T fixed, f_H = f_B = 0  =>  solve for x_H, x_B, then f_m.
    hb = [H, B]
    M = np.eye(2) - A[np.ix_(hb, hb)]
    y = np.linalg.solve(M, A[np.ix_(hb, range(n))] @ T)
    x = np.concatenate([T, y])
    f_inc = x - A @ x
    f_inc[hb] = 0.0
    f_inc = np.maximum(f_inc, 0.0)
    srcs = {
        "grant": [g(r, "grant") for r in rows],
        "loan": [g(r, "loan") for r in rows],
        "trade": [g(r, "trade_external") for r in rows],
        "external": [g(r, "grant") + g(r, "loan") + g(r, "trade_external") for r in rows],
    }
    I = np.eye(na)
    Linv = np.linalg.inv(I - A)
    keep = [i for i in range(na) if i != H]
    A1 = A[np.ix_(keep, keep)]
    L1 = np.linalg.inv(np.eye(na - 1) - A1)
    biz = [i for i in range(na) if i != H]
    out = []
    for name, fm in list(srcs.items()) + [("income", None)]:
        f = f_inc.copy() if fm is None else np.concatenate([np.array(fm), [0.0, 0.0]])
        inj = f.sum()
        if inj <= 0:
            continue
        xx = Linv @ f
        x1 = L1 @ f[keep]
        out.append((name + ".injection", inj))
        out.append((name + ".lm_inf", xx.sum() / inj))
        out.append((name + ".output_type1", x1.sum() / inj))
        out.append((name + ".output_type2", xx[biz].sum() / inj))
        # Type I households' income: the households row applied to the Type I output
        out.append((name + ".income_type1", A[H, keep] @ x1 / inj))
        out.append((name + ".income_type2", xx[H] / inj))
        out.append((name + ".jobs", e @ xx))
        out.append((name + ".member_turnover", xx[:n].sum()))
        for k, dn in enumerate(["non_local_staff", "non_local_suppliers", "households_outside",
                                "businesses_outside", "other"]):
            out.append((name + ".leak." + dn, L[k] @ xx))
    for j in range(na):
        out.append(("colsum.%d" % j, A[:, j].sum()))
        for k in range(5):
            out.append(("leakshare.%d.%d" % (k, j), L[k, j]))
    out.append(("members_fte", float(sum(g(r, "employees_fte") for r in rows))))
    for k, v in out:
        print(k, repr(float(v)))


if __name__ == "__main__":
    main()

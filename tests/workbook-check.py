"""cylch's workbooks read back by an independent reader (openpyxl, Debian's python3-openpyxl).

For results.xlsx (cylch run, with draws as CSV, as NPY and without draws) and
compare.xlsx (cylch compare, with a ranked per-£-of-cost table):
- the sheets are exactly the CSV tables of the folder but the per-draw ones, in order;
- every cell holds what the CSV holds: text as the same text, an empty cell as empty,
  a number as a number equal to the CSV's (Python float equality), the doubles whose
  shortest decimal needs 17 significant digits included (libxlsxwriter 1.1.4 alone writes
  "%.16G", 16 digits; cylch rewrites those cells, io/xlsx.c, and this is the check that
  fails without it). The CSV itself holds the shortest decimal that reads back to its
  double (checked against Python's repr, an independent shortest round-trip);
- an About sheet first: the scenario (a comparison's base and each scenario compared),
  description, run date (SOURCE_DATE_EPOCH), cylch's version, draws, seed and accounts
  year as summary.json / compare.json say, every other sheet named with what it holds,
  the units, and the caveats paragraph in the same words as report.html's;
- headers are readable names with units, not the CSV's machine names; number formats
  (£ with thousands separators, % for shares, FTE with one decimal); the header row
  frozen; every column as wide as its widest text;
- summary-rounded.csv holds summary.json's figures rounded as its header says
  (checked here from summary.json, not from cylch's own rounding);
- a workbook that cannot be written leaves no folder, no partial file, and a clear
  message (exit 1), for run and for compare;
- a network read from workbooks: the toy town's tables written by openpyxl (as
  enterprises.xlsx and trade.xlsx, and as one workbook with sheets enterprises and
  trade) give the same result files as its CSVs; two files for one table, a workbook
  of several sheets none named, a bad cell, a share typed as 53, a formula saved
  without its value and an old .xls are refused with messages naming the cell.
Prints "workbook-check: P passed, F failed". Usage: workbook-check.py CYLCH_BIN
"""
import csv
import glob
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/cylch"
PER_DRAW = {"draws.csv", "draws-columns.csv", "compare-draws.csv", "compare-rounded.csv"}  # no sheet
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*args, status=0):
    p = subprocess.run([BIN, *args], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH)))
    check(p.returncode == status, f"{' '.join(args)} exited {p.returncode}, expected {status}: {p.stderr[-500:]}")
    return p


def csv_tables(folder, order):
    """The CSV tables of a folder that get a sheet, in the order the command lists them."""
    names = [os.path.basename(p) for p in glob.glob(os.path.join(folder, "*.csv"))]
    names = [n for n in names if n not in PER_DRAW]
    return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


def as16(x):
    return float("%.16G" % x)


def digits(s):
    """The significant digits of a decimal number as written ("0.0120" -> "12")."""
    m = s.lower().split("e")[0].lstrip("+-").replace(".", "")
    return m.strip("0") or "0"


SOURCE_DATE_EPOCH = 1700000000   # 14 November 2023, 22:13:20 UTC
numbers_total = long_total = 0


def is_number(s):
    try:
        v = float(s)
    except ValueError:
        return False
    return math.isfinite(v)


def check_workbook(folder, xlsx, order, sheet_names):
    """Every sheet of folder/xlsx against its CSV; returns the workbook."""
    global numbers_total, long_total
    wb = openpyxl.load_workbook(os.path.join(folder, xlsx))
    tables = csv_tables(folder, order)
    check([ws.title for ws in wb.worksheets] == ["About"] + [sheet_names.get(t, t[:-4]) for t in tables],
          f"{xlsx}: sheets {[ws.title for ws in wb.worksheets]} are not About and the tables {tables}")
    numbers = long17 = 0
    for t, ws in zip(tables, wb.worksheets[1:]):
        with open(os.path.join(folder, t), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        head, data = rows[0], rows[1:]
        check(ws.max_row == len(rows) or (not data and ws.max_row == 1),
              f"{xlsx}/{ws.title}: {ws.max_row} rows, the CSV has {len(rows)}")
        check(ws.max_column == len(head), f"{xlsx}/{ws.title}: {ws.max_column} columns, the CSV has {len(head)}")
        check(ws.freeze_panes == "A2", f"{xlsx}/{ws.title}: the header row is not frozen ({ws.freeze_panes})")
        labels = [c.value for c in ws[1]]
        for j, (name, label) in enumerate(zip(head, labels)):
            check(isinstance(label, str) and label, f"{xlsx}/{ws.title}: column {j + 1} has no header")
            # Machine names (lower case with _ or .) are replaced by readable ones.
            if "_" in name or "." in name:
                check(label != name and "_" not in label, f"{xlsx}/{ws.title}: header '{label}' is not readable")
        bad = 0
        for r, row in enumerate(data, start=2):
            for j, s in enumerate(row):
                cell = ws.cell(row=r, column=j + 1).value
                if s == "":
                    ok = cell is None
                elif is_number(s) and isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    # The cell is the CSV's double, exactly, and the CSV holds the shortest
                    # decimal of it. Counted apart: the numbers whose shortest decimal has 17
                    # digits, which libxlsxwriter alone ("%.16G") holds only to 16.
                    x = float(s)
                    ok = digits(s) == digits(repr(x)) and float(cell) == x
                    numbers += 1
                    long17 += as16(x) != x
                else:
                    # Text stays text (ids such as "2018" included, where the column is text).
                    ok = isinstance(cell, str) and cell == s
                if not ok:
                    bad += 1
                    if bad <= 3:
                        print(f"  {xlsx}/{ws.title} row {r} column {j + 1}: CSV '{s}', workbook {cell!r}")
        check(bad == 0, f"{xlsx}/{ws.title}: {bad} cells differ from {t}")
        # Every column at least as wide as its widest text (60 at most).
        for j in range(len(head)):
            letter = openpyxl.utils.get_column_letter(j + 1)
            width = ws.column_dimensions[letter].width
            widest = max([len(row[j]) for row in data if j < len(row) and not is_number(row[j])] + [0])
            check(width and width >= min(widest, 60), f"{xlsx}/{ws.title}: column {letter} is {width} wide, "
                                                      f"its text {widest}")
    numbers_total += numbers
    long_total += long17
    return wb, numbers


def about_rows(wb):
    """The About sheet as (label, value) pairs, blank rows left out."""
    ws = wb["About"]
    return [(r[0], r[1]) for r in ws.iter_rows(min_col=1, max_col=2, values_only=True)
            if r[0] is not None or r[1] is not None]


def report_caveats(folder):
    """report.html's caveats paragraph as text (its <b> marks taken out)."""
    import html
    import re
    with open(os.path.join(folder, "report.html"), encoding="utf-8") as f:
        page = f.read()
    m = re.search(r'<section id="caveats">\s*<h2>(.*?)</h2>\s*<p>(.*?)</p>', page, re.S)
    if not m:
        return None, None
    return html.unescape(m.group(1)), html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))


def check_about(wb, xlsx, scenarios, info, caveats_from):
    """The About sheet of wb: scenarios [(name, description, file)], info (summary.json or
    compare.json: version, draws, seed), the caveats of caveats_from's report.html."""
    import datetime
    rows = about_rows(wb)
    d = dict(rows)
    base = scenarios[0]
    check(d.get("Base scenario" if len(scenarios) > 1 else "Scenario") == base[0],
          f"{xlsx}/About: the scenario is not {base[0]}: {rows[:4]}")
    check(d.get("Description") == (base[1] or "(none given)"), f"{xlsx}/About: the description is {d.get('Description')!r}")
    check(d.get("Scenario file") == base[2], f"{xlsx}/About: the scenario file is {d.get('Scenario file')!r}")
    if len(scenarios) > 1:
        i = [r[0] for r in rows].index("Compared with the base") if "Compared with the base" in d else -1
        listed = [r[1] for r in rows[i:i + len(scenarios) - 1]] if i >= 0 else []
        want = [f"{n}: {desc}" if desc else n for n, desc, _ in scenarios[1:]]
        check(listed == want, f"{xlsx}/About: the scenarios compared are {listed}, not {want}")
    run_on = d.get("Run on")
    check(isinstance(run_on, datetime.datetime) and run_on.date() ==
          datetime.datetime.utcfromtimestamp(SOURCE_DATE_EPOCH).date(),
          f"{xlsx}/About: run on {run_on!r}, not SOURCE_DATE_EPOCH's day")
    check(wb["About"]["B" + str([r[0] for r in wb["About"].iter_rows(min_col=1, max_col=1, values_only=True)]
                                .index("Run on") + 1)].number_format == "d mmmm yyyy",
          f"{xlsx}/About: the run date is not shown as a date")
    check(d.get("cylch version") == info["cylch_version"], f"{xlsx}/About: version {d.get('cylch version')!r}, "
                                                           f"the JSON says {info['cylch_version']!r}")
    check(d.get("Monte Carlo draws") == info["draws"], f"{xlsx}/About: draws {d.get('Monte Carlo draws')!r}, "
                                                       f"the JSON says {info['draws']}")
    check(d.get("Seed") == info["seed"], f"{xlsx}/About: seed {d.get('Seed')!r}, the JSON says {info['seed']}")
    check(d.get("Members' accounts for") == (info.get("accounts_year") or
                                             "not given (set accounts_year in the scenario's [scenario] section)"),
          f"{xlsx}/About: accounts year " + repr(d.get("Members' accounts for")))
    # Every other sheet, in order, with what it holds and the CSV it comes from.
    labels = [r[0] for r in rows]
    i = labels.index("The sheets") + 1 if "The sheets" in labels else len(rows)
    listed = rows[i:i + len(wb.sheetnames) - 1]
    check([r[0] for r in listed] == wb.sheetnames[1:], f"{xlsx}/About: sheets listed {[r[0] for r in listed]}")
    check(all(isinstance(v, str) and len(v) > 30 and ".csv." in v for _, v in listed),
          f"{xlsx}/About: a sheet without what it holds and its CSV: {listed}")
    for unit in ("£ a year", "£ per £1", "%", "FTE", "Precision"):
        check(isinstance(d.get(unit), str) and len(d[unit]) > 20, f"{xlsx}/About: the unit {unit} is not explained")
    check("exactly the number in the CSV file" in (d.get("Precision") or ""),
          f"{xlsx}/About: the precision is not stated")
    title, text = report_caveats(caveats_from)
    check(title is not None and title in labels, f"{xlsx}/About: no caveats heading {title!r}")
    if title in labels:
        k = labels.index(title)
        check(k + 1 < len(rows) and rows[k + 1][1] == text,
              f"{xlsx}/About: the caveats differ from report.html's: {rows[k + 1][1] if k + 1 < len(rows) else None!r}")
    for w in ("gross local circulation", "additional impact", "Additionality", "Displacement", "Deadweight"):
        check(any(isinstance(v, str) and w in v for _, v in rows), f"{xlsx}/About: the caveats do not say {w!r}")


def fmt(ws, header_part, row=2):
    """The number format of the first column whose header holds header_part."""
    for c in ws[1]:
        if header_part in (c.value or ""):
            return ws.cell(row=row, column=c.column).number_format
    return None


tmp = tempfile.mkdtemp(prefix="cylch-workbook-")
try:
    RUN_ORDER = ["summary-rounded.csv", "rounds.csv", "members.csv", "leakage.csv", "histogram.csv",
                 "convergence.csv", "industries.csv"]
    RUN_SHEETS = {"summary-rounded.csv": "Summary", "rounds.csv": "Rounds", "members.csv": "Members",
                  "leakage.csv": "Leakage", "histogram.csv": "Histogram", "convergence.csv": "Convergence",
                  "industries.csv": "Industries"}
    out = os.path.join(tmp, "run")
    p = run("run", "scenarios/bro-ffestiniog.ini", "--draws", "300", "--no-plots", "--out", out)
    check("results.xlsx" in p.stdout, "the run does not say it wrote results.xlsx")
    wb, n = check_workbook(out, "results.xlsx", RUN_ORDER, RUN_SHEETS)
    check(n > 500, f"only {n} numbers compared in results.xlsx")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        info = json.load(f)
    info["accounts_year"] = "2017-18"
    check_about(wb, "results.xlsx", [("bro-ffestiniog", "Cwmni Bro Ffestiniog: 13 social enterprises in Blaenau "
                                      "Ffestiniog, Trawsfynydd and Penrhyndeudraeth", "scenarios/bro-ffestiniog.ini")],
                info, out)
    check(not os.path.exists(os.path.join(out, "draws.csv")) or "draws" not in wb.sheetnames,
          "per-draw data got a sheet")
    check(not any("partial" in f for f in os.listdir(out)), "a partial file was left in the results")
    members = wb["Members"]
    check(fmt(members, "Income") == '"£"#,##0;-"£"#,##0', f"income is not £ with thousands ({fmt(members, 'Income')})")
    check(fmt(members, "(FTE)") == "#,##0.0", "staff are not FTE with one decimal")
    check(fmt(members, "round 2") == "0.0%", "the round-2 share is not a %")
    check("£ a year" in (members.cell(row=1, column=3).value or ""), "income's header has no unit")
    check(fmt(wb["Rounds"], "Multiplier so far") == "0.000", "multipliers are not shown with three decimals")
    check(fmt(wb["Leakage"], "Total leaked") == '"£"#,##0;-"£"#,##0', "leakage is not £")
    check(fmt(wb["Histogram"], "Share of draws") == "0.0%", "the histogram's share is not a %")

    # summary-rounded.csv from summary.json, rounded here.
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        sj = json.load(f)
    with open(os.path.join(out, "summary-rounded.csv"), newline="", encoding="utf-8") as f:
        rounded = list(csv.DictReader(f))
    money = {"Grant": "grant", "Loans and investment": "loan", "Sales outside the place": "trade",
             "Money from outside (grant, loans and sales outside)": "external",
             "Members' income (the part the model does not generate itself)": "income"}
    figure = {"Local multiplier LM3 (three rounds)": ("lm3", 2),
              "Local multiplier over time (every round)": ("lm_inf", 2),
              "Over time, households' re-spending left out (Type I)": ("lm_inf_type1", 2),
              "Local wages supported": ("local_wages", 0), "Jobs supported": ("jobs", 1)}
    seen = 0
    for row in rounded:
        if row["Figure"] == "Share of round 1 spent locally in round 2":
            pt, st, d, scale = sj["point"]["round2_local_share_grant_loan"], \
                sj["mc"]["round2_local_share_grant_loan"], 1, 100
        else:
            q, d = figure[row["Figure"]]
            s = money[row["Money"]]
            pt, st, scale = sj["point"]["by_source"][s][q], sj["mc"]["by_source"][s][q], 1
        want = ["%.*f" % (d, scale * v) for v in (pt, st["mean"], st["p5"], st["p95"])]
        got = [row["At reported values"], row["Average of draws"], row["90% range from"], row["90% range to"]]
        check(got == want, f"summary-rounded.csv {row['Figure']} / {row['Money']}: {got}, summary.json says {want}")
        seen += 1
    check(seen == 26, f"summary-rounded.csv has {seen} figures, not 26")
    check(fmt(wb["Summary"], "At reported values") == '"£"#,##0.00;-"£"#,##0.00', "the summary's multiplier is not £0.00")

    # Draws kept as NPY, and no draws at all: the workbook follows the files written.
    out2 = os.path.join(tmp, "npy")
    run("run", "scenarios/bro-ffestiniog.ini", "--draws", "100", "--draws-file", "npy", "--no-plots", "--out", out2)
    check_workbook(out2, "results.xlsx", RUN_ORDER, RUN_SHEETS)
    out3 = os.path.join(tmp, "point")
    run("run", "scenarios/toy-town.ini", "--no-plots", "--out", out3)
    wb3, _ = check_workbook(out3, "results.xlsx", RUN_ORDER, RUN_SHEETS)
    check("Histogram" not in wb3.sheetnames, "a histogram sheet without draws")
    with open(os.path.join(out3, "summary.json"), encoding="utf-8") as f:
        info = json.load(f)
    with open("scenarios/toy-town.ini", encoding="utf-8") as f:
        import re
        m = re.search(r"^description *= *(.*?) *$", f.read(), re.M)
    check_about(wb3, "results.xlsx (toy town)", [("toy-town", m.group(1) if m else None, "scenarios/toy-town.ini")],
                info, out3)
    check(any(isinstance(v, str) and "No draws" in v for _, v in about_rows(wb3)), "the toy town's About does not say it has no draws")
    with open(os.path.join(out3, "summary-rounded.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    check(all(r["Average of draws"] == "" for r in rows), "figures of draws without draws")
    check(rows[0]["At reported values"] == "%.2f" % json.load(open(os.path.join(out3, "summary.json")))["point"]
          ["by_source"]["grant"]["lm3"], "the toy town's LM3 is not rounded to the penny")

    # A scenario with an [economy] section adds the industries table: it gets a sheet too.
    for econ in sorted(glob.glob("scenarios/*.ini")):
        with open(econ, encoding="utf-8") as f:
            if "[economy]" not in f.read():
                continue
        out4 = os.path.join(tmp, "economy")
        run("run", econ, "--draws", "0", "--no-plots", "--out", out4)
        wb4, _ = check_workbook(out4, "results.xlsx", RUN_ORDER, RUN_SHEETS)
        check("Industries" in wb4.sheetnames, f"{econ}: no Industries sheet")
        if "Industries" in wb4.sheetnames:
            check(fmt(wb4["Industries"], "Jobs") == "#,##0.0", "industries' jobs are not FTE")
        break

    # compare.xlsx with a ranked per-£-of-cost table (the toy town, as in tests/user.sh).
    shutil.copytree("data/toy-town", os.path.join(tmp, "inh", "data"))
    with open(os.path.join(tmp, "inh", "base.ini"), "w", encoding="utf-8") as f:
        f.write("[scenario]\nname = base\nnetwork = data\ndraws = 200\nseed = 3\n[place]\nnet_wage_share = 1.0\n"
                "household_local_spend = beta(mean=0.5,sd=0.05)\nhousehold_member_share = 0.1\n"
                "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\njobs_per_million = 10\n"
                "[uncertainty]\nwages_local_share = beta(sd=0.03)\n")
    with open(os.path.join(tmp, "inh", "grant.ini"), "w", encoding="utf-8") as f:
        f.write("[scenario]\nname = more-grant\nbase = base.ini\ndescription = £10,000 more grant to the café\n"
                "[change \"café grant\"]\nmembers = caffi\ngrant = +10000\ncost = £10,000\n")
    with open(os.path.join(tmp, "inh", "trade.ini"), "w", encoding="utf-8") as f:
        f.write("[scenario]\nname = buy-local\nbase = base.ini\n[change \"council buys from members\"]\n"
                "members = all\ntrade_local = *1.1\ncost = 2000 per member\n")
    cmp = os.path.join(tmp, "cmp")
    p = run("compare", os.path.join(tmp, "inh", "base.ini"), os.path.join(tmp, "inh", "grant.ini"),
            os.path.join(tmp, "inh", "trade.ini"), "--no-plots", "--out", cmp)
    check("compare.xlsx" in p.stdout, "compare does not say it wrote compare.xlsx")
    wbc, n = check_workbook(cmp, "compare.xlsx", ["compare.csv", "cost.csv"],
                            {"compare.csv": "Compare", "cost.csv": "Per £ of cost"})
    check(n > 300, f"only {n} numbers compared in compare.xlsx")
    with open(os.path.join(cmp, "compare.json"), encoding="utf-8") as f:
        info = json.load(f)

    # compare-rounded.csv from compare.json, rounded here: £ a year to the pound, £ per £1
    # to 3 decimals, FTE to 1, a share in % to 1, the shares of draws in % to 1; never "-0".
    # (compare.csv gives only which measure is which quantity.)
    def fixed(d, v):
        t = "%.*f" % (d, v)
        return t[1:] if t.startswith("-") and set(t[1:]) <= set("0.") else t
    with open(os.path.join(cmp, "compare.csv"), newline="", encoding="utf-8") as f:
        code = {(r["scenario"], r["measure"]): (r["quantity"], r["unit"]) for r in csv.DictReader(f)}
    with open(os.path.join(cmp, "compare-rounded.csv"), newline="", encoding="utf-8") as f:
        rounded = list(csv.DictReader(f))
    diffs = {d["scenario"]: d["quantities"] for d in info["differences"]}
    seen = 0
    for row in rounded:
        q, unit = code[(row["Scenario"], row["Measure"])]
        d, scale = {"£ a year": (0, 1), "£ per £1": (3, 1), "FTE": (1, 1), "share": (1, 100)}[unit]
        check(row["Unit"] == ("%" if unit == "share" else unit), f"compare-rounded.csv {q}: unit {row['Unit']}")
        v = diffs[row["Scenario"]][q]
        want = [fixed(d, scale * v[k]) for k in ("base_point", "other_point", "point_diff", "mean_diff", "p5_diff",
                                                  "p95_diff")]
        want += [fixed(1, 100 * v[k]) for k in ("p_other_greater", "p_other_less")]
        got = [row[k] for k in ("Base", "This scenario", "Change", "Average change over the draws",
                                "90% range of the change from", "90% range of the change to",
                                "Draws higher than the base (%)", "Draws lower than the base (%)")]
        check(got == want, f"compare-rounded.csv {row['Scenario']} {q}: {got}, compare.json says {want}")
        seen += 1
    want_rows = sum(1 for o in diffs.values() for q, v in o.items() if v is not None and not q.endswith(".lmk"))
    check(seen == want_rows and seen > 40, f"compare-rounded.csv has {seen} rows, compare.json {want_rows} figures")
    info["accounts_year"] = None
    check_about(wbc, "compare.xlsx", [("base", None, os.path.join(tmp, "inh", "base.ini")),
                                      ("more-grant", "£10,000 more grant to the café", os.path.join(tmp, "inh", "grant.ini")),
                                      ("buy-local", None, os.path.join(tmp, "inh", "trade.ini"))], info, out3)
    cost = wbc["Per £ of cost"]
    check(cost.max_row == 3 and cost.cell(row=2, column=2).value == "buy-local",
          "the ranked table is not buy-local first")
    check(fmt(cost, "per £1 of cost, at") == '"£"#,##0.00;-"£"#,##0.00', "per £ of cost is not £0.00")
    check(fmt(cost, "Cost (£") == '"£"#,##0;-"£"#,##0', "the cost is not £ with thousands")
    check(fmt(cost, "Chance") == "0.0%", "the chance is not a %")
    comp = wbc["Compare"]
    units = {}
    for r in range(2, comp.max_row + 1):
        units[comp.cell(row=r, column=2).value.split(".")[-1]] = comp.cell(row=r, column=5).number_format
    check(units.get("local_wages") == '"£"#,##0;-"£"#,##0' and units.get("jobs") == "#,##0.0" and
          units.get("lm_inf") == "0.000" and units.get("round2_local_share_grant_loan") == "0.0%",
          f"compare's rows are not formatted by their quantity: {units}")

    # A workbook that cannot be written: the folder its temporary name needs is taken.
    # exec keeps the shell's PID, so the staging folder's and the workbook's names are known.
    for cmd, xlsx in ((f"'{BIN}' run scenarios/toy-town.ini --no-plots --out \"$1\"", "results.xlsx"),
                      (f"'{BIN}' compare scenarios/toy-town.ini scenarios/toy-town.ini --no-plots --out \"$1\"",
                       "compare.xlsx")):
        dest = os.path.join(tmp, "fail-" + xlsx[:-5])
        sh = f'mkdir -p "$1.partial-$$/{xlsx}.partial-$$/x" && exec {cmd}'
        p = subprocess.run(["sh", "-c", sh, "sh", dest], capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C.UTF-8"))
        check(p.returncode == 1, f"{xlsx} unwritable: exit {p.returncode}, expected 1")
        check(p.stderr == f"cylch: cannot write {dest}/{xlsx}: Is a directory\n",
              f"{xlsx} unwritable: the message is {p.stderr!r}")
        left = [f for f in os.listdir(tmp) if f.startswith(os.path.basename(dest))]
        check(left == [], f"{xlsx} unwritable: left {left}")
    # ---- A network read from workbooks (io/xlsx.c): the toy town's tables written by
    # openpyxl as a treasurer's spreadsheet would hold them (money with a £ format,
    # shares with a percent format, a notes column), give the same results as its CSVs.
    import filecmp
    import re

    def toy_rows(name):
        with open(os.path.join("data/toy-town", name), newline="", encoding="utf-8") as f:
            return list(csv.reader(f))

    SHARES = {"wages_local_share", "purchases_local_share", "other_local_share"}

    def fill(ws, rows, percent=True):
        head = rows[0]
        ws.append(head + (["Notes"] if "id" in head else []))
        for r in rows[1:]:
            vals = [v if not is_number(v) else (int(v) if re.fullmatch(r"-?\d+", v) else float(v)) for v in r]
            ws.append(vals + (["from the 2024-25 accounts"] if "id" in head else []))
            for j, h in enumerate(head):
                cell = ws.cell(row=ws.max_row, column=j + 1)
                if h in SHARES and percent:
                    cell.number_format = "0%"
                elif h not in ("id", "name", "buyer", "seller"):
                    cell.number_format = '"£"#,##0'

    def scenario_for(folder, name):
        with open("scenarios/toy-town.ini", encoding="utf-8") as f:
            text = f.read()
        text = text.replace("network = ../data/toy-town", "network = " + folder)
        path = os.path.join(tmp, name + ".ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def same_results(a, b, what):
        for name in ("rounds.csv", "members.csv", "leakage.csv", "summary-rounded.csv"):
            check(filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False),
                  f"{what}: {name} differs from the CSV network's")
        with open(os.path.join(a, "summary.json"), encoding="utf-8") as f:
            ja = json.load(f)["point"]
        with open(os.path.join(b, "summary.json"), encoding="utf-8") as f:
            jb = json.load(f)["point"]
        check(ja == jb, f"{what}: summary.json's point figures differ from the CSV network's")

    base_out = os.path.join(tmp, "toy-csv")
    run("run", "scenarios/toy-town.ini", "--no-plots", "--out", base_out)
    # Two workbooks, enterprises.xlsx (one sheet, named Members) and trade.xlsx.
    two = os.path.join(tmp, "toy-xlsx")
    os.makedirs(two)
    wbe = openpyxl.Workbook()
    wbe.active.title = "Members"
    fill(wbe.active, toy_rows("enterprises.csv"))
    wbe.save(os.path.join(two, "enterprises.xlsx"))
    wbt = openpyxl.Workbook()
    fill(wbt.active, toy_rows("trade.csv"))
    wbt.save(os.path.join(two, "trade.xlsx"))
    out_two = os.path.join(tmp, "toy-xlsx-out")
    p = run("run", scenario_for(two, "toy-xlsx"), "--no-plots", "--out", out_two)
    same_results(out_two, base_out, "the toy town as enterprises.xlsx and trade.xlsx")
    check("enterprises.xlsx" in p.stderr and "9 percentages read as shares" in p.stderr,
          f"the workbook's percentages are not reported as read: {p.stderr!r}")
    # One workbook with sheets named enterprises and trade (and a third, ignored).
    one = os.path.join(tmp, "toy-one")
    os.makedirs(one)
    wb1 = openpyxl.Workbook()
    wb1.active.title = "Read me"
    wb1.active["A1"] = "The network's figures for cylch"
    fill(wb1.create_sheet("Enterprises"), toy_rows("enterprises.csv"), percent=False)
    fill(wb1.create_sheet("trade"), toy_rows("trade.csv"))
    wb1.save(os.path.join(one, "enterprises.xlsx"))
    out_one = os.path.join(tmp, "toy-one-out")
    run("run", scenario_for(one, "toy-one"), "--no-plots", "--out", out_one)
    same_results(out_one, base_out, "the toy town as one workbook with enterprises and trade sheets")

    def refused(folder, name, message):
        p = run("run", scenario_for(folder, name), "--no-plots", "--out", os.path.join(tmp, name + "-out"),
                status=2)
        check(p.stderr == "cylch: " + message + "\n", f"{name}: the message is {p.stderr!r}, not {message!r}")

    # Both enterprises.csv and enterprises.xlsx: which is current?
    both = os.path.join(tmp, "toy-both")
    shutil.copytree(two, both)
    shutil.copy("data/toy-town/enterprises.csv", both)
    refused(both, "both", f"{both} holds both enterprises.csv and enterprises.xlsx: keep one of them (cylch would "
                          "not know which is current)")
    # Several sheets, none named enterprises.
    many = os.path.join(tmp, "toy-many")
    os.makedirs(many)
    wbm = openpyxl.Workbook()
    wbm.active.title = "Data"
    fill(wbm.active, toy_rows("enterprises.csv"))
    wbm.create_sheet("Notes")
    wbm.save(os.path.join(many, "enterprises.xlsx"))
    refused(many, "many", f"{many}/enterprises.xlsx has 2 sheets ('Data', 'Notes') and none is named 'enterprises': "
                          "name the sheet of members 'enterprises' (cylch reads the only sheet of a workbook, or "
                          "the one with that name)")
    # A bad cell, a share typed as 53, a formula saved without its value (openpyxl
    # writes formulas so): each named by its cell and member.
    for name, cell, value, message in (
            ("bad-cell", "D3", "twelve", "grant for 'siop' (column 4) is 'twelve'; a finite amount in £ is needed, "
                                         "e.g. 12500 or £12,500"),
            ("bad-share", "I2", 90, "wages_local_share for 'caffi' (column 9) is '90'; shares must be between 0 "
                                    "and 1: did you mean 90% (0.9)? Write 90% or 0.9"),
            ("formula", "F4", "=B4*2", "holds a formula (=B4*2) with no value saved in the file (a program other "
                                       "than a spreadsheet wrote it?); open the workbook in a spreadsheet program "
                                       "and save it, so that the values are stored, or type the value")):
        folder = os.path.join(tmp, "toy-" + name)
        os.makedirs(folder)
        wbb = openpyxl.Workbook()
        wbb.active.title = "Members"
        fill(wbb.active, toy_rows("enterprises.csv"))
        wbb.active[cell] = value
        wbb.active[cell].number_format = "General"
        wbb.save(os.path.join(folder, "enterprises.xlsx"))
        refused(folder, name, f"{folder}/enterprises.xlsx, sheet 'Members', cell {cell}: {message}")
    # An old .xls (or anything not a zip archive) saved under the name.
    xls = os.path.join(tmp, "toy-xls")
    os.makedirs(xls)
    with open(os.path.join(xls, "enterprises.xlsx"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(100))
    refused(xls, "xls", f"{xls}/enterprises.xlsx: not an Excel workbook (.xlsx): it is an old-style .xls file; save "
                        "it from the spreadsheet as \"Excel Workbook (.xlsx)\", or as CSV UTF-8 (enterprises.csv)")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

# How many numbers were compared, and how many of them need 17 digits (the cells that
# libxlsxwriter's "%.16G" alone would have got wrong): without those this check proves little.
print(f"numbers read back and compared with the CSVs: {numbers_total}; {long_total} of them need 17 "
      "significant digits")
check(long_total > 500, f"only {long_total} numbers needing 17 digits were compared")
print(f"workbook-check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

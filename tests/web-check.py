#!/usr/bin/env python3
"""cylch serve's pages driven as a person would, in headless Chromium (tests/web-check.py).

On a fresh workspace: paste a five-member network from a "spreadsheet" (cells such as
£12,500 and 53% when cylch's reader takes them), save it, set households' local spending to
0.7, run 2,000 draws and see the headline and the plots appear, compare with a 20% grant cut
written in the form and see the ranked table — and check that the numbers shown, and the
files written, equal those of `cylch run` and `cylch compare` on the same files. A second
change written in the form with a cost (more grant, £11,750 a year) must bring the per-£1
table, cell for cell what `cylch compare` prints, and the figures of its cost.csv. Then a bad
cell is pasted and its message must name its line; then the Explore page's sliders must
move LM3 to what `cylch run` gives for the same value.

Usage: python3 tests/web-check.py [CYLCH_BIN] [--bench] [--screenshot FILE.png]
  --bench       also move Explore's sliders 40 times and print the latency from a move to
                the new figures on the page (make bench); the target is 100 ms
  --screenshot  save a picture of the Run page (the README's)
Prints "web-check: P passed, F failed" (exit 77 when Chromium or Selenium is missing).
"""
import csv
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

args = [a for a in sys.argv[1:]]
BENCH = "--bench" in args
SHOT = None
if "--screenshot" in args:
    SHOT = os.path.abspath(args[args.index("--screenshot") + 1])
    del args[args.index("--screenshot"):args.index("--screenshot") + 2]
args = [a for a in args if a != "--bench"]
BIN = os.path.abspath(args[0] if args else os.environ.get("CYLCH_BIN", "build/cylch"))
ROOT = os.getcwd()

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("web-check: SKIP: python3-selenium is not installed (sudo apt-get install python3-selenium)")
    sys.exit(77)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not CHROMIUM or not os.path.exists(DRIVER):
    print("web-check: SKIP: chromium and chromium-driver are needed (sudo apt-get install chromium chromium-driver)")
    sys.exit(77)

passed = 0
failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)
    return cond


def mult(v):
    return "£%.2f" % v


def money(v):
    a = abs(v)
    s = "−" if v < 0 else ""
    if a >= 1e6:
        return s + "£%.2fM" % (a / 1e6)
    return s + "£" + "{:,}".format(int(round(a)))


HEADER = ["id", "name", "employees_fte", "grant", "loan", "trade_local", "trade_external", "wages",
          "wages_local_share", "purchases", "purchases_local_share"]


def workbook_linked(href, sheet):
    """The workbook a page links to, fetched from cylch serve: its type and a sheet in it (openpyxl)."""
    import io
    import openpyxl
    with urllib.request.urlopen(href) as r:
        kind, body = r.headers.get("Content-Type", ""), r.read()
    wb = openpyxl.load_workbook(io.BytesIO(body))
    return kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" and sheet in wb.sheetnames


def network_rows(tolerant):
    """Five members as a treasurer's spreadsheet has them; money and shares written as people
    write them when cylch's reader takes that, else as plain numbers."""
    plain = [
        ["caffi", "Caffi'r Cwm", "4", "12500", "0", "60000", "15000", "52000", "0.9", "30000", "0.53"],
        ["siop", "Siop y Pentref", "3", "8000", "5000", "90000", "10000", "41000", "0.8", "55000", "0.4"],
        ["ynni", "Ynni Cwm", "2", "40000", "20000", "10000", "120000", "38000", "0.7", "60000", "0.35"],
        ["gardd", "Gardd Gymunedol", "1.5", "22000", "0", "14000", "2000", "26000", "0.95", "9000", "0.6"],
        ["bws", "Bws Bro", "5", "35000", "10000", "45000", "30000", "90000", "0.85", "25000", "0.5"],
    ]
    if not tolerant:
        return plain
    rows = [list(r) for r in plain]
    rows[0][3] = "£12,500"      # grant
    rows[0][10] = "53%"         # purchases_local_share
    rows[2][6] = "£120,000"
    rows[4][8] = "85%"
    return rows


def reader_is_tolerant(tmp):
    """Whether cylch's network reader takes £12,500 and 53% (the spreadsheet-tolerant reading)."""
    d = os.path.join(tmp, "probe", "data", "p")
    os.makedirs(d)
    with open(os.path.join(d, "enterprises.csv"), "w") as f:
        f.write(",".join(HEADER) + "\n")
        f.write('p,P,1,"£12,500",0,1000,0,5000,53%,1000,0.5\n')
    with open(os.path.join(tmp, "probe", "p.ini"), "w") as f:
        f.write("[scenario]\nname = p\nnetwork = data/p\n[place]\nhousehold_local_spend = 0.5\n"
                "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.1\njobs_per_million = 10\n")
    r = subprocess.run([BIN, "explain", "p.ini"], cwd=os.path.join(tmp, "probe"), capture_output=True, text=True)
    return r.returncode == 0


def main():
    top = tempfile.mkdtemp(prefix="cylch-web-check.")
    ws = os.path.join(top, "ws")
    os.makedirs(os.path.join(ws, "data"))
    os.makedirs(os.path.join(ws, "scenarios"))
    shutil.copytree(os.path.join(ROOT, "data", "toy-town"), os.path.join(ws, "data", "toy-town"))
    shutil.copy(os.path.join(ROOT, "scenarios", "toy-town.ini"), os.path.join(ws, "scenarios"))
    tolerant = reader_is_tolerant(top)
    if not tolerant:
        print("web-check: note: cylch's reader does not take £12,500 or 53% yet; the pasted cells are plain numbers")

    srv = subprocess.Popen([BIN, "serve", "--port", "0", "--dir", ws], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    url = None
    line = srv.stdout.readline()
    while line and "http://" not in line:
        line = srv.stdout.readline()
    if "http://" in line:
        url = "http://" + line.split("http://")[1].split()[0]
    profile = tempfile.mkdtemp(prefix="profile.", dir=top)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + profile, "--window-size=1400,1100"):
        opts.add_argument(flag)
    drv = None
    try:
        if not ok(url is not None, "cylch serve printed its address"):
            raise RuntimeError("no server")
        drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
        drv.set_script_timeout(30)
        wait = WebDriverWait(drv, 60)
        E = lambda i: drv.find_element(By.ID, i)

        def typed(i, text):
            e = E(i)
            e.clear()
            e.send_keys(text)

        def paste(element, text):
            drv.execute_script(
                "const dt = new DataTransfer(); dt.setData('text/plain', arguments[1]); arguments[0].focus();"
                "arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));",
                element, text)

        drv.get(url + "#network")
        wait.until(lambda d: E("ws-root").text not in ("", "…"))
        ok(os.path.realpath(ws) == E("ws-root").text, "the page names the workspace")

        # --- 1. the network, pasted from a spreadsheet
        typed("net-new", "valley")
        E("net-load").click()
        rows = network_rows(tolerant)
        block = "\t".join(HEADER) + "\n" + "\n".join("\t".join(r) for r in rows) + "\n"
        paste(drv.find_element(By.CSS_SELECTOR, "#members tbody input"), block)
        n = len(drv.find_elements(By.CSS_SELECTOR, "#members tbody tr"))
        ok(n == 5, "the pasted block fills five rows (%d)" % n)
        cell = drv.find_element(By.CSS_SELECTOR, "#members tbody tr:first-child input[data-col=grant]")
        ok(cell.get_attribute("value") == rows[0][3], "the cells keep what was pasted (%s)" % cell.get_attribute("value"))
        drv.find_element(By.ID, "trade-add").click()
        paste(drv.find_element(By.CSS_SELECTOR, "#trade tbody input"),
              "buyer\tseller\tamount\ncaffi\tgardd\t4000\nbws\tsiop\t2500\n")
        E("net-save").click()
        wait.until(lambda d: E("net-msg").text.startswith(("Saved", "cylch")) or "bad" in E("net-msg").get_attribute("class"))
        ok(E("net-msg").text.startswith("Saved"), "the network is saved (%s)" % E("net-msg").text)
        if tolerant:
            ok("12,500" in E("net-msg").text or "53%" in E("net-msg").text or "spreadsheet" in E("net-msg").text,
               "the page says what the reader normalised (%s)" % E("net-msg").text)
        ok(os.path.isfile(os.path.join(ws, "data", "valley", "enterprises.csv")) and
           os.path.isfile(os.path.join(ws, "data", "valley", "trade.csv")), "enterprises.csv and trade.csv are in the workspace")

        # --- 2. the place: households spend 70p in the £1 locally
        drv.get(url + "#place")
        wait.until(lambda d: E("sc-path").get_attribute("value") == "scenarios/valley.ini")
        typed("place-household_local_spend", "0.7")
        typed("sc-draws", "2000")
        for col, dist in (("wages_local_share", "beta(sd=0.05)"), ("purchases_local_share", "beta(sd=0.05)")):
            e = drv.find_element(By.CSS_SELECTOR, "#uncertainty input[data-col=%s]" % col)
            e.clear()
            e.send_keys(dist)
        e = E("place-business_local_supply_share")
        e.clear()
        e.send_keys("triangular(0.1,0.15,0.25)")
        wait.until(lambda d: "90% of draws" in d.find_element(By.CSS_SELECTOR, "#place tr:nth-child(6) .note").text)
        ok(True, "the preview of a distribution is shown")
        E("sc-save").click()
        wait.until(lambda d: E("sc-msg").text.startswith("Saved") or "bad" in E("sc-msg").get_attribute("class"))
        ok(E("sc-msg").text.startswith("Saved"), "the scenario is saved (%s)" % E("sc-msg").text)

        # --- 3. run 2,000 draws
        drv.get(url + "#run")
        wait.until(lambda d: E("run-scenario").get_attribute("value") == "scenarios/valley.ini")
        typed("run-draws", "2000")
        E("run-go").click()
        WebDriverWait(drv, 180).until(lambda d: E("run-result").is_displayed() or "bad" in E("run-msg").get_attribute("class"))
        ok(E("run-result").is_displayed(), "the run finishes on the page (%s)" % E("run-msg").text)
        headline = E("run-headline").text
        ok("Every £1 of grant to the network is worth" in headline, "the headline sentence appears")
        wait.until(lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('#run-plots img')).filter(i => i.complete && i.naturalWidth > 0).length") >= 5)
        ok(True, "the plots appear")
        # the same files through the command line: the same numbers
        subprocess.run([BIN, "run", "scenarios/valley.ini", "--out", "results/valley-cli", "--quiet", "--no-plots"],
                       cwd=ws, check=True, capture_output=True)
        with open(os.path.join(ws, "results", "valley", "summary.json")) as f:
            page = json.load(f)
        with open(os.path.join(ws, "results", "valley-cli", "summary.json")) as f:
            cli = json.load(f)
        ok(page["point"] == cli["point"] and page["mc"] == cli["mc"] and page["draws"] == 2000,
           "the page's run wrote the same figures as cylch run on the same files")
        shown = drv.find_element(By.CSS_SELECTOR, "#run-figures tr[data-source=grant] td[data-q=lm_inf]").text
        g = cli["mc"]["by_source"]["grant"]["lm_inf"]
        rng = drv.find_element(By.CSS_SELECTOR, "#run-figures tr[data-source=grant] td:nth-child(3)").text
        ok(shown == mult(cli["point"]["by_source"]["grant"]["lm_inf"]) and rng == mult(g["p5"]) + " to " + mult(g["p95"]),
           "the page shows cylch run's LM∞ and its 90%% range (%s, %s)" % (shown, rng))
        cli_text = subprocess.run([BIN, "run", "scenarios/valley.ini", "--out", "results/valley-cli", "--force",
                                   "--no-plots"], cwd=ws, capture_output=True, text=True).stdout
        first = [p for p in cli_text.split("\n\n") if p.strip()][1].strip()
        ok(" ".join(first.split()) in " ".join(headline.split()), "the sentences are cylch run's")
        ok(workbook_linked(E("run-workbook").get_attribute("href"), "Members"),
           "the page links the run's workbook (results.xlsx), served as a spreadsheet")
        if SHOT:
            drv.set_window_size(1400, 2100)
            drv.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.5)
            drv.save_screenshot(SHOT)
            drv.set_window_size(1400, 1100)

        # --- 4. compare with a 20% grant cut written in the form
        drv.get(url + "#compare")
        wait.until(lambda d: E("cmp-base").get_attribute("value") != "")
        drv.execute_script("const s = document.getElementById('cmp-base'); s.value = 'scenarios/valley.ini';"
                           "s.dispatchEvent(new Event('change'));")
        typed("chg-label", "grant cut 20%")
        typed("chg-value", "0.8")
        E("chg-add").click()
        wait.until(lambda d: E("chg-msg").text.startswith("Saved") or "bad" in E("chg-msg").get_attribute("class"))
        ok(E("chg-msg").text.startswith("Saved"), "the change is saved as a scenario (%s)" % E("chg-msg").text)
        typed("cmp-draws", "2000")
        E("cmp-go").click()
        WebDriverWait(drv, 180).until(lambda d: E("cmp-result").is_displayed() or "bad" in E("cmp-msg").get_attribute("class"))
        ok(E("cmp-result").is_displayed(), "the comparison finishes on the page (%s)" % E("cmp-msg").text)
        rows_shown = drv.find_elements(By.CSS_SELECTOR, "#cmp-table tr[data-scenario]")
        ok(len(rows_shown) == 1 and rows_shown[0].get_attribute("data-scenario") == "valley-grant-cut-20",
           "the ranked table lists the grant cut")
        subprocess.run([BIN, "compare", "scenarios/valley.ini", "scenarios/valley-grant-cut-20.ini", "--draws", "2000",
                        "--out", "results/cmp-cli", "--quiet", "--no-plots"], cwd=ws, check=True, capture_output=True)
        with open(os.path.join(ws, "results", "compare-valley", "compare.json")) as f:
            page = json.load(f)
        with open(os.path.join(ws, "results", "cmp-cli", "compare.json")) as f:
            cli = json.load(f)
        ok(page == cli, "the page's comparison wrote the same compare.json as cylch compare")
        ok(workbook_linked(E("cmp-workbook").get_attribute("href"), "Compare"),
           "the page links the comparison's workbook (compare.xlsx)")
        d = cli["differences"][0]["quantities"]["income.local_value"]
        shown = rows_shown[0].find_element(By.CSS_SELECTOR, "td[data-q='income.local_value']").text
        ok(shown == money(d["mean_diff"]) and d["mean_diff"] < 0,
           "the table shows cylch compare's difference (%s vs %s)" % (shown, money(d["mean_diff"])))
        wait.until(lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('#cmp-plots img')).filter(i => i.complete && i.naturalWidth > 0).length") >= 1)
        ok(True, "the difference plot appears")
        ok(E("cmp-nocost").is_displayed() and not E("cmp-cost").is_displayed(),
           "without a cost the page says how to rank per £1 instead of an empty table")

        # --- 4b. what a policy costs: a change with a cost, ranked per £1 as cylch compare prints it
        typed("chg-label", "more grant")
        typed("chg-value", "1.1")
        typed("chg-cost", "£11,750")
        E("chg-add").click()
        wait.until(lambda d: E("chg-msg").text.startswith("Saved") or "bad" in E("chg-msg").get_attribute("class"))
        ok(E("chg-msg").text.startswith("Saved"), "the change with its cost is saved (%s)" % E("chg-msg").text)
        with open(os.path.join(ws, "scenarios", "valley-more-grant.ini")) as f:
            ok("\ncost = £11,750\n" in f.read(), "the form's cost is written into the scenario")
        typed("cmp-draws", "500")
        E("cmp-go").click()
        WebDriverWait(drv, 180).until(lambda d: E("cmp-cost").is_displayed() or "bad" in E("cmp-msg").get_attribute("class"))
        ok(E("cmp-cost").is_displayed(), "the per-£1 table appears (%s)" % E("cmp-msg").text)
        cli_text = subprocess.run([BIN, "compare", "scenarios/valley.ini", "scenarios/valley-grant-cut-20.ini",
                                   "scenarios/valley-more-grant.ini", "--draws", "500", "--out", "results/cmp-cost-cli",
                                   "--no-plots"], cwd=ws, check=True, capture_output=True, text=True).stdout
        want = []
        for line in cli_text.split("\n"):
            m = re.match(r"^(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+?)\s+(\S+)  (\S+)$", line)
            if m:
                want.append(m.groups())
        got = []
        for tr in drv.find_elements(By.CSS_SELECTOR, "#cmp-cost-table tr[data-scenario]"):
            cell = lambda q: tr.find_element(By.CSS_SELECTOR, "td[data-q='%s']" % q).text
            got.append((cell("rank"), tr.get_attribute("data-scenario"), cell("cost"), cell("change"),
                        cell("per_pound"), cell("range"), cell("p_above_1"), cell("money")))
        ok(len(want) == 1 and got == [tuple(w) for w in want],
           "the page's per-£1 table is cylch compare's (page %s, terminal %s)" % (got, want))
        with open(os.path.join(ws, "results", "compare-valley", "compare.json")) as f:
            page = json.load(f)
        with open(os.path.join(ws, "results", "cmp-cost-cli", "cost.csv"), newline="") as f:
            cost = list(csv.DictReader(f))
        pp = page.get("per_pound", [])
        ok(len(pp) == 1 and len(cost) == 1 and pp[0]["scenario"] == cost[0]["scenario"] == "valley-more-grant" and
           pp[0]["per_pound"] == float(cost[0]["per_pound_point"]) and
           pp[0]["per_pound_p5"] == float(cost[0]["per_pound_p5"]) and
           pp[0]["p_per_pound_above_1"] == float(cost[0]["p_per_pound_above_1"]) and
           pp[0]["money_moved"] == cost[0]["money_moved"] == "grant",
           "the page's comparison holds cost.csv's per-£1 figures, counting grant money")
        ok("Local circulation per £1 of the policy" not in E("cmp-headline").text,
           "the ranking is a table, not repeated as text")

        # --- a bad cell: the reader's message, naming the line; nothing saved
        drv.get(url + "#network")
        typed("net-new", "broken")
        E("net-load").click()
        bad = [list(r) for r in network_rows(False)]
        bad[1][8] = "1.3"
        paste(drv.find_element(By.CSS_SELECTOR, "#members tbody input"),
              "\t".join(HEADER) + "\n" + "\n".join("\t".join(r) for r in bad))
        E("net-save").click()
        wait.until(lambda d: "bad" in E("net-msg").get_attribute("class"))
        msg = E("net-msg").text
        ok("data/broken/enterprises.csv:3" in msg and "wages_local_share" in msg and "siop" in msg,
           "a share of 1.3 is refused with the reader's message (%s)" % msg)
        ok(len(drv.find_elements(By.CSS_SELECTOR, "#members tr.bad td.bad")) == 1, "the bad cell is marked")
        ok(not os.path.exists(os.path.join(ws, "data", "broken", "enterprises.csv")), "nothing bad is saved")

        # --- 5. explore the toy town
        drv.get(url + "#explore")
        wait.until(lambda d: E("ex-scenario").get_attribute("value") == "scenarios/toy-town.ini" and E("ex-lm3").text.startswith("£"))
        ok(E("ex-lm3").text == "£1.55", "the toy town's LM3 is £1.55 as worked by hand (%s)" % E("ex-lm3").text)
        slider = drv.find_element(By.CSS_SELECTOR, "input[data-key='place.household_local_spend']")
        move = ("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('input', {bubbles: true}));")
        before = drv.execute_script("return window.cylchExploreLatency.length")
        drv.execute_script(move, slider, "0.7")
        wait.until(lambda d: d.execute_script("return window.cylchExploreLatency.length") > before)
        with open(os.path.join(ROOT, "scenarios", "toy-town.ini")) as f:
            text = f.read().replace("household_local_spend = 0.5", "household_local_spend = 0.7").replace(
                "name = toy-town", "name = tt07")
        with open(os.path.join(ws, "scenarios", "tt07.ini"), "w") as f:
            f.write(text)
        subprocess.run([BIN, "run", "scenarios/tt07.ini", "--quiet", "--no-plots"], cwd=ws, check=True, capture_output=True)
        with open(os.path.join(ws, "results", "tt07", "summary.json")) as f:
            want = json.load(f)["point"]["by_source"]["grant"]
        ok(E("ex-lm3").text == mult(want["lm3"]) and E("ex-lminf").text == mult(want["lm_inf"]) and
           E("ex-type1").text == mult(want["lm_inf_type1"]),
           "the slider at 0.7 shows cylch run's LM3, LM∞ and Type I for 0.7 (%s %s)" % (E("ex-lm3").text, mult(want["lm3"])))
        ok(len(drv.find_elements(By.CSS_SELECTOR, "#ex-matrix tr")) == 5 + 1 + 2, "the matrix A is shown (5 agents)")
        ok("Leontief" in E("ex-explain").get_attribute("textContent"), "cylch explain's text is there")
        ok(len(drv.find_elements(By.CSS_SELECTOR, "#ex-bucket rect")) == 6, "the leaky bucket has three rounds")
        member = drv.find_element(By.CSS_SELECTOR, "input[data-key='member.caffi.wages_local_share']")
        before = drv.execute_script("return window.cylchExploreLatency.length")
        lm3 = E("ex-lm3").text
        drv.execute_script(move, member, "0.2")
        wait.until(lambda d: d.execute_script("return window.cylchExploreLatency.length") > before)
        ok(E("ex-lm3").text != lm3, "a member's slider moves LM3 (%s → %s)" % (lm3, E("ex-lm3").text))

        if BENCH:
            lat = []
            for k in range(40):
                before = drv.execute_script("return window.cylchExploreLatency.length")
                drv.execute_script(move, slider, "%.2f" % (0.3 + 0.01 * k))
                WebDriverWait(drv, 10, poll_frequency=0.005).until(
                    lambda d: d.execute_script("return window.cylchExploreLatency.length") > before)
                lat.append(drv.execute_script("return window.cylchExploreLatency[window.cylchExploreLatency.length - 1]"))
            lat.sort()
            print("bench explore: a slider move on the toy town to new figures on the page: median %.1f ms, "
                  "95th percentile %.1f ms, worst %.1f ms over %d moves (target: within 100 ms) %s"
                  % (statistics.median(lat), lat[int(0.95 * len(lat)) - 1], lat[-1], len(lat),
                     "ok" if lat[int(0.95 * len(lat)) - 1] < 100 else "SLOW"))
    finally:
        if drv:
            drv.quit()
        srv.send_signal(signal.SIGINT)
        try:
            code = srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
            code = None
        ok(code == 0, "cylch serve stops cleanly on Ctrl-C (%s)" % code)
        if os.environ.get("WEB_CHECK_KEEP") == "1":
            print("web-check: files kept in " + top)
        else:
            shutil.rmtree(top, ignore_errors=True)
    print("web-check: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

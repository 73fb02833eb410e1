#!/usr/bin/env python3
"""cylch serve in Welsh (`cylch serve --lang cy`), its pages rendered in headless Chromium.

A Welsh user opens every page and uses it: the headings, tabs, buttons, labels, legends,
table headings, placeholders, help and messages must hold no English word (names of files,
columns, parameters, members and scenarios are data, and left out); a run and a comparison
made from the page must say what they found in Welsh, with Welsh figure captions and a
report.html in Welsh; the Explore page shows `cylch explain`'s text in Welsh; an error the
API returns (a scenario saved under a name without .ini) comes back in Welsh. The same server
answers GET /api/strings with the translations, and an English server with none.

Usage: python3 tests/web-lang-check.py [CYLCH_BIN]
Prints "web-lang-check: P passed, F failed" (exit 77 when Chromium or Selenium is missing).
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CYLCH_BIN", "build/cylch"))
ROOT = os.getcwd()

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("web-lang-check: SKIP: python3-selenium is not installed (sudo apt-get install python3-selenium)")
    sys.exit(77)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not CHROMIUM or not os.path.exists(DRIVER):
    print("web-lang-check: SKIP: chromium and chromium-driver are needed")
    sys.exit(77)

# The English words a Welsh text must not hold, names and identifiers aside (lang-check.py).
spec = importlib.util.spec_from_file_location("langcheck", os.path.join(ROOT, "tests", "lang-check.py"))
langcheck = importlib.util.module_from_spec(spec)
spec.loader.exec_module(langcheck)
english_words = langcheck.english_words

passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)
    return cond


# The words of a page a person reads as its interface: their text without <code> (names of
# files, parameters and commands), member and scenario names (data) aside.
WORDS_JS = """
const out = [];
const seen = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const text = (e) => { const c = e.cloneNode(true); c.querySelectorAll('code, pre, select, [data-data]').forEach((x) => x.remove());
                      return c.textContent.replace(/\\s+/g, ' ').trim(); };
const sel = 'h1, h2, h3, nav a, button, label, legend, summary, th, p.help, p.note, p.where, .card .k, .card .note, ' +
            'figcaption, .msg, option[data-t], a[data-t], footer, .slider .name';
for (const e of document.querySelectorAll(sel)) {
  if (!seen(e) && e.tagName !== 'OPTION') continue;
  // the tables of members and trade are headed by enterprises.csv's column names
  if (e.tagName === 'TH' && e.closest('#members, #trade, #ex-matrix')) continue;
  const t = text(e);
  if (t) out.push(t);
}
for (const e of document.querySelectorAll('[placeholder], [title], svg [aria-label]'))
  for (const a of ['placeholder', 'title', 'aria-label']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
for (const e of document.querySelectorAll('#ex-bucket text')) out.push(e.textContent);
return out;
"""


def english_in(drv, names):
    """The texts of the page holding an English word (names of members and scenarios aside)."""
    bad = []
    for t in drv.execute_script(WORDS_JS):
        for n in names:
            t = t.replace(n, " ")
        if english_words(t):
            bad.append("%r (%s)" % (t[:90], ", ".join(english_words(t))))
    return bad


def start(ws, lang):
    srv = subprocess.Popen([BIN, "serve", "--port", "0", "--dir", ws, "--lang", lang], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    line = srv.stdout.readline()
    while line and "http://" not in line:
        line = srv.stdout.readline()
    url = "http://" + line.split("http://")[1].split()[0] if "http://" in line else None
    return srv, url


def get_json(url):
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def main():
    top = tempfile.mkdtemp(prefix="cylch-web-lang.")
    ws = os.path.join(top, "ws")
    os.makedirs(os.path.join(ws, "data"))
    os.makedirs(os.path.join(ws, "scenarios"))
    shutil.copytree(os.path.join(ROOT, "data", "toy-town"), os.path.join(ws, "data", "toy-town"))
    with open(os.path.join(ROOT, "scenarios", "toy-town.ini"), encoding="utf-8") as f:
        toy = f.read().replace("network = ../data/toy-town", "network = ../data/toy-town")
    with open(os.path.join(ws, "scenarios", "toy-town.ini"), "w", encoding="utf-8") as f:
        f.write(toy)
    with open(os.path.join(ws, "scenarios", "toy-more.ini"), "w", encoding="utf-8") as f:
        f.write(toy.replace("name = toy-town", "name = toy-more").replace("household_local_spend = 0.5",
                                                                          "household_local_spend = 0.6"))
    names = ["toy-town", "toy-more", "Caffi Cymunedol", "Siop y Pentref", "Ynni Lleol"]
    for line in toy.split("\n"):
        if line.startswith("description"):
            names.append(line.split("=", 1)[1].strip())

    profile = tempfile.mkdtemp(prefix="profile.", dir=top)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + profile, "--window-size=1400,1100"):
        opts.add_argument(flag)
    drv = srv = None
    stage = "starting"
    try:
        drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
        drv.set_script_timeout(30)
        wait = WebDriverWait(drv, 60)
        E = lambda i: drv.find_element(By.ID, i)

        def show(tab):
            """Click a tab and wait for its page (the tabs follow the address's #, a moment later)."""
            drv.find_element(By.CSS_SELECTOR, "#tabs a[data-tab=%s]" % tab).click()
            wait.until(lambda d: E("page-" + tab).is_displayed())
        # An English server translates nothing, and the check sees its English (it cannot pass
        # by finding nothing).
        stage = "the English pages"
        srv, url_en = start(ws, "en")
        en = get_json(url_en + "api/strings") if url_en else {}
        ok(en.get("lang") == "en" and en.get("strings") == {}, "an English server has no translations (%s)" % str(en)[:80])
        drv.get(url_en)
        wait.until(lambda d: E("ws-root").text not in ("", "…"))
        ok(len(english_in(drv, names)) >= 20 and drv.execute_script("return document.documentElement.lang") == "en",
           "the check sees the English page's English (%d texts)" % len(english_in(drv, names)))
        srv.terminate()
        srv.wait(timeout=20)

        stage = "the Welsh server"
        srv, url = start(ws, "cy")
        if not ok(url is not None, "cylch serve --lang cy printed its address"):
            raise RuntimeError("no server")
        cy = get_json(url + "api/strings")
        ok(cy.get("lang") == "cy" and len(cy.get("strings", {})) > 150, "GET /api/strings holds the Welsh (%d)" %
           len(cy.get("strings", {})))
        ok(cy["strings"].get("3. Run") == "3. Rhedeg", "the Run tab is 3. Rhedeg in /api/strings")
        drv.get(url)
        wait.until(lambda d: E("ws-root").text not in ("", "…"))
        ok(drv.execute_script("return document.documentElement.lang") == "cy", "the page says it is in Welsh")
        ok(drv.title == "cylch — ydy'r arian yn aros yn y cwm?", "the page's title is Welsh (%s)" % drv.title)
        ok(E("run-go").get_attribute("textContent") == "Rhedeg" and "Gludo bloc o daenlen" in drv.page_source,
           "buttons and summaries are Welsh")

        # Every page as it first shows, in Welsh.
        for tab, ready in (("network", lambda d: d.find_elements(By.CSS_SELECTOR, "#members tbody tr")),
                           ("place", lambda d: d.find_elements(By.CSS_SELECTOR, "#place td.meaning")),
                           ("run", lambda d: True), ("compare", lambda d: d.find_elements(By.CSS_SELECTOR, "#cmp-others input")),
                           ("explore", lambda d: E("ex-lm3").text.startswith("£"))):
            stage = "the %s page" % tab
            show(tab)
            wait.until(ready)
            time.sleep(0.3)
            bad = english_in(drv, names)
            ok(not bad, "English on the %s page: %s" % (tab, "; ".join(bad[:6])))

        stage = "the place's meanings and previews"
        # The place: each parameter's meaning and the preview's words come from cylch in Welsh.
        show("place")
        wait.until(lambda d: "O bob £1" in d.find_element(By.CSS_SELECTOR, "#place td.meaning").text)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#place .note").text != "")
        notes = " ".join(e.text for e in drv.find_elements(By.CSS_SELECTOR, "#place .note"))
        ok("sefydlog ar" in notes or "amcangyfrif gorau" in notes, "the previews are Welsh (%s)" % notes[:80])
        # An error of the API, in Welsh: a scenario file must end in .ini.
        path = E("sc-path")
        path.clear()
        path.send_keys("scenarios/heb-estyniad")
        E("sc-save").click()
        wait.until(lambda d: "bad" in E("sc-msg").get_attribute("class"))
        ok(E("sc-msg").text.startswith("rhaid i lwybr senario orffen ag .ini"),
           "the API's error is Welsh (%s)" % E("sc-msg").text)

        stage = "a run"
        # A run: its message, sentences, table, captions and report in Welsh.
        show("run")
        drv.execute_script("const s = document.getElementById('run-scenario'); s.value = 'scenarios/toy-town.ini';"
                           "s.dispatchEvent(new Event('change'));")
        E("run-draws").clear()
        E("run-draws").send_keys("300")
        E("run-go").click()
        wait.until(lambda d: E("run-result").is_displayed() or "bad" in E("run-msg").get_attribute("class"))
        ok(E("run-msg").text.startswith("Wedi gorffen mewn"), "the run's message is Welsh (%s)" % E("run-msg").text[:80])
        headline = E("run-headline").text
        ok("Mae pob £1 mewn grant i'r rhwydwaith yn werth" in headline, "the run's sentences are Welsh (%s)" % headline[:80])
        cli = subprocess.run([BIN, "run", "scenarios/toy-town.ini", "--draws", "300", "--no-plots", "--lang", "cy",
                              "--out", os.path.join(top, "cli")], cwd=ws, capture_output=True, text=True).stdout
        first = [p for p in cli.split("\n\n") if p.strip()][1].strip().split("\n")[0]
        ok(first in headline, "the page shows what cylch run --lang cy prints (%s)" % first[:60])
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#run-plots figcaption"))
        bad = english_in(drv, names)
        ok(not bad, "English on the Run page after a run: %s" % "; ".join(bad[:6]))
        with urllib.request.urlopen(E("run-report").get_attribute("href")) as r:
            page = r.read().decode("utf-8")
        ok('<html lang="cy">' in page, "the run's report.html is Welsh")

        stage = "a comparison"
        # A comparison.
        show("compare")
        drv.execute_script("const s = document.getElementById('cmp-base'); s.value = 'scenarios/toy-town.ini';"
                           "s.dispatchEvent(new Event('change'));")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#cmp-others input[value='scenarios/toy-more.ini']"))
        drv.find_element(By.CSS_SELECTOR, "#cmp-others input[value='scenarios/toy-more.ini']").click()
        E("cmp-draws").clear()
        E("cmp-draws").send_keys("200")
        E("cmp-go").click()
        wait.until(lambda d: E("cmp-result").is_displayed() or "bad" in E("cmp-msg").get_attribute("class"))
        ok(E("cmp-msg").text.startswith("Wedi gorffen mewn"), "the comparison's message is Welsh (%s)" % E("cmp-msg").text[:80])
        ok("cylchrediad lleol y flwyddyn: newid" in E("cmp-table").text, "the ranking's headings are Welsh")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#cmp-plots figcaption"))
        bad = english_in(drv, names)
        ok(not bad, "English on the Compare page after a comparison: %s" % "; ".join(bad[:6]))

        stage = "Explore"
        # Explore: cylch explain's text and the page's words.
        show("explore")
        wait.until(lambda d: "Y matrics cyfernodau A" in E("ex-explain").get_attribute("textContent"))
        ok(E("ex-msg").text.startswith("Arian i mewn:"), "Explore's message is Welsh (%s)" % E("ex-msg").text)
        ok("Leontief" in E("ex-explain").get_attribute("textContent"), "the explanation is there")
    except Exception as e:   # a page that never showed what was waited for
        ok(False, "the Welsh pages, %s: %s: %s" % (stage, type(e).__name__, str(e).split("\n")[0][:200]))
    finally:
        if drv:
            drv.quit()
        if srv:
            srv.terminate()
            try:
                srv.wait(timeout=20)
            except subprocess.TimeoutExpired:
                srv.kill()
        shutil.rmtree(top, ignore_errors=True)
    print("web-lang-check: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

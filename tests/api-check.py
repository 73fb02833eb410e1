#!/usr/bin/env python3
"""cylch serve's JSON API under attack and under load (tests/api-check.py).

Starts `cylch serve --port 0` on a fresh workspace (a copy of the toy town and
Bro Ffestiniog networks and scenarios) and checks, each against what it must
be: path traversal (../, absolute, percent-encoded, through a symbolic link),
an oversized body, malformed JSON, an unknown command, cross-origin requests,
100 concurrent requests, more jobs than allowed, a job cancelled midway (the
previous results intact), bad input answered with the command line's own
message, numbers equal to `cylch run`'s, and Ctrl-C. After each attack the
server must still answer, and nothing outside the workspace may change.

Usage: python3 tests/api-check.py [CYLCH_BIN]   (from the project root)
Prints "api-check: P passed, F failed".
"""
import csv
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CYLCH_BIN", "build/cylch"))
ROOT = os.getcwd()
passed = 0
failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)


def snapshot(path):
    """Every file under path with its size, mtime and content hash."""
    out = {}
    for d, dirs, files in os.walk(path):
        for f in sorted(files + dirs):
            p = os.path.join(d, f)
            st = os.lstat(p)
            h = ""
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as fh:
                    h = hashlib.sha256(fh.read()).hexdigest()
            out[os.path.relpath(p, path)] = (st.st_size, st.st_mtime_ns, h)
    return out


class Server:
    def __init__(self, ws, jobs=2):
        self.p = subprocess.Popen([BIN, "serve", "--port", "0", "--dir", ws, "--jobs", str(jobs)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline:
            line = self.p.stdout.readline()
            if not line:
                break
            if "http://127.0.0.1:" in line:
                self.port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
                break
        if self.port is None:
            raise SystemExit("api-check: the server did not start: " + self.p.stderr.read())
        self.host = "127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, headers=None, raw=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Host": self.host}
        if headers:
            h.update(headers)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        # skip_host: the Host header is ours to set (the cross-origin test sends another)
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in h.items():
            c.putheader(k, v)
        if data is not None:
            c.putheader("Content-Length", str(len(data)))
        c.endheaders()
        if data is not None:
            try:
                c.send(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
        r = c.getresponse()
        text = r.read()
        c.close()
        try:
            js = json.loads(text)
        except ValueError:
            js = None
        return r.status, js, text

    def alive(self):
        try:
            st, js, _ = self.request("GET", "/api/version", timeout=10)
            return st == 200 and js.get("cylch_version")
        except OSError:
            return False

    def wait_job(self, jid, until=("done", "failed", "cancelled"), timeout=300):
        deadline = time.time() + timeout
        js = None
        while time.time() < deadline:
            st, js, _ = self.request("GET", "/api/jobs/%d" % jid)
            if js and js.get("state") in until:
                return js
            time.sleep(0.05)
        return js

    def stop(self):
        self.p.send_signal(signal.SIGINT)
        try:
            return self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


def main():
    top = tempfile.mkdtemp(prefix="cylch-api-check.")
    ws = os.path.join(top, "ws")
    outside = os.path.join(top, "outside")
    os.makedirs(os.path.join(ws, "data"))
    os.makedirs(os.path.join(ws, "scenarios"))
    os.makedirs(outside)
    for net in ("toy-town", "bro-ffestiniog"):
        shutil.copytree(os.path.join(ROOT, "data", net), os.path.join(ws, "data", net))
    for sc in ("toy-town.ini", "bro-ffestiniog.ini", "grant-cut-20.ini"):
        shutil.copy(os.path.join(ROOT, "scenarios", sc), os.path.join(ws, "scenarios", sc))
    secret = "the secret outside the workspace\n"
    with open(os.path.join(outside, "secret.txt"), "w") as f:
        f.write(secret)
    shutil.copytree(os.path.join(ROOT, "data", "toy-town"), os.path.join(outside, "net"))
    os.symlink(outside, os.path.join(ws, "data", "out"))          # a symbolic link out
    os.symlink(outside, os.path.join(ws, "results-link"))
    before = snapshot(outside)
    top_before = sorted(os.listdir(top))

    s = Server(ws, jobs=2)
    try:
        st, _, text = s.request("GET", "/")
        ok(st == 200 and b"<html" in text.lower(), "GET / serves the page (%d)" % st)

        # --- traversal: every form refused, the secret never served
        paths = ["/results/../outside/secret.txt", "/results/../../outside/secret.txt",
                 "/results/%2e%2e/%2e%2e/outside/secret.txt", "/results/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt",
                 "/results/..%2f..%2foutside/secret.txt", "/results/%252e%252e/outside/secret.txt",
                 "/results//etc/passwd", "/results/%2fetc%2fpasswd", "/../outside/secret.txt",
                 "/%2e%2e/outside/secret.txt", "/results-link/secret.txt", "/results/..\\..\\outside",
                 "/api/network?dir=/etc", "/api/network?dir=../outside/net",
                 "/api/network?dir=%2e%2e/outside/net", "/api/network?dir=data/out/net",
                 "/api/scenario?path=../outside/x.ini", "/api/scenario?path=/etc/passwd",
                 "/api/dist?text=../../etc/passwd"]
        for p in paths:
            st, js, text = s.request("GET", p)
            ok(st in (400, 403, 404) and secret.encode() not in text and b"root:" not in text,
               "GET %s is refused (%d: %s)" % (p, st, text[:120]))
        for body in ({"dir": "../outside/net2", "enterprises": [["id"], ["a"]], "save": True},
                     {"dir": "/tmp/x", "enterprises": [["id"], ["a"]], "save": True},
                     {"dir": "data/out/net3", "enterprises": [["id"], ["a"]], "save": True}):
            st, js, _ = s.request("POST", "/api/network", body)
            ok(st in (400, 403) and js and "error" in js, "POST network %s refused (%d)" % (body["dir"], st))
        st, js, _ = s.request("POST", "/api/scenario",
                              {"path": "scenarios/escape.ini",
                               "text": "[scenario]\nname = escape\nnetwork = ../../outside/net\n[place]\n"
                                       "household_local_spend = 0.5\nbusiness_local_wage_share = 0.2\n"
                                       "business_local_supply_share = 0.1\njobs_per_million = 10\n"})
        ok(st == 400 and "outside the workspace" in (js or {}).get("error", ""),
           "a scenario whose network lies outside is refused (%d %s)" % (st, js))
        st, js, _ = s.request("POST", "/api/scenario", {"path": "data/out/x.ini", "text": "[scenario]\n"})
        ok(st == 400, "a scenario saved through a symbolic link out is refused (%d)" % st)
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/toy-town.ini", "out": "../outside/r"})
        ok(st == 400, "a run into a folder outside is refused (%d)" % st)
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/toy-town.ini", "out": "results-link/r"})
        ok(st == 400, "a run through a symbolic link out is refused (%d)" % st)
        ok(s.alive(), "the server still serves after the traversal attempts")

        # --- oversized body, malformed JSON, unknown commands
        big = b"{\"x\": \"" + b"a" * (11 * 1024 * 1024) + b"\"}"
        try:
            st, js, _ = s.request("POST", "/api/run", raw=big)
            ok(st == 413, "an 11 MB body is refused with 413 (%d)" % st)
        except OSError as e:
            ok(False, "an 11 MB body: the connection failed (%s)" % e)
        ok(s.alive(), "the server still serves after an oversized body")
        for raw in (b"{\"scenario\": ", b"{'a': 1}", b"\xff\xfe", b"[1, 2]", b"\"text\"", b"{\"a\":1,\"a\":2}"):
            st, js, _ = s.request("POST", "/api/run", raw=raw)
            ok(st == 400 and js and "error" in js, "malformed body %r answered 400 (%d %s)" % (raw[:20], st, js))
        st, js, _ = s.request("POST", "/api/frobnicate", {"scenario": "scenarios/toy-town.ini"})
        ok(st == 404 and "unknown command 'frobnicate'" in js.get("error", ""), "unknown command (%d %s)" % (st, js))
        st, js, _ = s.request("PUT", "/api/run", {})
        ok(st == 405, "a command with the wrong method is 405 (%d)" % st)
        st, js, _ = s.request("POST", "/api/run", {"scenario": 12})
        ok(st == 400, "a scenario that is not a path is 400 (%d)" % st)
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/toy-town.ini", "draws": -5})
        ok(st == 400 and "draws" in js.get("error", ""), "negative draws are 400 (%d %s)" % (st, js))
        ok(s.alive(), "the server still serves after malformed requests")

        # --- cross-origin and foreign Host
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini"},
                              headers={"Origin": "http://evil.example"})
        ok(st == 403, "a request from another origin is refused (%d)" % st)
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini"},
                              headers={"Origin": "http://127.0.0.1:%d" % (s.port + 1)})
        ok(st == 403, "a request from another port of this computer is refused (%d)" % st)
        st, js, _ = s.request("GET", "/api/version", headers={"Host": "evil.example:%d" % s.port})
        ok(st == 403, "a request naming another host (DNS rebinding) is refused (%d)" % st)
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini"},
                              headers={"Sec-Fetch-Site": "cross-site"})
        ok(st == 403, "a cross-site fetch is refused (%d)" % st)
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini"},
                              headers={"Origin": "http://" + s.host})
        ok(st == 200, "a request from the server's own origin is answered (%d)" % st)

        # --- bad input: 400 with the command line's message
        bad = os.path.join(ws, "data", "bad")
        shutil.copytree(os.path.join(ROOT, "data", "toy-town"), bad)
        with open(os.path.join(bad, "enterprises.csv")) as f:
            lines = f.read().splitlines()
        hdr = lines[0].split(",")
        row = lines[1].split(",")
        row[hdr.index("wages_local_share")] = "1.3"
        lines[1] = ",".join(row)
        with open(os.path.join(bad, "enterprises.csv"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(ws, "scenarios", "toy-town.ini")) as f:
            text = f.read().replace("../data/toy-town", "../data/bad").replace("name = toy-town", "name = bad")
        with open(os.path.join(ws, "scenarios", "bad.ini"), "w") as f:
            f.write(text)
        cli = subprocess.run([BIN, "run", "scenarios/bad.ini", "--out", "results/bad-cli"], cwd=ws,
                             capture_output=True, text=True)
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/bad.ini"})
        want = cli.stderr.strip()
        ok(cli.returncode == 2 and st == 400 and want == "cylch: " + js.get("error", ""),
           "bad input: 400 with the command line's message (%d %r vs %r)" % (st, js, want))
        ok(js.get("file", "").endswith("enterprises.csv") and js.get("line") == 2,
           "the error names file and line (%s)" % js)

        # --- explore: the point model equals cylch run's summary.json "point"
        cli = subprocess.run([BIN, "run", "scenarios/toy-town.ini", "--out", "results/tt-cli", "--quiet",
                              "--no-plots"], cwd=ws, capture_output=True, text=True)
        with open(os.path.join(ws, "results", "tt-cli", "summary.json")) as f:
            want = json.load(f)["point"]
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini"})
        ok(st == 200 and js["point"] == want, "explore's point equals cylch run's summary.json point")
        ok("A =" in js.get("explain", "") or "A[" in js.get("explain", "") or len(js.get("explain", "")) > 200,
           "explore carries cylch explain's text")
        cli = subprocess.run([BIN, "explain", "scenarios/toy-town.ini"], cwd=ws, capture_output=True, text=True)
        st, js2, _ = s.request("POST", "/api/explain", {"scenario": "scenarios/toy-town.ini"})
        ok(st == 200 and js2["text"] == cli.stdout, "explain's text equals cylch explain's output")
        # household_local_spend 0.7 through the sliders = a scenario file saying 0.7
        with open(os.path.join(ws, "scenarios", "toy-town.ini")) as f:
            text = f.read().replace("household_local_spend = 0.5", "household_local_spend = 0.7")
            text = text.replace("name = toy-town", "name = tt07")
        with open(os.path.join(ws, "scenarios", "tt07.ini"), "w") as f:
            f.write(text)
        subprocess.run([BIN, "run", "scenarios/tt07.ini", "--quiet", "--no-plots"], cwd=ws, check=True, capture_output=True)
        with open(os.path.join(ws, "results", "tt07", "summary.json")) as f:
            want = json.load(f)["point"]
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini",
                                                       "place": {"household_local_spend": 0.7}})
        ok(st == 200 and js["point"] == want, "a slider at 0.7 equals a scenario file saying 0.7")
        ok(js["point"]["by_source"]["grant"]["lm3"] != 0 and
           js["point"] != subprocess.run, "explore answered numbers")
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini",
                                                       "place": {"household_local_spend": 1.5}})
        ok(st == 400 and "between 0 and 1" in js["error"], "a share of 1.5 is refused (%d %s)" % (st, js))
        st, js, _ = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini",
                                                       "members": {"caffi": {"wages_local_share": 1.3}}})
        ok(st == 400 and "wages_local_share" in js["error"], "a member's share of 1.3 is refused (%s)" % js)

        # --- 100 concurrent requests: all answered, all the same
        results = []
        lock = threading.Lock()

        def one(i):
            try:
                if i % 2:
                    r = s.request("POST", "/api/explore", {"scenario": "scenarios/toy-town.ini", "explain": False})
                else:
                    r = s.request("GET", "/api/workspace")
                with lock:
                    results.append((i % 2, r[0], json.dumps(r[1], sort_keys=True)))
            except OSError as e:
                with lock:
                    results.append((i % 2, 0, str(e)))
        threads = [threading.Thread(target=one, args=(i,)) for i in range(100)]
        t0 = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        ok(len(results) == 100 and all(r[1] == 200 for r in results),
           "100 concurrent requests all answered 200 (%s)" % sorted(set(r[1] for r in results)))
        ok(len(set(r[2] for r in results if r[0] == 1)) == 1, "the 50 concurrent explores agree")
        print("api-check: 100 concurrent requests in %.2f s" % (time.time() - t0))
        ok(s.alive(), "the server still serves after 100 concurrent requests")

        # --- jobs: a finished run, then a run cancelled midway leaves it intact
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/bro-ffestiniog.ini", "draws": 500,
                                                   "out": "results/bro", "no_plots": True})
        ok(st == 202 and js.get("state") == "running", "a run job starts (%d %s)" % (st, js))
        js = s.wait_job(js["id"])
        ok(js and js["state"] == "done" and "Every £1" in js.get("output", ""), "the run job finishes (%s)" % (js and js.get("state")))
        summ = os.path.join(ws, "results", "bro", "summary.json")
        with open(summ, "rb") as f:
            before_run = hashlib.sha256(f.read()).hexdigest()
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/bro-ffestiniog.ini", "draws": 500,
                                                   "out": "results/bro"})
        ok(st == 409 and "already exists" in js.get("error", ""), "a second run into it without force is 409 (%d)" % st)
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/bro-ffestiniog.ini", "draws": 5000000,
                                                   "out": "results/bro", "force": True, "no_plots": True})
        jid = js["id"]
        deadline = time.time() + 60
        while time.time() < deadline:
            _, js, _ = s.request("GET", "/api/jobs/%d" % jid)
            if js["done"] > 0:
                break
            time.sleep(0.05)
        ok(0 < js["done"] < js["total"], "the long run is midway when cancelled (%d of %d)" % (js["done"], js["total"]))
        # more jobs than allowed: two run, the third is refused
        st2, js2, _ = s.request("POST", "/api/run", {"scenario": "scenarios/toy-town.ini", "draws": 5000000,
                                                     "out": "results/t2", "force": True, "no_plots": True})
        st3, js3, _ = s.request("POST", "/api/run", {"scenario": "scenarios/toy-town.ini", "draws": 10,
                                                     "out": "results/t3", "force": True})
        ok(st2 == 202 and st3 == 503, "a third job at once is refused with 503 (%d, %d)" % (st2, st3))
        st, js, _ = s.request("DELETE", "/api/jobs/%d" % jid)
        ok(st == 202, "cancel answered 202 (%d)" % st)
        js = s.wait_job(jid)
        ok(js["state"] == "cancelled" and "untouched" in js.get("error", ""), "the job is cancelled (%s)" % js.get("state"))
        if st2 == 202:
            s.request("POST", "/api/jobs/%d/cancel" % js2["id"])
            js2 = s.wait_job(js2["id"])
            ok(js2["state"] == "cancelled", "cancel by POST …/cancel (%s)" % js2["state"])
        with open(summ, "rb") as f:
            ok(hashlib.sha256(f.read()).hexdigest() == before_run, "the cancelled run left the previous results intact")
        ok(not any(n.startswith("bro.partial") for n in os.listdir(os.path.join(ws, "results"))),
           "no half-written results folder is left")
        st, js, _ = s.request("GET", "/api/jobs/999")
        ok(st == 404, "an unknown job is 404 (%d)" % st)
        ok(s.alive(), "the server still serves after a cancelled job")

        # --- compare through the API equals cylch compare, with two policies that say what
        # they cost: procurement (valued with the trade multiplier) and more grant
        with open(os.path.join(ws, "scenarios", "council-buys.ini"), "w") as f:
            f.write("[scenario]\nname = council-buys\nbase = bro-ffestiniog.ini\n"
                    "description = The council buys £20,000 more from Seren\n"
                    "[change \"council buys from seren\"]\nmembers = seren\ntrade_external = +20000\n"
                    "cost = £20,000\n")
        with open(os.path.join(ws, "scenarios", "grant-up.ini"), "w") as f:
            f.write("[scenario]\nname = grant-up\nbase = bro-ffestiniog.ini\ncost = 50900\n"
                    "[change \"ten per cent more grant\"]\nmembers = all\ngrant = *1.1\n")
        cmp_scen = ["scenarios/bro-ffestiniog.ini", "scenarios/grant-cut-20.ini", "scenarios/council-buys.ini",
                    "scenarios/grant-up.ini"]
        st, js, _ = s.request("POST", "/api/compare", {"scenarios": cmp_scen, "draws": 300, "no_plots": True,
                                                       "force": True})
        js = s.wait_job(js["id"]) if st == 202 else js
        ok(js and js.get("state") == "done", "a compare job finishes (%s)" % js)
        api_out = js.get("output", "") if js else ""
        cli_run = subprocess.run([BIN, "compare", *cmp_scen, "--draws", "300", "--no-plots", "--out", "results/cmp-cli"],
                                 cwd=ws, check=True, capture_output=True, text=True)
        with open(os.path.join(ws, "results", "compare-bro-ffestiniog", "compare.json")) as f:
            a = json.load(f)
        with open(os.path.join(ws, "results", "cmp-cli", "compare.json")) as f:
            b = json.load(f)
        ok(a == b, "compare through the API writes the same compare.json as cylch compare")
        # the ranking per £1 of cost: compare.json's per_pound (what the page shows) is cost.csv's
        with open(os.path.join(ws, "results", "cmp-cli", "cost.csv"), newline="") as f:
            cost = list(csv.DictReader(f))
        pp = a.get("per_pound", [])
        ok([r["scenario"] for r in pp] == [r["scenario"] for r in cost] and len(pp) == 2,
           "per_pound ranks the scenarios with a cost as cost.csv does (%s)" % [r["scenario"] for r in pp])
        keys = (("cost", "cost_gbp_a_year"), ("change", "change_in_local_circulation_gbp_a_year"),
                ("per_pound", "per_pound_point"), ("per_pound_p5", "per_pound_p5"),
                ("per_pound_p95", "per_pound_p95"), ("p_per_pound_above_1", "p_per_pound_above_1"))
        ok(all(p[k] == float(c[ck]) for p, c in zip(pp, cost) for k, ck in keys) and
           all(p["money_moved"] == c["money_moved"] and p["rank"] == int(c["rank"]) for p, c in zip(pp, cost)),
           "per_pound holds cost.csv's numbers exactly")
        money = {r["scenario"]: r["money_moved"] for r in pp}
        ok(money == {"council-buys": "trade", "grant-up": "grant"},
           "procurement counts trade money and a grant grant money (%s)" % money)
        rank_lines = lambda t: [l for l in t.split("\n") if l[:1].isdigit() and "  " in l]
        ok(rank_lines(api_out) == rank_lines(cli_run.stdout) and len(rank_lines(api_out)) == 2,
           "the job's output ranks per £1 as cylch compare prints (%s)" % rank_lines(api_out))
        st, js, text = s.request("GET", "/results/compare-bro-ffestiniog/compare.json")
        ok(st == 200 and js == a, "results are served from the workspace's results folder")

        ok(snapshot(outside) == before, "nothing outside the workspace was touched")
        ok(sorted(os.listdir(top)) == top_before, "nothing was added beside the workspace")
        ok(not [n for n in os.listdir(ws) if n.startswith(".cylch-stage")], "no staging folder is left")

        # --- Ctrl-C with a job running: the server stops, the job is cancelled
        st, js, _ = s.request("POST", "/api/run", {"scenario": "scenarios/bro-ffestiniog.ini", "draws": 5000000,
                                                   "out": "results/bro", "force": True, "no_plots": True})
        time.sleep(0.5)
        t0 = time.time()
        code = s.stop()
        ok(code == 0, "Ctrl-C stops the server cleanly (exit %s, %.1f s)" % (code, time.time() - t0))
        with open(summ, "rb") as f:
            ok(hashlib.sha256(f.read()).hexdigest() == before_run, "Ctrl-C left the previous results intact")
    finally:
        if s.p.poll() is None:
            s.p.kill()
            s.p.wait()
        if os.environ.get("API_CHECK_KEEP") != "1":
            shutil.rmtree(top, ignore_errors=True)
    print("api-check: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

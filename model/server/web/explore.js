/* cylch — the Explore page, for students: sliders for the place parameters and the
 * members' local shares; on every move cylch works the point model out again
 * (POST /api/explore: about a millisecond) and the page shows LM3, LM∞ (Type II),
 * Type I, the rounds as a leaky bucket, the matrix A and `cylch explain`'s text. No
 * Monte Carlo until asked: "Save as a scenario" writes the values as a scenario file.
 *
 * window.cylchExploreLatency holds, per slider move, the milliseconds from the move to
 * the page showing the new figures (read by the browser test and `make bench`). */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  const memberShares = ["wages_local_share", "purchases_local_share", "other_local_share"];
  const shareWords = { wages_local_share: _("wages local share"), purchases_local_share: _("purchases local share"),
                       other_local_share: _("other local share") };
  let scenario = "", place = {}, members = {}, inflight = false, pending = null, lastMove = null;
  window.cylchExploreLatency = [];

  function slider(label, value, min, max, step, onMove, key) {
    const input = el("input", { type: "range", min, max, step, value, "data-key": key, "aria-label": label });
    const out = el("output", { text: String(value) });
    input.addEventListener("input", () => {
      out.textContent = input.value;
      lastMove = performance.now();
      onMove(Number(input.value));
      request();
    });
    return el("label", { class: "slider" }, el("span", { class: "name", text: label }), input, out);
  }

  function buildSliders(res) {
    const box = $("ex-place");
    box.textContent = "";
    for (const p of cylch.ws.place_parameters || []) {
      const v = res.place[p.name];
      const max = p.share ? 1 : Math.max(100, Math.ceil(2 * v));
      box.append(slider(p.name, +v.toFixed(4), 0, max, p.share ? 0.01 : 1, (x) => { place[p.name] = x; }, "place." + p.name));
    }
    const mb = $("ex-members");
    mb.textContent = "";
    for (const m of res.network.members) {
      const group = el("fieldset", {}, el("legend", { text: m.name + " (" + m.id + ")" }));
      for (const c of memberShares) {
        if (c === "other_local_share" && !(m.values.other_costs > 0)) continue;
        group.append(slider(shareWords[c], +m.values[c].toFixed(4), 0, 1, 0.01, (x) => {
          (members[m.id] = members[m.id] || {})[c] = x;
        }, "member." + m.id + "." + c));
      }
      mb.append(group);
    }
  }

  function bucket(rounds, leaks) {
    const svg = $("ex-bucket"), ns = "http://www.w3.org/2000/svg";
    svg.textContent = "";
    const W = 640, H = 240, top = 20, base = H - 30, n = rounds.length, r1 = rounds[0] || 1;
    const bw = Math.min(70, (W - 40) / n - 10);
    const mk = (tag, a) => { const e = document.createElementNS(ns, tag); for (const k in a) e.setAttribute(k, a[k]); svg.append(e); return e; };
    rounds.forEach((r, k) => {
      const x = 30 + k * (bw + 10), h = (base - top) * r / r1;
      const leaked = leaks[k] ? Object.values(leaks[k]).reduce((a, b) => a + b, 0) : 0;
      const hl = (base - top) * leaked / r1;
      mk("rect", { x, y: base - h, width: bw, height: Math.max(h - hl, 0), fill: "#2a6f97" });
      mk("rect", { x, y: base - h - 0, width: bw, height: Math.min(hl, h), fill: "#e76f51", opacity: 0.85 });
      const t = mk("text", { x: x + bw / 2, y: H - 12, "text-anchor": "middle", "font-size": 11 });
      t.textContent = _("round %s", k + 1);
      const v = mk("text", { x: x + bw / 2, y: base - h - 4, "text-anchor": "middle", "font-size": 10 });
      v.textContent = (r / r1 * 100).toFixed(0) + "p";
    });
    const lg = mk("text", { x: W - 10, y: 14, "text-anchor": "end", "font-size": 11 });
    lg.textContent = _("blue: spent again locally · orange: leaks out (per £1 coming in)");
  }

  function render(res) {
    const src = res.source, s = res.point.by_source[src];
    $("ex-lm3").textContent = cylch.mult(s.lm3);
    $("ex-lminf").textContent = cylch.mult(s.lm_inf);
    $("ex-type1").textContent = cylch.mult(s.lm_inf_type1);
    $("ex-lmk").textContent = cylch.mult(s.lmk);
    $("ex-k").textContent = String(res.rounds);
    bucket(s.rounds, res.leak_rounds);
    const t = $("ex-rounds-table");
    t.textContent = "";
    t.append(el("tr", {}, el("th", { text: _("round") }), el("th", { text: _("spent locally") }),
                el("th", { text: _("so far") }), el("th", { text: _("multiplier so far") }),
                el("th", { text: _("leaks this round") })));
    let sum = 0;
    s.rounds.forEach((r, k) => {
      sum += r;
      const leak = res.leak_rounds[k] ? Object.values(res.leak_rounds[k]).reduce((a, b) => a + b, 0) : null;
      t.append(el("tr", {}, el("td", { class: "n", text: String(k + 1) }), el("td", { class: "n", text: cylch.money(r) }),
                  el("td", { class: "n", text: cylch.money(sum) }), el("td", { class: "n", text: cylch.num(sum / s.rounds[0], 4) }),
                  el("td", { class: "n", text: cylch.money(leak) })));
    });
    const m = $("ex-matrix");
    m.textContent = "";
    m.append(el("tr", {}, el("th", { text: "A" }), ...res.agents.map((a) => el("th", { text: a }))));
    const n = res.agents.length, col = new Array(n).fill(0);
    res.A.forEach((row, i) => {
      m.append(el("tr", {}, el("th", { text: res.agents[i] }), ...row.map((v, j) => { col[j] += v; return el("td", { class: v ? "n" : "n zero", text: v.toFixed(4) }); })));
    });
    m.append(el("tr", { class: "sum" }, el("th", { text: _("spent locally") }), ...col.map((v) => el("td", { class: "n", text: v.toFixed(4) }))));
    m.append(el("tr", { class: "sum" }, el("th", { text: _("leaks") }), ...col.map((v) => el("td", { class: "n", text: (1 - v).toFixed(4) }))));
    $("ex-explain").textContent = res.explain;
    cylch.msg("ex-msg", _("Money in: %s (%s a year).", cylch.sourceName(src), cylch.money(s.injection)), "");
  }

  function body() {
    const b = { scenario, place, members, rounds: Number($("ex-rounds").value) };
    if ($("ex-source").value) b.source = $("ex-source").value;
    return b;
  }

  /* One request at a time; moves made meanwhile are sent as one when it returns. */
  async function request() {
    if (!scenario) return;
    if (inflight) { pending = lastMove; return; }
    inflight = true;
    const moved = lastMove;
    try {
      const res = await cylch.api("POST", "explore", body());
      render(res);
      if (moved !== null) {
        const ms = performance.now() - moved;
        window.cylchExploreLatency.push(ms);
        document.body.dataset.exploreLatency = ms.toFixed(1);
      }
    } catch (e) {
      cylch.msg("ex-msg", e.message, "bad");
    } finally {
      inflight = false;
      lastMove = null;
      if (pending !== null) { lastMove = pending; pending = null; request(); }
    }
  }

  async function open(path) {
    scenario = path;
    place = {};
    members = {};
    try {
      const res = await cylch.api("POST", "explore", body());
      buildSliders(res);
      render(res);
    } catch (e) {
      cylch.msg("ex-msg", e.message, "bad");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("ex-scenario").addEventListener("change", () => open($("ex-scenario").value));
    $("ex-reset").addEventListener("click", () => open(scenario));
    $("ex-source").addEventListener("change", () => request());
    $("ex-rounds").addEventListener("input", () => {
      $("ex-rounds-v").textContent = $("ex-rounds").value;
      lastMove = performance.now();
      request();
    });
    let first = true;
    cylch.listeners.push(() => {
      const items = cylch.scenarioItems();
      const toy = items.find((i) => /toy-town/.test(i.value));
      cylch.fillSelect($("ex-scenario"), items, first && toy ? toy.value : undefined);
      if (first && $("ex-scenario").value) { first = false; open($("ex-scenario").value); }
    });
  });
})();

/* cylch — the Place and uncertainty page: a scenario's [scenario], [place] and
 * [uncertainty] sections as a form, each place parameter with its meaning, its number or
 * distribution and a small preview of it (GET /api/dist), saved as the scenario file the
 * command line reads (POST /api/scenario checks it as `cylch run` would). Any other
 * section of the file ([change], [member], [remove], [trade]) is kept as it was. */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  const numericColumns = () => cylch.columns.filter((c) => c !== "id" && c !== "name");
  let kept = "";          // the file's other sections, verbatim
  let timers = {};

  /* The sections of an INI text: [{name, text}] ("" for what comes before the first). */
  function sections(text) {
    const out = [];
    let cur = { name: "", text: "" };
    for (const line of (text || "").split("\n")) {
      const m = line.match(/^\s*\[\s*([^\]]*?)\s*\]/);
      if (m) { out.push(cur); cur = { name: m[1], text: "" }; }
      cur.text += line + "\n";
    }
    out.push(cur);
    return out;
  }

  /* The path of folder `to` from folder `from`, both inside the workspace. */
  function relative(from, to) {
    const a = from.split("/").filter(Boolean), b = to.split("/").filter(Boolean);
    while (a.length && b.length && a[0] === b[0]) { a.shift(); b.shift(); }
    return a.map(() => "..").concat(b).join("/") || ".";
  }

  function dirname(p) { return p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ""; }

  function text() {
    const path = $("sc-path").value.trim();
    const lines = ["[scenario]", "name = " + $("sc-name").value.trim()];
    if ($("sc-description").value.trim()) lines.push("description = " + $("sc-description").value.trim());
    lines.push("network = " + relative(dirname(path), $("sc-network").value));
    for (const k of ["draws", "seed", "rounds"]) {
      const v = $("sc-" + k).value.trim();
      if (v) lines.push(k + " = " + v);
    }
    lines.push("", "[place]");
    for (const input of document.querySelectorAll("#place input[data-param]"))
      if (input.value.trim()) lines.push(input.dataset.param + " = " + input.value.trim());
    const unc = Array.from(document.querySelectorAll("#uncertainty input[data-col]")).filter((i) => i.value.trim());
    if (unc.length) {
      lines.push("", "[uncertainty]");
      for (const input of unc) lines.push(input.dataset.col + " = " + input.value.trim());
    }
    return lines.join("\n") + "\n" + (kept ? "\n" + kept.replace(/^\n+/, "") : "");
  }

  /* A small picture of a distribution from its percentiles: density between neighbours. */
  function preview(canvas, d) {
    const g = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
    g.clearRect(0, 0, w, h);
    g.fillStyle = "#2a6f97";
    g.strokeStyle = "#2a6f97";
    const q = d.percentiles;
    let lo = q[0], hi = q[q.length - 1];
    if (d.fixed || !(hi > lo)) {
      g.fillRect(w / 2 - 1, 4, 3, h - 8);
      return;
    }
    const pad = (hi - lo) * 0.08;
    lo -= pad; hi += pad;
    const x = (v) => (v - lo) / (hi - lo) * w;
    let peak = 0;
    const dens = [];
    for (let k = 0; k + 1 < q.length; k++) {
      const dd = 0.01 / Math.max(q[k + 1] - q[k], 1e-12);
      dens.push(dd);
      peak = Math.max(peak, dd);
    }
    g.globalAlpha = 0.6;
    for (let k = 0; k + 1 < q.length; k++) {
      const top = h - 2 - (h - 6) * dens[k] / peak;
      g.fillRect(x(q[k]), top, Math.max(x(q[k + 1]) - x(q[k]), 1), h - 2 - top);
    }
    g.globalAlpha = 1;
    g.fillStyle = "#000";
    g.fillRect(x(d.point), 0, 1, h);
  }

  function check(input, canvas, note) {
    clearTimeout(timers[input.id]);
    timers[input.id] = setTimeout(async () => {
      const t = input.value.trim();
      if (!t) { note.textContent = _("(no value: the default, when there is one)"); canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height); return; }
      try {
        const d = await cylch.get("dist", { text: t, param: input.dataset.param });
        preview(canvas, d);
        const r = (v) => +v.toPrecision(3);
        note.textContent = d.fixed ? _("fixed at %s", r(d.point)) :
          _("best guess %s, 90%% of draws between %s and %s", r(d.point), r(d.percentiles[4]), r(d.percentiles[94]));
        note.className = "note";
      } catch (e) {
        note.textContent = e.message;
        note.className = "note bad";
      }
    }, 150);
  }

  function buildPlace(params, values) {
    const t = $("place");
    t.textContent = "";
    t.append(el("tr", {}, el("th", { text: _("parameter") }), el("th", { text: _("what it means") }),
                el("th", { text: _("number or distribution") }), el("th", { text: _("preview") })));
    for (const p of params) {
      const input = el("input", { id: "place-" + p.name, "data-param": p.name, size: 28,
                                  value: values[p.name] !== undefined ? values[p.name] : "" });
      const canvas = el("canvas", { width: 160, height: 36, "data-preview": p.name });
      const note = el("span", { class: "note" });
      input.addEventListener("input", () => check(input, canvas, note));
      t.append(el("tr", {}, el("td", {}, el("code", { text: p.name })), el("td", { class: "meaning", text: p.meaning }),
                  el("td", {}, input, el("br"), note), el("td", {}, canvas)));
      check(input, canvas, note);
    }
  }

  function buildUncertainty(values) {
    const t = $("uncertainty");
    t.textContent = "";
    for (const c of numericColumns()) {
      t.append(el("tr", {}, el("td", {}, el("code", { text: c })),
                  el("td", {}, el("input", { "data-col": c, size: 24, value: values[c] || "",
                                             placeholder: cylch.shareColumns.includes(c) ? _("e.g. beta(sd=0.05)") : _("e.g. normal(rel=0.1)") }))));
    }
  }

  function fill(sc) {
    $("sc-path").value = sc.path;
    $("sc-name").value = sc.name;
    $("sc-description").value = sc.description || "";
    cylch.fillSelect($("sc-network"), cylch.ws.networks.map((n) => ({ value: n, text: n })), sc.network);
    $("sc-draws").value = sc.draws;
    $("sc-seed").value = sc.seed;
    $("sc-rounds").value = sc.rounds;
    const values = {};
    for (const p of sc.place) if (p.line) values[p.name] = p.text;
    buildPlace(sc.place.map((p) => ({ name: p.name, meaning: p.meaning })), values);
    buildUncertainty(sc.uncertainty || {});
    kept = sections(sc.text).filter((s) => s.name && !["scenario", "place", "uncertainty"].includes(s.name.toLowerCase()))
      .map((s) => s.text).join("");
    $("sc-text").textContent = sc.text;
  }

  async function open(path) {
    cylch.msg("sc-msg", "");
    if (!path) return;
    try {
      fill(await cylch.get("scenario", { path }));
    } catch (e) {
      cylch.msg("sc-msg", e.message, "bad");
    }
  }

  /* A new scenario for a network: starting values to change, not facts about the place. */
  function fresh(net) {
    const name = net.split("/").pop();
    $("sc-path").value = "scenarios/" + name + ".ini";
    $("sc-name").value = name;
    $("sc-description").value = "";
    cylch.fillSelect($("sc-network"), cylch.ws.networks.map((n) => ({ value: n, text: n })), net);
    $("sc-draws").value = 2000;
    $("sc-seed").value = 1;
    $("sc-rounds").value = 3;
    kept = "";
    const start = { net_wage_share: "1", household_local_spend: "0.5", household_member_share: "0",
                    business_local_wage_share: "0.2", business_local_supply_share: "0.15", jobs_per_million: "10" };
    buildPlace(cylch.ws.place_parameters, start);
    buildUncertainty({});
    $("sc-text").textContent = "";
    cylch.msg("sc-msg", _("Starting values: change them to what you know of your place, then save."), "");
  }

  async function save() {
    const path = $("sc-path").value.trim(), body = text();
    $("sc-text").textContent = body;
    try {
      const sc = await cylch.api("POST", "scenario", { path, text: body });
      cylch.msg("sc-msg", _("Saved %s (%s members).", path, sc.members) +
                (sc.notes.length ? " " + _("Note: %s", sc.notes.join("; ")) : "") + " " + _("Next: 3. Run."), "good");
      await cylch.loadWorkspace();
      $("sc-select").value = path;
      document.dispatchEvent(new CustomEvent("cylch-scenario-saved", { detail: path }));
    } catch (e) {
      cylch.msg("sc-msg", e.message, "bad");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sc-select").addEventListener("change", () => open($("sc-select").value));
    $("sc-save").addEventListener("click", save);
    $("sc-new").addEventListener("click", () => {
      const net = $("net-select").value || cylch.ws.networks[0];
      if (net) fresh(net);
    });
    let first = true;
    cylch.listeners.push(() => {
      cylch.fillSelect($("sc-select"), cylch.scenarioItems());
      if (first && $("sc-select").value) { first = false; open($("sc-select").value); }
    });
    document.addEventListener("cylch-network-saved", (ev) => {
      const has = cylch.ws.scenarios.find((s) => s.network === ev.detail && !s.error);
      if (has) { $("sc-select").value = has.path; open(has.path); } else fresh(ev.detail);
    });
  });
})();

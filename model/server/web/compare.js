/* cylch — the Compare page: a base scenario against others (chosen, or written here as a
 * [change] of the base, with what it costs, and saved as a scenario file), run on paired
 * draws as `cylch compare` (POST /api/compare), then the scenarios ranked by the difference
 * they make to local circulation, those with a cost ranked per £1 of it as the command line
 * prints them, the sentences the command line prints and its plots. */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  let job = null;

  function slug(s) {
    return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "change";
  }

  function others() {
    const box = $("cmp-others"), base = $("cmp-base").value;
    const checked = new Set(Array.from(box.querySelectorAll("input:checked")).map((i) => i.value));
    box.textContent = "";
    for (const it of cylch.scenarioItems()) {
      if (it.value === base) continue;
      const cb = el("input", { type: "checkbox", value: it.value });
      cb.checked = checked.has(it.value);
      box.append(el("label", { class: "choice" }, cb, " " + it.text));
    }
  }

  /* A change of the base, as a new scenario file beside it. */
  async function addChange() {
    const base = $("cmp-base").value, label = $("chg-label").value.trim();
    const col = $("chg-column").value, op = $("chg-op").value, v = $("chg-value").value.trim();
    const members = $("chg-members").value.trim().split(/[\s,]+/).filter(Boolean).join(" ") || "all";
    cylch.msg("chg-msg", "");
    if (!base || !label || v === "") { cylch.msg("chg-msg", _("Say what the change is, and give a value."), "bad"); return; }
    try {
      const sc = await cylch.get("scenario", { path: base });
      const name = sc.name + "-" + slug(label);
      const path = base.replace(/[^/]*$/, "") + name + ".ini";
      let text = "", inScenario = false, named = false;
      for (const line of sc.text.split("\n")) {
        const sec = line.match(/^\s*\[\s*([^\]]*?)\s*\]/);
        if (sec) inScenario = sec[1].toLowerCase() === "scenario";
        if (inScenario && /^\s*name\s*=/.test(line)) { text += "name = " + name + "\n"; named = true; continue; }
        if (inScenario && /^\s*description\s*=/.test(line)) continue;
        text += line + "\n";
        if (sec && inScenario) text += "description = " + label + "\n";
      }
      if (!named) throw new Error(_("the base scenario has no name line"));
      const value = op === "*" ? "*" + v : op === "+" ? "+" + v : op === "-" ? "-" + v : v;
      const cost = $("chg-cost").value.trim();
      text = text.replace(/\n+$/, "\n") + "\n[change \"" + label.replace(/"/g, "'") + "\"]\nmembers = " + members + "\n" + col + " = " + value + "\n" +
             (cost ? "cost = " + cost + "\n" : "");
      await cylch.api("POST", "scenario", { path, text });
      await cylch.loadWorkspace();
      const cb = $("cmp-others").querySelector(`input[value="${CSS.escape(path)}"]`);
      if (cb) cb.checked = true;
      cylch.msg("chg-msg", _("Saved as %s and ticked.", path), "good");
    } catch (e) {
      cylch.msg("chg-msg", e.message, "bad");
    }
  }

  /* The scenarios ranked by their difference in local circulation (income.local_value), with
   * the headline multiplier's difference and how sure each is. */
  function table(cmp) {
    const t = $("cmp-table"), head = cmp.headline;
    t.textContent = "";
    const rows = cmp.differences.map((d) => {
      const scen = cmp.scenarios.find((s) => s.name === d.scenario) || {};
      return { d, scen, v: d.quantities["income.local_value"], h: d.quantities[head] };
    });
    rows.sort((a, b) => (b.v ? b.v.mean_diff : -Infinity) - (a.v ? a.v.mean_diff : -Infinity));
    t.append(el("tr", {}, el("th", { text: _("rank") }), el("th", { text: _("scenario") }),
                el("th", { text: _("local circulation a year: change") }), el("th", { text: _("90% range") }),
                el("th", { text: _("headline multiplier (%s): change", head) }),
                el("th", { text: _("lower than the base in") })));
    rows.forEach((r, i) => {
      const v = r.v || {}, h = r.h || {};
      t.append(el("tr", { "data-scenario": r.d.scenario }, el("td", { class: "n", text: String(i + 1) }),
                  el("td", { text: r.d.scenario + (r.scen.description ? " — " + r.scen.description : "") }),
                  el("td", { class: "n", "data-q": "income.local_value", text: cylch.money(v.mean_diff) }),
                  el("td", { text: _("%s to %s", cylch.money(v.p5_diff), cylch.money(v.p95_diff)) }),
                  el("td", { class: "n", "data-q": head, text: h.mean_diff === null || h.mean_diff === undefined ? "—" : (h.mean_diff >= 0 ? "+" : "−") + "£" + Math.abs(h.mean_diff).toFixed(2) }),
                  el("td", { class: "n", text: v.p_other_less === undefined ? "—" : _("%s%% of draws", Math.round(100 * v.p_other_less)) })));
    });
  }

  /* Money as cylch's terminal writes it (io/format.c, cylch_format_money): 45p, £2.18,
   * £12,345, £1.23M. */
  function money(v) {
    if (v === null || v === undefined || !isFinite(v)) return _("no value");
    const a = Math.abs(v), s = v < 0 ? "-" : "";
    if (a < 1) return s + (a * 100).toFixed(0) + "p";
    if (a < 10) return s + "£" + a.toFixed(2);
    if (a < 1e6) {
      const w = Math.floor(a + 0.5);
      return s + "£" + (w >= 1000 ? Math.floor(w / 1000) + "," + String(w % 1000).padStart(3, "0") : String(w));
    }
    if (a < 1e9) return s + "£" + (a / 1e6).toFixed(2) + "M";
    if (a < 1e12) return s + "£" + (a / 1e9).toFixed(2) + "bn";
    return s + "£" + a.toPrecision(3);
  }
  /* A change, signed: "+£21,816", "−£5,000", "£0". */
  function signedMoney(v) {
    if (v === null || v === undefined || !isFinite(v)) return _("no value");
    return v === 0 ? "£0" : (v < 0 ? "\u2212" : "+") + money(Math.abs(v));
  }
  /* £ per £1: "£2.18", "−£0.40", "–" for none. */
  function perPound(v) {
    return (v === null || v === undefined || !isFinite(v)) ? "\u2013" : (v < 0 ? "\u2212" : "") + "£" + Math.abs(v).toFixed(2);
  }
  /* A share as a whole percentage, rounded as C's printf("%.0f") does (halves to even). */
  function percent(p) {
    if (p === null || p === undefined || !isFinite(p)) return "\u2013";
    const x = 100 * p;
    let r = Math.round(x);
    if (x - Math.floor(x) === 0.5 && r % 2 !== 0) r -= 1;
    return r + "%";
  }

  /* Per £1 of public money: the scenarios that say what they cost, ranked best first, as
   * `cylch compare` prints them (compare.json's per_pound, the rows of cost.csv). */
  function costTable(cmp) {
    const t = $("cmp-cost-table"), rows = cmp.per_pound || [];
    t.textContent = "";
    $("cmp-cost").hidden = rows.length === 0;
    $("cmp-nocost").hidden = rows.length !== 0;
    if (!rows.length) return;
    t.append(el("tr", {}, ...[_("rank"), _("scenario"), _("cost a year"), _("change a year"), _("per £1"),
                              _("90% range"), _("P(> £1)"), _("money")]
      .map((h) => el("th", { text: h }))));
    for (const r of rows) {
      const range = (r.per_pound_p5 === null || r.per_pound_p5 === undefined) ? _("no draws")
        : _("%s to %s", perPound(r.per_pound_p5), perPound(r.per_pound_p95));
      t.append(el("tr", { "data-scenario": r.scenario },
                  el("td", { class: "n", "data-q": "rank", text: String(r.rank) }),
                  el("td", { text: r.scenario + (r.description ? " — " + r.description : "") }),
                  el("td", { class: "n", "data-q": "cost", text: money(r.cost) }),
                  el("td", { class: "n", "data-q": "change", text: signedMoney(r.change) }),
                  el("td", { class: "n", "data-q": "per_pound", text: perPound(r.per_pound) }),
                  el("td", { class: "n", "data-q": "range", text: range }),
                  el("td", { class: "n", "data-q": "p_above_1", text: percent(r.p_per_pound_above_1) }),
                  el("td", { "data-q": "money", text: cylch.moneyMoved(r.money_moved) })));
    }
  }

  async function go() {
    const base = $("cmp-base").value;
    const list = Array.from($("cmp-others").querySelectorAll("input:checked")).map((i) => i.value);
    cylch.msg("cmp-msg", "");
    if (!base || !list.length) { cylch.msg("cmp-msg", _("Choose a base and at least one scenario to compare with it."), "bad"); return; }
    const body = { scenarios: [base].concat(list), force: true };
    const draws = $("cmp-draws").value.trim();
    if (draws !== "") body.draws = Number(draws);
    $("cmp-go").disabled = true;
    $("cmp-cancel").hidden = false;
    $("cmp-progress").hidden = false;
    try {
      job = await cylch.api("POST", "compare", body);
      job = await cylch.watchJob(job, (j) => {
        $("cmp-bar").value = j.progress;
        $("cmp-status").textContent = cylch.jobStatus(j);
      });
      if (job.state === "done") {
        const dir = job.outdir.replace(/^results\//, "");
        const cmp = await (await fetch("results/" + dir + "/compare.json?t=" + Date.now())).json();
        table(cmp);
        costTable(cmp);
        /* The sentences; the ranking per £1 is the table above, not text. */
        const out = job.output || "";
        let cut = out.indexOf("Local circulation per £1 of the policy's cost");
        if (cut < 0) cut = out.indexOf(_("Local circulation per £1 of the policy's cost"));
        cylch.showSentences($("cmp-headline"), cut >= 0 ? out.slice(0, cut) : out);
        $("cmp-report").href = job.outdir + "/report.html";
        $("cmp-workbook").href = job.outdir + "/compare.xlsx";
        cylch.showPlots($("cmp-plots"), job.outdir, [["compare-differences", _("The difference each scenario makes")],
                                                     ["compare-distributions", _("The scenarios side by side")]]);
        $("cmp-result").hidden = false;
        cylch.msg("cmp-msg", _("Done in %s s; results in %s/.", job.seconds.toFixed(1), job.outdir), "good");
      } else {
        cylch.msg("cmp-msg", job.error || cylch.jobStatus(job), job.state === "cancelled" ? "" : "bad");
      }
    } catch (e) {
      cylch.msg("cmp-msg", e.message, "bad");
    } finally {
      $("cmp-go").disabled = false;
      $("cmp-cancel").hidden = true;
      $("cmp-progress").hidden = true;
      job = null;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    cylch.fillSelect($("chg-column"), cylch.columns.filter((c) => c !== "id" && c !== "name").map((c) => ({ value: c, text: c })), "grant");
    $("cmp-base").addEventListener("change", () => {
      others();
      const s = cylch.ws.scenarios.find((x) => x.path === $("cmp-base").value);
      if (s) $("cmp-draws").value = s.draws;
    });
    $("chg-add").addEventListener("click", addChange);
    $("cmp-go").addEventListener("click", go);
    $("cmp-cancel").addEventListener("click", () => { if (job) cylch.api("DELETE", "jobs/" + job.id).catch(() => {}); });
    cylch.listeners.push(() => {
      const before = $("cmp-base").value;
      cylch.fillSelect($("cmp-base"), cylch.scenarioItems());
      if ($("cmp-base").value !== before) $("cmp-base").dispatchEvent(new Event("change"));
      else others();
    });
    document.addEventListener("cylch-scenario-saved", (ev) => {
      $("cmp-base").value = ev.detail;
      $("cmp-base").dispatchEvent(new Event("change"));
    });
  });
})();

/* cylch — the Compare page: a base scenario against others (chosen, or written here as a
 * [change] of the base and saved as a scenario file), run on paired draws as
 * `cylch compare` (POST /api/compare), then the scenarios ranked by the difference they
 * make to local circulation, the sentences the command line prints and its plots. */
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
    if (!base || !label || v === "") { cylch.msg("chg-msg", "Say what the change is, and give a value.", "bad"); return; }
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
      if (!named) throw new Error("the base scenario has no name line");
      const value = op === "*" ? "*" + v : op === "+" ? "+" + v : op === "-" ? "-" + v : v;
      text = text.replace(/\n+$/, "\n") + "\n[change \"" + label.replace(/"/g, "'") + "\"]\nmembers = " + members + "\n" + col + " = " + value + "\n";
      await cylch.api("POST", "scenario", { path, text });
      await cylch.loadWorkspace();
      const cb = $("cmp-others").querySelector(`input[value="${CSS.escape(path)}"]`);
      if (cb) cb.checked = true;
      cylch.msg("chg-msg", "Saved as " + path + " and ticked.", "good");
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
    t.append(el("tr", {}, el("th", { text: "rank" }), el("th", { text: "scenario" }),
                el("th", { text: "local circulation a year: change" }), el("th", { text: "90% range" }),
                el("th", { text: "headline multiplier (" + head + "): change" }),
                el("th", { text: "lower than the base in" })));
    rows.forEach((r, i) => {
      const v = r.v || {}, h = r.h || {};
      t.append(el("tr", { "data-scenario": r.d.scenario }, el("td", { class: "n", text: String(i + 1) }),
                  el("td", { text: r.d.scenario + (r.scen.description ? " — " + r.scen.description : "") }),
                  el("td", { class: "n", "data-q": "income.local_value", text: cylch.money(v.mean_diff) }),
                  el("td", { text: cylch.money(v.p5_diff) + " to " + cylch.money(v.p95_diff) }),
                  el("td", { class: "n", "data-q": head, text: h.mean_diff === null || h.mean_diff === undefined ? "—" : (h.mean_diff >= 0 ? "+" : "−") + "£" + Math.abs(h.mean_diff).toFixed(2) }),
                  el("td", { class: "n", text: v.p_other_less === undefined ? "—" : Math.round(100 * v.p_other_less) + "% of draws" })));
    });
  }

  async function go() {
    const base = $("cmp-base").value;
    const list = Array.from($("cmp-others").querySelectorAll("input:checked")).map((i) => i.value);
    cylch.msg("cmp-msg", "");
    if (!base || !list.length) { cylch.msg("cmp-msg", "Choose a base and at least one scenario to compare with it.", "bad"); return; }
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
        cylch.showSentences($("cmp-headline"), job.output);
        $("cmp-report").href = job.outdir + "/report.html";
        $("cmp-workbook").href = job.outdir + "/compare.xlsx";
        cylch.showPlots($("cmp-plots"), job.outdir, [["compare-differences", "The difference each scenario makes"],
                                                     ["compare-distributions", "The scenarios side by side"]]);
        $("cmp-result").hidden = false;
        cylch.msg("cmp-msg", "Done in " + job.seconds.toFixed(1) + " s; results in " + job.outdir + "/.", "good");
      } else {
        cylch.msg("cmp-msg", job.error || job.state, job.state === "cancelled" ? "" : "bad");
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

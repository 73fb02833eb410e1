/* cylch — the Run page: `cylch run` as a job (POST /api/run) with a progress bar and a
 * cancel button, then the headline sentences the command line prints, the figures to
 * quote from summary.json, the plots and the report. */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  let job = null;

  const plots = [["distribution", "How sure we are: the headline multiplier over the draws"],
                 ["rounds", "Round by round: each £1 spent again, leaking a little each time"],
                 ["sources", "Each source of money"], ["leakage", "Where the money leaves"],
                 ["members", "Each member's multiplier"], ["network", "Who buys from whom"],
                 ["convergence", "Enough draws? The running mean"]];

  const sourceWords = { grant: "£1 of grant", loan: "£1 of loan or investment", trade: "£1 of trade from outside",
                        external: "£1 from outside", income: "£1 of the members' income" };

  /* The figures to quote: per source, LM∞ and LM3 at the reported values (as the sentences
   * say them) with their 90% ranges over the draws. */
  function figures(sum) {
    const t = $("run-figures");
    t.textContent = "";
    const mc = sum.mc ? sum.mc.by_source : null;
    t.append(el("tr", {}, el("th", { text: "each…" }), el("th", { text: "worth over time (LM∞)" }),
                el("th", { text: "90% range" }), el("th", { text: "within three rounds (LM3)" }),
                el("th", { text: "90% range" }), el("th", { text: "local wages a year" })));
    for (const s of ["grant", "loan", "trade", "external", "income"]) {
      const p = sum.point.by_source[s];
      if (!p || p.lm_inf === null) continue;
      const m = mc ? mc[s] : null;
      const range = (q) => m && m[q] && m[q].p5 !== null ? cylch.mult(m[q].p5) + " to " + cylch.mult(m[q].p95) : "—";
      t.append(el("tr", { "data-source": s }, el("td", { text: sourceWords[s] }),
                  el("td", { class: "n", "data-q": "lm_inf", text: cylch.mult(p.lm_inf) }),
                  el("td", { text: range("lm_inf") }),
                  el("td", { class: "n", "data-q": "lm3", text: cylch.mult(p.lm3) }),
                  el("td", { text: range("lm3") }), el("td", { class: "n", text: cylch.money(p.local_wages) })));
    }
  }

  async function showResult(outdir, output) {
    cylch.showSentences($("run-headline"), output);
    const sum = await (await fetch("results/" + outdir.replace(/^results\//, "") + "/summary.json?t=" + Date.now())).json();
    figures(sum);
    $("run-report").href = outdir + "/report.html";
    $("run-folder-summary").href = outdir + "/summary.json";
    $("run-workbook").href = outdir + "/results.xlsx";
    $("run-rounded").href = outdir + "/summary-rounded.csv";
    cylch.showPlots($("run-plots"), outdir, plots);
    $("run-result").hidden = false;
  }

  async function go() {
    const scenario = $("run-scenario").value, draws = $("run-draws").value.trim();
    cylch.msg("run-msg", "");
    if (!scenario) { cylch.msg("run-msg", "Choose a scenario (make one on page 2).", "bad"); return; }
    const body = { scenario, force: true };
    if (draws !== "") {
      if (!/^\d+$/.test(draws)) { cylch.msg("run-msg", "Draws must be a whole number.", "bad"); return; }
      body.draws = Number(draws);
    }
    $("run-go").disabled = true;
    $("run-cancel").hidden = false;
    $("run-progress").hidden = false;
    try {
      job = await cylch.api("POST", "run", body);
      job = await cylch.watchJob(job, (j) => {
        $("run-bar").value = j.progress;
        $("run-status").textContent = cylch.jobStatus(j);
      });
      if (job.state === "done") {
        $("run-result").hidden = true;
        await showResult(job.outdir, job.output);
        const notes = (job.messages || "").split("\n").filter((l) => /^cylch: (note|warning): /.test(l))
          .map((l) => l.replace(/^cylch: /, ""));
        cylch.msg("run-msg", "Done in " + job.seconds.toFixed(1) + " s; results in " + job.outdir + "/." +
                  (notes.length ? "\n" + notes.join("\n") : ""), "good");
        cylch.loadWorkspace();
      } else {
        cylch.msg("run-msg", job.error || job.state, job.state === "cancelled" ? "" : "bad");
      }
    } catch (e) {
      cylch.msg("run-msg", e.message, "bad");
    } finally {
      $("run-go").disabled = false;
      $("run-cancel").hidden = true;
      $("run-progress").hidden = true;
      job = null;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("run-go").addEventListener("click", go);
    $("run-cancel").addEventListener("click", () => { if (job) cylch.api("DELETE", "jobs/" + job.id).catch(() => {}); });
    $("run-scenario").addEventListener("change", () => {
      const s = cylch.ws.scenarios.find((x) => x.path === $("run-scenario").value);
      if (s) $("run-draws").value = s.draws;
    });
    cylch.listeners.push(() => {
      const before = $("run-scenario").value;
      cylch.fillSelect($("run-scenario"), cylch.scenarioItems());
      if ($("run-scenario").value !== before) $("run-scenario").dispatchEvent(new Event("change"));
    });
    document.addEventListener("cylch-scenario-saved", (ev) => {
      $("run-scenario").value = ev.detail;
      $("run-scenario").dispatchEvent(new Event("change"));
    });
  });
})();

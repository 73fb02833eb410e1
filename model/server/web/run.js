/* cylch — the Run page: `cylch run` as a job (POST /api/run) with a progress bar and a
 * cancel button, then the headline sentences the command line prints, the figures to
 * quote from summary.json, the plots and the report. */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  let job = null;

  const plots = [["distribution", _("How sure we are: the headline multiplier over the draws")],
                 ["rounds", _("Round by round: each £1 spent again, leaking a little each time")],
                 ["sources", _("Each source of money")], ["leakage", _("Where the money leaves")],
                 ["members", _("Each member's multiplier")], ["network", _("Who buys from whom")],
                 ["convergence", _("Enough draws? The running mean")]];

  const sourceWords = { grant: _("£1 of grant"), loan: _("£1 of loan or investment"),
                        trade: _("£1 of trade from outside"), external: _("£1 from outside"),
                        income: _("£1 of the members' income") };

  /* The figures to quote: per source, LM∞ and LM3 at the reported values (as the sentences
   * say them) with their 90% ranges over the draws. */
  function figures(sum) {
    const t = $("run-figures");
    t.textContent = "";
    const mc = sum.mc ? sum.mc.by_source : null;
    t.append(el("tr", {}, el("th", { text: _("each…") }), el("th", { text: _("worth over time (LM∞)") }),
                el("th", { text: _("90% range") }), el("th", { text: _("within three rounds (LM3)") }),
                el("th", { text: _("90% range") }), el("th", { text: _("local wages a year") })));
    for (const s of ["grant", "loan", "trade", "external", "income"]) {
      const p = sum.point.by_source[s];
      if (!p || p.lm_inf === null) continue;
      const m = mc ? mc[s] : null;
      const range = (q) => m && m[q] && m[q].p5 !== null ? _("%s to %s", cylch.mult(m[q].p5), cylch.mult(m[q].p95)) : "—";
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
    if (!scenario) { cylch.msg("run-msg", _("Choose a scenario (make one on page 2)."), "bad"); return; }
    const body = { scenario, force: true };
    if (draws !== "") {
      if (!/^\d+$/.test(draws)) { cylch.msg("run-msg", _("Draws must be a whole number."), "bad"); return; }
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
        /* The notes and warnings the command line printed, in its words ("cylch: note: …"). */
        const kinds = [_("cylch: note: "), _("cylch: warning: "), "cylch: note: ", "cylch: warning: "];
        const notes = (job.messages || "").split("\n").filter((l) => kinds.some((k) => l.startsWith(k)))
          .map((l) => l.replace(/^cylch: /, ""));
        cylch.msg("run-msg", _("Done in %s s; results in %s/.", job.seconds.toFixed(1), job.outdir) +
                  (notes.length ? "\n" + notes.join("\n") : ""), "good");
        cylch.loadWorkspace();
      } else {
        cylch.msg("run-msg", job.error || cylch.jobStatus(job), job.state === "cancelled" ? "" : "bad");
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

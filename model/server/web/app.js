/* cylch — the page's shared parts: the API client, the tabs, the workspace's lists of
 * networks, scenarios and results, the page's language, and small helpers. Every figure
 * comes from cylch itself through the JSON API (docs/api.md); nothing here computes the
 * model. */
"use strict";

/* The page's words in the language cylch serve was started with (--lang): strings.js,
 * served by cylch before this file, sets window.cylchStrings to {English: translation}
 * (empty in English) from cylch's catalogue, the same as the command line's. _(english,
 * ...args) gives the translation, each %s replaced by the next argument (and, with
 * arguments, %% by %); `make pot` finds
 * the words in _("…") calls (xgettext) and in the page's elements marked data-t. */
const cylchStrings = window.cylchStrings || {};
function _(english, ...args) {
  const s = Object.prototype.hasOwnProperty.call(cylchStrings, english) ? cylchStrings[english] : english;
  let i = 0;
  return args.length ? s.replace(/%([s%])/g, (m, c) => c === "%" ? "%" : String(args[i++])) : s;
}

const cylch = {
  ws: { networks: [], scenarios: [], results: [] },
  listeners: [],          // called after the workspace is (re)loaded
  columns: ["id", "name", "employees_fte", "grant", "loan", "trade_local", "trade_external", "wages",
            "wages_local_share", "purchases", "purchases_local_share", "other_costs", "other_local_share"],
  shareColumns: ["wages_local_share", "purchases_local_share", "other_local_share"],
};

/* Call the API: resolves to the answer's JSON; rejects with an Error whose message is the
 * server's (the command line's) message, and whose .info is the whole answer. */
cylch.api = async function (method, path, body) {
  const opt = { method, headers: {} };
  if (body !== undefined) {
    opt.headers["Content-Type"] = "application/json";
    opt.body = JSON.stringify(body);
  }
  let res, data;
  try {
    res = await fetch("api/" + path, opt);
  } catch (e) {
    throw new Error(_("cylch serve does not answer: is it still running?"));
  }
  try {
    data = await res.json();
  } catch (e) {
    data = { error: _("the server answered %s without JSON", res.status) };
  }
  if (!res.ok) {
    const err = new Error(data.error || _("error %s", res.status));
    err.info = data;
    err.status = res.status;
    throw err;
  }
  return data;
};

cylch.get = (path, args) => {
  const q = args ? "?" + new URLSearchParams(args).toString() : "";
  return cylch.api("GET", path + q);
};

cylch.$ = (id) => document.getElementById(id);

cylch.el = function (tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const kid of kids) e.append(kid);
  return e;
};

cylch.msg = function (id, text, kind) {
  const e = cylch.$(id);
  e.textContent = text || "";
  e.className = "msg" + (kind ? " " + kind : "");
};

/* Money for people: £1,234 or £1.23M. */
cylch.money = function (v) {
  if (v === null || v === undefined || !isFinite(v)) return "—";
  const a = Math.abs(v), s = v < 0 ? "−" : "";
  if (a >= 1e6) return s + "£" + (a / 1e6).toFixed(2) + "M";
  return s + "£" + Math.round(a).toLocaleString("en-GB");
};
cylch.mult = (v) => (v === null || v === undefined || !isFinite(v)) ? "—" : "£" + v.toFixed(2);
cylch.num = (v, d) => (v === null || v === undefined || !isFinite(v)) ? "—" : v.toFixed(d);

/* Fill a <select> with options [{value, text}], keeping the choice when it is still there. */
cylch.fillSelect = function (sel, items, keep) {
  const old = keep !== undefined ? keep : sel.value;
  sel.textContent = "";
  for (const it of items) sel.append(cylch.el("option", { value: it.value, text: it.text }));
  if (items.some((it) => it.value === old)) sel.value = old;
};

cylch.scenarioItems = () => cylch.ws.scenarios.filter((s) => !s.error)
  .map((s) => ({ value: s.path, text: s.name + (s.description ? " — " + s.description : "") }));

cylch.loadWorkspace = async function () {
  try {
    cylch.ws = await cylch.get("workspace");
    cylch.$("ws-root").textContent = cylch.ws.workspace;
    for (const f of cylch.listeners) f();
  } catch (e) {
    cylch.banner(e.message);
  }
};

cylch.banner = function (text) {
  const b = cylch.$("banner");
  b.textContent = text || "";
  b.hidden = !text;
};

/* Poll a job until it ends, calling onProgress(job) on the way. */
cylch.watchJob = async function (job, onProgress) {
  for (;;) {
    onProgress(job);
    if (job.state !== "running") return job;
    await new Promise((r) => setTimeout(r, 200));
    job = await cylch.get("jobs/" + job.id);
  }
};

/* The names of the sources of money (summary.json's by_source, compare.json's money_moved)
 * in words, as the command line writes them. */
cylch.sourceNames = { grant: _("grant"), loan: _("loan"), trade: _("trade"), external: _("external"),
                      income: _("income"), outside: _("outside"), all: _("all") };
cylch.sourceName = (s) => cylch.sourceNames[s] || s;
cylch.moneyMoved = cylch.sourceName;

/* A job's states (jobs.h) in words. */
cylch.jobStates = { running: _("running"), done: _("done"), failed: _("failed"), cancelled: _("cancelled") };

cylch.jobStatus = function (job) {
  if (job.state === "running") {
    if (!job.total) return _("starting…");
    const of = job.scenarios ? _(" (scenario %s of %s)", job.scenario + 1, job.scenarios) : "";
    return _("%s of %s draws", job.done.toLocaleString("en-GB"), job.total.toLocaleString("en-GB")) + of;
  }
  return cylch.jobStates[job.state] || job.state;
};

/* Plots of a results folder, each shown when it exists. */
cylch.showPlots = function (box, outdir, names) {
  box.textContent = "";
  const t = Date.now();
  for (const [name, title] of names) {
    const img = cylch.el("img", { src: "results/" + outdir.replace(/^results\//, "") + "/" + name + ".png?t=" + t,
                                  alt: title, "data-plot": name });
    const fig = cylch.el("figure", {}, img, cylch.el("figcaption", { text: title }));
    img.addEventListener("error", () => fig.remove());
    box.append(fig);
  }
};

/* The command line's summary as it prints it: paragraphs, a line each sentence. */
cylch.showSentences = function (box, text) {
  box.textContent = "";
  for (const para of (text || "").split(/\n\s*\n/)) {
    if (!para.trim() || para.startsWith("Results written to") || para.startsWith(_("Results written to"))) continue;
    const p = cylch.el("p");
    para.trim().split("\n").forEach((line, i) => { if (i) p.append(cylch.el("br")); p.append(line); });
    box.append(p);
  }
};

/* The page's own words (index.html): each element marked data-t has its inner HTML, blanks
 * collapsed, looked up whole (inline markup such as <code> is part of the message); each
 * attribute named in data-t-attr its value. web-msgids.py reads them the same way. */
cylch.translatePage = function () {
  const key = (s) => s.replace(/\s+/g, " ").trim();
  for (const e of document.querySelectorAll("[data-t]")) {
    const k = key(e.innerHTML);
    if (Object.prototype.hasOwnProperty.call(cylchStrings, k)) e.innerHTML = cylchStrings[k];
  }
  for (const e of document.querySelectorAll("[data-t-attr]"))
    for (const a of e.dataset.tAttr.split(/\s+/)) {
      const v = e.getAttribute(a);
      if (v && Object.prototype.hasOwnProperty.call(cylchStrings, key(v))) e.setAttribute(a, cylchStrings[key(v)]);
    }
  if (window.cylchLang) document.documentElement.lang = window.cylchLang;
};

/* ---- tabs ---- */
cylch.show = function (tab) {
  for (const p of document.querySelectorAll(".page")) p.hidden = p.id !== "page-" + tab;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("on", a.dataset.tab === tab);
};
window.addEventListener("hashchange", () => cylch.show((location.hash || "#network").slice(1)));
document.addEventListener("DOMContentLoaded", () => {
  cylch.translatePage();
  cylch.show((location.hash || "#network").slice(1));
  cylch.loadWorkspace();
});

/* cylch — the Network page: the members and the trade between them as editable tables,
 * filled by typing or by pasting a block from a spreadsheet, checked and saved by cylch
 * (POST /api/network) with the command line's reader and messages. Cells are sent as
 * written ("£12,500", "53%"): the reading is cylch's, not this page's. */
"use strict";

(function () {
  const $ = cylch.$, el = cylch.el;
  const tradeColumns = ["buyer", "seller", "amount"];
  let current = "";   // the network folder being edited, e.g. data/my-network

  function header(table, cols) {
    const tr = el("tr");
    for (const c of cols) tr.append(el("th", { text: c, "data-col": c }));
    tr.append(el("th", { text: "" }));
    table.append(el("thead", {}, tr), el("tbody"));
  }

  function addRow(table, cols, values) {
    const tr = el("tr");
    for (const c of cols) {
      const v = values && values[c] !== undefined && values[c] !== null ? String(values[c]) : "";
      tr.append(el("td", {}, el("input", { "data-col": c, value: v, "aria-label": c, size: c === "name" ? 18 : 9 })));
    }
    tr.append(el("td", {}, el("button", { type: "button", class: "del", title: _("remove this row"), text: "×",
                                           onclick: () => tr.remove() })));
    table.tBodies[0].append(tr);
    return tr;
  }

  function reset(table, cols) {
    table.textContent = "";
    header(table, cols);
  }

  /* The cells of a table as rows of text, header first, without empty rows and without
   * optional columns left empty in every row. */
  function rows(table, cols, optional) {
    const body = [];
    for (const tr of table.tBodies[0].rows) {
      const r = cols.map((c) => tr.querySelector(`input[data-col="${c}"]`).value.trim());
      if (r.some((v) => v !== "")) body.push(r);
    }
    const keep = cols.map((c, i) => !optional.includes(c) || body.some((r) => r[i] !== ""));
    return [cols.filter((c, i) => keep[i])].concat(body.map((r) => r.filter((v, i) => keep[i])));
  }

  /* Spreadsheet text: rows by line, cells by tab. */
  function parseBlock(text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
    return lines.map((l) => l.split("\t"));
  }

  /* Paste a block into table: with a header row the columns are matched by name (any
   * order) and the table replaced; without, the cells go from the chosen cell on. */
  function pasteBlock(table, cols, text, at) {
    const block = parseBlock(text);
    if (!block.length) return;
    const names = block[0].map((c) => c.trim().toLowerCase());
    if (names.every((n) => cols.includes(n) || n === "") && names.some((n) => n === cols[0] || n === "id" || n === "buyer")) {
      table.tBodies[0].textContent = "";
      for (const r of block.slice(1)) {
        const v = {};
        names.forEach((n, i) => { if (n) v[n] = (r[i] || "").trim(); });
        addRow(table, cols, v);
      }
      return;
    }
    let rowIdx = 0, colIdx = 0;
    if (at && at.dataset && at.dataset.col) {
      rowIdx = Array.from(table.tBodies[0].rows).indexOf(at.closest("tr"));
      colIdx = cols.indexOf(at.dataset.col);
    }
    if (block.length === 1 && block[0].length === 1 && at) { at.value = block[0][0].trim(); return; }
    block.forEach((r, i) => {
      let tr = table.tBodies[0].rows[rowIdx + i] || addRow(table, cols);
      r.forEach((cell, k) => {
        const c = cols[colIdx + k];
        if (c) tr.querySelector(`input[data-col="${c}"]`).value = cell.trim();
      });
    });
  }

  function onPaste(table, cols) {
    table.addEventListener("paste", (ev) => {
      const text = (ev.clipboardData || window.clipboardData).getData("text/plain");
      if (!text || (!text.includes("\t") && !text.includes("\n"))) return;   // one cell: the browser's own
      ev.preventDefault();
      pasteBlock(table, cols, text, ev.target);
    });
  }

  function clearMarks() {
    for (const e of document.querySelectorAll("#members .bad, #trade .bad")) e.classList.remove("bad");
  }

  /* Point at the row and column an error names (FILE:LINE, a column's name). */
  function mark(info) {
    if (!info || !info.line) return;
    const trade = (info.file || "").endsWith("trade.csv");
    const table = $(trade ? "trade" : "members"), cols = trade ? tradeColumns : cylch.columns;
    const tr = table.tBodies[0].rows[info.line - 2];
    if (!tr) return;
    tr.classList.add("bad");
    for (const c of cols)
      if (new RegExp("\\b" + c + "\\b").test(info.error)) {
        const input = tr.querySelector(`input[data-col="${c}"]`);
        if (input) { input.parentNode.classList.add("bad"); input.focus(); }
        break;
      }
  }

  function target() {
    const name = $("net-new").value.trim();
    if (name) return /^[A-Za-z0-9_.-]+$/.test(name) && !name.startsWith(".") ? "data/" + name : null;
    return $("net-select").value || null;
  }

  async function send(save) {
    clearMarks();
    const dir = current || target();
    if (!dir) { cylch.msg("net-msg", _("Name the network first (letters, digits, - and _)."), "bad"); return; }
    const trade = rows($("trade"), tradeColumns, []);
    try {
      const net = await cylch.api("POST", "network", {
        dir, save, enterprises: rows($("members"), cylch.columns, ["other_costs", "other_local_share"]),
        trade: trade.length > 1 ? trade : null,
      });
      const income = net.members.reduce((s, m) => s + m.income, 0);
      const what = _("%s members, income %s a year.", net.members.length, cylch.money(income));
      cylch.msg("net-msg", (save ? (trade.length > 1 ? _("Saved to %s/enterprises.csv and trade.csv: %s", dir, what)
                                                      : _("Saved to %s/enterprises.csv: %s", dir, what)) +
                                   " " + _("Next: 2. Place and uncertainty.")
                                 : _("All good: %s", what)) +
                (net.notes && net.notes.length ? net.notes.map((n) => "\n" + _("Note: %s", n)).join("") : ""), "good");
      if (save) {
        current = dir;
        $("net-new").value = "";
        await cylch.loadWorkspace();
        $("net-select").value = dir;
        document.dispatchEvent(new CustomEvent("cylch-network-saved", { detail: dir }));
      }
    } catch (e) {
      cylch.msg("net-msg", e.message, "bad");
      mark(e.info);
    }
  }

  async function open(dir) {
    clearMarks();
    cylch.msg("net-msg", "");
    reset($("members"), cylch.columns);
    reset($("trade"), tradeColumns);
    current = dir || "";
    if (!dir) { addRow($("members"), cylch.columns); return; }
    try {
      const net = await cylch.get("network", { dir });
      for (const m of net.members) addRow($("members"), cylch.columns, Object.assign({ id: m.id, name: m.name }, m.values));
      for (const t of net.trade) addRow($("trade"), tradeColumns, t);
    } catch (e) {
      cylch.msg("net-msg", e.message, "bad");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    reset($("members"), cylch.columns);
    reset($("trade"), tradeColumns);
    addRow($("members"), cylch.columns);
    onPaste($("members"), cylch.columns);
    onPaste($("trade"), tradeColumns);
    $("members-add").addEventListener("click", () => addRow($("members"), cylch.columns));
    $("trade-add").addEventListener("click", () => addRow($("trade"), tradeColumns));
    $("members-clear").addEventListener("click", () => { reset($("members"), cylch.columns); addRow($("members"), cylch.columns); });
    $("paste-fill").addEventListener("click", () => {
      const first = $("members").querySelector("tbody input");
      pasteBlock($("members"), cylch.columns, $("paste-text").value, first);
      $("paste-text").value = "";
    });
    $("net-load").addEventListener("click", () => {
      const t = target();
      if (!t) { cylch.msg("net-msg", _("A network's name has letters, digits, - and _ only."), "bad"); return; }
      open($("net-new").value.trim() ? null : t).then(() => { if ($("net-new").value.trim()) current = t; });
    });
    $("net-check").addEventListener("click", () => send(false));
    $("net-save").addEventListener("click", () => send(true));
    cylch.listeners.push(() => {
      cylch.fillSelect($("net-select"), cylch.ws.networks.map((n) => ({ value: n, text: n })));
      if (!current && cylch.ws.networks.length) open($("net-select").value);
    });
  });
  cylch.network = { pasteBlock, open };
})();

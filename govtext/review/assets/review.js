"use strict";
// The review page.  It runs before the report blocks (#gt-r<N>) are parsed: it draws
// the corpus summary from the index (#gt-index) at once, and parses a report's block
// only when the report is opened (waiting for the rest of the page if need be).
// Routes: "#" summary, "#r=N" report N, "#r=N&f=K" report N with finding K selected.
(function () {
  const root = document.documentElement;
  window.addEventListener("error", (e) => { root.dataset.jsError = String(e.message); });

  const IDX = JSON.parse(document.getElementById("gt-index").textContent);
  const LAY = IDX.layout, LAB = IDX.labels;
  const view = document.getElementById("view");
  const state = {
    severity: new Set(IDX.severities), kind: new Set(IDX.kinds),
    sort: "errors", desc: true, query: "", onlyFindings: false, rows: 200,
    pick: null,   // [by, value] from a clicked bar: kind, rule, year or template
    order: null,  // report ids in the list's current order, for previous/next
  };

  // ------------------------------------------------------------------ helpers
  const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const base = (p) => String(p).split(/[\\/]/).pop();
  const num = (v) => (v === null || v === undefined ? "—" : String(v));
  const metricName = (m) => (m && LAB.metrics[m]) || "";
  const keep = (sev, kind) => state.severity.has(sev) && state.kind.has(kind);

  function route() {
    const q = new URLSearchParams(location.hash.slice(1));
    return { r: q.has("r") ? Number(q.get("r")) : null, f: q.has("f") ? Number(q.get("f")) : null };
  }

  function findingCounts() {
    // Per report [errors, warnings] after the filters.
    const out = IDX.reports.map(() => [0, 0]);
    for (const [ri, k, , s] of IDX.findings) {
      if (!keep(IDX.severities[s], IDX.kinds[k])) continue;
      out[ri][IDX.severities[s] === "error" ? 0 : 1] += 1;
    }
    return out;
  }

  // ------------------------------------------------------------------ filters
  function drawFilters() {
    const box = (group, value) =>
      `<label><input type="checkbox" data-g="${group}" value="${esc(value)}"${state[group].has(value) ? " checked" : ""}> ${esc(value)}</label>`;
    document.getElementById("filters").innerHTML =
      `<span class="grp">severity</span>${IDX.severities.map((s) => box("severity", s)).join("")}` +
      `<span class="grp">kind</span>${IDX.kinds.map((k) => box("kind", k)).join("")}`;
  }
  document.getElementById("filters").addEventListener("change", (e) => {
    const t = e.target;
    state[t.dataset.g][t.checked ? "add" : "delete"](t.value);
    render();
  });

  // ------------------------------------------------------------------ SVG charts
  // rows: [{label, parts: [[series, value], ...], note}] → a horizontal stacked bar chart.
  // With opts.pick, a click on a row narrows the report list to that kind/rule/year/template.
  function barChart(title, rows, opts = {}) {
    const W = 470, LW = opts.labelWidth || 150, BW = W - LW - 70, RH = 18, top = 26;
    const max = opts.max || Math.max(1, ...rows.map((r) => r.parts.reduce((a, p) => a + p[1], 0)));
    const H = top + rows.length * RH + 6;
    let s = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">` +
      `<text class="t" x="4" y="16">${esc(title)}</text>`;
    rows.forEach((r, i) => {
      const y = top + i * RH;
      let x = LW, total = 0;
      const on = opts.pick && state.pick && state.pick[0] === opts.pick && state.pick[1] === r.label;
      if (opts.pick) s += `<g class="pick${on ? " on" : ""}" data-pick="${opts.pick}" data-value="${esc(r.label)}"><rect class="hit" x="0" y="${y}" width="${W}" height="${RH}"></rect>`;
      s += `<text x="${LW - 6}" y="${y + 12}" text-anchor="end"><title>${esc(r.label)}</title>${esc(clip(r.label, opts.clip || 22))}</text>`;
      for (const [series, v] of r.parts) {
        const w = (v / max) * BW;
        if (v > 0) s += `<rect class="bar ${series}" x="${x.toFixed(1)}" y="${y + 2}" width="${Math.max(w, 1).toFixed(1)}" height="${RH - 5}"><title>${esc(r.label)}: ${v} ${series}</title></rect>`;
        x += w; total += v;
      }
      s += `<text class="v" x="${(x + 4).toFixed(1)}" y="${y + 12}">${esc(r.note ?? total)}</text>`;
      if (opts.pick) s += `</g>`;
    });
    if (!rows.length) s += `<text class="v" x="4" y="${top + 12}">nothing to show</text>`;
    return `<div class="chart">${s}</svg>${opts.legend === false ? "" : legend(opts.series || ["error", "warning"])}</div>`;
  }
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
  const legend = (series) => `<div class="legend">${series.map((k) => `<span class="sw ${k}"></span>${k}`).join("")}</div>`;

  function countBy(keyOf) {
    // Findings after the filters, counted per key and severity.
    const m = new Map();
    for (const f of IDX.findings) {
      const sev = IDX.severities[f[3]];
      if (!keep(sev, IDX.kinds[f[1]])) continue;
      const k = keyOf(f);
      if (!m.has(k)) m.set(k, { error: 0, warning: 0 });
      m.get(k)[sev] += 1;
    }
    return m;
  }
  const stacked = (m) => [...m].map(([label, c]) => ({ label: String(label), parts: [["error", c.error], ["warning", c.warning]] }));
  const byTotal = (rows) => rows.sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label));
  const total = (r) => r.parts.reduce((a, p) => a + p[1], 0);
  const yearOf = (ri) => IDX.reports[ri][2] ?? "unknown";
  const templateOf = (ri) => IDX.reports[ri][3];

  function shareChart(title, keyOf, counts) {
    // Share of reports with at least one error, per group.
    const m = new Map();
    IDX.reports.forEach((_, ri) => {
      const k = String(keyOf(ri));
      if (!m.has(k)) m.set(k, [0, 0]);
      m.get(k)[0] += counts[ri][0] > 0 ? 1 : 0;
      m.get(k)[1] += 1;
    });
    const rows = [...m].sort((a, b) => a[0].localeCompare(b[0])).map(([label, [bad, n]]) =>
      ({ label, parts: [["share", (100 * bad) / n]], note: `${Math.round((100 * bad) / n)}% (${bad}/${n})` }));
    return barChart(title, rows, { max: 100, series: ["share"], legend: false, labelWidth: 90, pick: title.endsWith("year") ? "year" : "template" });
  }

  // ------------------------------------------------------------------ summary
  function drawSummary() {
    const counts = findingCounts();
    const n = IDX.reports.length;
    const nErrReports = counts.filter((c) => c[0] > 0).length;
    const nErr = counts.reduce((a, c) => a + c[0], 0), nWarn = counts.reduce((a, c) => a + c[1], 0);
    const byYear = [...countBy((f) => yearOf(f[0]))].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const rules = byTotal(stacked(countBy((f) => IDX.rules[f[2]])));
    let h = `<h1>${esc(IDX.title)}</h1><div class="cards">` +
      `<div class="card"><b>${n}</b>reports</div>` +
      `<div class="card bad"><b>${nErr}</b>errors</div>` +
      `<div class="card"><b>${nWarn}</b>warnings</div>` +
      `<div class="card bad" id="share"><b>${n ? Math.round((100 * nErrReports) / n) : 0}%</b>reports with ≥1 error (${nErrReports}/${n})</div>` +
      (IDX.errors.length ? `<div class="card bad"><b>${IDX.errors.length}</b>files not read</div>` : "") +
      `</div><div class="charts">` +
      barChart("Findings by kind", byTotal(stacked(countBy((f) => IDX.kinds[f[1]]))), { pick: "kind" }) +
      barChart(rules.length > 20 ? `Findings by rule (top 20 of ${rules.length})` : "Findings by rule", rules.slice(0, 20), { labelWidth: 190, clip: 30, pick: "rule" }) +
      barChart("Findings by year", stacked(new Map(byYear)), { labelWidth: 90, pick: "year" }) +
      barChart("Findings by template", byTotal(stacked(countBy((f) => templateOf(f[0])))), { labelWidth: 90, pick: "template" }) +
      shareChart("Reports with ≥1 error, by year", yearOf, counts) +
      shareChart("Reports with ≥1 error, by template", templateOf, counts) +
      `</div>`;
    h += `<h2>Reports</h2><div class="tools"><input type="search" id="q" placeholder="filter by file or issuer" value="${esc(state.query)}">` +
      `<label><input type="checkbox" id="only"${state.onlyFindings ? " checked" : ""}> only reports with findings</label>` +
      (state.pick ? `<span class="chip" id="picked">${esc(state.pick[0])} = ${esc(state.pick[1])} <button id="unpick" title="show all reports">×</button></span>` : "") +
      `</div><div id="list"></div>`;
    if (IDX.errors.length) {
      h += `<h2>Files that could not be read</h2><ul class="errors">` +
        IDX.errors.map(([p, msg]) => `<li title="${esc(p)}">${esc(msg)}</li>`).join("") + `</ul>`;
    }
    view.innerHTML = h;
    drawList(counts);
    document.getElementById("q").addEventListener("input", (e) => { state.query = e.target.value; state.rows = 200; drawList(findingCounts()); });
    document.getElementById("only").addEventListener("change", (e) => { state.onlyFindings = e.target.checked; drawList(findingCounts()); });
    document.getElementById("unpick")?.addEventListener("click", () => { state.pick = null; drawSummary(); });
    view.querySelector(".charts").addEventListener("click", (e) => {
      const g = e.target.closest("[data-pick]");
      if (!g) return;
      const pick = [g.dataset.pick, g.dataset.value];
      state.pick = state.pick && state.pick[0] === pick[0] && state.pick[1] === pick[1] ? null : pick;
      state.rows = 200;
      const top = view.scrollTop;
      drawSummary();
      view.scrollTop = top;
    });
    markReady();
  }

  const COLS = [
    ["idx", "#", (i) => i], ["source", "file", (i) => base(IDX.reports[i][0])],
    ["issuer", "issuer", (i) => IDX.reports[i][1] || ""], ["year", "year", (i) => IDX.reports[i][2] ?? 0],
    ["template", "template", (i) => IDX.reports[i][3]], ["errors", "errors", (i, c) => c[i][0]],
    ["warnings", "warnings", (i, c) => c[i][1]], ["facts", "facts", (i) => IDX.reports[i][5]],
    ["cells", "cells", (i) => IDX.reports[i][6]], ["notes", "parse warnings", (i) => IDX.reports[i][7]],
  ];

  function picked() {
    // The reports a clicked bar stands for, or null when no bar is picked.
    if (!state.pick) return null;
    const [by, value] = state.pick;
    if (by === "year") return new Set(IDX.reports.map((_, i) => i).filter((i) => String(yearOf(i)) === value));
    if (by === "template") return new Set(IDX.reports.map((_, i) => i).filter((i) => templateOf(i) === value));
    const names = by === "kind" ? IDX.kinds : IDX.rules, col = by === "kind" ? 1 : 2;
    return new Set(IDX.findings.filter((f) => names[f[col]] === value && keep(IDX.severities[f[3]], IDX.kinds[f[1]])).map((f) => f[0]));
  }

  function drawList(counts) {
    const q = state.query.trim().toLowerCase();
    const only = picked();
    let ids = IDX.reports.map((_, i) => i).filter((i) => {
      if (only && !only.has(i)) return false;
      if (state.onlyFindings && counts[i][0] + counts[i][1] === 0) return false;
      return !q || (IDX.reports[i][0] + " " + (IDX.reports[i][1] || "")).toLowerCase().includes(q);
    });
    const col = COLS.find((c) => c[0] === state.sort);
    const sign = state.desc ? -1 : 1;
    ids.sort((a, b) => {
      const x = col[2](a, counts), y = col[2](b, counts);
      return x < y ? -sign : x > y ? sign : a - b;
    });
    state.order = ids;
    const shown = ids.slice(0, state.rows);
    const head = COLS.map(([k, label]) => `<th data-k="${k}" class="${k === state.sort ? "on" + (state.desc ? "" : " up") : ""}">${label}</th>`).join("");
    const body = shown.map((i) => {
      const r = IDX.reports[i];
      return `<tr><td class="n">${i}</td><td><a href="#r=${i}" title="${esc(r[0])}">${esc(base(r[0]))}</a></td>` +
        `<td>${esc(r[1] || "")}</td><td>${num(r[2])}</td><td>${esc(r[3])}</td>` +
        `<td class="n${counts[i][0] ? " e" : ""}">${counts[i][0]}</td><td class="n${counts[i][1] ? " w" : ""}">${counts[i][1]}</td>` +
        `<td class="n">${r[5]}</td><td class="n">${r[6]}</td><td class="n">${r[7]}</td></tr>`;
    }).join("");
    const more = ids.length > shown.length
      ? `<p><button id="more">show ${Math.min(1000, ids.length - shown.length)} more</button> <span class="muted">${shown.length} of ${ids.length} shown</span></p>`
      : `<p class="muted">${ids.length} report(s)</p>`;
    const list = document.getElementById("list");
    list.innerHTML = `<table class="list" id="reports"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
    list.querySelector("thead").addEventListener("click", (e) => {
      const k = e.target.dataset.k;
      if (!k) return;
      state.desc = k === state.sort ? !state.desc : !["idx", "source", "issuer", "template"].includes(k);
      state.sort = k;
      drawList(findingCounts());
    });
    const btn = document.getElementById("more");
    if (btn) btn.addEventListener("click", () => { state.rows += 1000; drawList(findingCounts()); });
  }

  // ------------------------------------------------------------------ one report
  let current = null; // {i, data}

  const parsing = () => document.readyState === "loading";

  function loadReport(i) {
    // A block is whole once the parser has gone past it (or finished the page).
    if (current && current.i === i) return current.data;
    const el = document.getElementById("gt-r" + i);
    if (!el || (parsing() && !el.nextElementSibling)) return null;
    current = { i, data: JSON.parse(el.textContent) };
    return current.data;
  }

  const cellKey = (table, metric, column) => (column ? `${table}/${metric}/${column}` : `${table}/${metric}`);

  function evidenceIndex(r) {
    // cell key → {value, findings}, text spans [start, end, finding], and per finding
    // how many of its text evidences could not be found in the text.
    const cells = new Map(), spans = [], lost = r.findings.map(() => 0);
    r.findings.forEach((f, fi) => {
      for (const e of f.evidence) {
        if (e.cell != null) {
          if (!cells.has(e.cell)) cells.set(e.cell, { value: e.value, findings: [] });
          cells.get(e.cell).findings.push(fi);
        } else {
          let s = e.start, t = e.end;
          if (s == null || t == null || r.text.slice(s, t) !== e.text) {
            // Offsets missing or stale: find the quoted words instead.
            const at = e.text ? r.text.indexOf(e.text) : -1;
            if (at < 0 && s == null) { lost[fi] += 1; continue; }
            if (at >= 0) { s = at; t = at + e.text.length; }
          }
          spans.push([s, t, fi]);
        }
      }
    });
    return { cells, spans, lost };
  }

  function drawReport(i, select) {
    const r = loadReport(i);
    if (!r && parsing()) {
      view.innerHTML = `<p class="loading">Reading report #${esc(i)}…</p>`;
      document.addEventListener("DOMContentLoaded", render, { once: true });
      return;
    }
    if (!r) {
      view.innerHTML = `<p class="none">No report #${esc(i)} in this page. <a href="#">Back to the summary</a></p>`;
      markReady();
      return;
    }
    const ev = evidenceIndex(r);
    document.getElementById("crumb").textContent = r.source;
    const [prev, next, pos] = neighbours(i);
    const nav = `<a href="#">← summary</a>` + (prev != null ? ` · <a id="prev" href="#r=${prev}">← previous</a>` : "") +
      (next != null ? ` · <a id="next" href="#r=${next}">next →</a>` : "") + ` <span class="muted">${pos}</span>` +
      ` <span class="muted keys">keys: j/k finding · n/p report · u summary</span>`;
    view.innerHTML =
      `<div class="report"><div class="rhead">${nav}<h1 title="${esc(r.source)}">${esc(r.issuer || base(r.source))}</h1>` +
      `<div class="meta"><span>file <b>${esc(r.source)}</b></span><span>format <b>${esc(r.format)}</b></span>` +
      `<span>template <b>${esc(r.template)}</b></span><span>year <b>${num(r.year)}</b></span>` +
      `<span>${r.facts.length} facts · ${r.cells.length} cells · ${r.findings.length} findings</span></div>` +
      r.warnings.map((w) => `<div class="warn">⚠ ${esc(w)}</div>`).join("") + `</div>` +
      `<div class="pane" id="text">${drawText(r, ev)}</div>` +
      `<div class="side"><ul class="pane" id="findings">${drawFindings(r, ev)}</ul>` +
      `<div class="pane" id="tables">${drawTables(r, ev)}</div></div></div>`;
    const findings = document.getElementById("findings");
    findings.addEventListener("click", (e) => {
      const li = e.target.closest(".finding");
      if (li) selectFinding(Number(li.dataset.f));
    });
    findings.addEventListener("keydown", (e) => { if (e.key === "Enter") e.target.closest(".finding")?.click(); });
    if (select != null) view.querySelector(`.finding[data-f="${select}"]`)?.click();
    markReady();
  }

  function neighbours(i) {
    // Previous and next report in the list as last sorted and filtered, else by number.
    const order = state.order && state.order.includes(i) ? state.order : IDX.reports.map((_, k) => k);
    const at = order.indexOf(i);
    const where = order.length < IDX.reports.length ? ` of ${order.length} listed` : ` of ${order.length}`;
    return [at > 0 ? order[at - 1] : null, at < order.length - 1 ? order[at + 1] : null, `report ${at + 1}${where}`];
  }

  function drawFindings(r, ev) {
    const items = r.findings.map((f, fi) => {
      if (!keep(f.severity, f.kind)) return "";
      const chips = f.evidence.map((e) => e.cell != null
        ? `<span class="chip">${esc(e.cell)} = <b>${num(e.value)}</b></span>`
        : `<span class="chip">“${esc(clip(e.text || "", 40))}”</span>`).join("");
      const lost = ev.lost[fi] ? `<span class="chip lost">${ev.lost[fi]} text evidence not found in the text</span>` : "";
      const col = f.column ? ` · column <b>${esc(LAB.columns[f.column] || f.column)}</b>` : "";
      return `<li class="finding ${esc(f.severity)}" data-f="${fi}" tabindex="0"><div><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span> ` +
        `${esc(f.kind)} <code>${esc(f.rule)}</code></div><div class="msg">${esc(f.message)}</div>` +
        `<div class="nums">expected <b>${num(f.expected)}</b> · observed <b>${num(f.observed)}</b>${col}` +
        ` · ${f.metrics.map(esc).join(", ")}</div><div>${chips}${lost}</div></li>`;
    }).join("");
    return items || `<li class="none">No findings${r.findings.length ? " match the filters" : ""}.</li>`;
  }

  function selectFinding(fi) {
    for (const el of view.querySelectorAll(".hl, .sel")) el.classList.remove("hl", "sel");
    const li = view.querySelector(`.finding[data-f="${fi}"]`);
    if (li) li.classList.add("sel");
    const marks = [...view.querySelectorAll(`mark[data-e~="${fi}"]`)];
    const cells = [...view.querySelectorAll(`[data-k][data-f~="${fi}"]`)];
    for (const el of marks.concat(cells)) el.classList.add("hl");
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    if (cells.length) cells[0].scrollIntoView({ block: "center", inline: "nearest" });
    if (li) li.scrollIntoView({ block: "nearest" });
    root.dataset.selected = String(fi);
    history.replaceState(null, "", `#r=${current.i}&f=${fi}`);
  }

  // ------------------------------------------------------------------ text with facts
  function drawText(r, ev) {
    const t = r.text, L = t.length;
    const marks = []; // [start, end, type, index]
    r.facts.forEach((f, i) => { if (f[5] != null && f[6] > f[5]) marks.push([f[5], f[6], "f", i]); });
    for (const [s, e, fi] of ev.spans) if (e > s) marks.push([s, e, "e", fi]);
    const secAt = new Map(r.sections.map((s, i) => [s[2], i]));
    const cuts = new Set([0, L]);
    for (const m of marks) { cuts.add(Math.max(0, Math.min(L, m[0]))); cuts.add(Math.max(0, Math.min(L, m[1]))); }
    for (const s of secAt.keys()) if (s >= 0 && s <= L) cuts.add(s);
    const pts = [...cuts].sort((a, b) => a - b);
    marks.sort((a, b) => a[0] - b[0]);
    let out = "", active = [], next = 0;
    for (let k = 0; k < pts.length - 1; k++) {
      const a = pts[k], b = pts[k + 1];
      if (secAt.has(a)) out += `<span class="sec" id="sec-${secAt.get(a)}">${esc(r.sections[secAt.get(a)][0])}</span>`;
      while (next < marks.length && marks[next][0] <= a) active.push(marks[next++]);
      active = active.filter((m) => m[1] > a);
      const seg = esc(t.slice(a, b));
      if (!active.length) { out += seg; continue; }
      const facts = active.filter((m) => m[2] === "f").map((m) => r.facts[m[3]]);
      const fis = [...new Set(active.filter((m) => m[2] === "e").map((m) => m[3]))];
      const cls = [facts.length ? "fact" : "", facts.length && facts.every((f) => !f[0]) ? "nometric" : "", fis.length ? "ev" : ""].filter(Boolean).join(" ");
      out += `<mark class="${cls}"${fis.length ? ` data-e="${fis.join(" ")}"` : ""}${facts.length ? ` title="${esc(facts.map(factTitle).join("\n"))}"` : ""}>${seg}</mark>`;
    }
    return out || `<span class="none">(no text)</span>`;
  }

  function factTitle(f) {
    const [metric, column, value, qualifier, unit] = f;
    return `${metric || "(no metric)"} ${metricName(metric)} · column ${column || "—"} · value ${value}${unit ? " " + unit : ""} · ${qualifier}`;
  }

  // ------------------------------------------------------------------ tables as grids
  function drawTables(r, ev) {
    // Cells by table, in the report's order; every cell is drawn somewhere.
    const byTable = { t2: new Map(), t3: new Map(), t4: new Map(), stats: new Map() };
    for (const c of r.cells) {
      if (!byTable[c[0]]) byTable[c[0]] = new Map();
      byTable[c[0]].set(cellKey(c[0], c[1], c[2]), c);
    }
    const ctx = { r, ev, used: new Set() };
    const parts = [
      ["t2", "proactive disclosure", t2Grid],
      ["t3", "requests received and handled", t3Grid],
      ["t4", "administrative review and litigation", t4Grid],
      ["stats", "indicators", statsGrid],
    ];
    let h = "";
    for (const [t, caption, draw] of parts) {
      if (!byTable[t].size) continue;
      h += `<div class="caption">${esc(LAY.names[t])} · ${caption} <span class="muted">(${t})</span></div>` + draw(byTable[t], ctx);
      const rest = [...byTable[t].keys()].filter((k) => !ctx.used.has(k));
      if (rest.length) h += `<div class="extra">cells outside the template: ${rest.map((k) => cellTag("span", k, byTable[t].get(k), ctx)).join(", ")}</div>`;
    }
    for (const t of Object.keys(byTable)) {
      if (!parts.some((p) => p[0] === t)) h += `<div class="caption">${esc(t)}</div>` + cellList(byTable[t], ctx);
    }
    const orphan = [...ev.cells.keys()].filter((k) => !ctx.used.has(k));
    if (orphan.length) h += `<div class="caption">Computed values in findings</div><div class="extra">${orphan.map((k) => cellTag("span", k, null, ctx)).join(", ")}</div>`;
    return h || `<p class="none">No table cells were found in this report.</p>`;
  }

  // One cell: its value, or the value a finding computed for it (an aggregate row), or —.
  function cellTag(tag, key, cell, ctx, extraClass = "") {
    ctx.used.add(key);
    const e = ctx.ev.cells.get(key);
    const cls = [extraClass, e ? "bad" : "", !cell && !e ? "missing" : ""].filter(Boolean).join(" ");
    const title = [key, cell ? `raw “${cell[4]}”` : "", e ? `in finding(s) ${e.findings.join(", ")}` : ""].filter(Boolean).join(" · ");
    const text = cell ? num(cell[3]) : e ? num(e.value) : "—";
    const label = tag === "span" ? `${esc(key)} = ` : "";
    return `<${tag} data-k="${esc(key)}"${e ? ` data-f="${e.findings.join(" ")}"` : ""} class="${cls}" title="${esc(title)}">${label}${esc(text)}</${tag}>`;
  }

  function t3Grid(cells, ctx) {
    const cols = LAY.t3.columns;
    let h = `<table class="grid t3"><thead><tr><th></th>${cols.map(([c, l]) => `<th class="${c === "total" ? "total" : ""}">${esc(l)}</th>`).join("")}</tr></thead><tbody>`;
    for (const [metric, label, depth, template, heading] of LAY.t3.rows) {
      // A heading prints values only where the report has them (2019's (六)其他处理) or a
      // finding computed them (the sum of the 不予公开 rows); a row of the other template
      // is left out unless the report has it.
      const keys = cols.map(([c]) => (metric ? cellKey("t3", metric, c) : null));
      const printed = keys.some((k) => cells.has(k));
      if (template && template !== ctx.r.template && !printed && !heading) continue;
      const isHead = heading && !printed;
      h += `<tr class="${isHead ? "agg" : ""}"><th class="d${depth}" title="${esc(metric || "")}">${esc(label)}</th>` +
        keys.map((k, j) => !k ? "<td></td>" : isHead && !ctx.ev.cells.has(k)
          ? `<td data-k="${esc(k)}"></td>`
          : cellTag("td", k, cells.get(k), ctx, cols[j][0] === "total" ? "total" : "")).join("") + `</tr>`;
    }
    return h + `</tbody></table>`;
  }

  function t4Grid(cells, ctx) {
    const { groups, columns } = LAY.t4;
    let top = "", mid = "", sub = "", row = "";
    for (let g = 0; g < groups.length; g++) {
      const grp = groups[g];
      if (!grp.parent) top += `<th colspan="${columns.length}" rowspan="2">${esc(grp.label)}</th>`;
      else if (!g || groups[g - 1].parent !== grp.parent) {
        const span = groups.filter((x) => x.parent === grp.parent).length * columns.length;
        top += `<th colspan="${span}">${esc(grp.parent)}</th>`;
      }
      if (grp.parent) mid += `<th colspan="${columns.length}">${esc(grp.label)}</th>`;
      sub += columns.map(([c, l]) => `<th class="${c === "total" ? "total" : ""}">${esc(l)}</th>`).join("");
      row += columns.map(([c]) => {
        const k = cellKey("t4", `${grp.prefix}.${c}`);
        return cellTag("td", k, cells.get(k), ctx, c === "total" ? "total" : "");
      }).join("");
    }
    return `<table class="grid t4"><thead><tr>${top}</tr><tr>${mid}</tr><tr>${sub}</tr></thead><tbody><tr>${row}</tr></tbody></table>`;
  }

  function t2Grid(cells, ctx) {
    let h = "";
    for (const block of LAY.t2) {
      const items = block.items.filter(([p]) => block.columns.some(([c]) => cells.has(cellKey("t2", `${p}.${c}`))));
      if (!items.length) continue;
      const cols = block.columns.filter(([c]) => items.some(([p]) => cells.has(cellKey("t2", `${p}.${c}`))));
      h += `<table class="grid t2"><thead><tr><th></th>${cols.map(([, l]) => `<th>${esc(l)}</th>`).join("")}</tr></thead><tbody>` +
        items.map(([p, label]) => `<tr><th title="${esc(p)}">${esc(label)}</th>` +
          cols.map(([c]) => { const k = cellKey("t2", `${p}.${c}`); return cellTag("td", k, cells.get(k), ctx); }).join("") + `</tr>`).join("") +
        `</tbody></table>`;
    }
    return h;
  }

  function statsGrid(cells, ctx) {
    // The indicator rows in the table's order; a heading only above rows the report has.
    let h = "", pending = "";
    for (const [metric, label] of LAY.stats) {
      const k = metric && cellKey("stats", metric);
      if (!metric) { pending = `<tr class="agg"><th>${esc(label)}</th><td></td></tr>`; continue; }
      if (!cells.has(k) || ctx.used.has(k)) continue;
      h += pending + `<tr><th title="${esc(metric)}">${esc(label)}</th>${cellTag("td", k, cells.get(k), ctx)}</tr>`;
      pending = "";
    }
    return h ? `<table class="grid stats"><tbody>${h}</tbody></table>` : "";
  }

  function cellList(cells, ctx) {
    // Cells of a table the page has no layout for: metric and value.
    return `<table class="grid stats"><tbody>` + [...cells].map(([k, c]) =>
      `<tr><th title="${esc(c[1])}">${esc(metricName(c[1]) || c[1])}${c[2] ? " · " + esc(LAB.columns[c[2]] || c[2]) : ""}</th>${cellTag("td", k, c, ctx)}</tr>`).join("") +
      `</tbody></table>`;
  }

  // ------------------------------------------------------------------ routing
  function markReady() {
    // Milliseconds from navigation to the first drawn view, for tests and benchmarks.
    if (!root.dataset.readyMs) root.dataset.readyMs = performance.now().toFixed(0);
  }

  function render() {
    const { r, f } = route();
    if (r !== null) drawReport(r, f);
    else if (IDX.reports.length === 1) drawReport(0, null);
    else { document.getElementById("crumb").textContent = ""; drawSummary(); }
  }

  document.addEventListener("keydown", (e) => {
    // j/k: next/previous finding; n/p: next/previous report; u: back to the summary.
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea")) return;
    if (e.key === "u") location.hash = "";
    if (!view.querySelector(".report")) return;
    if (e.key === "n" || e.key === "p") document.getElementById(e.key === "n" ? "next" : "prev")?.click();
    if (e.key === "j" || e.key === "k") {
      const items = [...view.querySelectorAll(".finding")];
      const at = items.findIndex((li) => li.classList.contains("sel"));
      const to = e.key === "j" ? Math.min(items.length - 1, at + 1) : Math.max(0, at - 1);
      items[to]?.click();
    }
  });

  window.addEventListener("hashchange", render);
  drawFilters();
  render();
})();

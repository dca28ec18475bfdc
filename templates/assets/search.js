// The search page. It reads the index under search/ (package search):
// meta.json first, then for each word of the query the shard of words it
// can begin, then the text of the contacts it shows; facets.json for the
// filters' counts. Words are found by prefix, with case and accents folded,
// ranked by how much and where each contact uses them. The state lives in
// the URL, so a search can be shared and survives a reload.
(() => {
  "use strict";
  const form = document.getElementById("search");
  if (!form || !window.fetch) return;
  const $ = (id) => document.getElementById(id);
  const status = $("search-status"), list = $("results"), more = $("search-more"),
    none = $("search-none"), chart = $("search-chart"), facetsBox = $("facets");
  const lang = document.documentElement.lang, data = form.dataset;
  const statusForms = JSON.parse(data.status || "{}");
  const plural = new Intl.PluralRules(lang);
  const countText = (n) => (statusForms[plural.select(n)] || statusForms.other || "{count}")
    .replace("{count}", n.toLocaleString(lang));
  const PAGE = 20, SHOWN_TERMS = 8;

  // fold, words, queryWords, keyOf and shardOf are package search's Fold,
  // Words, Query, key and shard.
  const fold = (s) => s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
  const RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+|[[\p{L}\p{N}]--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]]+/gv;
  const pairs = (run) => { const cs = Array.from(run), out = []; for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]); return [out, cs]; };
  const words = (folded) => [...folded.matchAll(RUN)].flatMap(([run]) => {
    if (!CJK.test(run)) return [run];
    const [out, cs] = pairs(run);
    return [...out, cs[cs.length - 1]];
  });
  const queryWords = (q) => [...fold(q).matchAll(RUN)].flatMap(([run]) => {
    if (!CJK.test(run)) return [run];
    const [out] = pairs(run);
    return out.length ? out : [run];
  });
  const keyOf = (w) => { const cs = Array.from(w); return CJK.test(cs[0]) || cs.length === 1 ? cs[0] : cs[0] + cs[1]; };
  const utf8 = new TextEncoder();
  const shardOf = (key, n) => {
    let h = 0x811c9dc5;
    for (const b of utf8.encode(key)) h = Math.imul(h ^ b, 16777619) >>> 0;
    return h % n;
  };
  window.timelineSearch = { fold, words, queryWords, shardOf: (w, n) => shardOf(keyOf(w), n) }; // for the tests that compare them with Go's

  // numbers reads a string of base-64 digits; decode reads a list of
  // event numbers from it, each with a weight when weighted.
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const digit = new Int8Array(128).fill(-1);
  [...DIGITS].forEach((c, i) => { digit[c.charCodeAt(0)] = i; });
  function numbers(s) {
    const out = [];
    for (let i = 0; i < s.length;) {
      let n = 0, scale = 1, d;
      do { d = digit[s.charCodeAt(i++)]; n += (d & 31) * scale; scale *= 32; } while (d >= 32);
      out.push(n);
    }
    return out;
  }
  function decode(s, weighted) {
    const ids = [], weights = [];
    let prev = -1;
    for (let n of numbers(s)) {
      if (weighted) { weights.push(n % 16 + 1); n = Math.floor(n / 16); }
      prev += n + 1;
      ids.push(prev);
    }
    return { ids, weights };
  }

  const files = new Map();
  const get = (path, text) => {
    if (!files.has(path)) {
      files.set(path, fetch(data.index + path).then((r) => {
        if (!r.ok) throw new Error(data.index + path + ": " + r.status);
        return text ? r.text() : r.json();
      }));
    }
    return files.get(path);
  };

  let meta, month, facets, groups;
  // state is the search as the URL keeps it; sel maps a filter's
  // parameter to the chosen values (term slugs or type ids).
  const state = { q: "", sel: {}, from: "", to: "", sort: "" };

  get("meta.json").then(start).catch((e) => console.error(e));

  function start(m) {
    meta = m;
    month = new Int32Array(meta.events);
    let at = 0;
    for (const [mo, n] of meta.months) month.fill(mo, at, at += n);
    groups = [{ param: "type", name: data.type, x: -1, terms: meta.types.map((t) => ({ id: t.id, name: t.label })) },
      ...meta.taxonomies.map((x, i) => ({ param: x.param, name: x.name, x: i, terms: x.terms }))];
    for (const g of groups) g.number = new Map(g.terms.map((t, i) => [t.id, i]));
    const params = new URLSearchParams(location.search);
    state.q = params.get("q") || form.elements.q.value;
    for (const f of ["from", "to", "sort"]) state[f] = params.get(f) || "";
    for (const g of groups) state.sel[g.param] = new Set(params.getAll(g.param).filter((v) => g.number.has(v)));
    form.elements.q.value = state.q;
    for (const f of ["from", "to", "sort"]) form.elements[f].value = state[f];
    $("search-nojs").hidden = true;
    facetsBox.hidden = false;
    let timer;
    form.elements.q.addEventListener("input", () => {
      state.q = form.elements.q.value;
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    for (const f of ["from", "to", "sort"]) {
      form.elements[f].addEventListener("change", () => { state[f] = validMonth(f) ? form.elements[f].value.trim() : ""; run(); });
    }
    form.addEventListener("submit", (ev) => { ev.preventDefault(); state.q = form.elements.q.value; run(); });
    form.addEventListener("reset", (ev) => {
      ev.preventDefault();
      clearAll();
    });
    more.addEventListener("click", () => show(lastResult));
    // The filters' counts need facets.json, which the first results do
    // not: it is read once they are shown, unless the address has filters.
    run().then(loadFacets).catch((e) => console.error(e));
  }

  // loadFacets reads facets.json, once, and makes the filters' check boxes.
  let facetsRead;
  const loadFacets = () => facetsRead = facetsRead || get("facets.json").then((f) => {
    facets = {
      types: numbers(f.types),
      terms: f.terms.map((ts) => ts.map((s) => decode(s).ids)),
    };
    buildFacets();
    counts(lastResult);
  });

  const validMonth = (f) => f === "sort" || /^\s*(\d{4}(-(0[1-9]|1[0-2]))?)?\s*$/.test(form.elements[f].value);

  function clearAll() {
    state.q = ""; state.from = state.to = state.sort = "";
    for (const g of groups) state.sel[g.param].clear();
    form.elements.q.value = "";
    for (const f of ["from", "to", "sort"]) form.elements[f].value = "";
    syncBoxes();
    run();
  }

  // bound turns a from or to field into a month number: 2019 is 201900 as
  // a start and 201912 as an end.
  function bound(v, end) {
    const m = /^(\d{4})(?:-(\d{2}))?$/.exec(v);
    if (!m) return end ? Infinity : -Infinity;
    return +m[1] * 100 + (m[2] ? +m[2] : end ? 12 : 0);
  }

  // conditions lists what the search asks for, each as a test of an event
  // number and a label for the "without it" choices.
  function conditions() {
    const out = [];
    const from = bound(state.from, false), to = bound(state.to, true);
    if (state.from) out.push({ key: "from", label: data.from + " " + state.from, test: (id) => month[id] >= from });
    if (state.to) out.push({ key: "to", label: data.to + " " + state.to, test: (id) => month[id] <= to });
    for (const g of groups) {
      const chosen = [...state.sel[g.param]].map((v) => g.number.get(v));
      if (!chosen.length) continue;
      if (g.x < 0) {
        const any = new Set(chosen);
        out.push({ key: g.param, label: chosen.map((n) => g.terms[n].name).join(" / "), test: (id) => any.has(facets.types[id]), facets: true });
        continue;
      }
      for (const n of chosen) { // contacts with all of them
        const has = new Uint8Array(meta.events);
        out.push({ key: g.param + "=" + g.terms[n].id, label: g.terms[n].name, facets: true, test: (id) => has[id] === 1,
          prepare: () => { for (const id of facets.terms[g.x][n]) has[id] = 1; } });
      }
    }
    return out;
  }

  // score gives each event that has every word of the query its score:
  // for each word, the best of the words it begins (a whole word counts
  // more than a longer one), weighted as in BM25.
  async function score(qs) {
    const total = meta.events;
    let result = null;
    for (const w of qs) {
      const shard = await get("w/" + shardOf(keyOf(w), meta.shards) + ".json");
      const found = new Map();
      const matches = Object.keys(shard).filter((k) => k.startsWith(w));
      const lists = await Promise.all(matches.map((k) => typeof shard[k] === "number"
        ? get("w/" + shardOf(keyOf(w), meta.shards) + "-" + shard[k] + ".txt", true) : shard[k]));
      matches.forEach((k, i) => {
        const { ids, weights } = decode(lists[i], true);
        const idf = Math.log(1 + (total - ids.length + 0.5) / (ids.length + 0.5));
        const exact = k === w ? 1 : 0.6;
        ids.forEach((id, j) => {
          const s = exact * idf * weights[j] * 2.2 / (weights[j] + 1.2);
          if (!(found.get(id) >= s)) found.set(id, s);
        });
      });
      if (result === null) result = found;
      else {
        for (const [id, s] of result) {
          if (found.has(id)) result.set(id, s + found.get(id));
          else result.delete(id);
        }
      }
      if (!result.size) break;
    }
    return result;
  }

  let seq = 0, lastResult = null;

  async function run() {
    const my = ++seq;
    writeURL();
    const qs = queryWords(state.q);
    const conds = conditions();
    const [scores] = await Promise.all([qs.length ? score(qs) : null,
      conds.some((c) => c.facets) ? loadFacets() : null]);
    if (my !== seq) return;
    conds.forEach((c) => c.prepare && c.prepare());
    let ids = scores ? [...scores.keys()] : [...month.keys()];
    ids = ids.filter((id) => conds.every((c) => c.test(id)));
    const sort = state.sort || (scores ? "" : "newest");
    if (sort === "newest") ids.sort((a, b) => a - b);
    else if (sort === "oldest") ids.sort((a, b) => b - a);
    else ids.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    lastResult = { my, ids, qs, scores, conds, shown: 0 };
    list.replaceChildren();
    list.dataset.count = ids.length;
    status.value = qs.length || conds.length ? countText(ids.length) : "";
    loosen(lastResult);
    drawChart(ids);
    counts(lastResult);
    await show(lastResult);
  }

  // show adds the next page of results, each as soon as its text is here.
  async function show(r) {
    const from = r.shown, to = Math.min(r.shown + PAGE, r.ids.length);
    r.shown = to;
    more.hidden = true;
    const chunks = r.ids.slice(from, to).map((id) => get("t/" + Math.floor(id / meta.chunk) + ".json"));
    for (let i = from; i < to; i++) {
      const rows = await chunks[i - from];
      if (r.my !== seq) return;
      list.append(result(rows[r.ids[i] % meta.chunk], r.qs));
    }
    more.hidden = r.shown >= r.ids.length;
  }

  function el(name, attrs, ...children) {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    e.append(...children);
    return e;
  }

  function result([url, date, type, title, text, terms], qs) {
    const link = el("a", { href: data.root + url }, ...marked(title, qs, 0, title.length));
    const article = el("article", { class: "event" },
      el("p", { class: "meta" }, date, " · ", el("span", { class: "type" }, meta.types[type].label)),
      el("h3", {}, link),
      el("p", { class: "excerpt" }, ...excerpt(text, qs)));
    if (qs.length && !article.querySelector("mark")) {
      const names = namesFound(terms, qs);
      if (names.length) article.append(el("p", { class: "names" }, ...names.flatMap((n, i) => i ? [" · ", n] : [n])));
    }
    return el("li", { class: "result" }, article);
  }

  // namesFound gives the names of an event's terms that have the words of
  // the query: it was found by a name in another script, or an alias.
  function namesFound(terms, qs) {
    const out = [];
    terms.forEach((ns, x) => ns.forEach((n) => {
      const t = meta.taxonomies[x].terms[n];
      for (const [name, lang] of [[t.name, ""], [t.native, t.lang], ...(t.aliases || []).map((a) => [a, ""])]) {
        if (!name || !found(name, qs).length) continue;
        out.push(el("span", lang ? { lang } : {}, ...marked(name, qs, 0, name.length)));
        break;
      }
    }));
    return out.slice(0, 3);
  }

  // found gives where the words of the query occur in text, as
  // [start, end) ranges of text: each from where a word begins to the end
  // of the word it is the start of; a pair of Chinese characters where it is.
  function found(text, qs) {
    let f, at = null;
    if (/^[\x00-\x7f]*$/.test(text)) f = text.toLowerCase();
    else { // fold each character, keeping where each folded one came from
      f = "";
      at = [];
      let i = 0;
      for (const ch of text) {
        const g = fold(ch);
        for (let k = 0; k < g.length; k++) at.push(i);
        f += g;
        i += ch.length;
      }
      at.push(text.length);
    }
    const back = (i) => at ? at[i] : i;
    const ranges = [];
    for (const w of qs) {
      const pair = CJK.test(w);
      for (let i = f.indexOf(w); i >= 0; i = f.indexOf(w, i + 1)) {
        if (!pair && i > 0 && /[\p{L}\p{N}]/u.test(f[i - 1]) && !CJK.test(f[i - 1])) continue;
        let end = i + w.length;
        if (!pair) while (end < f.length && /[\p{L}\p{N}]/u.test(f[end]) && !CJK.test(f[end])) end++;
        ranges.push([back(i), back(end)]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return merged;
  }

  // marked is text[from:to] with the words of the query in mark elements.
  function marked(text, qs, from, to, ranges = found(text, qs)) {
    const out = [];
    let at = from;
    for (const [s, e] of ranges) {
      if (e <= from || s >= to) continue;
      if (s > at) out.push(text.slice(at, s));
      out.push(el("mark", {}, text.slice(Math.max(s, at), Math.min(e, to))));
      at = Math.min(e, to);
    }
    if (at < to) out.push(text.slice(at, to));
    return out;
  }

  // excerpt is about 200 characters of text around the first match.
  function excerpt(text, qs) {
    const ranges = found(text, qs);
    let from = 0;
    if (ranges.length && ranges[0][0] > 60) {
      from = text.lastIndexOf(" ", ranges[0][0] - 50) + 1;
      if (ranges[0][0] - from > 80) from = ranges[0][0] - 50;
    }
    let to = Math.min(text.length, from + 220);
    if (to < text.length) { const sp = text.lastIndexOf(" ", to); if (sp > from + 120) to = sp; }
    return [from > 0 ? "… " : "", ...marked(text, qs, from, to, ranges), to < text.length ? " …" : ""];
  }

  function writeURL() {
    const p = new URLSearchParams();
    if (state.q.trim()) p.set("q", state.q.trim());
    for (const g of groups) for (const v of state.sel[g.param]) p.append(g.param, v);
    for (const f of ["from", "to", "sort"]) if (state[f]) p.set(f, state[f]);
    const query = p.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // buildFacets makes a list of check boxes for the types and for each
  // taxonomy, the choices with the most contacts first.
  function buildFacets() {
    const range = facetsBox.querySelector(".range");
    for (const g of groups) {
      const total = (n) => g.x < 0 ? facets.types.filter((t) => t === n).length : facets.terms[g.x][n].length;
      const order = g.terms.map((t, n) => n).filter((n) => total(n) > 0).sort((a, b) => total(b) - total(a));
      const item = (n) => {
        const box = el("input", { type: "checkbox", name: g.param, value: g.terms[n].id });
        box.checked = state.sel[g.param].has(g.terms[n].id);
        box.addEventListener("change", () => {
          state.sel[g.param][box.checked ? "add" : "delete"](g.terms[n].id);
          run();
        });
        const count = el("span", { class: "count" });
        g.items[n] = { box, count, li: null };
        return g.items[n].li = el("li", {}, el("label", {}, box, " " + g.terms[n].name + " ", count));
      };
      g.items = [];
      const fs = el("fieldset", { class: "facet" }, el("legend", {}, g.name),
        el("ul", {}, ...order.slice(0, SHOWN_TERMS).map(item)));
      if (order.length > SHOWN_TERMS) {
        fs.append(el("details", {}, el("summary", {}, data.all + " (" + order.length.toLocaleString(lang) + ")"),
          el("ul", {}, ...order.slice(SHOWN_TERMS).map(item))));
      }
      facetsBox.insertBefore(fs, range);
    }
  }

  function syncBoxes() {
    for (const g of groups) for (const it of g.items || []) if (it) it.box.checked = state.sel[g.param].has(it.box.value);
  }

  // counts puts beside each choice how many of the contacts found would
  // remain with it: for a term, those of the results that have it; for a
  // type, those the other conditions find that are of it.
  function counts(r) {
    if (!facets || !r || !groups[0].items) return;
    const inResult = new Uint8Array(meta.events);
    for (const id of r.ids) inResult[id] = 1;
    let others = r.ids;
    const typeCond = r.conds.find((c) => c.key === "type");
    if (typeCond) {
      const rest = r.conds.filter((c) => c !== typeCond);
      others = (r.scores ? [...r.scores.keys()] : [...month.keys()]).filter((id) => rest.every((c) => c.test(id)));
    }
    for (const g of groups) {
      const n = new Map();
      if (g.x < 0) for (const id of others) n.set(facets.types[id], (n.get(facets.types[id]) || 0) + 1);
      else g.items.forEach((it, t) => { if (it) n.set(t, facets.terms[g.x][t].reduce((k, id) => k + inResult[id], 0)); });
      g.items.forEach((it, t) => {
        if (!it) return;
        const k = n.get(t) || 0;
        it.count.textContent = "(" + k.toLocaleString(lang) + ")";
        it.li.hidden = k === 0 && !it.box.checked;
      });
    }
  }

  // loosen offers, when nothing matches, to drop one condition, with how
  // many contacts each choice would give.
  function loosen(r) {
    none.replaceChildren();
    none.hidden = r.ids.length > 0 || (!r.qs.length && !r.conds.length);
    if (none.hidden) return;
    const choices = [];
    const all = r.scores ? [...r.scores.keys()] : [...month.keys()];
    for (const c of r.conds) {
      const k = all.filter((id) => r.conds.every((d) => d === c || d.test(id))).length;
      if (k) choices.push([c.label, k, () => dropCondition(c.key)]);
    }
    if (r.qs.length && r.conds.length) {
      const k = [...month.keys()].filter((id) => r.conds.every((c) => c.test(id))).length;
      if (k) choices.push(["“" + state.q.trim() + "”", k, () => { state.q = form.elements.q.value = ""; run(); }]);
    }
    none.append(el("p", {}, data.none));
    if (!choices.length) return;
    const ul = el("ul", { class: "loosen" });
    for (const [label, k, drop] of choices) {
      const b = el("button", { type: "button" }, label + " — " + countText(k));
      b.addEventListener("click", drop);
      ul.append(el("li", {}, b));
    }
    none.append(el("p", {}, data.loosen), ul);
  }

  function dropCondition(key) {
    if (key === "from" || key === "to") { state[key] = form.elements[key].value = ""; }
    else if (key === "type") state.sel.type.clear();
    else { const [param, v] = key.split("="); state.sel[param].delete(v); }
    syncBoxes();
    run();
  }

  // drawChart shows how many contacts found fall in each year, on the
  // site's whole span of years; a bar narrows the search to its year.
  function drawChart(ids) {
    chart.hidden = ids.length === 0;
    const years = meta.months.map(([m]) => Math.floor(m / 100));
    const first = Math.min(...years), last = Math.max(...years);
    const per = new Map();
    for (const id of ids) { const y = Math.floor(month[id] / 100); per.set(y, (per.get(y) || 0) + 1); }
    const most = Math.max(1, ...per.values());
    const bars = el("ol", { class: "bars" });
    for (let y = first; y <= last; y++) {
      const k = per.get(y) || 0;
      const li = el("li", {});
      if (k) {
        const a = el("a", { href: "?" + new URLSearchParams({ from: y, to: y }), "aria-label": y + ": " + countText(k), title: y + ": " + k },
          el("span", { class: "bar", style: "height:" + Math.max(4, Math.round(k * 100 / most)) + "%" }));
        a.addEventListener("click", (ev) => {
          ev.preventDefault();
          state.from = state.to = form.elements.from.value = form.elements.to.value = String(y);
          run();
        });
        li.append(a);
      }
      if (y % 5 === 0 || last - first < 12) li.append(el("span", { class: "tick", "aria-hidden": "true" }, String(y)));
      bars.append(li);
    }
    const old = chart.querySelector("ol.bars");
    if (old) old.replaceWith(bars); else chart.insertBefore(bars, chart.firstChild);
  }
})();

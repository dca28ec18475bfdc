// The zoomable timeline (partials/overview.html). Over the overview drawn
// at build time it lays one lane per type of contact on a time axis that
// zooms from decades to days: by its buttons, the wheel, a pinch, or + and
// − with the timeline focused; ← and →, Home, End and dragging move it.
// Where contacts stand too close together to show one by one, a number
// counts them and splits as the range narrows; a contact on its own is a
// mark that links to its page. It reads zoom/meta.json (each lane's
// contacts per month) and, once the range holds few enough contacts to
// show, only the files of zoom/ that cover it (package output, zoom.go).
// The range lives in the address (?from=2014-01&to=2015-06), so a reload
// or a shared link shows it again.
(() => {
  "use strict";
  const fig = document.getElementById("overview");
  if (!fig || !window.fetch) return;
  const data = fig.dataset, lang = document.documentElement.lang;
  const DAY = 864e5, MIN_SPAN = 7, SHOWN = 500, GAP = 16, CLUSTER = 48, BUCKET = 34, TICK = 80, MARK = 12;
  const plural = new Intl.PluralRules(lang), forms = JSON.parse(data.contacts || "{}");
  const contacts = (n) => (forms[plural.select(n)] || forms.other || "{n}").replace("{n}", n.toLocaleString(lang));
  const fill = (t, args) => t.replace(/\{(\w+)\}/g, (m, k) => (k in args ? args[k] : m));
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

  // el makes an element: attributes from attrs, then its children.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, v);
    e.append(...kids);
    return e;
  }

  // Days are counted from 1970-01-01, as in zoom/; a month is year·12 + month − 1.
  const dayOf = (y, m, d) => new Date(0).setUTCFullYear(y, m - 1, d) / DAY;
  const dateOf = (day) => new Date(day * DAY);
  const monthOf = (day) => { const d = dateOf(day); return d.getUTCFullYear() * 12 + d.getUTCMonth(); };
  const monthStart = (m) => dayOf(Math.floor(m / 12), (m % 12) + 1, 1);
  const fmt = (opts) => new Intl.DateTimeFormat(lang, { timeZone: "UTC", ...opts });
  const pad = (n, w) => String(n).padStart(w, "0");

  // written gives a range's first day (or, with end, the day after its
  // last) as the address writes it: YYYY where it starts (ends) a year,
  // YYYY-MM where it starts (ends) a month, or else YYYY-MM-DD.
  function written(day, end) {
    const d = dateOf(end ? day - 1 : day), edge = dateOf(day);
    const y = pad(d.getUTCFullYear(), 4), m = pad(d.getUTCMonth() + 1, 2);
    if (edge.getUTCDate() !== 1) return y + "-" + m + "-" + pad(d.getUTCDate(), 2);
    return edge.getUTCMonth() === 0 ? y : y + "-" + m;
  }
  // readDay reads YYYY, YYYY-MM or YYYY-MM-DD: its first day, or for an
  // end the day after its last.
  function readDay(s, end) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s || "");
    if (!m) return NaN;
    const y = +m[1], mo = m[2] ? +m[2] : 1, d = m[3] ? +m[3] : 1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
    const day = dayOf(y, mo, d);
    if (!end) return day;
    return m[3] ? day + 1 : m[2] ? dayOf(y, mo + 1, 1) : dayOf(y + 1, 1, 1);
  }

  let meta, full, view, width = 0, pending = 0, statusTimer = 0;
  const prefix = [], files = new Map(); // per lane, counts summed up to each month; loaded files

  const get = (name) => fetch(data.zoom + name).then((r) => {
    if (!r.ok) throw new Error(data.zoom + name + ": " + r.status);
    return r.json();
  });
  get("meta.json").then(start).catch((e) => console.error(e)); // the overview made at build time stays

  // The page's parts, made once.
  const status = el("output", { class: "zoom-status", id: "zoom-status", "aria-live": "polite" });
  const bar = el("div", { class: "zoom-bar", role: "group", "aria-label": data.toolbar });
  const area = el("div", { class: "zoom-view", id: "zoom-view", tabindex: "0", role: "group", "aria-label": data.label, "aria-describedby": "zoom-status zoom-help" });
  const ticks = el("div", { class: "zoom-ticks" });
  const tracks = [];

  function start(m) {
    meta = m;
    if (!meta.files.length) return;
    meta.counts.forEach((runs) => {
      const sums = [0];
      for (const c of runs) {
        if (c > 0) sums.push(sums[sums.length - 1] + c);
        else for (let i = 0; i < -c; i++) sums.push(sums[sums.length - 1]);
      }
      prefix.push(sums);
    });
    const first = meta.files[0][0], last = Math.max(...meta.files.map((f) => f[1])) - 1;
    full = { a: dayOf(dateOf(first).getUTCFullYear(), 1, 1), b: dayOf(dateOf(last).getUTCFullYear() + 1, 1, 1) };
    const q = new URLSearchParams(location.search);
    const a = readDay(q.get("from")), b = readDay(q.get("to"), true);
    view = { ...full };
    if (a < b) set(a, b - a, true);

    for (const [act, word] of [["in", data.in], ["out", data.out], ["earlier", data.earlier], ["later", data.later], ["all", data.all]]) {
      bar.append(el("button", { type: "button", "data-act": act }, word));
    }
    bar.append(status);
    meta.lanes.forEach((l, i) => {
      const track = el("ul", { class: "zoom-track " + l.class, "aria-labelledby": "zoom-lane-" + i });
      tracks.push(track);
      area.append(el("div", { class: "zoom-lane" }, el("span", { class: "zoom-name", id: "zoom-lane-" + i }, l.label), track));
    });
    area.append(el("div", { class: "zoom-axis", "aria-hidden": "true" }, el("span"), ticks));
    fig.prepend(bar, area, el("p", { class: "zoom-help", id: "zoom-help" }, data.help));
    fig.classList.add("zooming");

    bar.addEventListener("click", (ev) => {
      const act = ev.target.closest("button")?.dataset.act, span = view.b - view.a;
      if (act === "in") zoom(0.5);
      else if (act === "out") zoom(2);
      else if (act === "earlier") set(view.a - Math.round(span / 4), span);
      else if (act === "later") set(view.a + Math.round(span / 4), span);
      else if (act === "all") set(full.a, full.b - full.a);
    });
    area.addEventListener("keydown", key);
    area.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-a]");
      if (b) zoomTo(+b.dataset.a, +b.dataset.b, true);
    });
    area.addEventListener("wheel", wheel, { passive: false });
    pointers();
    if (window.ResizeObserver) new ResizeObserver(() => update()).observe(area);
    else addEventListener("resize", () => update());
    const list = needed();
    if (count(view.a, view.b) <= SHOWN) {
      load(list); // drawn once they are read, rather than counted first
      Promise.all(list.map((i) => files.get(i))).then(render);
    } else render();
  }

  // set shows span days from day a, kept within the whole timeline.
  function set(a, span, quiet) {
    span = clamp(Math.round(span), MIN_SPAN, full.b - full.a);
    a = clamp(Math.round(a), full.a, full.b - span);
    if (a === view.a && a + span === view.b) return;
    view = { a, b: a + span };
    if (!quiet) update();
  }
  // zoom scales the range by f, keeping the day at the fraction at of its
  // width where it is.
  function zoom(f, at = 0.5) {
    const span = view.b - view.a, s = clamp(Math.round(span * f), MIN_SPAN, full.b - full.a);
    set(view.a + span * at - s * at, s);
  }
  // zoomTo shows days a to b with a margin, at least the narrowest range.
  function zoomTo(a, b, focus) {
    const s = Math.max(MIN_SPAN, (b - a) * 1.4);
    set((a + b) / 2 - s / 2, s);
    if (focus) area.focus();
  }

  function key(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const span = view.b - view.a, step = Math.max(1, Math.round(span / 8));
    switch (ev.key) {
      case "+": case "=": zoom(0.5); break;
      case "-": case "_": case "\u2212": zoom(2); break;
      case "ArrowLeft": set(view.a - step, span); break;
      case "ArrowRight": set(view.a + step, span); break;
      case "Home": set(full.a, span); break;
      case "End": set(full.b - span, span); break;
      case "0": set(full.a, full.b - full.a); break;
      default: return;
    }
    ev.preventDefault();
  }

  // at is where a point of the page falls across the lanes, from 0 to 1.
  function at(clientX) {
    const r = tracks[0].getBoundingClientRect();
    return clamp((clientX - r.left) / (r.width || 1), 0, 1);
  }

  function wheel(ev) {
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    const dx = ev.deltaX * unit, dy = ev.deltaY * unit;
    ev.preventDefault();
    if (Math.abs(dx) > Math.abs(dy)) set(view.a + dx * (view.b - view.a) / (width || 1), view.b - view.a);
    else zoom(Math.exp(dy * 0.002), at(ev.clientX));
  }

  // pointers lets one finger or the mouse drag the range and two fingers
  // pinch it; a drag does not follow the link it started on.
  function pointers() {
    const down = new Map();
    let from = null, dragged = false;
    const begin = () => {
      const ps = [...down.values()];
      from = { view: { ...view }, ps: ps.map((p) => ({ ...p })) };
    };
    area.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0) return;
      down.set(ev.pointerId, { x: ev.clientX });
      dragged = false;
      begin();
    });
    area.addEventListener("pointermove", (ev) => {
      const p = down.get(ev.pointerId);
      if (!p || !from) return;
      p.x = ev.clientX;
      const ps = [...down.values()], span0 = from.view.b - from.view.a;
      if (ps.length === 1) {
        const dx = p.x - from.ps[0].x;
        if (!dragged && Math.abs(dx) < 5) return;
        if (!dragged) area.setPointerCapture(ev.pointerId);
        dragged = true;
        set(from.view.a - dx * span0 / (width || 1), span0);
      } else if (ps.length === 2 && from.ps.length === 2) {
        dragged = true;
        const d0 = Math.abs(from.ps[0].x - from.ps[1].x) || 1, d1 = Math.abs(ps[0].x - ps[1].x) || 1;
        const f0 = at((from.ps[0].x + from.ps[1].x) / 2), f1 = at((ps[0].x + ps[1].x) / 2);
        const s = clamp(span0 * d0 / d1, MIN_SPAN, full.b - full.a);
        set(from.view.a + span0 * f0 - s * f1, s);
      }
    });
    const up = (ev) => {
      down.delete(ev.pointerId);
      begin();
      setTimeout(() => { dragged = false; }); // after the click that ends a drag
    };
    area.addEventListener("pointerup", up);
    area.addEventListener("pointercancel", up);
    area.addEventListener("click", (ev) => {
      if (dragged) ev.preventDefault(), ev.stopImmediatePropagation();
    }, true);
  }

  const update = () => { pending ||= requestAnimationFrame(() => { pending = 0; render(); }); };

  // count is how many contacts have their middle in the months of days a to b.
  function count(a, b, lane) {
    const m0 = monthOf(a) - meta.first, m1 = monthOf(b - 1) - meta.first + 1;
    let n = 0;
    prefix.forEach((sums, i) => {
      if (lane === undefined || lane === i) n += sums[clamp(m1, 0, sums.length - 1)] - sums[clamp(m0, 0, sums.length - 1)];
    });
    return n;
  }

  // needed are the numbers of the files that cover the range; load reads
  // those not yet read, and draws again once they are there.
  const needed = () => meta.files.flatMap((f, i) => (f[0] < view.b && f[1] > view.a ? [i] : []));
  function load(list) {
    for (const i of list) {
      if (files.has(i)) continue;
      files.set(i, get(i + ".json").then((rows) => {
        files.set(i, rows.map(([a, n, lane, slug, title, date, tlang]) => ({ a, n, c: a + n / 2, lane, slug, title, date, tlang })));
        update();
      }).catch((e) => console.error(e)));
    }
  }

  let drawn = "";
  function render() {
    width = tracks[0].clientWidth;
    const span = view.b - view.a, px = width / span, x = (day) => (day - view.a) * px;
    const list = needed(), shown = count(view.a, view.b) <= SHOWN;
    if (shown) load(list);
    const ready = shown && list.every((i) => Array.isArray(files.get(i)));
    const key = [view.a, view.b, width, ready].join();
    if (key === drawn) return;
    drawn = key;
    // Focus on a mark or a count stays on it if it is drawn again, or
    // else goes to the timeline.
    const focused = area.contains(document.activeElement) && document.activeElement !== area ? document.activeElement : null;
    const again = focused && (focused.getAttribute("href") || focused.dataset.a + "," + focused.dataset.b);
    let total;
    if (ready) {
      const lanes = tracks.map(() => []);
      for (const i of list) for (const e of files.get(i)) if (e.c >= view.a && e.c < view.b) lanes[e.lane].push(e);
      total = lanes.reduce((n, l) => n + l.length, 0);
      lanes.forEach((events, i) => tracks[i].replaceChildren(...marks(events.sort((p, q) => p.c - q.c), px, x)));
    } else {
      total = count(view.a, view.b);
      tracks.forEach((t, i) => t.replaceChildren(...buckets(i, px, x)));
    }
    axis(px, x);
    area.dataset.from = written(view.a);
    area.dataset.to = written(view.b, true);
    const q = new URLSearchParams(location.search);
    if (view.a === full.a && view.b === full.b) q.delete("from"), q.delete("to");
    else q.set("from", area.dataset.from), q.set("to", area.dataset.to);
    const query = q.toString();
    history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { status.textContent = fill(data.range, { range: range(view.a, view.b), contacts: contacts(total) }); }, 200);
    if (focused && !area.contains(focused)) {
      const same = [...area.querySelectorAll("a, button")].find((e) => (e.getAttribute("href") || e.dataset.a + "," + e.dataset.b) === again);
      (same || area).focus();
    }
  }

  // range writes days a to b as briefly as their length allows.
  function range(a, b) {
    const s = b - a, opts = s > 3 * 366 ? { year: "numeric" } : s > 62 ? { year: "numeric", month: "long" } : { year: "numeric", month: "long", day: "numeric" };
    const f = fmt(opts);
    return f.formatRange ? f.formatRange(dateOf(a), dateOf(b - 1)) : f.format(dateOf(a)) + " – " + f.format(dateOf(b - 1));
  }

  // A count of contacts: a button that zooms in on them.
  function cluster(n, a, b, left) {
    return el("li", { style: "left:" + left.toFixed(1) + "px" }, el("button", {
      type: "button", class: "zoom-count", "data-a": a, "data-b": b,
      "aria-label": fill(data.cluster, { contacts: contacts(n), range: range(a, b) }),
    }, n.toLocaleString(lang)));
  }

  // buckets counts a lane's contacts by month, quarter, year or more,
  // whichever leaves room for the number.
  function buckets(lane, px, x) {
    const unit = [1, 3, 12, 60, 120, 600, 1200, 6000].find((u) => u * 30.44 * px >= BUCKET) || 12000;
    const out = [];
    for (let m = Math.floor(monthOf(view.a) / unit) * unit; monthStart(m) < view.b; m += unit) {
      const a = Math.max(view.a, monthStart(m)), b = Math.min(view.b, monthStart(m + unit)), n = count(a, b, lane);
      if (n > 0) out.push(cluster(n, a, b, x((a + b) / 2)));
    }
    return out;
  }

  // marks draws a lane's contacts, oldest first: each on its own a link to
  // its page, those too close together a count; contacts that no zoom
  // would part (of one day) stand side by side.
  function marks(events, px, x) {
    const groups = [];
    for (const e of events) {
      const g = groups[groups.length - 1], ex = x(e.c);
      if (g && ex - g.x1 < GAP && ex - g.x0 < CLUSTER) g.events.push(e), g.x1 = ex;
      else groups.push({ events: [e], x0: ex, x1: ex });
    }
    const most = width / MIN_SPAN; // pixels a day takes at the closest zoom
    return groups.flatMap((g) => {
      const es = g.events, first = es[0], lastC = es[es.length - 1].c;
      if (es.length > 1 && (lastC - first.c) * most >= GAP) {
        const a = Math.min(...es.map((e) => e.a)), b = Math.max(...es.map((e) => e.a + e.n));
        return [cluster(es.length, a, b, (g.x0 + g.x1) / 2)];
      }
      return es.map((e, i) => mark(e, px, x, (i - (es.length - 1) / 2) * (MARK + 2)));
    });
  }

  function mark(e, px, x, shift) {
    let w = e.n * px, left;
    if (w > MARK) left = Math.max(0, x(e.a)), w = Math.min(width, x(e.a) + w) - left;
    else w = MARK, left = x(e.c) - MARK / 2 + shift;
    const tip = el("span", { class: "zoom-tip" }, e.date + ": ", el("span", { lang: e.tlang }, e.title));
    const a = el("a", { class: "zoom-mark" + (w > MARK ? " long" : ""), href: data.root + "events/" + e.slug + "/" }, tip);
    if (left > width / 2) a.classList.add("right");
    return el("li", { style: "left:" + left.toFixed(1) + "px;width:" + w.toFixed(1) + "px" }, a);
  }

  // axis marks the years, months or days, as far apart as their labels need.
  function axis(px, x) {
    const steps = [[1, "d"], [2, "d"], [7, "d"], [1, "m"], [2, "m"], [3, "m"], [6, "m"],
      [1, "y"], [2, "y"], [5, "y"], [10, "y"], [20, "y"], [50, "y"], [100, "y"], [200, "y"], [500, "y"], [1000, "y"]];
    const [n, u] = steps.find(([k, unit]) => k * { d: 1, m: 30.44, y: 365.25 }[unit] * px >= TICK) || [2000, "y"];
    const label = fmt(u === "d" ? { month: "short", day: "numeric" } : u === "m" ? { year: "numeric", month: "short" } : { year: "numeric" });
    const days = [];
    if (u === "d") for (let d = Math.ceil(view.a / n) * n; d < view.b; d += n) days.push(d);
    else {
      const per = u === "m" ? n : n * 12;
      for (let m = Math.ceil(monthOf(view.a) / per) * per; monthStart(m) < view.b; m += per) if (monthStart(m) >= view.a) days.push(monthStart(m));
    }
    ticks.replaceChildren(...days.map((d) => el("span", { style: "left:" + x(d).toFixed(1) + "px" }, label.format(dateOf(d)))));
  }
})();

// Search and filters for the timeline's home page. The full timeline is in
// the page; this script only hides what does not match, so that with
// JavaScript off everything is still there. The state lives in the URL, so
// a filtered view can be shared.
(() => {
  "use strict";
  const form = document.getElementById("filters");
  if (!form || !window.fetch) return;
  const status = document.getElementById("f-status");
  // data-status holds the status line in each plural form of the page's
  // language: {"one": "{shown} of {total} contact", "other": ...}.
  const statusForms = JSON.parse(form.dataset.status || "{}");
  const plural = new Intl.PluralRules(document.documentElement.lang);
  const statusText = (shown, total) =>
    (statusForms[plural.select(total)] || statusForms.other || "{shown}/{total}")
      .replace("{shown}", shown).replace("{total}", total);
  // Each taxonomy's filter is a select with data-taxonomy naming its key.
  const selects = [...form.querySelectorAll("select[data-taxonomy]")];
  const fields = ["q", ...selects.map((s) => s.name), "type", "from", "to"];

  fetch(form.dataset.index)
    .then((r) => r.json())
    .then(start)
    .catch(() => {}); // no index: the page stays as it is, unfiltered

  function start(index) {
    const events = index.events.map(([slug, year, type, terms, text]) => ({
      item: document.getElementById("e-" + slug),
      year, type, text,
      // param -> the ids of the event's terms of that taxonomy
      terms: Object.fromEntries(index.taxonomies.map((x, i) =>
        [x.param, new Set(terms[i].map((n) => x.terms[n].id))])),
    })).filter((e) => e.item);
    const params = new URLSearchParams(location.search);
    for (const name of fields) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    }
    form.hidden = false;
    if (params.has("q")) form.scrollIntoView(); // come from another page's search box
    const apply = () => {
      const want = Object.fromEntries(fields.map((f) => [f, form.elements[f].value.trim()]));
      const words = want.q.toLowerCase().split(/\s+/).filter(Boolean);
      const from = parseInt(want.from, 10), to = parseInt(want.to, 10);
      let shown = 0;
      for (const e of events) {
        const ok = words.every((w) => e.text.includes(w)) &&
          selects.every((s) => !want[s.name] || (e.terms[s.name] && e.terms[s.name].has(want[s.name]))) &&
          (!want.type || e.type === want.type) &&
          (isNaN(from) || e.year >= from) && (isNaN(to) || e.year <= to);
        e.item.hidden = !ok;
        if (ok) shown++;
      }
      for (const section of document.querySelectorAll("section.year")) {
        section.hidden = !section.querySelector("li[id^='e-']:not([hidden])");
        const jump = document.querySelector(`nav.years a[href="#${section.getAttribute("aria-labelledby")}"]`);
        if (jump) jump.parentElement.hidden = section.hidden;
      }
      const filtered = fields.some((f) => want[f]);
      status.value = filtered ? statusText(shown, events.length) : "";
      const query = new URLSearchParams(fields.filter((f) => want[f]).map((f) => [f, want[f]])).toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    };
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", () => setTimeout(apply));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
    apply();
  }
})();

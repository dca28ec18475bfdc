package main

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"timeline/site"
	"timeline/site/search"
)

// searchable is the text a reader can find an event by: its title,
// summary, place, occasion, body, documents, sources' titles and
// publishers, and its terms' names in every script and their aliases.
func searchable(e *site.Event) string {
	text := []string{e.Title, e.Summary, e.Place, e.Occasion, tags.ReplaceAllString(string(e.Body), " ")}
	for _, d := range e.Documents {
		text = append(text, d.Title)
	}
	for _, s := range e.Sources {
		text = append(text, s.Title, s.Publisher)
	}
	for _, l := range e.Terms {
		for _, t := range l.Terms {
			text = append(append(text, t.Name, t.Native), t.Aliases...)
		}
	}
	return html.UnescapeString(strings.Join(text, " "))
}

var tags = regexp.MustCompile(`<[^>]*>`)

// matches reports whether an event's text holds every word of a query at
// the start of one of its words (a pair of Chinese characters anywhere).
func matches(e *site.Event, q string) bool {
	var have []string
	search.Words(search.Fold(searchable(e)), func(w string) { have = append(have, w) })
	for _, w := range search.Query(q) {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
			return false
		}
	}
	return true
}

// slugs gives the slugs of the events that pass keep, sorted.
func slugs(s *site.Site, keep func(*site.Event) bool) []string {
	var out []string
	for _, e := range s.Events {
		if keep(e) {
			out = append(out, e.Slug)
		}
	}
	slices.Sort(out)
	return out
}

// allResults are the slugs of every result the search page shows, once
// it has shown them all (pressing "Show more" while there is more). It
// waits for the page, which a navigation may not have put in place yet.
const allResults = `new Promise((done) => {
	const step = () => {
		const list = document.getElementById("results"), more = document.getElementById("search-more");
		if (!list || !more) return setTimeout(step, 20);
		if (list.dataset.count !== undefined && list.children.length === +list.dataset.count && more.hidden) {
			return done([...list.querySelectorAll("li.result h3 a")].map((a) => a.pathname.replace(/^.*\/events\/|\/$/g, "")));
		}
		if (!more.hidden) more.click();
		setTimeout(step, 20);
	};
	step();
})`

// searchFor opens the search page at address and gives the slugs of all
// its results.
func searchFor(ctx context.Context, t *testing.T, address string) []string {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(address)); err != nil {
		t.Fatal(err)
	}
	return shownResults(ctx, t)
}

func shownResults(ctx context.Context, t *testing.T) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](allResults, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// missing gives those of want that are not in got.
func missing(want, got []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestBrowserFullTextSearch searches the default timeline as a reader
// would: each query finds every contact whose text has its words, whether
// in the title, the body, a source's publisher or a person's name in
// another script, and nothing else; the matches are highlighted.
func TestBrowserFullTextSearch(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	en := edition(t, "")
	putin := func(e *site.Event) bool {
		return slices.ContainsFunc(e.In("people"), func(p *site.Term) bool { return p.Slug == "vladimir-putin" })
	}
	xi := func(e *site.Event) bool {
		return slices.ContainsFunc(e.In("people"), func(p *site.Term) bool { return p.Slug == "xi-jinping" })
	}
	for _, tt := range []struct {
		query string
		must  func(*site.Event) bool // what the reader expects to find, found otherwise than by the search's own words
		what  string
	}{
		{"Great Hall", func(e *site.Event) bool { return strings.Contains(strings.ToLower(searchable(e)), "great hall") }, `contacts whose text has "great hall"`},
		{"TASS", func(e *site.Event) bool {
			return slices.ContainsFunc(e.Sources, func(s site.Source) bool { return s.Publisher == "TASS" })
		}, "contacts citing TASS"},
		{"Pútin", putin, "Putin's contacts"},
		{"Путин", putin, "Putin's contacts"},
		{"习近平", xi, "Xi Jinping's contacts"},
	} {
		want := slugs(en, tt.must)
		if len(want) < 2 || len(want) == len(en.Events) {
			t.Fatalf("%d of %d events are %s; the test needs some but not all", len(want), len(en.Events), tt.what)
		}
		got := searchFor(ctx, t, base+"search/?q="+url.QueryEscape(tt.query))
		if m := missing(want, got); len(m) > 0 {
			t.Errorf("%q: %d of the %d %s are not found: %v", tt.query, len(m), len(want), tt.what, m)
		}
		if extra := missing(got, slugs(en, func(e *site.Event) bool { return matches(e, tt.query) })); len(extra) > 0 {
			t.Errorf("%q finds %d contacts that do not have its words: %v", tt.query, len(extra), extra)
		}
		// The first results show the query's words marked in their title or excerpt.
		unmarked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#results li.result")].slice(0, 20)
			.filter((li) => !li.querySelector("mark")).map((li) => li.textContent)`))
		if err != nil || len(unmarked) > 0 {
			t.Errorf("%q: %d results show no highlighted match (%v): %q", tt.query, len(unmarked), err, unmarked)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserSearchHighlights checks what a result shows: the date, type
// and title, and an excerpt around the first match with each match in a
// mark element, found through case and accents.
func TestBrowserSearchHighlights(t *testing.T) {
	ctx, _ := browserWithLog(t)
	base := servedDefault(t)
	searchFor(ctx, t, base+"search/?q="+url.QueryEscape("GREAT hall"))
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#results li.result .excerpt mark")].map((m) => m.textContent)`))
	if err != nil || len(marks) == 0 {
		t.Fatalf("no match is highlighted in the excerpts (%v)", err)
	}
	for _, m := range marks {
		if f := search.Fold(m); !strings.HasPrefix(f, "great") && !strings.HasPrefix(f, "hall") {
			t.Errorf("an excerpt highlights %q, which is not a word of the query", m)
		}
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#results li.result .excerpt").textContent`))
	if err != nil || !strings.Contains(strings.ToLower(first), "great hall") {
		t.Errorf("the first excerpt does not show the words where they are together: %q (%v)", first, err)
	}
	meta, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#results li.result .meta").textContent`))
	if !regexp.MustCompile(`\d{4} · \S`).MatchString(meta) {
		t.Errorf("a result's line above the title should give its date and type, not %q", meta)
	}
}

// TestBrowserSearchFilters combines filters as a reader does, by the
// check boxes: two people give exactly the contacts with both; the
// address keeps the state, and a reload restores it.
func TestBrowserSearchFilters(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	en := edition(t, "")
	has := func(e *site.Event, slug string) bool {
		return slices.ContainsFunc(e.In("people"), func(p *site.Term) bool { return p.Slug == slug })
	}
	both := slugs(en, func(e *site.Event) bool { return has(e, "wang-yi") && has(e, "sergey-lavrov") })
	either := slugs(en, func(e *site.Event) bool { return has(e, "wang-yi") || has(e, "sergey-lavrov") })
	if len(both) < 2 || len(both) == len(either) {
		t.Fatalf("%d contacts have both Wang Yi and Lavrov, of %d with either; the test needs fewer with both", len(both), len(either))
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"search/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the people's check boxes", `document.querySelector("input[name=person][value=wang-yi]") !== null`)
	for _, p := range []string{"wang-yi", "sergey-lavrov"} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("input[name=person][value=`+p+`]").click(); true`)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(ctx, t, "both people in the address", `location.search === "?person=wang-yi&person=sergey-lavrov"`)
	got := shownResults(ctx, t)
	slices.Sort(got)
	if !slices.Equal(got, both) {
		t.Errorf("Wang Yi and Lavrov together: got %d contacts %v, want the %d with both %v", len(got), got, len(both), both)
	}
	count, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("input[value=wang-yi]").parentElement.querySelector(".count").textContent`))
	if count != "("+itoa(len(both))+")" {
		t.Errorf("beside Wang Yi the count of the contacts found with him is %q, want (%d)", count, len(both))
	}

	// A query, a type and a range of months, kept over a reload.
	address := base + "search/?q=visit&type=state-visit&type=official-visit&from=2010-01&to=2019"
	want := slugs(en, func(e *site.Event) bool {
		y := e.Span.Start.Year*100 + e.Span.Start.Month
		return matches(e, "visit") && (e.Type.ID == "state-visit" || e.Type.ID == "official-visit") && y >= 201001 && y <= 201912
	})
	if len(want) < 2 {
		t.Fatalf("%d contacts match the combined search; the test needs more", len(want))
	}
	for range 2 {
		got := searchFor(ctx, t, address)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", address, got, want)
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[q.value, document.getElementById("s-from").value, document.getElementById("s-to").value,
			...[...document.querySelectorAll("input[name=type]:checked")].map((b) => b.value)].join(" ")`))
		waitFor(ctx, t, "the type boxes", `document.querySelectorAll("input[name=type]:checked").length === 2`)
		if err != nil || !strings.HasPrefix(state, "visit 2010-01 2019") {
			t.Errorf("the form shows %q after loading %s (%v)", state, address, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserNothingMatches: a search that finds nothing says so and
// offers to drop a condition, with how many contacts that would give.
func TestBrowserNothingMatches(t *testing.T) {
	ctx, _ := browserWithLog(t)
	base := servedDefault(t)
	if got := searchFor(ctx, t, base+"search/?q=Mishustin&from=1990&to=1995"); len(got) != 0 {
		t.Fatalf("Mishustin before 1996 finds %v; the test needs nothing", got)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-none").hidden ? "" : document.getElementById("search-none").textContent`))
	if err != nil || !strings.Contains(text, "Nothing matches") {
		t.Fatalf("an empty result says %q (%v)", text, err)
	}
	// Dropping the start of the range still finds nothing, so it is not
	// offered; dropping its end, or the word, finds contacts.
	en := edition(t, "")
	after := len(slugs(en, func(e *site.Event) bool { return matches(e, "Mishustin") && e.Span.Start.Year >= 1990 }))
	before := len(slugs(en, func(e *site.Event) bool { return e.Span.Start.Year >= 1990 && e.Span.Start.Year <= 1995 }))
	choices, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-none button")].map((b) => b.textContent)`))
	want := []string{"to 1995 — " + itoa(after) + " contacts match", "“Mishustin” — " + itoa(before) + " contacts match"}
	if !slices.Equal(choices, want) {
		t.Fatalf("the choices to loosen the search are %q, want %q", choices, want)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#search-none button").click(); true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the range's end dropped", `location.search === "?q=Mishustin&from=1990"`)
	if got := shownResults(ctx, t); len(got) != after {
		t.Errorf("without the range's end the search finds %d contacts; the choice said %d", len(got), after)
	}
}

// TestBrowserSearchInEditions searches each edition in its own script.
func TestBrowserSearchInEditions(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	for _, tt := range []struct{ key, query, word string }{{"ru", "Путин", "путин"}, {"zh", "习近平", "习近平"}} {
		s := edition(t, tt.key)
		want := slugs(s, func(e *site.Event) bool { return strings.Contains(strings.ToLower(searchable(e)), tt.word) })
		if len(want) < 2 || len(want) == len(s.Events) {
			t.Fatalf("%d of %d events of %s have %q; the test needs some but not all", len(want), len(s.Events), tt.key, tt.query)
		}
		got := searchFor(ctx, t, base+tt.key+"/search/?q="+url.QueryEscape(tt.query))
		if m := missing(want, got); len(m) > 0 {
			t.Errorf("%s: %q does not find %d of the %d contacts that have it: %v", tt.key, tt.query, len(m), len(want), m)
		}
		if extra := missing(got, slugs(s, func(e *site.Event) bool { return matches(e, tt.query) })); len(extra) > 0 {
			t.Errorf("%s: %q finds contacts without it: %v", tt.key, tt.query, extra)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserSearchFromAnyPage searches from the box in the header of an
// event's page: the search page opens with the query and its results.
func TestBrowserSearchFromAnyPage(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"events/2019-06-05-xi-state-visit-russia/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.SendKeys("#site-q", "Mishustin\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the search page with the query", `location.pathname === "/search/" && location.search === "?q=Mishustin"`)
	waitFor(ctx, t, "the query in its search box", `document.getElementById("q").value === "Mishustin"`)
	got := shownResults(ctx, t)
	want := slugs(edition(t, ""), func(e *site.Event) bool { return matches(e, "Mishustin") })
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("Mishustin: got %v, want %v", got, want)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserSearchWordsAsGo: the page's script cuts and folds text, and
// chooses the shard of a word, exactly as package search does when it
// makes the index; otherwise a query would miss what the index holds.
func TestBrowserSearchWordsAsGo(t *testing.T) {
	ctx, problems := browserWithLog(t)
	base := servedDefault(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"search/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the script", `window.timelineSearch !== undefined`)
	texts := []string{"Pútin", "ПУТИН Ёлкин ёж", "习近平会见普京", "Xi's visit, 2019-06-05", "Çavuşoğlu Großmann", "東京で会談した", "naïve café—ŒUVRE",
		"Kazakhstan's Astana", "平", "a 习 b 近平 c", "Ли Цян", "مصر", "Ångström 10½ ①", "ǅ Dž", "Straße", "İstanbul", "한국어 회담", "Pu\u0301tin", "ﬁnal 丽"}
	for _, text := range texts {
		var words []string
		search.Words(search.Fold(text), func(w string) { words = append(words, w) })
		arg, _ := json.Marshal(text)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const s = window.timelineSearch, t = `+string(arg)+`;
			return [s.fold(t), s.words(s.fold(t)).join("|"), s.queryWords(t).join("|"), s.words(s.fold(t)).map((w) => s.shardOf(w, 97)).join(" ")]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		shards := make([]string, len(words))
		for i, w := range words {
			shards[i] = itoa(search.ShardOf(w, 97))
		}
		want := []string{search.Fold(text), strings.Join(words, "|"), strings.Join(search.Query(text), "|"), strings.Join(shards, " ")}
		if !slices.Equal(got, want) {
			t.Errorf("%q: the script gives\n%q\npackage search\n%q", text, got, want)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestSearchWithoutScript: with JavaScript off, the search page says so
// and leads to the pages where every contact is listed.
func TestSearchWithoutScript(t *testing.T) {
	s := edition(t, "")
	page, ok := s.File("search/index.html")
	if !ok {
		t.Fatal("the default timeline has no search page")
	}
	text := string(page)
	for _, y := range s.Years {
		if !strings.Contains(text, `href="../`+y.URL()+`"`) {
			t.Errorf("the search page does not link to %s for readers without JavaScript", y.URL())
		}
	}
	if !strings.Contains(text, `id="search-nojs"`) || !strings.Contains(text, "needs JavaScript") {
		t.Error("the search page does not tell readers without JavaScript where to look")
	}
}

package output

// These tests read the CSV, the calendar and the feeds with parsers that
// are not ours (encoding/csv, Mozilla's ical.js, feedsmith) and compare
// what they find with events.json, read with plain encoding/json: a
// reader of any export sees the same events as a reader of the JSON.

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"timeline/site"
	"timeline/templates"
)

const parsersBase = "https://example.org/t/"

// parsersSite builds a timeline with a day, a month, a year and a range
// event, Cyrillic and Chinese text, a summary with a line break, a title
// that a spreadsheet would run as a formula, and enough older events that
// the feed has to leave some out.
func parsersSite(t *testing.T) *site.Site {
	t.Helper()
	fsys := fstest.MapFS{
		"_index.md":       {Data: []byte("---\ntitle: \"Хроника, 中俄\"\ndescription: Тест; 测试.\n---\n")},
		"people/xi.md":    {Data: []byte("---\nname: Xi Jinping\nnative: 习近平\nlang: zh-Hans\nroles: [{title: President, from: 2013}]\n---\n")},
		"people/putin.md": {Data: []byte("---\nname: Vladimir Putin\nnative: Владимир Путин\nlang: ru\n---\n")},
		"topics/trade.md": {Data: []byte("---\nname: Trade\n---\n")},
		"topics/gas.md":   {Data: []byte("---\nname: Газ, 天然气\n---\n")},
		"events/a-day.md": {Data: []byte("---\ntitle: \"Встреча в Пекине: 习近平 и Путин, \\\"торговля\\\"\"\ndate: 2024-02-08\n" +
			"type: meeting\nplace: \"Пекин, 北京\"\npeople: [Xi Jinping, Vladimir Putin]\ntopics: [trade, gas]\n" +
			"summary: \"Первая строка; a b.\\n第二行 \\\\ конец\"\n" +
			"documents: [{title: \"Совместное заявление, 联合声明\", kind: statement}, {title: Протокол}]\n" +
			"sources: [{title: \"ТАСС, report\", publisher: TASS, url: \"https://example.org/r\"}, {title: 新华社, url: \"https://example.org/x\"}]\n" +
			"---\nТекст **встречи** & 会谈.\n")},
		"events/b-month.md": {Data: []byte("---\ntitle: \"=1+1 \\\"formula\\\"\"\ndate: 2019-06\ntype: meeting\nstatus: announced\n" +
			"people: [Xi Jinping]\ntopics: [gas]\nsummary: \"+7 495 is a phone number\"\n" +
			"sources: [{title: S, url: \"https://example.org/s\"}]\n---\nMonth body.\n")},
		"events/c-year.md": {Data: []byte("---\ntitle: Год\ndate: 2001\ntype: meeting\noccasion: \"ШОС, 上海\"\n" +
			"people: [Vladimir Putin]\nsummary: \"@year\"\nsources: [{title: S, url: \"https://example.org/s\"}]\n---\nYear body.\n")},
		"events/d-range.md": {Data: []byte("---\ntitle: Range\ndate: 2024-12-30\nend: 2025-01-02\ntype: meeting\nstatus: cancelled\n" +
			"people: [Xi Jinping, Vladimir Putin]\nsummary: Over the new year.\nsources: [{title: S, url: \"https://example.org/s\"}]\n---\nRange body.\n")},
	}
	// Older than every event above, and enough of them that the newest
	// maxFeedEntries leave some out.
	for i := range maxFeedEntries {
		fsys[fmt.Sprintf("events/old-%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Old %d\ndate: %d-03-0%d\ntype: meeting\npeople: [Xi Jinping]\nsummary: Old.\n"+
				"sources: [{title: S, url: \"https://example.org/s\"}]\n---\nOld body.\n", i, 1940+i, 1+i%9)}
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, BaseURL: parsersBase, Outputs: All})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) > 0 {
		t.Fatalf("the fixture has problems: %v", s.Warnings)
	}
	return s
}

// jsonEvents gives events.json as plain encoding/json reads it: an object
// per event.
func jsonEvents(t *testing.T, s *site.Site) []map[string]any {
	t.Helper()
	var events []map[string]any
	if err := json.Unmarshal(file(t, s, "data/events.json"), &events); err != nil {
		t.Fatal(err)
	}
	if len(events) != len(s.Events) {
		t.Fatalf("events.json has %d events, want %d", len(events), len(s.Events))
	}
	return events
}

// str is a JSON event's string field, "" if left out.
func str(e map[string]any, key string) string {
	v, _ := e[key].(string)
	return v
}

// list gives a JSON event's list of objects, each reduced to one line by
// format, as the CSV joins them.
func list(e map[string]any, key string, format func(map[string]any) string) []string {
	var out []string
	items, _ := e[key].([]any)
	for _, item := range items {
		m, _ := item.(map[string]any)
		out = append(out, format(m))
	}
	return out
}

// TestCSVReadsAsJSON: encoding/csv reads events.csv as a row per event
// of events.json, in its order, every column the JSON's field as a
// spreadsheet shows it: lists joined with " | ", line breaks kept, and a
// cell a spreadsheet would run as a formula written as text.
func TestCSVReadsAsJSON(t *testing.T) {
	s := parsersSite(t)
	events := jsonEvents(t, s)
	r := csv.NewReader(bytes.NewReader(file(t, s, "data/events.csv")))
	rows, err := r.ReadAll() // an error for a row longer or shorter than the header
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"id", "date", "end", "type", "status", "title", "place", "occasion", "people", "people_native", "topics", "summary", "documents", "sources", "url", "document_kinds", "source_publishers", "source_dates", "source_langs", "source_archives", "source_accessed", "body"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header %q, want %q", rows[0], header)
	}
	if len(rows) != len(events)+1 {
		t.Fatalf("%d rows, want a header and %d events", len(rows), len(events))
	}
	names := func(m map[string]any) string { return str(m, "name") }
	for i, e := range events {
		// Native names pair with the names, one for one, when any has one.
		natives := list(e, "people", func(m map[string]any) string { return str(m, "native") })
		native := strings.Join(natives, " | ")
		if strings.Join(natives, "") == "" {
			native = ""
		}
		want := map[string]string{
			"people":        strings.Join(list(e, "people", names), " | "),
			"people_native": native,
			"topics":        strings.Join(list(e, "topics", names), " | "),
			// A document has no JSON tags: its keys are Title and Kind.
			"documents": strings.Join(list(e, "documents", func(m map[string]any) string { return str(m, "Title") }), " | "),
			"sources": strings.Join(list(e, "sources", func(m map[string]any) string {
				return str(m, "title") + " <" + str(m, "url") + ">"
			}), " | "),
		}
		for col, name := range header[:15] { // the rest, such as body, events.json does not carry
			text, ok := want[name]
			if !ok {
				text = str(e, name)
			}
			// A spreadsheet runs a cell starting with one of these as a
			// formula; the apostrophe makes it text, and is not shown.
			if text != "" && strings.ContainsRune("=+-@\t\r", rune(text[0])) {
				text = "'" + text
			}
			if got := rows[i+1][col]; got != text {
				t.Errorf("event %s: CSV %s = %q, want %q for the JSON's %q", str(e, "id"), name, got, text, str(e, name))
			}
		}
	}

	// The fixture has what the comparison above is about.
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[row[0]] = row
	}
	if got := byID["b-month"][5]; got != `'=1+1 "formula"` {
		t.Errorf("the formula title's cell is %q, want it as text", got)
	}
	if got := byID["a-day"][11]; got != "Первая строка; a b.\n第二行 \\ конец" {
		t.Errorf("the summary with a line break reads as %q", got)
	}
	if got := byID["a-day"][8]; got != "Xi Jinping | Vladimir Putin" {
		t.Errorf("the people of a-day read as %q", got)
	}
	if got := byID["a-day"][9]; got != "习近平 | Владимир Путин" {
		t.Errorf("the native names of a-day read as %q", got)
	}
}

// nodeTools gives the absolute path of .ci/tools/node_modules, where
// .ci/setup installs the npm packages named, and fails the test if node
// or a package is missing.
func nodeTools(t *testing.T, packages ...string) string {
	t.Helper()
	modules, err := filepath.Abs("../../.ci/tools/node_modules")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("this test runs node; .ci/setup installs it: %v", err)
	}
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(modules, p, "package.json")); err != nil {
			t.Fatalf("this test needs the npm package %s; .ci/setup installs it: %v", p, err)
		}
	}
	return modules
}

// runNode writes data to a file, runs a script of testdata on it with
// node, and decodes the JSON the script prints into v.
func runNode(t *testing.T, modules, script string, data []byte, v any) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("testdata", script), modules, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node %s printed %q: %v", script, out, err)
	}
}

// days gives the first day of an events.json date (YYYY, YYYY-MM or
// YYYY-MM-DD) and the day after its last: a month or a year covers all
// its days.
func days(t *testing.T, date string) (first, next time.Time) {
	t.Helper()
	for _, f := range []struct {
		layout  string
		y, m, d int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		if day, err := time.Parse(f.layout, date); err == nil {
			return day, day.AddDate(f.y, f.m, f.d)
		}
	}
	t.Fatalf("events.json has the date %q", date)
	return
}

// TestICSReadsAsJSON: Mozilla's ical.js, the parser of Thunderbird's
// calendar, finds in events.ics an all-day VEVENT per event of
// events.json, with its title, summary, place, status and page, from its
// first day to the day after its last.
func TestICSReadsAsJSON(t *testing.T) {
	modules := nodeTools(t, "ical.js")
	s := parsersSite(t)
	events := jsonEvents(t, s)
	type when struct {
		Value  string
		IsDate bool
		UTC    bool
	}
	var cal struct {
		Version, Prodid, Name string
		Events                []struct {
			UID, Summary, Description, Location, Status, URL string
			Dtstart, Dtend, Dtstamp                          *when
		}
	}
	runNode(t, modules, "ics.mjs", file(t, s, "data/events.ics"), &cal)
	if cal.Version != "2.0" || cal.Name != "Хроника, 中俄" || cal.Prodid != "-//timeline//Хроника, 中俄//EN" {
		t.Errorf("calendar version %q, name %q, product %q", cal.Version, cal.Name, cal.Prodid)
	}
	if len(cal.Events) != len(events) {
		t.Fatalf("%d VEVENTs, want one per event, %d", len(cal.Events), len(events))
	}
	// Calendar programs order entries by date, not as written: match them by UID.
	byUID := map[string]int{}
	for i, v := range cal.Events {
		byUID[v.UID] = i
	}
	status := map[string]string{"held": "CONFIRMED", "announced": "TENTATIVE", "cancelled": "CANCELLED"}
	for _, e := range events {
		id := str(e, "id")
		i, ok := byUID[id+"@example.org/t"]
		if !ok {
			t.Errorf("no VEVENT has the UID %s@example.org/t", id)
			continue
		}
		v := cal.Events[i]
		first, _ := days(t, str(e, "date"))
		_, next := days(t, cmp.Or(str(e, "end"), str(e, "date")))
		if v.Summary != str(e, "title") || v.Description != str(e, "summary") || v.Location != str(e, "place") {
			t.Errorf("event %s: ical.js reads SUMMARY %q, DESCRIPTION %q, LOCATION %q; JSON gives %q, %q, %q",
				id, v.Summary, v.Description, v.Location, str(e, "title"), str(e, "summary"), str(e, "place"))
		}
		if v.URL != str(e, "url") || v.Status != status[str(e, "status")] {
			t.Errorf("event %s: URL %q, STATUS %q; JSON gives %q, %q", id, v.URL, v.Status, str(e, "url"), str(e, "status"))
		}
		if start := (when{first.Format(time.DateOnly), true, false}); v.Dtstart == nil || *v.Dtstart != start {
			t.Errorf("event %s of %s: DTSTART %+v, want the DATE %s", id, str(e, "date"), v.Dtstart, start.Value)
		}
		if end := (when{next.Format(time.DateOnly), true, false}); v.Dtend == nil || *v.Dtend != end {
			t.Errorf("event %s of %s to %q: DTEND %+v, want the DATE %s, the day after its last", id, str(e, "date"), str(e, "end"), v.Dtend, end.Value)
		}
		if v.Dtstamp == nil || v.Dtstamp.IsDate || !v.Dtstamp.UTC { // RFC 5545 3.8.7.2
			t.Errorf("event %s: DTSTAMP %+v, want a UTC date-time", id, v.Dtstamp)
		}
	}

	// The fixture has what the comparison above is about.
	byID := func(id string) int { return byUID[id+"@example.org/t"] }
	for id, span := range map[string][2]string{"a-day": {"2024-02-08", "2024-02-09"}, "b-month": {"2019-06-01", "2019-07-01"},
		"c-year": {"2001-01-01", "2002-01-01"}, "d-range": {"2024-12-30", "2025-01-03"}} {
		if v := cal.Events[byID(id)]; v.Dtstart == nil || v.Dtend == nil || v.Dtstart.Value != span[0] || v.Dtend.Value != span[1] {
			t.Errorf("%s runs from %+v to %+v, want %s to %s", id, v.Dtstart, v.Dtend, span[0], span[1])
		}
	}
	if got := cal.Events[byID("a-day")].Description; got != "Первая строка; a b.\n第二行 \\ конец" {
		t.Errorf("the summary with a line break reads as %q", got)
	}
}

// An atomEntryRead is an Atom entry as feedsmith gives it.
type atomEntryRead struct {
	ID    string
	Title struct{ Value string }
	Links []struct {
		Href, Rel, Type string
	}
	Published, Updated string
	Summary            struct{ Value string }
	Content            *struct{ Value, Type string }
	Categories         []struct{ Term, Label string }
}

// readFeed reads a feed of the site with feedsmith's parseFeed, which
// must find it to be Atom.
func readFeed(t *testing.T, modules string, s *site.Site, name string) []atomEntryRead {
	t.Helper()
	var feed struct {
		Format string
		Feed   json.RawMessage
	}
	runNode(t, modules, "feed.mjs", file(t, s, name), &feed)
	if feed.Format != "atom" {
		t.Fatalf("feedsmith finds %s to be %q, not an Atom feed", name, feed.Format)
	}
	var atom struct{ Entries []atomEntryRead }
	if err := json.Unmarshal(feed.Feed, &atom); err != nil {
		t.Fatalf("feedsmith reads %s as %s: %v", name, feed.Feed, err)
	}
	return atom.Entries
}

// checkEntries compares a feed's entries with the events of events.json
// it should carry: the newest maxFeedEntries of them, newest first, each
// with its id, page, title, summary and the day it began.
func checkEntries(t *testing.T, name string, got []atomEntryRead, want []map[string]any) {
	t.Helper()
	want = slices.Clone(want)
	slices.Reverse(want)
	want = want[:min(len(want), maxFeedEntries)]
	if len(got) != len(want) {
		t.Fatalf("%s has %d entries, want %d", name, len(got), len(want))
	}
	for i, e := range want {
		x := got[i]
		first, _ := days(t, str(e, "date"))
		stamp := first.Format(time.RFC3339)
		if x.ID != str(e, "url") || x.Title.Value != str(e, "title") || x.Summary.Value != str(e, "summary") ||
			x.Published != stamp || x.Updated != stamp {
			t.Errorf("%s entry %d: id %q, title %q, summary %q, published %q, updated %q; JSON gives %q, %q, %q, %s",
				name, i, x.ID, x.Title.Value, x.Summary.Value, x.Published, x.Updated, str(e, "url"), str(e, "title"), str(e, "summary"), stamp)
		}
		if len(x.Links) != 1 || x.Links[0].Rel != "alternate" || x.Links[0].Href != str(e, "url") {
			t.Errorf("%s entry %s links to %+v, want its page %s", name, x.ID, x.Links, str(e, "url"))
		}
	}
}

// TestFeedsReadAsJSON: feedsmith reads the Atom feeds (the site has no
// RSS or JSON Feed) as the newest events of events.json: the timeline's
// with each event's topics and full text, a person's with their events'
// summaries alone.
func TestFeedsReadAsJSON(t *testing.T) {
	modules := nodeTools(t, "feedsmith")
	s := parsersSite(t)
	events := jsonEvents(t, s)
	if len(events) <= maxFeedEntries {
		t.Fatalf("the fixture has %d events, too few for the feed to leave some out", len(events))
	}

	entries := readFeed(t, modules, s, "feed.xml")
	checkEntries(t, "feed.xml", entries, events)
	body := map[string]string{}
	for _, e := range s.Events {
		body[parsersBase+e.URL()] = string(e.Body)
	}
	byURL := map[string]map[string]any{}
	for _, e := range events {
		byURL[str(e, "url")] = e
	}
	for _, x := range entries {
		// feedsmith trims the space around a text, here the body's last line break.
		if x.Content == nil || x.Content.Type != "html" || x.Content.Value != strings.TrimSpace(body[x.ID]) {
			t.Errorf("feed.xml entry %s has content %+v, want the HTML %q", x.ID, x.Content, body[x.ID])
		}
		// People take part in events: topics are what they are about.
		want := list(byURL[x.ID], "topics", func(m map[string]any) string { return str(m, "id") + " " + str(m, "name") })
		var got []string
		for _, c := range x.Categories {
			got = append(got, c.Term+" "+c.Label)
		}
		if !slices.Equal(got, want) {
			t.Errorf("feed.xml entry %s has categories %q, want its topics %q", x.ID, got, want)
		}
	}
	if x := entries[1]; x.ID != parsersBase+"events/a-day/" || x.Content == nil || !strings.Contains(x.Content.Value, "<strong>встречи</strong> &amp; 会谈") ||
		len(x.Categories) != 2 || x.Categories[1].Label != "Газ, 天然气" {
		t.Errorf("the second newest entry is %+v, want a-day with its text and topics", x)
	}

	var putins []map[string]any
	for _, e := range events {
		if slices.Contains(list(e, "people", func(m map[string]any) string { return str(m, "id") }), "putin") {
			putins = append(putins, e)
		}
	}
	entries = readFeed(t, modules, s, "people/putin/feed.xml")
	checkEntries(t, "people/putin/feed.xml", entries, putins)
	for _, x := range entries {
		if x.Content != nil {
			t.Errorf("Putin's feed has the full text of %s, want its summary alone", x.ID)
		}
	}
}

// TestBibliographyReadsAsCSL: Citation.js reads data/sources.ris and
// sources.bib back as the items of data/sources.json, each source once,
// with its title (in any script), publisher, date and address.
func TestBibliographyReadsAsCSL(t *testing.T) {
	s := parsersSite(t)
	var items []map[string]any
	if err := json.Unmarshal(file(t, s, "data/sources.json"), &items); err != nil {
		t.Fatal(err)
	}
	urls := map[string]bool{}
	for _, e := range jsonEvents(t, s) {
		for _, src := range list(e, "sources", func(m map[string]any) string { return str(m, "url") }) {
			urls[src] = true
		}
	}
	if len(items) != len(urls) {
		t.Errorf("%d sources in sources.json; the events cite %d addresses", len(items), len(urls))
	}
	modules := nodeTools(t, "@citation-js/core", "@citation-js/plugin-csl", "@citation-js/plugin-ris", "@citation-js/plugin-bibtex")
	input, _ := json.Marshal(map[string]any{"items": []any{}, "ris": string(file(t, s, "data/sources.ris")), "bibtex": string(file(t, s, "data/sources.bib"))})
	in := filepath.Join(t.TempDir(), "input.json")
	if err := os.WriteFile(in, input, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", "../cite/testdata/cite.cjs", modules, "../cite/testdata", in).Output()
	if err != nil {
		t.Fatalf("node ../cite/testdata/cite.cjs: %v", err)
	}
	var read struct{ RIS, BibTeX []map[string]any }
	if err := json.Unmarshal(out, &read); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]map[string]any{"RIS": read.RIS, "BibTeX": read.BibTeX} {
		if len(got) != len(items) {
			t.Fatalf("%s: %d items, want %d", name, len(got), len(items))
		}
		// Where each keeps the publisher: RIS's T2 is a collection's title
		// or (as Citation.js reads an undated record) a container's;
		// biblatex's organization is the publisher.
		publisher := map[string]string{"RIS": "collection-title", "BibTeX": "publisher"}[name]
		for i, want := range items {
			g := got[i]
			if g[publisher] == nil && name == "RIS" {
				g[publisher] = g["container-title"]
			}
			issued, _ := json.Marshal(g["issued"])
			wantIssued, _ := json.Marshal(want["issued"])
			if g["title"] != want["title"] || g["URL"] != want["URL"] || g[publisher] != want["container-title"] || string(issued) != string(wantIssued) {
				t.Errorf("%s item %d: %v %v %v %s; want %v %v %v %s", name, i, g["title"], g["URL"], g[publisher], issued,
					want["title"], want["URL"], want["container-title"], wantIssued)
			}
		}
	}
	var scripts int
	for _, it := range items {
		if title, _ := it["title"].(string); strings.ContainsFunc(title, func(r rune) bool { return r > 0x400 }) {
			scripts++
		}
	}
	if scripts == 0 {
		t.Error("the fixture cites no source titled in another script")
	}
}

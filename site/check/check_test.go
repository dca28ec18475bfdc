package check

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"timeline/site"
	"timeline/templates"
)

const event = `---
title: %s
date: %s
type: meeting
people: [%s]
summary: s
sources: [{title: t, url: "https://example.org/"}]
%s---
%s
`

func file(format string, args ...any) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")}
}

// checkSite builds a content tree and checks it as of 26 November 2026.
func checkSite(t *testing.T, fsys fstest.MapFS) Report {
	t.Helper()
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, ContentDir: "content"})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	read := func(name string) ([]byte, error) { return fs.ReadFile(fsys, strings.TrimPrefix(name, "content/")) }
	return Site(s, read, site.Date{Year: 2026, Month: 11, Day: 26})
}

func base() fstest.MapFS {
	return fstest.MapFS{
		"_index.md":        file("---\ntitle: Check\nsides: [[China], [Russia, Soviet Union]]\n---\n"),
		"people/xi.md":     file("---\nname: Xi Jinping\ncountry: China\n---\n"),
		"people/putin.md":  file("---\nname: Vladimir Putin\ncountry: Russia\n---\n"),
		"events/2024-a.md": file(event, "A", "2024-02-08", "Xi Jinping, Vladimir Putin", "", "A body."),
		"events/2024-b.md": file(event, "B", "2024-05-16", "Xi Jinping, Vladimir Putin", "", "Another."),
		"topics/unused.md": file("---\nname: Unused\n---\n"),
		"people/nobody.md": file("---\nname: Nobody\ncountry: Russia\n---\n"),
	}
}

// messages gives each problem as "file:line:col: message", whatever its
// severity.
func messages(es site.Diagnostics) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Pos.String() + ": " + e.Msg
	}
	return strings.Join(lines, "\n")
}

func TestCleanSiteHasOnlyTheUnusedFiles(t *testing.T) {
	fsys := base()
	r := checkSite(t, fsys)
	if len(r.Errors) > 0 {
		t.Errorf("errors:\n%v", r.Errors)
	}
	want := []string{
		"content/people/nobody.md:1:1: no event refers to Nobody; refer to it or delete the file",
		"content/topics/unused.md:1:1: no event refers to Unused; refer to it or delete the file",
	}
	if got := messages(r.Warnings); got != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestBrokenLinks(t *testing.T) {
	fsys := base()
	fsys["events/2024-a.md"] = file(event, "A", "2024-02-08", "Xi Jinping, Vladimir Putin", "",
		"See [B](../2024-b/) and [a dead one](../2023-gone/),\n[the root](/events/2024-b/), [a bad anchor](../2024-b/#nope),\n"+
			"[a good anchor](../2024-b/#sources) and ![](https://example.org/x.png).")
	r := checkSite(t, fsys)
	want := []string{
		`content/events/2024-a.md:9:38: link "../2023-gone/" leads to events/2023-gone/index.html, which the site does not have`,
		`content/events/2024-a.md:10:12: link "/events/2024-b/" starts at the host's root and breaks when the site is served from a subfolder; make it relative`,
		`content/events/2024-a.md:10:45: link "../2024-b/#nope": events/2024-b/index.html has no element with id "nope"`,
		`content/events/2024-a.md:11:45: image "https://example.org/x.png" has no alt text`,
	}
	got := messages(r.Errors)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing error %q in:\n%s", w, got)
		}
	}
	if n := len(r.Errors); n != len(want) {
		t.Errorf("%d errors, want %d:\n%s", n, len(want), got)
	}
}

func TestContentWarnings(t *testing.T) {
	fsys := base()
	fsys["events/2024-a-again.md"] = file(event, "A again", "2024-02-08", "Vladimir Putin, Xi Jinping", "", "Same.")
	fsys["events/2025-alone.md"] = file(event, "Alone", "2025-03-01", "Xi Jinping", "", "One side.")
	fsys["events/2026-due.md"] = file(event, "Due", "2026-05", "Xi Jinping, Vladimir Putin", "status: announced\n", "Soon.")
	fsys["events/2026-11-future.md"] = file(event, "Future", "2026-11", "Xi Jinping, Vladimir Putin", "status: announced\n", "This month.")
	r := checkSite(t, fsys)
	got := messages(r.Warnings)
	for _, w := range []string{
		"content/events/2024-a-again.md:3:1: likely a duplicate of content/events/2024-a.md: the same day and the same people",
		"content/events/2025-alone.md:5:1: nobody from Russia or Soviet Union takes part (side 2 of the site's sides)",
		"content/events/2026-due.md:8:1: is still announced but its date 2026-05 has passed",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing warning %q in:\n%s", w, got)
		}
	}
	if strings.Contains(got, "2026-11-future") {
		t.Errorf("an event announced for this month was flagged:\n%s", got)
	}
}

// TestTranslations reports what each edition lacks: an event with no
// translation, an event whose body alone is untranslated, and a term.
func TestTranslations(t *testing.T) {
	ev := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2024\ntype: meeting\npeople: [A]\nsummary: s\n" +
			"sources: [{title: t, url: \"https://example.org/\"}]\n---\nA body.\n")}
	}
	fsys := fstest.MapFS{
		"_index.md":      {Data: []byte("---\ntitle: T\nlanguages: [en, ru]\n---\n")},
		"people/a.md":    {Data: []byte("---\nname: A\n---\n")},
		"events/x.md":    ev("X"),
		"events/x.ru.md": {Data: []byte("---\ntitle: Икс\nsummary: с\n---\nТекст.\n")},
		"events/y.md":    ev("Y"),
		"events/y.ru.md": {Data: []byte("---\ntitle: Игрек\nsummary: с\n---\n")},
		"events/z.md":    ev("Z"),
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, ContentDir: "content"})
	if err != nil {
		t.Fatal(err)
	}
	got := Translations(s)
	if len(got) != 1 || got[0].Edition.Key != "ru" {
		t.Fatalf("Translations = %+v; want one report, for ru", got)
	}
	c := got[0]
	if c.Events != [2]int{2, 3} || c.Bodies != [2]int{1, 3} || c.Terms != [2]int{0, 1} {
		t.Errorf("ru: events %v, bodies %v, terms %v; want [2 3], [1 3], [0 1]", c.Events, c.Bodies, c.Terms)
	}
	want := []Missing{{"content/events/y.md", false}, {"content/events/z.md", true}, {"content/people/a.md", true}}
	if !slices.Equal(c.Missing, want) {
		t.Errorf("missing %v, want %v", c.Missing, want)
	}
}

// TestPlaceholders: the texts timeline new leaves for the author are
// errors at the place they are written, each saying what to write.
func TestPlaceholders(t *testing.T) {
	fsys := base()
	fsys["events/2024-a.md"] = file("---\ntitle: \"TODO: the headline\"\ndate: 2024-02-08\ntype: meeting\n" +
		"people: [Xi Jinping, \"TODO: who took part\"]\nsummary: \"TODO: what happened\"\n" +
		"sources:\n  - title: \"TODO: the report\"\n    url: https://example.org/TODO\n---\n")
	fsys["people/nobody.md"] = file("---\nname: \"TODO: the name\"\ncountry: Russia\n---\n")
	r := checkSite(t, fsys)
	got := messages(r.Errors)
	want := []string{
		`content/events/2024-a.md:2:9: title is still the placeholder "TODO: the headline"; write the contact's headline`,
		`content/events/2024-a.md:5:23: people is still the placeholder "TODO: who took part"; name the people by name, alias or slug`,
		`content/events/2024-a.md:6:11: summary is still the placeholder "TODO: what happened"; write one or two plain sentences on what happened`,
		`content/events/2024-a.md:8:13: a source's title is still the placeholder "TODO: the report"; write the headline of the published report`,
		`content/events/2024-a.md:9:10: a source's url is still the placeholder "https://example.org/TODO"; write the report's address`,
		`content/people/nobody.md:2:8: name is still the placeholder "TODO: the name"; write the person's name as the site writes it`,
	}
	if got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestPlaces: a place without coordinates is off the map, a warning; and
// where a contact was held is not who took part: a contact in Beijing
// with only Putin still has nobody from China.
func TestPlaces(t *testing.T) {
	fsys := base()
	fsys["_index.md"] = file("---\ntitle: Check\nsides: [[China], [Russia, Soviet Union]]\ntaxonomies:\n" +
		"  - {key: people, singular: person, fields: [country], required: true}\n" +
		"  - {key: topics, singular: topic}\n" +
		"  - {key: places, singular: place, from: place, fields: [country, lat, lon]}\n---\n")
	fsys["places/beijing.md"] = file("---\nname: Beijing\ncountry: China\nlat: 39.9\nlon: 116.4\n---\n")
	fsys["places/moscow.md"] = file("---\nname: Moscow\ncountry: Russia\n---\n")
	fsys["events/2024-a.md"] = file(event, "A", "2024-02-08", "Vladimir Putin", "place: Beijing\n", "In Beijing.")
	fsys["events/2024-b.md"] = file(event, "B", "2024-05-16", "Xi Jinping, Vladimir Putin", "place: Moscow\n", "In Moscow.")
	got := messages(checkSite(t, fsys).Warnings)
	for _, w := range []string{
		"content/places/moscow.md:1:1: Moscow has no lat and lon, so it is not on the map; add them",
		"content/events/2024-a.md:5:1: nobody from China takes part",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing warning %q in:\n%s", w, got)
		}
	}
	if strings.Contains(got, "beijing.md") {
		t.Errorf("a place with coordinates is warned of:\n%s", got)
	}
}

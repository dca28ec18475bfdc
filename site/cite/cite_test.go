package cite

import (
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// entries are what a timeline cites: its own entries, at a day's, a
// month's and a year's precision, and sources in other scripts.
var entries = []Item{
	{ID: "2024-02-08-call", Type: "webpage", Title: "Xi and Putin hold a Lunar New Year phone call: a talk on trade and the war",
		Container: "China–Russia high-level contacts", Issued: NewDate(2024, 2, 8),
		URL: "https://example.org/china-russia/events/2024-02-08-call/", Language: "en"},
	{ID: "2019-06-visit", Type: "webpage", Title: "Xi Jinping's state visit to Russia & the St Petersburg forum",
		Container: "China–Russia high-level contacts", Issued: NewDate(2019, 6, 0), URL: "https://example.org/b/", Language: "en"},
	{ID: "2001-treaty", Type: "webpage", Title: "The Treaty of Good-Neighborliness is signed on the 20th anniversary of ties, via the BRICS-plus talks", Container: "China–Russia high-level contacts",
		Issued: NewDate(2001, 0, 0), URL: "https://example.org/c/", Language: "en"},
}

// datasets are a timeline's data as a whole, current to a day, a month,
// a year, or undated.
var datasets = []Item{
	{ID: "data", Type: "dataset", Title: "China–Russia high-level contacts", Issued: NewDate(2026, 1, 15),
		URL: "https://example.org/china-russia/data/", Language: "en"},
	{ID: "data-ru", Type: "dataset", Title: "Контакты Китая и России", Issued: NewDate(2026, 1, 0),
		URL: "https://example.org/china-russia/ru/data/", Language: "ru"},
	{ID: "data-year", Type: "dataset", Title: "US–India contacts", Issued: NewDate(2025, 0, 0), Language: "en"},
	{ID: "data-undated", Type: "dataset", Title: "US–India contacts", URL: "https://example.org/data/", Language: "en"},
}

var sources = []Item{
	{ID: "s1", Type: "article-newspaper", Title: "Путин и Си Цзиньпин провели переговоры в Пекине", Container: "ТАСС",
		Publisher: "ТАСС", Issued: NewDate(2024, 5, 16), Accessed: NewDate(2024, 5, 17), URL: "https://tass.ru/politika/1",
		Language: "ru", Note: "Archived at https://web.archive.org/web/2024/https://tass.ru/politika/1"},
	{ID: "s2", Type: "article-newspaper", Title: "习近平同俄罗斯总统普京举行会谈", Container: "新华网", Publisher: "新华社",
		Issued: NewDate(2024, 5, 16), URL: "http://www.news.cn/politics/leaders/2024-05/16/c_1.htm", Language: "zh-Hans"},
	{ID: "s3", Type: "webpage", Title: "Russian–Chinese talks {in} 100% \"narrow\" format", Container: "President of Russia",
		Issued: NewDate(2023, 3, 21), URL: "http://en.kremlin.ru/events/president/news/70748"},
}

// TestStylesMatchCiteproc: the Chicago and APA entries are those
// citeproc-js (through Citation.js) makes with the CSL styles, and the RIS
// and BibTeX records read back, by Citation.js's parsers, as the items.
func TestStylesMatchCiteproc(t *testing.T) {
	styled := append(slices.Clone(entries), datasets...)
	out := citationJS(t, styled, append(entries, sources...))
	var got struct {
		Chicago, APA, APAHTML []string
		RIS, BibTeX           []map[string]any
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, it := range styled {
		if mine := text(Chicago(it)); mine != got.Chicago[i] {
			t.Errorf("Chicago:\n got %s\nwant %s", mine, got.Chicago[i])
		}
		if mine := text(APA(it)); mine != got.APA[i] {
			t.Errorf("APA:\n got %s\nwant %s", mine, got.APA[i])
		}
		if mine := html.UnescapeString(APA(it)); mine != html.UnescapeString(got.APAHTML[i]) {
			t.Errorf("APA as HTML:\n got %s\nwant %s", mine, got.APAHTML[i])
		}
	}
	for _, f := range []struct {
		name string
		read []map[string]any
	}{{"RIS", got.RIS}, {"BibTeX", got.BibTeX}} {
		all := append(entries, sources...)
		if len(f.read) != len(all) {
			t.Fatalf("%s: %d items read back, want %d", f.name, len(f.read), len(all))
		}
		for i, it := range all {
			r := f.read[i]
			if r["title"] != it.Title || r["URL"] != it.URL {
				t.Errorf("%s item %d: title %q, URL %q; want %q, %q", f.name, i, r["title"], r["URL"], it.Title, it.URL)
			}
			// Where each format keeps the site or the newspaper, as
			// Citation.js maps it: RIS's T2 of an ELEC record is a
			// collection's title; biblatex's organization of @online the
			// publisher.
			container := "container-title"
			switch {
			case f.name == "RIS":
				container = "collection-title"
			case it.Type == "webpage":
				container = "publisher"
			}
			if r[container] != it.Container {
				t.Errorf("%s item %d: %s %q, want %q", f.name, i, container, r[container], it.Container)
			}
			issued, _ := json.Marshal(r["issued"])
			want, _ := json.Marshal(it.Issued)
			if string(issued) != string(want) {
				t.Errorf("%s item %d: issued %s, want %s", f.name, i, issued, want)
			}
			if it.Publisher != "" && r["publisher"] != it.Publisher && !(f.name == "BibTeX" && it.Type == "webpage") {
				t.Errorf("%s item %d: publisher %q, want %q", f.name, i, r["publisher"], it.Publisher)
			}
		}
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

func text(h string) string { return html.UnescapeString(tags.ReplaceAllString(h, "")) }

// citationJS runs testdata/cite.cjs on the items to style and the records
// of others.
func citationJS(t *testing.T, styled, recorded []Item) []byte {
	t.Helper()
	modules, err := filepath.Abs("../../.ci/tools/node_modules")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("this test runs node; .ci/setup installs it: %v", err)
	}
	for _, p := range []string{"@citation-js/core", "@citation-js/plugin-csl", "@citation-js/plugin-ris", "@citation-js/plugin-bibtex"} {
		if _, err := os.Stat(filepath.Join(modules, p, "package.json")); err != nil {
			t.Fatalf("this test needs the npm package %s; .ci/setup installs it: %v", p, err)
		}
	}
	input, _ := json.Marshal(map[string]any{"items": styled, "ris": string(RIS(recorded...)), "bibtex": string(BibTeX(recorded...))})
	file := filepath.Join(t.TempDir(), "input.json")
	if err := os.WriteFile(file, input, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", "testdata/cite.cjs", modules, "testdata", file).Output()
	if err != nil {
		t.Fatalf("node testdata/cite.cjs: %v", err)
	}
	return out
}

// TestOneLine holds oneLine to the fields of its value joined by one
// space, whatever spaces, line breaks or other scripts it has.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\nb", "a\tb", "a\r\nb",
		"Xi and Putin meet", "Си Цзиньпин", "a\u00a0b", "a\u2003 b", "a\u0085b", "\x01a b"} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

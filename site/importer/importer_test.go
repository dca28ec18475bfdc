package importer_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"timeline/content"
	"timeline/site"
	"timeline/site/importer"
	"timeline/site/output"
	"timeline/site/synth"
	"timeline/templates"
)

// termsOnly copies the settings and terms of a content tree into a new
// folder: somewhere to import events into.
func termsOnly(t testing.TB, tree fs.FS) string {
	dir := t.TempDir()
	err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "events/") {
			return err
		}
		data, err := fs.ReadFile(tree, p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func build(t testing.TB, tree fs.FS) *site.Site {
	s, err := site.Build(site.Options{Content: tree, Templates: templates.FS, Outputs: output.All})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func plan(t testing.TB, dir, name string, data []byte) []importer.Change {
	changes, err := importer.Plan(site.Options{Content: os.DirFS(dir), ContentDir: dir, Templates: templates.FS}, name, data)
	if err != nil {
		t.Fatal(err)
	}
	return changes
}

// TestRoundTrip: the default site's events.csv, imported beside its
// people and topics, builds into the same event pages, and exports the
// same CSV again; importing it once more changes nothing.
func TestRoundTrip(t *testing.T) {
	want := build(t, content.FS)
	csv, _ := want.File("data/events.csv")
	dir := termsOnly(t, content.FS)
	changes := plan(t, dir, "events.csv", csv)
	if err := importer.Write(dir, changes); err != nil {
		t.Fatal(err)
	}
	got := build(t, os.DirFS(dir))
	if len(got.Events) != len(want.Events) {
		t.Fatalf("%d events imported, want %d", len(got.Events), len(want.Events))
	}
	for _, e := range want.Events {
		name := "events/" + e.Slug + "/index.html"
		if !bytes.Equal(got.Files[name], want.Files[name]) {
			t.Errorf("%s differs from the default build's", name)
		}
	}
	again, _ := got.File("data/events.csv")
	if !bytes.Equal(again, csv) {
		t.Error("exporting the imported events gives another events.csv")
	}
	for _, c := range plan(t, dir, "events.csv", csv) {
		if c.Action != importer.Leave {
			t.Errorf("importing again would %s %s", c.Action, c.Path)
		}
	}
}

// BenchmarkImport10k plans and writes 10,000 synthetic events (200 with
// -short, as CI runs every benchmark once) from their events.csv into a
// folder with only their terms.
func BenchmarkImport10k(b *testing.B) {
	n := 10000
	if testing.Short() {
		n = 200
	}
	tree := synth.FS(n, 1)
	csv, _ := build(b, tree).File("data/events.csv")
	for b.Loop() {
		b.StopTimer()
		dir := termsOnly(b, tree)
		b.StartTimer()
		start := time.Now()
		changes, err := importer.Plan(site.Options{Content: os.DirFS(dir), ContentDir: dir, Templates: templates.FS}, "events.csv", csv)
		if err != nil {
			b.Fatal(err)
		}
		if err := importer.Write(dir, changes); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
	}
}

// TestImportXLSX: a workbook as Excel saves it, with a date cell, a year
// typed as a number, a formula-looking title kept as text with the
// apostrophe the CSV export writes, and a line break in a cell, gives the
// same files as the CSV of the same rows.
func TestImportXLSX(t *testing.T) {
	tree := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: Sheets\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
	}
	dir := termsOnly(t, tree)
	header := []string{"id", "date", "type", "title", "people", "summary", "sources"}
	rows := [][]any{
		{"talks", time.Date(2024, 2, 8, 0, 0, 0, 0, time.UTC), "meeting", "'=1+1 talks", "A", "First line.\nSecond line.", "Report <https://example.org/1>"},
		{"treaty", 2001, "signing", "A treaty", "A | B", "Signed.", "Text <https://example.org/2>"},
	}
	f := excelize.NewFile()
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, h)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy, as Excel shows a typed date
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			f.SetCellValue("Sheet1", cell, v)
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle("Sheet1", cell, cell, style)
			}
		}
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range plan(t, dir, "contacts.xlsx", book.Bytes()) {
		got[c.Path] = c.Action + "\n" + string(c.Data)
	}
	for path, want := range map[string][]string{
		"events/talks.md":  {"create", "date: 2024-02-08\n", "title: \"=1+1 talks\"\n", "First line.\\nSecond line.", "people: [A]\n"},
		"events/treaty.md": {"create", "date: 2001\n", "people: [A, B]\n"},
		"people/b.md":      {"create", "name: B\n"},
	} {
		for _, w := range want {
			if !strings.Contains(got[path], w) {
				t.Errorf("%s lacks %q:\n%s", path, w, got[path])
			}
		}
	}
	if len(got) != 3 {
		t.Errorf("%d files planned, want 3: %v", len(got), got)
	}
}

// TestImportEventsJSON: the site's own events.json, imported beside its
// people and topics, makes the files that build into the same event pages.
func TestImportEventsJSON(t *testing.T) {
	s := build(t, content.FS)
	data, _ := s.File("data/events.json")
	dir := termsOnly(t, content.FS)
	if err := importer.Write(dir, plan(t, dir, "events.json", data)); err != nil {
		t.Fatal(err)
	}
	again := build(t, os.DirFS(dir))
	for _, e := range s.Events {
		got, ok := again.File(e.URL() + "index.html")
		if want, _ := s.File(e.URL() + "index.html"); !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs after importing events.json", e.URL())
		}
	}
}

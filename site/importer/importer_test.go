package importer_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// BenchmarkImport10k plans and writes 10,000 synthetic events from their
// events.csv into a folder with only their terms.
func BenchmarkImport10k(b *testing.B) {
	tree := synth.FS(10000, 1)
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

package synth_test

import (
	"io/fs"
	"strings"
	"testing"

	"timeline/site"
	"timeline/site/synth"
	"timeline/templates"
)

func files(t *testing.T, fsys fs.FS) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	a, b, c := files(t, synth.FS(50, 7)), files(t, synth.FS(50, 7)), files(t, synth.FS(50, 8))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	same := 0
	for name, data := range a {
		if c[name] == data {
			same++
		}
	}
	if same == len(a) {
		t.Error("another seed gave the same corpus")
	}
}

func TestCorpusFollowsTheContract(t *testing.T) {
	s, err := site.Build(site.Options{Content: synth.FS(300, 1), Templates: templates.FS})
	if err != nil {
		t.Fatalf("the corpus does not build:\n%v", err)
	}
	if len(s.Events) != 300 || len(s.Warnings) > 0 {
		t.Errorf("%d events, warnings %v; want 300 and none", len(s.Events), s.Warnings)
	}
	people := s.Taxonomy("people").Terms
	top, bottom := people[0], people[0]
	for _, p := range people {
		if len(p.Events) > len(top.Events) {
			top = p
		}
		if len(p.Events) < len(bottom.Events) {
			bottom = p
		}
	}
	if len(top.Events) < 10*max(len(bottom.Events), 1) {
		t.Errorf("people are not skewed: the most frequent has %d events, the least %d", len(top.Events), len(bottom.Events))
	}
	for _, e := range s.Events {
		words := len(strings.Fields(string(e.Body)))
		if words < 250 || words > 900 || e.Span.Start.Year < 1990 || e.Span.Start.Year > 2026 {
			t.Errorf("%s: %d words, year %d", e.File, words, e.Span.Start.Year)
			break
		}
	}
}

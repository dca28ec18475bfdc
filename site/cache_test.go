package site

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"timeline/templates"
)

// TestCachedRebuildEqualsCleanBuild edits a site step by step, rebuilding
// with one cache throughout, and checks each result against a clean build.
func TestCachedRebuildEqualsCleanBuild(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/build/cross-links.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[strings.TrimPrefix(f.Name, "content/")] = &fstest.MapFile{Data: f.Data}
	}
	edit := func(name, old, new string) func() {
		return func() {
			fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[name].Data), old, new, 1))}
		}
	}
	appendBody := func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: append(fsys[name].Data, text...)} }
	}
	const treaty = "events/2001-07-16-treaty.md"
	var saved []byte
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"retitle", edit(treaty, "title: Treaty signed", "title: Treaty of friendship signed")},
		{"new body", appendBody(treaty, "A *new* body.\n")},
		{"another body", appendBody("events/2022-02-04-olympics.md", "The *games*.\n")},
		{"drop that body", edit("events/2022-02-04-olympics.md", "The *games*.\n", "")},
		{"break a file", func() {
			saved = fsys[treaty].Data
			fsys[treaty] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n")}
		}},
		{"fix it", func() { fsys[treaty] = &fstest.MapFile{Data: saved} }},
		{"delete an event", func() { delete(fsys, "events/2019-06-05-visit.md") }},
		{"add an event", func() {
			fsys["events/2023-03-21-moscow.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Moscow\ndate: 2023-03-21\n" +
				"type: state-visit\npeople: [Xi Jinping, Putin]\ntopics: [trade]\nsummary: s\n" +
				"sources: [{title: t, url: \"https://example.org/\"}]\n---\nTalks in *Moscow*.\n")}
		}},
		{"rename a person", edit("people/xi-jinping.md", "name: Xi Jinping", "name: Xi Jinping\naliases: [Xi]")},
	}
	cache := NewCache()
	for _, step := range steps {
		step.do()
		opts := Options{Content: fsys, Templates: templates.FS, ContentDir: "content"}
		clean, cleanErr := Build(opts)
		opts.Cache = cache
		cached, cachedErr := Build(opts)
		if (cleanErr == nil) != (cachedErr == nil) || cleanErr != nil && cleanErr.Error() != cachedErr.Error() {
			t.Fatalf("%s: clean build error %v, cached build error %v", step.name, cleanErr, cachedErr)
		}
		if cleanErr != nil {
			if step.name != "break a file" {
				t.Fatalf("%s: %v", step.name, cleanErr)
			}
			continue
		}
		if !maps.EqualFunc(clean.Files, cached.Files, func(a, b []byte) bool { return string(a) == string(b) }) {
			for name := range clean.Files {
				if string(clean.Files[name]) != string(cached.Files[name]) {
					t.Errorf("%s: %s differs from a clean build", step.name, name)
				}
			}
			t.Fatalf("%s: the cached build differs from a clean build", step.name)
		}
	}
	if len(cache.html) != 2 {
		t.Errorf("the cache holds %d bodies after the last build, want the 2 in use", len(cache.html))
	}
}

package site_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// mapFS copies a tree into memory, every file with one modification
// time, as on disk, so that a build with a Cache reads again only what
// changed.
func mapFS(t testing.TB, fsys fs.FS) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		m[p] = &fstest.MapFile{Data: data, ModTime: stamp}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameSite fails unless a lazy build has the files of an eager one, with
// the same bytes.
func sameSite(t *testing.T, step string, lazy *site.Site, opts site.Options) {
	t.Helper()
	opts.Cache, opts.Lazy = nil, false
	eager, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lazy.Names(), eager.Names(); !slices.Equal(got, want) {
		t.Fatalf("%s: the lazy build has %d files, the eager one %d", step, len(got), len(want))
	}
	for _, name := range eager.Names() {
		a, _ := lazy.File(name)
		b, _ := eager.File(name)
		if string(a) != string(b) {
			t.Errorf("%s: %s differs in the lazy build", step, name)
		}
	}
}

// TestLazyBuildIsTheSame: the preview's builds, which make pages and the
// search index only when asked for, give every file an eager build gives,
// byte for byte, before and after an edit; Changed names the pages the
// edit shows on and no others, and nothing when nothing changed.
func TestLazyBuildIsTheSame(t *testing.T) {
	fsys := mapFS(t, content.FS)
	opts := site.Options{Content: fsys, Templates: templates.FS, Cache: site.NewCache(), Lazy: true,
		Outputs: output.All, Listing: output.Listing}
	first, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	sameSite(t, "the first build", first, opts)
	again, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if changed := again.Changed(first); len(changed) > 0 {
		t.Errorf("nothing changed, but Changed gives %v", changed)
	}
	const file = "events/2024-05-16-putin-state-visit-china.md"
	f := fsys[file]
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), "title: ", "title: Edited ", 1)),
		ModTime: f.ModTime.Add(time.Second)}
	edited, err := site.Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	sameSite(t, "after a title was edited", edited, opts)
	changed := edited.Changed(again)
	for _, want := range []string{"index.html", "events/2024-05-16-putin-state-visit-china/index.html", "people/xi-jinping/index.html", "years/2024/index.html"} {
		if !slices.Contains(changed, want) {
			t.Errorf("a title edited: Changed lacks %s", want)
		}
	}
	if slices.Contains(changed, "events/2001-07-16-treaty-of-good-neighbourliness/index.html") {
		t.Errorf("a title edited: Changed names an unrelated event's page")
	}
	if len(changed) > len(edited.Names())/4 {
		t.Errorf("a title edited: Changed names %d of %d files", len(changed), len(edited.Names()))
	}
}

// TestLazyTemplateErrorOnItsPage: in a lazy build a template that fails
// on one page fails when that page is asked for, and the page names the
// template's file, line and column.
func TestLazyTemplateErrorOnItsPage(t *testing.T) {
	tfs := mapFS(t, templates.FS)
	tfs["year.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n<h1>{{.Year.Nothing}}</h1>{{end}}\n")}
	s, err := site.Build(site.Options{Content: content.FS, Templates: tfs, Cache: site.NewCache(), Lazy: true, Outputs: output.All})
	if err != nil {
		t.Fatalf("a lazy build fails at once: %v", err)
	}
	page, ok := s.File("years/2024/index.html")
	if !ok || !strings.Contains(string(page), "year.html:2:") || !strings.Contains(string(page), "Nothing") {
		t.Errorf("the failing page reads %.300q; want the template's error at year.html:2", page)
	}
}

// TestLazyBigFilesNotKept: a preview keeps the small files it made, but
// makes a file of over a megabyte (an export) each time it is asked for,
// with the same bytes, rather than hold it for as long as the build
// lasts; and so a file of a LazyOutput (the search index), whose output
// holds what it takes to make it again, whatever its size.
func TestLazyBigFilesNotKept(t *testing.T) {
	made := map[string]int{}
	sizes := map[string]int{"small.txt": 1000, "big.txt": 2 << 20, "later/small.txt": 1000}
	counting := func(later bool) site.Output {
		return func(*site.Site) map[string]func() []byte {
			files := map[string]func() []byte{}
			for name, size := range sizes {
				if strings.HasPrefix(name, "later/") == later {
					files[name] = func() []byte { made[name]++; return []byte(strings.Repeat("x", size)) }
				}
			}
			return files
		}
	}
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, Cache: site.NewCache(), Lazy: true,
		Outputs: []site.Output{counting(false), site.LazyOutput("later/", counting(true))}})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		for name, size := range sizes {
			if data, ok := s.File(name); !ok || len(data) != size {
				t.Fatalf("%s: %d bytes, want %d", name, len(data), size)
			}
		}
	}
	want := map[string]int{"small.txt": 1, "big.txt": 3, "later/small.txt": 3}
	for name, n := range want {
		if made[name] != n {
			t.Errorf("asked for 3 times, %s was made %d times, want %d", name, made[name], n)
		}
	}
}

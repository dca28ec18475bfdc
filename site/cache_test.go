package site

import (
	"cmp"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"timeline/content"
	"timeline/templates"
)

// TestCachedRebuildEqualsCleanBuild edits a site step by step, rebuilding
// with one cache throughout, and checks each result against a clean build:
// once for files with modification times (as on disk) and once without.
func TestCachedRebuildEqualsCleanBuild(t *testing.T) {
	t.Run("with modification times", func(t *testing.T) { editSequence(t, true) })
	t.Run("without", func(t *testing.T) { editSequence(t, false) })
}

func editSequence(t *testing.T, stamped bool) {
	ar, err := txtar.ParseFile("testdata/build/cross-links.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(name string, data []byte) {
		f := &fstest.MapFile{Data: data}
		if stamped {
			clock = clock.Add(time.Second)
			f.ModTime = clock
		}
		fsys[name] = f
	}
	for _, f := range ar.Files {
		put(strings.TrimPrefix(f.Name, "content/"), f.Data)
	}
	edit := func(name, old, new string) func() {
		return func() { put(name, []byte(strings.Replace(string(fsys[name].Data), old, new, 1))) }
	}
	appendBody := func(name, text string) func() {
		return func() { put(name, append(slices.Clone(fsys[name].Data), text...)) }
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
			put(treaty, []byte("---\ntitle: [\n---\n"))
		}},
		{"fix it", func() { put(treaty, saved) }},
		{"delete an event", func() { delete(fsys, "events/2019-06-05-visit.md") }},
		{"add an event", func() {
			put("events/2023-03-21-moscow.md", []byte("---\ntitle: Moscow\ndate: 2023-03-21\n"+
				"type: state-visit\npeople: [Xi Jinping, Putin]\ntopics: [trade]\nsummary: s\n"+
				"sources: [{title: t, url: \"https://example.org/\"}]\n---\nTalks in *Moscow*.\n"))
		}},
		{"alias for a person", edit("people/xi-jinping.md", "name: Xi Jinping", "name: Xi Jinping\naliases: [Xi]")},
		{"rename a person", edit("people/jiang-zemin.md", "name: Jiang Zemin", "name: Jiang Zemin (江泽民)")},
		{"rename a topic", edit("topics/trade.md", "name: Trade", "name: Trade and economy")},
		{"retitle a neighbour", edit("events/2022-02-04-olympics.md", "title: Olympics", "title: Winter Olympics")},
		{"move an event in time", edit("events/2021-06-28-anniversary.md", "date: 2021-06-28", "date: 1999-06-28")},
		{"another person, as many", edit("events/2021-06-28-anniversary.md", "people: [Xi Jinping, 普京]", "people: [Jiang Zemin, 普京]")},
		{"another topic, as many", edit("events/2021-06-28-anniversary.md", "topics: [treaty]", "topics: [trade]")},
		{"make an event a draft", edit("events/2022-02-04-olympics.md", "type: meeting", "type: meeting\ndraft: true")},
		{"retitle the site", edit("_index.md", "title: Links", "title: Links and more")},
		{"name a licence", edit("_index.md", "title: Links and more", "title: Links and more\nlicense: CC0-1.0")},
	}
	cache := NewCache()
	for _, step := range steps {
		step.do()
		opts := Options{Content: fsys, Templates: templates.FS, ContentDir: "content", BaseURL: "https://example.org/t/",
			Outputs: []Output{termList}, Listing: termListing}
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
		for _, name := range clean.Names() {
			data, _ := clean.File(name)
			if got, ok := cached.File(name); !ok || string(got) != string(data) {
				t.Fatalf("%s: %s differs from a clean build", step.name, name)
			}
		}
		if n, m := len(cached.Names()), len(clean.Names()); n != m {
			t.Fatalf("%s: the cached build has %d files, a clean one %d", step.name, n, m)
		}
	}
	if len(cache.pages.values) == 0 {
		t.Error("no pages were kept for reuse")
	}
}

// termListing lists the files of termList for the data page, as one set.
func termListing(s *Site) []DataFile {
	set := DataFile{Name: "*/*/events.txt", Format: "text", About: "each term's events"}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			set.Files = append(set.Files, t.URL()+"events.txt")
		}
	}
	return []DataFile{set}
}

// TestPreviewWithTemplatesThatReachFurther: pages are reused only where the
// templates show nothing their key does not cover. An event page that
// shows how many events the site has is made anew when an event is added,
// and one that shows only its own event is not.
func TestPreviewWithTemplatesThatReachFurther(t *testing.T) {
	on := func(year string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.Replace(okEvent, "date: 2024", "date: "+year, 1))}
	}
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: Count\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"people/b.md": {Data: []byte("---\nname: B\n---\n")},
		"events/d.md": on("2020"),
		"events/e.md": on("2024"),
		"events/g.md": on("2026"),
	}
	// An event that is neither a neighbour of e nor related to it.
	added := strings.Replace(strings.Replace(okEvent, "date: 2024", "date: 2019", 1), "people: [A]", "people: [B]", 1)
	for _, tt := range []struct {
		template string
		reusable bool
	}{
		{`{{define "main"}}<p>{{.Event.Title}} is one of {{len .Site.Events}}.</p>{{end}}`, false},
		{`{{define "main"}}<p>{{with .Event.Older}}{{with .Older}}{{.Slug}}{{end}}{{end}}</p>{{end}}`, false},
		{`{{define "main"}}<p>{{.Event.Title}}{{range .Event.Related}} {{.Title}}{{end}}</p>{{end}}`, true},
	} {
		tmpl := templates.Overlay(fstest.MapFS{"event.html": {Data: []byte(tt.template)}})
		cache := NewCache()
		opts := Options{Content: fsys, Templates: tmpl, Cache: cache}
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
		fsys["events/f.md"] = &fstest.MapFile{Data: []byte(added)}
		cached, err := Build(opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.Cache = nil
		clean, _ := Build(opts)
		got, _ := cached.File("events/e/index.html")
		want, _ := clean.File("events/e/index.html")
		if string(got) != string(want) {
			t.Errorf("%s: the preview kept\n%s\nwhere a clean build gives\n%s", tt.template, got, want)
		}
		ts := clean.templatesFor(t, tmpl)
		if reach := newReach(ts.sets["event.html"]).page(); reach != tt.reusable {
			t.Errorf("%s: pages reusable = %v, want %v", tt.template, reach, tt.reusable)
		}
		delete(fsys, "events/f.md")
	}
}

// templatesFor parses a site's templates as a build does.
func (s *Site) templatesFor(t *testing.T, tfs fs.FS) *templateSets {
	var errs Diagnostics
	ts, _ := s.templates(tfs, "templates", [32]byte{}, nil, newEntryMemo(true), &errs)
	if ts == nil {
		t.Fatal(errs)
	}
	return ts
}

// TestDefaultTemplatesReuse: the default templates' event pages show
// only what their keys cover, so the preview may reuse them, and so may
// the list entries, with their place links. (Term and year pages name
// their entry template by a variable, in partials/events.html, which
// reach cannot follow: they are made anew.)
func TestDefaultTemplatesReuse(t *testing.T) {
	s, err := Build(Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	ts := s.templatesFor(t, templates.FS)
	if !newReach(ts.sets["event.html"]).page() {
		t.Errorf("the pages of event.html reach beyond their keys")
	}
	for _, entry := range []string{"event-item", "event-row"} {
		if !newReach(ts.sets["home.html"]).entry(entry) {
			t.Errorf("the entry %s reaches beyond its event", entry)
		}
	}
}

// TestPreviewTemplatesEdited: the preview keeps its parsed templates from
// one rebuild to the next, and a page shows an edit of its page file, of
// a partial, of base.html or of the site's settings at the next one.
func TestPreviewTemplatesEdited(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: Kept\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"events/e.md": {Data: []byte(okEvent)},
	}
	tfs := templatesCopy()
	cache := NewCache()
	page := func(step, want string, event ...string) {
		t.Helper()
		s, err := Build(Options{Content: fsys, Templates: tfs, Cache: cache, Lazy: true})
		if err != nil {
			t.Fatal(err)
		}
		name := "events/" + cmp.Or(append(event, "e")[0]) + "/index.html"
		got, _ := s.File(name)
		if !strings.Contains(string(got), want) {
			t.Errorf("%s: %s lacks %q", step, name, want)
		}
	}
	edit := func(file, old, new string) {
		t.Helper()
		text := string(tfs[file].Data)
		if !strings.Contains(text, old) {
			t.Fatalf("%s has no %q", file, old)
		}
		tfs[file] = &fstest.MapFile{Data: []byte(strings.Replace(text, old, new, 1))}
	}
	page("first", "<title>")
	page("unchanged", "<title>")
	edit("event.html", `{{define "main" -}}`, `{{define "main" -}}<p>page file edited</p>`)
	page("event.html edited", "page file edited")
	page("unchanged again", "page file edited")
	edit("base.html", "<body", `<meta name="edit" content="base edited"><body`)
	page("base.html edited", "base edited")
	edit("partials/citation-meta.html", `{{define "citation-meta" -}}`, `{{define "citation-meta" -}}<meta name="edit" content="partial edited">`)
	page("partial edited", "partial edited")
	fsys["_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Renamed\n---\n")}
	page("settings edited", "Renamed")
	edit("messages/en.yaml", "heading.sources: Sources", "heading.sources: Cited sources")
	page("a word edited", ">Cited sources<")
	fsys["events/f.md"] = &fstest.MapFile{Data: []byte(strings.Replace(okEvent, "date: 2024", "date: 2019-03-05", 1))}
	page("an event added", "5 March 2019", "f")
}

// TestPreviewKeepsNoOldSite: what the preview keeps from one rebuild to
// the next (templates, pages, entries, indexes) does not keep the site
// of the rebuild before, with all it read, alive.
func TestPreviewKeepsNoOldSite(t *testing.T) {
	cache := NewCache()
	opts := Options{Content: content.FS, Templates: templates.FS, Cache: cache, Lazy: true}
	first, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	first.File("events/2024-05-16-putin-state-visit-china/index.html")
	gone := make(chan bool, 1)
	runtime.AddCleanup(first, func(struct{}) { gone <- true }, struct{}{})
	first = nil
	second, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		runtime.GC()
		select {
		case <-gone:
			runtime.KeepAlive(second)
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Error("the site of the first build is still alive after the second")
}

// TestWatchedLooksAtChangedOnly: told by a watcher what changed, a
// preview's rebuild looks at those files and at the files in those
// folders only, and at every file when told nothing.
func TestWatchedLooksAtChangedOnly(t *testing.T) {
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: Watched\n---\n"), ModTime: stamp},
		"people/a.md": {Data: []byte("---\nname: A\n---\n"), ModTime: stamp},
	}
	titled := func(name, title string) {
		stamp = stamp.Add(time.Second)
		fsys["events/"+name+".md"] = &fstest.MapFile{Data: []byte(strings.Replace(okEvent, "title: Fine", "title: "+title, 1)), ModTime: stamp}
	}
	for _, name := range []string{"a", "b", "c", "d"} {
		titled(name, "First "+name)
	}
	cache := NewCache()
	shows := func(step, name, title string) {
		t.Helper()
		s, err := Build(Options{Content: fsys, Templates: templates.FS, Cache: cache, Lazy: true})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := s.File("events/" + name + "/index.html")
		if !strings.Contains(string(page), title) {
			t.Errorf("%s: events/%s shows no %q", step, name, title)
		}
	}
	shows("first build", "a", "First a")
	titled("a", "Second a")
	cache.Watched([]string{"events/a.md"})
	shows("the file changed", "a", "Second a")
	titled("b", "Second b")
	cache.Watched([]string{"events"})
	shows("its folder changed", "b", "Second b")
	titled("c", "Second c")
	cache.Watched([]string{"."})
	shows("the whole tree changed", "c", "Second c")
	titled("d", "Second d")
	cache.Watched([]string{"events/a.md"})
	shows("another file changed", "d", "First d") // the build did not look at d
	shows("no watcher", "d", "Second d")
}

// templatesCopy is a copy of the built-in templates that a test may edit.
func templatesCopy() fstest.MapFS {
	tfs := fstest.MapFS{}
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(templates.FS, p)
			tfs[p] = &fstest.MapFile{Data: data}
		}
		return err
	})
	return tfs
}

// TestWatchedFilesComeAndGo: told by a watcher of files made and removed,
// in folders old and new and in those a build does not read, a preview's
// rebuild lists the tree as a walk of it would, in the walk's order, and
// has the files of a build from nothing.
func TestWatchedFilesComeAndGo(t *testing.T) {
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	file := func(data string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(data), ModTime: stamp} }
	fsys := fstest.MapFS{
		"_index.md":   file("---\ntitle: Watched\n---\n"),
		"people/a.md": file("---\nname: A\n---\n"),
		"events/b.md": file(okEvent),
	}
	cache := NewCache()
	build := func(step string, changed ...string) {
		t.Helper()
		if changed != nil {
			cache.Watched(changed)
		}
		s, err := Build(Options{Content: fsys, Templates: templates.FS, Cache: cache, Lazy: true})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		fresh, err := Build(Options{Content: fsys, Templates: templates.FS})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if got, want := s.Names(), fresh.Names(); !slices.Equal(got, want) {
			t.Errorf("%s: the rebuild has %q,\nwant %q", step, got, want)
		}
		var errs Diagnostics
		if got, want := cache.stamps.listed, walkContent(fsys, "", nil, &errs); !slices.Equal(got, want) {
			t.Errorf("%s: the rebuild listed %q, a walk %q", step, got, want)
		}
	}
	build("first build")
	fsys["events/a.md"] = file(okEvent)
	build("a file made", "events/a.md")
	fsys["events/2024-x.md"], fsys["events/2024/c.md"] = file(okEvent), file(okEvent)
	build("files made, one in a new folder", "events/2024-x.md", "events/2024/c.md")
	fsys[".drafts/d.md"], fsys["events/.e.md"], fsys["static/f.md"] = file(okEvent), file(okEvent), file("f")
	build("files made where a build reads none", ".drafts/d.md", "events/.e.md", "static/f.md")
	delete(fsys, "events/b.md")
	build("a file removed", "events/b.md")
	delete(fsys, "events/2024/c.md")
	build("a folder removed", "events/2024")
	fsys["events/z/y.md"] = file(okEvent)
	build("a folder made", "events/z")
}

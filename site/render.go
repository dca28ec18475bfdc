package site

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"timeline/site/internal/parallel"
)

// A Page is what a template gets: the site, where the page is, and the
// event, term, taxonomy or year it shows.
type Page struct {
	Site        *Site
	Kind        string // home, event, term, terms, year, data, 404, search, print
	URL         string // path from the site root: "", "events/x/", "404.html"
	Root        string // how to get from this page to the site root: "./", "../../"
	Title       string
	Description string

	Event    *Event
	Term     *Term
	Taxonomy *Taxonomy // of a term page, or the one a terms page lists
	Year     *Year

	// Alternates are the page in every edition, the default first; none
	// for a site of one edition.
	Alternates []Alternate

	template string    // the page file it is made with
	citation *Citation // made when first asked for
	dataset  *Dataset  // of the data page, as renderData makes it
}

// Canonical is the page's absolute URL, when the site has a base URL.
func (p *Page) Canonical() string {
	if p.Site.BaseURL == "" {
		return ""
	}
	return p.Site.BaseURL + p.URL
}

// FeedURL is the path of the page's Atom feed from the site root, if an
// output made one for it: the page's own, or else the site's.
func (p *Page) FeedURL() string {
	if _, ok := p.Site.made[p.URL+"feed.xml"]; ok && p.Kind == "term" {
		return p.URL + "feed.xml"
	}
	if _, ok := p.Site.made["feed.xml"]; ok {
		return "feed.xml"
	}
	return ""
}

// render executes the templates for every page, on every core, and copies
// the assets. A page whose key is the one it had in the last build of the
// cache, or that out has from an earlier build, is not made again (see
// reuse.go); keyed says out may have some, and then store keeps the list
// entries for the next build. With lazy, a page is made only when File
// first asks for it, and its key is kept for Changed.
func (s *Site) render(tfs fs.FS, dir string, settings [32]byte, cache *Cache, store Store, keyed, lazy bool, out target, errs *Diagnostics) {
	entries := newEntryMemo(true)
	if cache != nil {
		entries = cache.entries
	} else if keyed {
		entries.store = store
	}
	ts, reach := s.templates(tfs, dir, settings, cache, entries, errs)
	if ts == nil {
		return
	}
	var list []*Page
	for _, p := range s.Pages {
		if own := ts.own(p); own != "" {
			p.template = own
		}
		if p.Kind == "data" {
			s.dataPage = ts.sets[p.template] // made after the outputs (renderData)
			continue
		}
		list = append(list, p)
	}
	if lazy {
		s.renderLazily(ts, reach, dir, settings, cache, list)
		copyAssets(tfs, dir, out, errs)
		return
	}
	failed, unwritten := make([]error, len(list)), make([]error, len(list))
	parallel.For(len(list), func(i int) {
		p := list[i]
		var key [32]byte
		reusable := (cache != nil || keyed) && reach[p.template]
		if reusable {
			key, reusable = p.key(ts.sum, settings)
		}
		if reusable && out.has(p.file(), key) {
			return
		}
		if kept, ok := cache.page(s.Edition.Prefix + p.file()); reusable && ok && kept.key == key {
			unwritten[i] = out.put(p.file(), kept.data)
			return
		}
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		if failed[i] = ts.sets[p.template].ExecuteTemplate(buf, "base", p); failed[i] != nil {
			return
		}
		data := buf.Bytes()
		if cache != nil || out.keeps() {
			data = bytes.Clone(data) // one exact copy, which outputs and the cache may keep
		}
		if reusable && cache != nil {
			cache.pages.put(s.Edition.Prefix+p.file(), keptPage{key, data})
		}
		unwritten[i] = out.put(p.file(), data)
	})
	for i, p := range list {
		if failed[i] != nil {
			addTemplateError(errs, dir, p.template, failed[i])
		}
		if unwritten[i] != nil {
			errs.add("", 0, 0, "cannot write %s: %v", p.file(), unwritten[i])
		}
	}
	copyAssets(tfs, dir, out, errs)
}

// makeFiles makes the files of the outputs (data exports, feeds, sitemap)
// on every core into out; for a site in memory, lazy, only when first
// asked for, through Site.File.
func (s *Site) makeFiles(lazy bool, out target, errs *Diagnostics) {
	names := make([]string, 0, len(s.made))
	for name := range s.made {
		names = append(names, name)
	}
	slices.Sort(names)
	if lazy {
		if s.lazy == nil {
			s.lazy = map[string]*lazyFile{}
		}
		for _, name := range names {
			s.lazy[name] = &lazyFile{make: s.made[name], write: s.pieces[name]}
		}
		return
	}
	// The later outputs first: each runs on one core while the other
	// files are made on the rest, then makes its own files on them all.
	folders := slices.Sorted(maps.Keys(s.later))
	var mu sync.Mutex
	s.sizes = make(map[string]int, len(names))
	write := func(name string, made func() []byte) {
		var size int
		var err error
		key, keyed := s.keyOfFile(name)
		switch {
		case keyed && s.remembers() && out.has(name, key()):
			size, err = out.size(name)
		case s.pieces[name] != nil:
			size, err = out.putFrom(name, s.pieces[name])
		default:
			data := made()
			size, err = len(data), out.put(name, data)
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs.add("", 0, 0, "cannot write %s: %v", name, err)
		}
		s.sizes[name] = size
	}
	parallel.For(len(folders)+len(names), func(i int) {
		if i >= len(folders) {
			write(names[i-len(folders)], s.made[names[i-len(folders)]])
			return
		}
		files := s.later[folders[i]].run()
		later := slices.Sorted(maps.Keys(files))
		parallel.For(len(later), func(j int) { write(later[j], files[later[j]].get) })
	})
}

// A lazyFile is an output file made the first time it is asked for, and
// kept unless it is larger than keptSize or again is set: a preview holds
// the pages it shows, not the exports of tens of megabytes a reader
// fetches once, which are made again each time they are asked for. One
// made in pieces (write) is never kept.
type lazyFile struct {
	once  sync.Once
	make  func() []byte
	write func(io.Writer)
	data  []byte
	again bool         // not kept: made again each time it is asked for
	size  atomic.Int64 // its length and one, once known
}

// keptSize is the largest lazy file kept once made.
const keptSize = 1 << 20

// get gives the file's bytes, making them if need be.
func (f *lazyFile) get() []byte {
	first := f.first()
	switch {
	case first != nil:
		return first
	case f.again:
		return f.make()
	}
	return f.data
}

// first makes the file the first time it is called, and gives its bytes
// then; nil after.
func (f *lazyFile) first() []byte {
	var first []byte
	f.once.Do(func() {
		first = f.make()
		f.size.Store(int64(len(first)) + 1)
		if f.again = f.again || len(first) > keptSize || f.write != nil; !f.again {
			f.data = first
		}
	})
	return first
}

// writeTo writes a file made in pieces to w, as they are made.
func (f *lazyFile) writeTo(w io.Writer) {
	c := &counter{w: w}
	f.write(c)
	f.size.Store(c.n + 1)
}

// length gives the file's size, making it only if it was never made: a
// file made in pieces is written to count its bytes, not held.
func (f *lazyFile) length() int {
	if f.size.Load() == 0 {
		if f.write != nil {
			f.writeTo(io.Discard)
		} else {
			f.first()
		}
	}
	return int(f.size.Load() - 1)
}

// A counter counts what is written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// InPieces gives the maker of an output's file, name, whose bytes write
// writes in pieces: a build onto disk writes them all, but a preview's
// server sends each piece as it is made (Site.Writer), and holds no more
// of a file of tens of megabytes than a piece.
func (s *Site) InPieces(name string, write func(w io.Writer)) func() []byte {
	if s.pieces == nil {
		s.pieces = map[string]func(io.Writer){}
	}
	s.pieces[name] = write
	return func() []byte {
		var b bytes.Buffer
		write(&b)
		return b.Bytes()
	}
}

// Writer gives what writes a file of a site built in memory that is made
// in pieces (see InPieces), for any edition's file from the default
// edition, and whether there is one.
func (s *Site) Writer(name string) (func(io.Writer), bool) {
	if _, ok := s.Files[name]; ok {
		return nil, false
	}
	if t, rest := s.edition(name); t != s {
		return t.Writer(rest)
	}
	f, ok := s.lazy[name]
	if !ok || f.write == nil {
		return nil, false
	}
	return f.writeTo, true
}

// edition gives the site of the edition a file of the default edition's
// site is in ("ru/index.html": the Russian edition's), and its name there.
func (s *Site) edition(name string) (*Site, string) {
	for _, t := range s.Translated {
		if rest, ok := strings.CutPrefix(name, t.Edition.Prefix); ok {
			return t, rest
		}
	}
	return s, name
}

// File returns an output file of a site built in memory, making it first
// if it is one that is made when asked for; for the default edition, any
// edition's file ("ru/index.html").
func (s *Site) File(name string) ([]byte, bool) {
	if data, ok := s.Files[name]; ok {
		return data, true
	}
	if t, rest := s.edition(name); t != s {
		return t.File(rest)
	}
	f, ok := s.lazy[name]
	if !ok {
		if f, ok = s.laterFile(name); !ok {
			return nil, false
		}
	}
	return f.get(), true
}

// buffers hold pages and bodies while they are rendered, so that each one
// grows in a buffer that has grown before.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pages lists every page of the site, in the order of the sitemap.
func (s *Site) pages() []*Page {
	w := s.Words
	pages := []*Page{
		{Kind: "home", Title: s.Title, template: "home.html"},
		{Kind: "404", URL: "404.html", Title: w.Text("title.404"), template: "404.html"},
		{Kind: "search", URL: "search/", Title: w.Text("title.search"), template: "search.html"},
	}
	for _, x := range s.Taxonomies {
		pages = append(pages, &Page{Kind: "terms", URL: x.URL(), Title: x.Name, Taxonomy: x, template: "terms.html"})
	}
	for _, e := range s.Events {
		pages = append(pages, &Page{Kind: "event", URL: e.URL(), Title: e.Title, Description: e.Summary, Event: e, template: "event.html"})
	}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			pages = append(pages, &Page{Kind: "term", URL: t.URL(), Title: t.Name, Description: s.termDescription(t),
				Term: t, Taxonomy: x, template: "term.html"})
		}
	}
	for _, y := range s.Years {
		pages = append(pages, &Page{Kind: "year", URL: y.URL(), Title: w.Text("title.year", "year", y.Year), Year: y, template: "year.html"})
	}
	if s.hasData {
		pages = append(pages, &Page{Kind: "data", URL: dataURL, Title: w.Text("title.data"), Description: w.Text("data.description"),
			template: "data.html"})
	}
	if s.printed {
		pages = append(pages, &Page{Kind: "print", URL: "print/", Title: w.Text("title.print", "title", s.Title), template: "print.html"})
		for _, x := range s.Taxonomies {
			for _, t := range x.Terms {
				pages = append(pages, &Page{Kind: "print", URL: "print/" + t.URL(), Title: w.Text("title.print", "title", t.Name),
					Term: t, Taxonomy: x, template: "print.html"})
			}
		}
		for _, y := range s.Years {
			pages = append(pages, &Page{Kind: "print", URL: "print/" + y.URL(),
				Title: w.Text("title.print", "title", w.Text("title.year", "year", y.Year)), Year: y, template: "print.html"})
		}
	}
	for _, p := range pages {
		p.Site = s
		p.Root = strings.Repeat("../", strings.Count(p.file(), "/"))
		if p.Root == "" {
			p.Root = "./"
		}
		if p.Kind == "404" && s.BaseURL != "" {
			p.Root = s.BaseURL // a 404 page is served at any depth
		}
		if p.Description == "" {
			p.Description = s.Description
		}
		p.Alternates = p.alternates()
	}
	return pages
}

// PrintURL is the path from the site root of the print edition of what
// the page shows: its term's or year's, or else the whole timeline's; ""
// for a site without one.
func (p *Page) PrintURL() string {
	switch {
	case !p.Site.printed:
		return ""
	case p.Kind == "print":
		return p.URL
	case p.Term != nil && p.Kind == "term":
		return "print/" + p.Term.URL()
	case p.Year != nil:
		return "print/" + p.Year.URL()
	}
	return "print/"
}

// file is the output file of the page.
func (p *Page) file() string {
	if strings.HasSuffix(p.URL, ".html") {
		return p.URL
	}
	return p.URL + "index.html"
}

// termDescription is a term's summary or, for one with roles, its first.
func (s *Site) termDescription(t *Term) string {
	if t.Summary != "" || len(t.Roles) == 0 {
		return t.Summary
	}
	return s.Words.Text("description.role", "name", t.Name, "role", t.Roles[0].Title)
}

// copyAssets adds every file under assets/ in the templates as it is.
func copyAssets(tfs fs.FS, dir string, out target, errs *Diagnostics) {
	err := fs.WalkDir(tfs, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || Ignored(d.Name()) {
			return err
		}
		if target, out := leavesTree(tfs, p); out {
			errs.add(path.Join(dir, p), 0, 0, "links outside the templates folder (to %s), which a build never publishes; copy the file into the folder instead", target)
			return nil
		}
		data, err := fs.ReadFile(tfs, p)
		if err != nil {
			return err
		}
		return out.put(p, data)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.add(path.Join(dir, "assets"), 0, 0, "cannot read: %v", err)
	}
}

// PageCount is the number of HTML pages of every edition.
func (s *Site) PageCount() int {
	n := len(s.Pages)
	for _, t := range s.Translated {
		n += len(t.Pages)
	}
	return n
}

// Names lists every file of a site built in memory, pages and outputs
// alike, sorted.
func (s *Site) Names() []string {
	names := make([]string, 0, len(s.Files)+len(s.lazy))
	for name := range s.Files {
		names = append(names, name)
	}
	for _, t := range append([]*Site{s}, s.Translated...) {
		prefix := ""
		if t != s {
			prefix = t.Edition.Prefix
		}
		for name := range t.lazy {
			names = append(names, prefix+name)
		}
		for _, l := range t.later {
			for name := range l.run() {
				names = append(names, prefix+name)
			}
		}
	}
	slices.Sort(names)
	return names
}

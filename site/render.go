package site

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// A Page is what a template gets: the site, where the page is, and the
// event, term or year it shows.
type Page struct {
	Site        *Site
	Kind        string // home, event, person, topic, people, topics, year, 404
	URL         string // path from the site root: "", "events/x/", "404.html"
	Root        string // how to get from this page to the site root: "./", "../../"
	Title       string
	Description string

	Event *Event
	Term  *Term
	Terms []*Term
	Year  *Year
}

// Canonical is the page's absolute URL, when the site has a base URL.
func (p *Page) Canonical() string {
	if p.Site.BaseURL == "" {
		return ""
	}
	return p.Site.BaseURL + p.URL
}

// render executes the templates for every page, on every core, and copies
// the assets. With a cache that reuses pages, a page whose key is unchanged
// since the last build is not made again.
func (s *Site) render(tfs fs.FS, dir string, settings [32]byte, cache *Cache, out output, errs *Errors) {
	tmpl, tsum := parseTemplates(tfs, dir, errs)
	if tmpl == nil {
		return
	}
	parts := cache.partialStore()
	bindEntries(tmpl, parts, tsum)
	pages := s.pages()
	s.Pages = len(pages)
	failed, unwritten := make([]error, len(pages)), make([]error, len(pages))
	reuse := cache != nil && cache.reusePages
	parallel(len(pages), func(i int) {
		p := pages[i]
		var key [32]byte
		reusable := false
		if reuse {
			key, reusable = p.key(tsum, settings)
		}
		if data, ok := cache.page(p.file(), key, reusable); ok {
			unwritten[i] = out.put(p.file(), data)
			return
		}
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		if failed[i] = tmpl[p.Kind].ExecuteTemplate(buf, "base", p); failed[i] != nil {
			return
		}
		data := buf.Bytes()
		if cache != nil || out.keeps() {
			data = bytes.Clone(data) // one exact copy, which outputs and the cache may keep
		}
		cache.keepPage(p.file(), key, data, reusable)
		unwritten[i] = out.put(p.file(), data)
	})
	for i, p := range pages {
		if failed[i] != nil {
			addTemplateError(errs, dir, p.Kind+".html", failed[i])
		}
		if unwritten[i] != nil {
			errs.add("", 0, 0, "cannot write %s: %v", p.file(), unwritten[i])
		}
	}
	copyAssets(tfs, dir, out, errs)
}

// makeFiles makes the data exports, feeds and sitemap, on every core. For
// the preview (lazy), they are made only when first asked for, through
// Site.File: they show everything, so would be made anew on every edit.
func (s *Site) makeFiles(lazy bool, out output, errs *Errors) {
	var names []string
	makers := s.exports()
	for name, f := range s.published() {
		makers[name] = f
	}
	for name := range makers {
		names = append(names, name)
	}
	slices.Sort(names)
	if lazy {
		s.lazy = map[string]*lazyFile{}
		for _, name := range names {
			s.lazy[name] = &lazyFile{make: makers[name]}
		}
		return
	}
	failed := make([]error, len(names))
	parallel(len(names), func(i int) { failed[i] = out.put(names[i], makers[names[i]]()) })
	for i, err := range failed {
		if err != nil {
			errs.add("", 0, 0, "cannot write %s: %v", names[i], err)
		}
	}
}

// A lazyFile is an output file made the first time it is asked for.
type lazyFile struct {
	once sync.Once
	make func() []byte
	data []byte
}

// File returns an output file of a site built in memory, making it first
// if it is one that is made when asked for.
func (s *Site) File(name string) ([]byte, bool) {
	if data, ok := s.Files[name]; ok {
		return data, true
	}
	f, ok := s.lazy[name]
	if !ok {
		return nil, false
	}
	f.once.Do(func() { f.data = f.make() })
	return f.data, true
}

// buffers hold pages and bodies while they are rendered, so that each one
// grows in a buffer that has grown before.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pages lists every page of the site.
func (s *Site) pages() []*Page {
	pages := []*Page{
		{Kind: "home", Title: s.Title},
		{Kind: "404", URL: "404.html", Title: "Page not found"},
		{Kind: "people", URL: "people/", Title: "People", Terms: s.People},
		{Kind: "topics", URL: "topics/", Title: "Topics", Terms: s.Topics},
	}
	for _, e := range s.Events {
		pages = append(pages, &Page{Kind: "event", URL: e.URL(), Title: e.Title, Description: e.Summary, Event: e})
	}
	for _, t := range s.People {
		pages = append(pages, &Page{Kind: "person", URL: t.URL(), Title: t.Name, Description: personDescription(t), Term: t})
	}
	for _, t := range s.Topics {
		pages = append(pages, &Page{Kind: "topic", URL: t.URL(), Title: t.Name, Description: t.Summary, Term: t})
	}
	for _, y := range s.Years {
		pages = append(pages, &Page{Kind: "year", URL: y.URL(), Title: "Contacts in " + strconv.Itoa(y.Year), Year: y})
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
	}
	return pages
}

// file is the output file of the page.
func (p *Page) file() string {
	if strings.HasSuffix(p.URL, ".html") {
		return p.URL
	}
	return p.URL + "index.html"
}

// parallel calls f(0) to f(n-1) on as many goroutines as there are cores,
// and returns when all are done.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

func personDescription(t *Term) string {
	if len(t.Roles) == 0 {
		return ""
	}
	return t.Name + ": " + t.Roles[0].Title + "."
}

// copyAssets adds every file under assets/ in the templates as it is.
func copyAssets(tfs fs.FS, dir string, out output, errs *Errors) {
	err := fs.WalkDir(tfs, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || Ignored(d.Name()) {
			return err
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

package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
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

// pageKinds are the templates a template folder must have, one per kind of
// page; base.html and partials.html are shared by all.
var pageKinds = []string{"home", "event", "person", "topic", "people", "topics", "year", "404"}

// render executes the templates for every page, on every core, and copies
// the assets.
func (s *Site) render(tfs fs.FS, dir string, errs *Errors) {
	s.Files = map[string][]byte{}
	tmpl := parseTemplates(tfs, dir, errs)
	if tmpl == nil {
		return
	}
	cached := newPartialCache(tmpl)
	pages := s.pages()
	out := make([][]byte, len(pages))
	failed := make([]error, len(pages))
	parallel(len(pages), func(i int) {
		var buf bytes.Buffer
		failed[i] = cached[pages[i].Kind].ExecuteTemplate(&buf, "base", pages[i])
		out[i] = buf.Bytes()
	})
	for i, p := range pages {
		if failed[i] != nil {
			addTemplateError(errs, dir, p.Kind+".html", failed[i])
			continue
		}
		s.Files[p.file()] = out[i]
	}
	copyAssets(tfs, dir, s.Files, errs)
}

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
		pages = append(pages, &Page{Kind: "year", URL: y.URL(), Title: "Contacts in " + itoa(y.Year), Year: y})
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

// parseTemplates builds one template set per page kind.
func parseTemplates(tfs fs.FS, dir string, errs *Errors) map[string]*template.Template {
	base := template.New("").Funcs(funcs)
	for _, name := range []string{"base.html", "partials.html"} {
		if !parseFile(base, tfs, dir, name, errs) {
			return nil
		}
	}
	sets := map[string]*template.Template{}
	for _, kind := range pageKinds {
		t := template.Must(base.Clone())
		if parseFile(t, tfs, dir, kind+".html", errs) {
			sets[kind] = t
		}
	}
	if len(sets) < len(pageKinds) {
		return nil
	}
	return sets
}

func parseFile(t *template.Template, tfs fs.FS, dir, name string, errs *Errors) bool {
	text, err := fs.ReadFile(tfs, name)
	if err != nil {
		errs.add(path.Join(dir, name), 0, 0, "cannot read the template: %v; every template folder needs %s", errors.Unwrap(err), name)
		return false
	}
	if _, err := t.New(name).Parse(string(text)); err != nil {
		addTemplateError(errs, dir, name, err)
		return false
	}
	return true
}

var templatePos = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?:\s*`)

// addTemplateError turns a template error into file:line:col form.
func addTemplateError(errs *Errors, dir, file string, err error) {
	msg := err.Error()
	line, col := 0, 0
	if m := templatePos.FindStringSubmatchIndex(msg); m != nil {
		file = msg[m[2]:m[3]]
		line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		msg = msg[:m[0]] + msg[m[1]:]
	}
	msg = strings.TrimPrefix(msg, "template: ")
	errs.add(path.Join(dir, file), line, col, "%s; fix the template", msg)
}

// copyAssets adds every file under assets/ in the templates as it is.
func copyAssets(tfs fs.FS, dir string, files map[string][]byte, errs *Errors) {
	err := fs.WalkDir(tfs, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || Ignored(d.Name()) {
			return err
		}
		data, err := fs.ReadFile(tfs, p)
		files[p] = data
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.add(path.Join(dir, "assets"), 0, 0, "cannot read: %v", err)
	}
}

var typeNames = map[string]string{
	"state-visit": "State visit", "official-visit": "Official visit", "working-visit": "Working visit",
	"meeting": "Meeting", "summit-sideline": "Summit meeting", "phone-call": "Phone call",
	"video-call": "Video call", "ministerial": "Ministerial meeting", "signing": "Signing",
	"statement": "Statement", "other": "Other",
}

// newPartialCache gives each template set a "cached" function sharing one
// store, for the duration of one render.
func newPartialCache(sets map[string]*template.Template) map[string]*template.Template {
	var mu sync.Mutex
	store := map[string]template.HTML{}
	for _, t := range sets {
		t.Funcs(template.FuncMap{"cached": func(name string, data any, key ...any) (template.HTML, error) {
			k := name + "\x00" + fmt.Sprint(key...)
			mu.Lock()
			h, ok := store[k]
			mu.Unlock()
			if ok {
				return h, nil
			}
			var buf bytes.Buffer
			if err := t.ExecuteTemplate(&buf, name, data); err != nil {
				return "", err
			}
			h = template.HTML(buf.String())
			mu.Lock()
			store[k] = h
			mu.Unlock()
			return h, nil
		}})
	}
	return sets
}

var funcs = template.FuncMap{
	// cached executes a template once per build for each distinct key and
	// reuses its output: {{cached "event-item" DATA .Page.Root .Event.Slug}}.
	// The key must hold everything the output depends on. (Bound per
	// render; see newPartialCache.)
	"cached": func(string, any, ...any) (template.HTML, error) {
		return "", fmt.Errorf("cached is only available while rendering")
	},
	// typeName is the reader's name of an event type.
	"typeName": func(t string) string { return typeNames[t] },
	// span is a time element for an event's dates.
	"span": func(s Span) template.HTML {
		return template.HTML(`<time datetime="` + s.Start.String() + `">` + s.Human() + `</time>`)
	},
	// date is a time element for one date.
	"date": func(d Date) template.HTML {
		return template.HTML(`<time datetime="` + d.String() + `">` + d.Human() + `</time>`)
	},
	// roleSpan tells when an office was held: "since 2013", "1999–2008".
	"roleSpan": func(s Span) string {
		switch {
		case s.Start.IsZero() && s.End.IsZero():
			return ""
		case s.End.IsZero():
			return "since " + s.Start.Human()
		case s.Start.IsZero():
			return "until " + s.End.Human()
		}
		return s.Human()
	},
	// newestFirst reverses a list of events kept oldest first.
	"newestFirst": func(events []*Event) []*Event {
		out := slices.Clone(events)
		slices.Reverse(out)
		return out
	},
	// dict bundles values for a partial template: dict "Page" $ "Event" .
	"dict": func(kv ...any) (map[string]any, error) {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys must be strings, not %v", kv[i])
			}
			m[k] = kv[i+1]
		}
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs of key and value")
		}
		return m, nil
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return itoa(n) + " " + many
	},
}

package site

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
)

// The keys each kind of content file may have.
var (
	indexKeys    = []string{"title", "description", "base_url", "language", "sides"}
	eventKeys    = []string{"title", "date", "end", "type", "place", "occasion", "people", "topics", "summary", "documents", "sources", "status", "draft"}
	documentKeys = []string{"title", "kind"}
	sourceKeys   = []string{"title", "publisher", "url", "date", "lang"}
	personKeys   = []string{"name", "native", "lang", "country", "aliases", "roles"}
	roleKeys     = []string{"title", "from", "to"}
	topicKeys    = []string{"name", "aliases", "summary"}

	// EventTypes are the kinds of contact an event can be.
	EventTypes = []string{"state-visit", "official-visit", "working-visit", "meeting", "summit-sideline",
		"phone-call", "video-call", "ministerial", "signing", "statement", "other"}
	statuses = []string{"held", "announced", "cancelled"}
)

// contentSet is what load reads from the content tree.
type contentSet struct {
	index  *source
	intro  template.HTML
	events []*Event
	people []*Term
	topics []*Term
}

// load reads every Markdown file of the content tree, parsing them on
// every core. It goes on past bad files so that one build reports every
// problem.
func load(fsys fs.FS, dir string, cache *Cache, errs *Errors) *contentSet {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			errs.add(path.Join(dir, p), 0, 0, "cannot read: %v", err)
		case p != "." && Ignored(d.Name()) && d.IsDir():
			return fs.SkipDir
		case !d.IsDir() && !Ignored(d.Name()) && path.Ext(p) == ".md":
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		errs.add(dir, 0, 0, "cannot read the content: %v", err)
	}
	md := newMarkdown(cache)
	files := make([]loaded, len(paths))
	parallel(len(paths), func(i int) { files[i] = cache.load(fsys, dir, paths[i], md) })

	c := &contentSet{}
	urls := map[string]string{} // output URL -> file that claimed it
	claim := func(u, file string) bool {
		if other, ok := urls[u]; ok {
			errs.add(file, 0, 0, "maps to the same page /%s as %s; rename one of them", u, other)
			return false
		}
		urls[u] = file
		return true
	}
	for _, f := range files {
		*errs = append(*errs, f.errs...)
		switch {
		case f.index != nil:
			c.index, c.intro = f.index, f.intro
		case f.event != nil && claim(f.event.URL(), f.event.File):
			c.events = append(c.events, f.event)
		case f.term != nil && claim(f.term.URL(), f.term.File):
			if f.term.Kind == "people" {
				c.people = append(c.people, f.term)
			} else {
				c.topics = append(c.topics, f.term)
			}
		}
	}
	if c.index == nil && len(*errs) == 0 {
		errs.add(path.Join(dir, "_index.md"), 0, 0, "is missing; create it with the site's title")
	}
	return c
}

// loaded is what one content file gave: one of index, event or term, and
// its problems.
type loaded struct {
	index *source
	intro template.HTML
	event *Event
	term  *Term
	errs  Errors
}

// fresh returns a copy whose event or term a build can link to others,
// leaving the original, which a Cache keeps, as it was read.
func (f loaded) fresh() loaded {
	if f.event != nil {
		e := *f.event
		f.event = &e
	}
	if f.term != nil {
		t := *f.term
		f.term = &t
	}
	return f
}

// loadFile reads and parses one content file.
func loadFile(fsys fs.FS, dir, p string, md *markdown, cache *Cache) (f loaded) {
	name := path.Join(dir, p) // how the user knows the file
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		f.errs.add(name, 0, 0, "cannot read: %v", err)
		return f
	}
	section, rest, nested := strings.Cut(p, "/")
	if p == "_index.md" {
		if f.index = cache.source(name, data, &f.errs); f.index != nil {
			f.intro = md.convert(f.index.body)
		}
		return f
	}
	if !nested || path.Base(rest) == "_index.md" || section != "events" && section != "people" && section != "topics" {
		f.errs.add(name, 0, 0, "is not read: put events in events/, people in people/ and topics in topics/")
		return f
	}
	src := cache.source(name, data, &f.errs)
	if src == nil {
		return f
	}
	slug := slugify(strings.TrimSuffix(path.Base(p), ".md"))
	if section == "events" {
		f.event = readEvent(src, slug, md, &f.errs)
	} else {
		f.term = readTerm(src, section, slug, md, &f.errs)
	}
	return f
}

// Ignored tells the file and folder names that are never input: hidden
// ones (.git, vim's .x.md.swp, emacs's .#x.md) and editors' backup, swap
// and temporary files: x.md~, #x.md#, sed -i's sedXXXXXX,
// JetBrains' x.md___jb_tmp___ and ___jb_old___, x.tmp, x.swp.
func Ignored(name string) bool {
	switch {
	case name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, "___"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".tmp"):
		return true
	case len(name) == 9 && strings.HasPrefix(name, "sed") && isAlnum(name[3:]):
		return true
	}
	return false
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// applyIndex reads the site's own settings from _index.md.
func (s *Site) applyIndex(src *source, errs *Errors) {
	if src == nil {
		return
	}
	f := newFields(src.file, src.meta, indexKeys, errs)
	s.Title = f.str("title", true)
	s.Description = f.str("description", false)
	s.BaseURL = f.str("base_url", false)
	s.Language = f.str("language", false)
	if s.Language == "" {
		s.Language = "en"
	}
	s.IndexFile = src.file
	s.Sides = f.sides()
}

func readEvent(src *source, slug string, md *markdown, errs *Errors) *Event {
	f := newFields(src.file, src.meta, eventKeys, errs)
	e := &Event{Slug: slug, File: src.file, sum: src.sum}
	e.Title = f.str("title", true)
	e.Span = Span{f.date("date", true), f.date("end", false)}
	if !e.Span.End.IsZero() && !e.Span.Start.IsZero() && e.Span.End.coarse(e.Span.Start) < 0 {
		f.errorAt(f.values["end"], "end %s is before date %s; the end is the last day of the contact", e.Span.End, e.Span.Start)
	}
	e.Type = f.oneOf("type", true, EventTypes, "")
	e.Place = f.str("place", false)
	e.Occasion = f.str("occasion", false)
	e.peopleRefs = f.refs("people", true)
	e.topicRefs = f.refs("topics", false)
	e.Summary = f.str("summary", true)
	e.Status = f.oneOf("status", false, statuses, "held")
	e.Draft = f.boolean("draft")
	for _, d := range f.list("documents", documentKeys) {
		e.Documents = append(e.Documents, Document{Title: d.str("title", true), Kind: d.str("kind", false)})
	}
	linked := false
	for _, sf := range f.list("sources", sourceKeys) {
		s := Source{Title: sf.str("title", true), Publisher: sf.str("publisher", false),
			URL: sf.str("url", false), Date: sf.date("date", false), Lang: sf.str("lang", false)}
		if s.URL != "" {
			if err := checkURL(s.URL); err != nil {
				sf.errorAt(sf.values["url"], "url %v", err)
			}
			linked = true
		}
		e.Sources = append(e.Sources, s)
	}
	switch {
	case f.values["sources"] == nil:
		f.errorAt(f.at, "missing required key \"sources\"; cite at least one published source with its url")
	case !linked:
		f.errorAt(f.values["sources"], "no source has a url; cite at least one published source with its url")
	}
	e.Body = md.convert(src.body)
	return e
}

// checkURL accepts absolute http and https URLs only.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q must be an absolute http or https address", s)
	}
	return nil
}

func readTerm(src *source, kind, slug string, md *markdown, errs *Errors) *Term {
	t := &Term{Kind: kind, Slug: slug, File: src.file, digest: src.sum}
	if kind == "topics" {
		f := newFields(src.file, src.meta, topicKeys, errs)
		t.Name = f.str("name", true)
		t.Aliases = f.strs("aliases")
		t.Summary = f.str("summary", false)
	} else {
		f := newFields(src.file, src.meta, personKeys, errs)
		t.Name = f.str("name", true)
		t.Native = f.str("native", false)
		t.Lang = f.str("lang", t.Native != "")
		t.Country = f.str("country", false)
		t.Aliases = f.strs("aliases")
		for _, r := range f.list("roles", roleKeys) {
			t.Roles = append(t.Roles, Role{Title: r.str("title", true), Span: Span{r.date("from", false), r.date("to", false)}})
		}
	}
	if t.Name == "" {
		t.Name = slug
	}
	t.Body = md.convert(src.body)
	return t
}

// normalizeBaseURL checks the site's address, escapes what a URL may not
// hold as it is ("/my site/" becomes "/my%20site/"), and gives it a final
// slash, so that it can start any link, feed entry or sitemap line.
func normalizeBaseURL(s, file string, errs *Errors) string {
	if s == "" {
		return ""
	}
	if err := checkURL(s); err != nil {
		errs.add(file, 0, 0, "base_url %v", err)
		return ""
	}
	u, _ := url.Parse(s) // checkURL parsed it
	return strings.TrimSuffix(u.String(), "/") + "/"
}

func sortTerms(ts []*Term) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := strings.ToLower(ts[i].Name), strings.ToLower(ts[j].Name)
		if a != b {
			return a < b
		}
		return ts[i].Slug < ts[j].Slug
	})
}

package site

import (
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"time"
)

// Options say what to build from.
type Options struct {
	Content   fs.FS  // the content tree: _index.md, events/, people/, topics/
	Templates fs.FS  // the templates and assets/
	BaseURL   string // absolute URL of the published site; overrides _index.md
	Drafts    bool   // include events marked draft

	// ContentDir and TemplatesDir name the two trees in error messages.
	ContentDir, TemplatesDir string

	// Cache, when set, carries what this build read and made over to the
	// next build of the same tree (the live preview's rebuilds).
	Cache *Cache
}

// A Site is one complete build: the content as read and indexed, and every
// output file, in memory. It is never changed after Build returns.
type Site struct {
	Title, Description, BaseURL, Language string
	Intro                                 template.HTML
	IndexFile                             string     // the _index.md it was read from
	Sides                                 [][]string // the two parties, as lists of countries

	Events []*Event // oldest first
	People []*Term  // by name
	Topics []*Term  // by name
	Years  []*Year  // newest first

	// Files maps each output path ("events/x/index.html") to its bytes;
	// nil for a site built straight to disk by BuildTo.
	Files map[string][]byte
	// Pages counts the HTML pages.
	Pages int
	// lazy holds the files made only when asked for (see File).
	lazy map[string]*lazyFile
	// Warnings are problems that did not stop the build.
	Warnings Errors
	// Elapsed is how long the build took.
	Elapsed time.Duration
}

// An Event is one contact between the two sides.
type Event struct {
	Slug, File string
	Title      string
	Span       Span
	Type       string
	Place      string
	Occasion   string
	People     []*Term
	Topics     []*Term
	Summary    string
	Documents  []Document
	Sources    []Source
	Status     string
	Draft      bool
	Body       template.HTML

	Newer, Older *Event   // the neighbouring contacts in time
	Related      []*Event // contacts sharing people or topics, best first

	peopleRefs, topicRefs []ref
	ord                   int      // the event's place in Site.Events
	termPos               []int    // the event's place in each of its terms' Events
	sum, digest           [32]byte // of its file; of what a list entry for it shows
}

// A Document is an agreement, statement or treaty signed or adopted.
type Document struct {
	Title, Kind string
}

// A Source is a published account that backs an event.
type Source struct {
	Title, Publisher, URL, Lang string
	Date                        Date
}

// A Term is a person or a topic: something events refer to and that has a
// page listing them. A Term without a File was referred to but never
// described; it still gets a page.
type Term struct {
	Kind    string // "people" or "topics"
	Slug    string
	Name    string
	File    string
	Aliases []string
	Summary string        // topics: one plain sentence
	Body    template.HTML // a person's bio, a topic's description

	Native, Lang, Country string // people: name in its own script and its BCP 47 tag
	Roles                 []Role // people: offices, in order of precedence

	Events       []*Event    // oldest first
	Counterparts []TermCount // the people met most often, most first
	Companions   []TermCount // topics that come up with it most often

	digest [32]byte // of its file
}

// A Role is an office a person held from one date to another (To is zero
// while it is still held).
type Role struct {
	Title string
	Span  Span
}

// A TermCount is a term and how many events it shares with another.
type TermCount struct {
	Term  *Term
	Count int
}

// A Year holds the events that started in it, oldest first.
type Year struct {
	Year         int
	Events       []*Event
	Newer, Older *Year // the neighbouring years that have events
}

// URL is the event page's path from the site root.
func (e *Event) URL() string { return "events/" + e.Slug + "/" }

// URL is the term page's path from the site root.
func (t *Term) URL() string { return t.Kind + "/" + t.Slug + "/" }

// URL is the year page's path from the site root.
func (y *Year) URL() string { return "years/" + strconv.Itoa(y.Year) + "/" }

// IsPerson reports whether the term is a person.
func (t *Term) IsPerson() bool { return t.Kind == "people" }

// RoleOn is the office the person held on date d: the first of their roles,
// in the order written, whose span contains d.
func (t *Term) RoleOn(d Date) string {
	for _, r := range t.Roles {
		if r.Span.Contains(d) {
			return r.Title
		}
	}
	return ""
}

// Build reads, checks, indexes and renders a site into memory. On failure
// the error is an Errors listing every problem found, in file order.
func Build(opts Options) (*Site, error) {
	m := &memory{files: map[string][]byte{}}
	s, err := build(opts, m)
	if err != nil {
		return nil, err
	}
	s.Files = m.files
	return s, nil
}

// BuildTo builds a site straight into the folder dir, rendering into a
// stage beside it that replaces it only once the whole site is there: on
// any error dir is left exactly as it was. Unchanged files keep their
// modification time. The site's Files are not kept in memory.
func BuildTo(opts Options, dir string) (*Site, error) {
	st, err := newStage(dir)
	if err != nil {
		return nil, err
	}
	s, err := build(opts, st)
	if err != nil {
		st.abort()
		return nil, err
	}
	return s, st.commit()
}

func build(opts Options, out output) (*Site, error) {
	start := time.Now()
	var errs Errors
	s := &Site{BaseURL: opts.BaseURL}
	c := load(opts.Content, opts.ContentDir, opts.Cache, &errs)
	s.applyIndex(c.index, &errs)
	s.Intro = c.intro
	if opts.BaseURL != "" {
		s.BaseURL = opts.BaseURL
	}
	s.BaseURL = normalizeBaseURL(s.BaseURL, path.Join(opts.ContentDir, "_index.md"), &errs)
	events := c.events
	if !opts.Drafts {
		events = withoutDrafts(events)
	}
	s.People, s.Topics = resolve(events, c.people, c.topics, &errs, &s.Warnings)
	if len(errs) == 0 {
		digestAll(events, s.People, s.Topics)
		s.index(events)
		settings := newDigester().bytes(c.index.sum[:]).str(s.BaseURL).sum()
		s.render(opts.Templates, opts.TemplatesDir, settings, opts.Cache, out, &errs)
		s.makeFiles(opts.Cache != nil, out, &errs) // after render, whose partials can go
	}
	opts.Cache.sweep()
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	s.Warnings = s.Warnings.Sorted()
	s.Elapsed = time.Since(start)
	return s, nil
}

func withoutDrafts(events []*Event) []*Event {
	var out []*Event
	for _, e := range events {
		if !e.Draft {
			out = append(out, e)
		}
	}
	return out
}

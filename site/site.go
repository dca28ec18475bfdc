package site

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"timeline/site/internal/parallel"
	"timeline/site/words"
)

// Options say what to build from.
type Options struct {
	Content   fs.FS  // the content tree: _index.md, events/, people/, topics/
	Templates fs.FS  // the templates and assets/
	BaseURL   string // absolute URL of the published site; overrides _index.md
	Drafts    bool   // include events marked draft

	// ContentDir and TemplatesDir name the two trees in error messages.
	ContentDir, TemplatesDir string

	// Outputs make the files besides the pages (output.All: the data
	// exports, feeds, sitemap and robots.txt).
	Outputs []Output
	// Listing says which of the outputs' files the data page (data/)
	// lists and what each holds (output.Listing); without it, or when it
	// lists nothing, the site has no data page.
	Listing Listing

	// Cache, when set, carries what this build read and made over to the
	// next build of the same tree (the live preview's rebuilds).
	Cache *Cache
	// Lazy, with a Cache, has Build make no page until File first asks
	// for it (the live preview, which serves few of them); a template's
	// error then shows on the page. Changed tells two such builds apart.
	Lazy bool

	// Store, when set and Cache is not, is where a build keeps what it
	// parsed for later builds (one kept on disk, for timeline build), and
	// BuildTo gives Committed the key of every file it wrote.
	Store Store
	// Before, for BuildTo with a Store, is every file in the output folder
	// with the key under which the last build made it, as Committed gave
	// it (zero for a file whose key is not known), listed while the
	// folder's Stamp was BeforeStamp. Files whose key is the same are not
	// made again, nor written: only the changed files are written over
	// the folder's, and the ones the site no longer has removed (see
	// patch.go).
	// When the stamp has moved on since (another build, or a hand, changed
	// the folder), Before is ignored.
	Before      map[string][32]byte
	BeforeStamp string

	// Committed, when set, is called by BuildTo with the output folder
	// once the new site is in it, while other builds into it still wait
	// their turn: what it sees there is this build's. With a Store, keys
	// has every file of the output with the key that says what it holds:
	// a page's key (everything it shows), or else a hash of its bytes.
	Committed func(dir string, keys map[string][32]byte)
}

// An Output makes files besides the pages from the built site: it names
// each of its files and how to make it. It is called once the site is
// indexed and its pages listed; the files are made after the pages, on
// every core, or for a site in memory when first asked for (see File).
type Output func(*Site) map[string]func() []byte

// A Site is one complete build of one edition: the content as read and
// indexed, and every output file, in memory; Build returns the default
// edition's, with the others in Translated. It is never changed after
// Build returns.
type Site struct {
	Title, Description, BaseURL, Language string
	Intro                                 template.HTML
	// License names the terms the content is published under ("CC BY
	// 4.0"), and LicenseURL is the address of their text; both may be empty.
	License, LicenseURL string
	IndexFile           string     // the _index.md it was read from
	Sides               [][]string // the two parties, as lists of countries
	// Untranslated is the language of the title, description and intro
	// when they are not in the edition's, for want of a translation.
	Untranslated string

	// Edition is this site's language edition; Editions are all of them,
	// the default first. BaseURL, Language and every file are the
	// edition's own: a site in ru/ has BaseURL ending in ru/.
	Edition  *Edition
	Editions []*Edition
	// Translated holds, for the default edition, the other editions, built.
	Translated []*Site

	Taxonomies []*Taxonomy    // as declared, each with its terms
	Types      []*EventType   // as declared
	Words      *words.Catalog // the words of the site's language

	Events []*Event // oldest first
	Years  []*Year  // newest first
	// HomeEvents is the most events the home page lists in full
	// (home_events in _index.md); Recent are the years it lists in full:
	// the newest, as many as keep their events within HomeEvents, and
	// always the newest of all. Decades hold every year, by decade.
	HomeEvents int
	Recent     []*Year   // newest first
	Decades    []*Decade // newest first

	// Files maps each output path ("events/x/index.html") to its bytes;
	// nil for a site built straight to disk by BuildTo. Lazy pages are
	// not in it (see File).
	Files map[string][]byte
	// store is the build's Store (see Remember); settings is the digest
	// of everything of the site that every page may show (see EventKey).
	store    Store
	settings [32]byte
	// keys are the keys of the pages of a Lazy build (see Changed);
	// deferring says the build is one, and later holds, by folder, the
	// LazyOutputs it has not run yet.
	keys      map[string][32]byte
	deferring bool
	later     map[string]*laterFiles
	// Pages lists every HTML page, in the order of the sitemap.
	Pages []*Page
	// made holds how to make each file of the outputs; lazy, those made
	// only when asked for (see File).
	made map[string]func() []byte
	lazy map[string]*lazyFile
	// pieces write, by name, the files of outputs made in pieces (see
	// InPieces).
	pieces map[string]func(io.Writer)
	// keyed give, by name, the keys of outputs' files that have one
	// without being made (see Keyed); a LazyOutput adds its own as it
	// runs, beside the other outputs' files being made.
	keyed   map[string]func() [32]byte
	keyedMu sync.Mutex
	// sizes are the lengths of the outputs' files a build wrote, and
	// listing the files the data page lists (see data.go).
	sizes   map[string]int
	listing []DataFile
	// main is the default edition's site (itself, for the default).
	main *Site
	// hasData says the site has a data page, which dataPage executes
	// once the outputs are made.
	hasData  bool
	dataPage *template.Template
	// rootURL is the base URL of the whole site, of its default edition.
	rootURL string
	printed bool // it has a print edition
	// templateFiles are, for the default edition, the template files the
	// build read, for every edition; the editions, built at once, read or
	// set them under templateMu.
	templateFiles *templateFiles
	templateMu    sync.Mutex
	// spans and dates hold the words of each event's span and dates
	// (see spanWords, dateWords).
	spans map[Span][3]string
	dates map[Date]string
	// Warnings are problems that did not stop the build.
	Warnings Diagnostics
	// Elapsed is how long the build took.
	Elapsed time.Duration
}

// An Event is one contact between the two sides.
type Event struct {
	Slug, File string
	Title      string
	Span       Span
	Type       *EventType
	Place      string
	Occasion   string
	// Terms holds the terms the event names, a list for every taxonomy
	// of the site in its order, each in the order the file names them.
	Terms     []TermList
	Summary   string
	Documents []Document
	Sources   []Source
	Status    string
	Draft     bool
	Body      template.HTML
	Markdown  string // the body as written, for exports that carry it
	// Untranslated is the language of the title, summary, place, occasion
	// and documents' titles, when they are not in the edition's for want
	// of a translation, and BodyUntranslated that of the body; empty when
	// they are in the edition's.
	Untranslated, BodyUntranslated string

	Newer, Older *Event   // the neighbouring contacts in time
	Related      []*Event // contacts sharing terms, best first

	refs    map[string][]ref              // by taxonomy key, as written
	ord     int                           // the event's place in Site.Events
	all     []*Term                       // every term, taxonomy by taxonomy
	termPos []int                         // the event's place in each of all's Events
	sum     [32]byte                      // of its file
	digest  [32]byte                      // of what a list entry for it shows
	relink  func(up string) template.HTML // see markdown.body
}

// A TermList is the terms of one taxonomy that an event names.
type TermList struct {
	Taxonomy *Taxonomy
	Terms    []*Term
}

// In is the event's terms of the taxonomy key: {{range .Event.In "people"}}.
func (e *Event) In(key string) []*Term {
	for _, l := range e.Terms {
		if l.Taxonomy.Key == key {
			return l.Terms
		}
	}
	return nil
}

// TermFor is the term that the event's key names, for a taxonomy fed by
// that key: {{with .Event.TermFor "place"}}; nil if it names none.
func (e *Event) TermFor(key string) *Term {
	for _, l := range e.Terms {
		if l.Taxonomy.From == key && len(l.Terms) > 0 {
			return l.Terms[0]
		}
	}
	return nil
}

// Named reports whether the event names any term.
func (e *Event) Named() bool { return len(e.all) > 0 }

// A Document is an agreement, statement or treaty signed or adopted.
type Document struct {
	Title, Kind string
}

// A Source is a published account that backs an event.
type Source struct {
	Title, Publisher, URL, Lang string
	Date                        Date
	// Archive is the address of an archived copy; Accessed the day the
	// source was read.
	Archive  string
	Accessed Date
}

// A Term is one entry of a taxonomy, such as a person or a topic:
// something events refer to and that has a page listing them. Its fields
// beyond Name and Aliases are those its taxonomy allows. A Term without a
// File was referred to but never described; it still gets a page.
type Term struct {
	Taxonomy *Taxonomy
	Slug     string
	Name     string
	File     string
	Aliases  []string
	Body     template.HTML // what its file says of it

	Summary               string // one plain sentence
	Native, Lang, Country string // the name in its own script and its BCP 47 tag; a country
	Roles                 []Role // offices, in order of precedence
	// Lat and Lon are where it is, in degrees north and east, when
	// Located: a place on the map.
	Lat, Lon float64
	Located  bool
	// Untranslated is the language of the name, summary and roles' titles,
	// when they are not in the edition's for want of a translation, and
	// BodyUntranslated that of the body; empty when they are in the
	// edition's.
	Untranslated, BodyUntranslated string
	// CountryUntranslated is the language of Country, when its
	// translation does not give it.
	CountryUntranslated string

	Events []*Event // oldest first
	// Cooccurring gives, for each taxonomy, the terms that share the most
	// events with this one, most first.
	Cooccurring []TermCounts

	country string                        // as the original writes it, as sides name countries
	digest  [32]byte                      // of its file
	relink  func(up string) template.HTML // see markdown.body
}

// A Role is an office a person held from one date to another (To is zero
// while it is still held).
type Role struct {
	Title string
	Span  Span
}

// TermCounts are the terms of one taxonomy that share events with a term.
type TermCounts struct {
	Taxonomy *Taxonomy
	Counts   []TermCount
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
	Recent       bool  // the home page lists its events in full (see Site.Recent)
}

// A Decade is the years from one ending in 0 to the next ending in 9 that
// have events.
type Decade struct {
	Decade int     // its first year: 2020
	Years  []*Year // newest first
}

// URL is the event page's path from the site root.
func (e *Event) URL() string { return "events/" + e.Slug + "/" }

// URL is the term page's path from the site root.
func (t *Term) URL() string { return t.Taxonomy.Key + "/" + t.Slug + "/" }

// URL is the year page's path from the site root.
func (y *Year) URL() string { return "years/" + strconv.Itoa(y.Year) + "/" }

// Taxonomy is the site's taxonomy with the key, or nil.
func (s *Site) Taxonomy(key string) *Taxonomy {
	for _, x := range s.Taxonomies {
		if x.Key == key {
			return x
		}
	}
	return nil
}

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

// Load reads and checks the content of the default edition as Build
// does and resolves its events' references, but renders nothing: the Site
// has its settings, Taxonomies with their Terms, Types, Events (drafts
// too, when opts.Drafts) and Warnings, and no pages or files. It is for
// tools that work on the content itself, such as timeline import. What
// only rendering finds is not reported: a template's error, and a body's
// (bodies are not converted; Event.Markdown has them as written).
func Load(opts Options) (*Site, error) {
	start := time.Now()
	var errs Diagnostics
	c := load(opts.Content, opts.ContentDir, noStore{}, nil, false, &errs)
	rootURL := normalizeBaseURL(cmp.Or(opts.BaseURL, c.baseURL), path.Join(opts.ContentDir, "_index.md"), &errs)
	ec := c.edition(0)
	s := newEdition(ec, c.editions[0], c.editions, rootURL)
	s.loadWords(opts.Templates, opts.TemplatesDir, nil, &errs)
	ec.name(s.Words)
	events := ec.events
	if !opts.Drafts {
		events = withoutDrafts(events)
	}
	resolve(events, ec, &errs)
	errs, warnings := split(errs)
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	s.index(events, nil, nil)
	s.Warnings = warnings.Sorted()
	s.Elapsed = time.Since(start)
	return s, nil
}

// BuildTo builds a site straight into the folder dir, rendering into a
// stage beside it that replaces it only once the whole site is there or,
// with Before, that holds only the files that changed, which are then
// written over the old (see patch.go): on any error of the content or the templates,
// and on a failure to write the stage, dir is left exactly as it was.
// Unchanged files keep their modification time. The site's Files are not
// kept in memory.
func BuildTo(opts Options, dir string) (*Site, error) {
	st, err := newStage(dir)
	if err != nil {
		return nil, err
	}
	if opts.Store != nil && opts.Cache == nil {
		st.keys, st.asked = map[string][32]byte{}, map[string][32]byte{}
		if opts.Before != nil && opts.BeforeStamp != "" && Stamp(dir) == opts.BeforeStamp {
			st.before = opts.Before
		}
	}
	s, err := build(opts, &recording{target: st})
	var we *WriteError
	if errors.As(err, &we) {
		we.Dir = dir
	}
	if err != nil {
		st.abort()
		return nil, err
	}
	st.committed = opts.Committed
	if err := st.commit(); err != nil {
		if errors.As(err, &we) {
			return nil, we
		}
		return nil, &WriteError{Dir: dir, Err: err}
	}
	return s, nil
}

// A WriteError is a build that could not put its files where they go:
// a full disk, a folder without permission. It is not the content's
// fault, and nothing was replaced.
type WriteError struct {
	Dir string // the output, or "" for a build in memory
	Err error  // the first failure
	// Partial says the failure came while the output was being patched
	// (see patch.go): it holds some of the new files, and the next build
	// into it finishes the patch.
	Partial bool
}

func (e *WriteError) Error() string {
	if e.Partial {
		return fmt.Sprintf("cannot write the site into %s: %v; some of its files are the new build's, and the next build finishes the job", e.Dir, e.Err)
	}
	return fmt.Sprintf("cannot write the site into %s: %v; the previous output is unchanged", e.Dir, e.Err)
}

func (e *WriteError) Unwrap() error { return e.Err }

// recording is a target that remembers its first failure.
type recording struct {
	target
	mu  sync.Mutex
	err error
}

func (r *recording) put(name string, data []byte) error {
	return r.failed(name, r.target.put(name, data))
}

func (r *recording) putFrom(name string, write func(io.Writer)) (int, error) {
	n, err := r.target.putFrom(name, write)
	return n, r.failed(name, err)
}

// failed remembers err, the failure to write file name, if it is the first.
func (r *recording) failed(name string, err error) error {
	if err != nil {
		r.mu.Lock()
		if r.err == nil {
			r.err = fmt.Errorf("%s: %w", name, err)
		}
		r.mu.Unlock()
	}
	return err
}

func build(opts Options, out target) (*Site, error) {
	start := time.Now()
	var errs Diagnostics
	var store Store = noStore{}
	switch {
	case opts.Cache != nil && opts.Lazy:
		// The last build's pages and entries are made after it, when asked
		// for: keep those, and drop what nothing asked for since.
		opts.Cache.pages.sweep()
		opts.Cache.entries.sweep()
		store = opts.Cache.store
		defer opts.Cache.store.Sweep()
		defer opts.Cache.index.sweep()
		defer opts.Cache.templates.sweep()
		defer opts.Cache.catalogs.sweep()
	case opts.Cache != nil:
		store = opts.Cache.store
		defer opts.Cache.sweep()
	case opts.Store != nil:
		store = opts.Store
	}
	var stamps *stamps
	if opts.Cache != nil {
		stamps = opts.Cache.stamps
	}
	c := load(opts.Content, opts.ContentDir, store, stamps, true, &errs)
	rootURL := normalizeBaseURL(cmp.Or(opts.BaseURL, c.baseURL), path.Join(opts.ContentDir, "_index.md"), &errs)
	sets := make([]*contentSet, len(c.editions))
	for i := range sets {
		sets[i] = c.edition(i) // before any is built, which changes them
	}
	sites := make([]*Site, len(sets))
	catalogs := make([][32]byte, len(sets))
	for i, ec := range sets { // every edition's name first, for the others' pages
		s := newEdition(ec, c.editions[i], c.editions, rootURL)
		catalogs[i] = s.loadWords(opts.Templates, opts.TemplatesDir, opts.Cache, &errs)
		s.Edition.Name = s.Edition.Key
		if s.Words.Has("edition.name") {
			s.Edition.Name = s.Words.Text("edition.name")
		}
		sites[i] = s
	}
	// The default edition's references are resolved first: their problems
	// are the build's, and the same in every edition. Then the editions
	// are built side by side, each into its own diagnostics, which are
	// taken in order up to the first edition that failed, as if they had
	// been built one after another.
	events := make([][]*Event, len(sets))
	for i, ec := range sets {
		ec.name(sites[i].Words)
		events[i] = ec.events
		if !opts.Drafts {
			events[i] = withoutDrafts(ec.events)
		}
	}
	resolve(events[0], sets[0], &errs)
	errs, warnings := split(errs)
	failed := make([]Diagnostics, len(sets))
	if len(errs) == 0 {
		parallel.For(len(sets), func(i int) {
			if i > 0 {
				resolve(events[i], sets[i], &Diagnostics{})
			}
			sites[i].prepare(sets[i], events[i], sites[0], catalogs[i], c.sum, opts, store, out)
		})
		parallel.For(len(sets), func(i int) { // once every edition's outputs are known
			s := sites[i]
			s.listing = s.madeOnly(s.listing)
			s.render(opts.Templates, opts.TemplatesDir, s.settings, opts.Cache, store, opts.Store != nil, s.deferring, prefixed{out, s.Edition.Prefix}, &failed[i])
		})
	}
	for _, d := range failed {
		if errs = append(errs, d...); len(errs) > 0 {
			break
		}
	}
	if len(errs) == 0 {
		sites[0].Translated = sites[1:] // for outputs of the default edition that give every translation
		for _, s := range sites {
			s.makeFiles(out.keeps(), prefixed{out, s.Edition.Prefix}, &errs) // after render, whose entries can go
		}
		for _, s := range sites { // once every edition's files are there: the data page gives their sizes
			s.renderData(out.keeps(), opts.TemplatesDir, prefixed{out, s.Edition.Prefix}, &errs)
		}
		c.files.publish(out, func(name string) bool { return made(sites, name) }, &errs)
	}
	if rec, ok := out.(*recording); ok && rec.err != nil {
		return nil, &WriteError{Err: rec.err} // the errors it caused say no more
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	s := sites[0]
	s.Warnings = warnings.Sorted()
	s.Elapsed = time.Since(start)
	return s, nil
}

// prepare makes edition s of the site ready to render, from its content
// ec and events, whose references are resolved: its index, pages and
// outputs.
func (s *Site) prepare(ec *contentSet, events []*Event, main *Site, catalog, content [32]byte, opts Options, store Store, out target) {
	ec.translateTerms(s.Edition)
	var memo *indexMemo
	if opts.Cache != nil {
		memo = opts.Cache.index
	}
	s.index(events, memo, store)
	if opts.Cache != nil || opts.Store != nil {
		digestAll(events, s.Taxonomies, s.Edition.Key)
	} else {
		numberAll(events)
	}
	s.deferring = opts.Lazy && opts.Cache != nil && out.keeps()
	if !s.deferring {
		s.wordDates() // a Lazy build's pages each write their own, as they are made
	}
	s.main = main
	s.store = store
	if opts.Listing != nil {
		s.listing = opts.Listing(s) // before the pages: it decides whether there is a data page
		s.hasData = len(s.listing) > 0
	}
	s.Pages = s.pages()
	d := newDigester().bytes(content[:]).bytes(catalog[:]).str(s.Title).str(s.Description).
		str(s.Language).str(s.BaseURL).str(string(s.Intro)).str(s.Edition.Key).
		str(s.License).str(s.LicenseURL).str(s.DataURL())
	for _, x := range s.Taxonomies {
		d.str(x.Name).str(x.One)
	}
	for _, t := range s.Types {
		d.str(t.Label).str(t.Class).str(strconv.FormatBool(t.Online))
	}
	for _, ed := range s.Editions {
		d.str(ed.Key).str(ed.Lang)
	}
	s.settings = d.sum()
	s.made = map[string]func() []byte{}
	for _, o := range opts.Outputs {
		maps.Copy(s.made, o(s))
	}
}

// made reports whether the build makes a file: a page, an asset or an
// output of any edition.
func made(sites []*Site, name string) bool {
	for _, s := range sites {
		rest, ok := strings.CutPrefix(name, s.Edition.Prefix)
		if !ok {
			continue
		}
		if s.made[rest] != nil || strings.HasPrefix(rest, "assets/") {
			return true
		}
		for folder := range s.later {
			if strings.HasPrefix(rest, folder) {
				return true
			}
		}
		if slices.ContainsFunc(s.Pages, func(p *Page) bool { return p.file() == rest }) {
			return true
		}
	}
	return false
}

// newEdition is the site of one edition, before its terms are resolved.
func newEdition(c *contentSet, ed *Edition, editions []*Edition, rootURL string) *Site {
	s := &Site{Title: c.title, Description: c.description, License: c.license, LicenseURL: c.licenseURL,
		Language: ed.Lang, Untranslated: c.untranslated,
		Intro: c.intro, IndexFile: c.file, Sides: c.sides, Taxonomies: c.taxonomies, Types: c.types,
		Edition: ed, Editions: editions, rootURL: rootURL, printed: c.printed, HomeEvents: c.homeEvents}
	if rootURL != "" {
		s.BaseURL = rootURL + ed.Prefix
	}
	return s
}

// split parts the problems into errors and warnings.
func split(ds Diagnostics) (errs, warnings Diagnostics) {
	for _, d := range ds {
		if d.Severity == Warning {
			warnings = append(warnings, d)
		} else {
			errs = append(errs, d)
		}
	}
	return errs, warnings
}

// loadWords reads the catalog of the site's language from the templates'
// messages/LANG.yaml, falling back to English with a warning, and gives
// the digest of its text; with a cache, parsed once while its text is
// unchanged.
func (s *Site) loadWords(tfs fs.FS, dir string, cache *Cache, errs *Diagnostics) [32]byte {
	name := "messages/" + s.Edition.Key + ".yaml"
	data, err := fs.ReadFile(tfs, name)
	lang := s.Language
	if err != nil {
		if s.Edition.Key != "en" {
			errs.warn(path.Join(dir, name), 0, 0, "there is no catalog for language %q; the pages' words are in English", s.Edition.Key)
		}
		name, lang = "messages/en.yaml", "en"
		data, err = fs.ReadFile(tfs, name)
	}
	key := keyOf("catalog", []byte(lang), data)
	if err == nil && cache != nil {
		if w, ok := cache.catalogs.get(key); ok {
			s.Words = w
			return newDigester().str(name).bytes(data).sum()
		}
	}
	if err == nil {
		if s.Words, err = words.Parse(lang, data); err == nil && cache != nil {
			cache.catalogs.put(key, s.Words) // a catalog is never changed once parsed
		}
	}
	if err != nil {
		errs.add(path.Join(dir, name), 0, 0, "cannot read the catalog: %v", err)
		s.Words, _ = words.Parse("en", nil)
	}
	return newDigester().str(name).bytes(data).sum()
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

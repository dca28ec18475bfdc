package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"timeline/site/internal/parallel"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"timeline/site/words"
)

// The keys each kind of content file may have; an event also has one key
// per taxonomy, and a term the fields its taxonomy allows.
var (
	indexKeys    = []string{"title", "description", "base_url", "language", "languages", "sides", "taxonomies", "types", "print", "home_events", "license", "license_url"}
	eventKeys    = []string{"title", "date", "end", "type", "place", "occasion", "summary", "documents", "sources", "status", "draft"}
	documentKeys = []string{"title", "kind"}
	sourceKeys   = []string{"title", "publisher", "url", "date", "lang", "archive", "accessed"}
	roleKeys     = []string{"title", "from", "to"}
	statuses     = []string{"held", "announced", "cancelled"}
)

// defaultHomeEvents is the home page's budget of events in full where
// _index.md sets no home_events: several years of a timeline as dense as
// the default one, and a page of well under a megabyte at any size.
const defaultHomeEvents = 150

// settings are what _index.md declares, which every other file is read
// against.
type settings struct {
	title, description, baseURL, language string
	license, licenseURL                   string // the terms the content is published under
	sides                                 [][]string
	taxonomies                            []*Taxonomy
	types                                 []*EventType
	editions                              []*Edition // the default first
	untranslated                          string     // the language of title, description and intro, if not the edition's
	intro                                 template.HTML
	printed                               bool                          // whether to make the print edition (print: true)
	homeEvents                            int                           // how many events the home page lists in full at most
	relinkIntro                           func(up string) template.HTML // see markdown.body
	file                                  string
	sum                                   [32]byte // of what files are read against: taxonomies and types
}

// digest is the digest of what content files are read against.
func (c *settings) digest() [32]byte {
	d := newDigester()
	for _, x := range c.taxonomies {
		d.str(x.Key).str(x.Singular).str(x.From).str(strings.Join(x.Fields, ",")).int(len(x.Fields))
		if x.Required {
			d.int(1)
		}
	}
	for _, t := range c.types {
		d.str(t.ID)
	}
	for _, ed := range c.editions {
		d.str(ed.Key)
	}
	return d.sum()
}

// up is the way from an edition's folder to the site's root.
func (c *settings) up(key string) string {
	for _, ed := range c.editions {
		if ed.Key == key {
			return ed.up()
		}
	}
	return ""
}

func (c *settings) taxonomy(key string) *Taxonomy {
	for _, x := range c.taxonomies {
		if x.Key == key {
			return x
		}
	}
	return nil
}

func (c *settings) eventType(id string) *EventType {
	for _, t := range c.types {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// walkContent lists the Markdown files of the content tree other than
// _index.md, in the order fs.WalkDir visits them, and gives stamps the
// list when the walk met no problem and no link.
func walkContent(fsys fs.FS, dir string, stamps *stamps, errs *Diagnostics) []string {
	var paths []string
	clean := true
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			errs.add(path.Join(dir, p), 0, 0, "cannot read: %v", err)
			clean = false
		case d.IsDir() && skipped(p):
			return fs.SkipDir
		case d.Type()&fs.ModeSymlink != 0 && !Ignored(d.Name()):
			clean = false
			if target, out := leavesTree(fsys, p); out {
				errs.add(path.Join(dir, p), 0, 0, "links outside the content folder (to %s), which a build never reads; copy the file into the folder instead", target)
			} else if info, err := fs.Stat(fsys, p); err == nil && info.IsDir() {
				errs.warn(path.Join(dir, p), 0, 0, "is a link to a folder, which is not read; move its files into the content folder")
			} else if contentFile(p) {
				paths = append(paths, p)
				stamps.link(p)
			}
		case !d.IsDir() && contentFile(p):
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		errs.add(dir, 0, 0, "cannot read the content: %v", err)
		clean = false
	}
	stamps.list(paths, clean)
	return paths
}

// skipped says whether a walk of the content leaves out the folder dir
// and all in it: static/, published as it is (see files), and an
// Ignored folder.
func skipped(dir string) bool {
	return dir == staticDir || dir != "." && Ignored(path.Base(dir))
}

// walked says whether a walk of the content enters the folders p is in.
func walked(p string) bool {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if skipped(dir) {
			return false
		}
	}
	return true
}

// contentFile says whether the file p, in a folder a walk of the content
// enters, is one load reads: Markdown, not _index.md, not Ignored.
func contentFile(p string) bool {
	return !Ignored(path.Base(p)) && path.Ext(p) == ".md" && p != "_index.md"
}

// contentSet is what load reads from the content tree.
type contentSet struct {
	*settings
	events []*Event
	terms  []*Term
	// translations are by edition key, then by the original's file.
	translations map[string]map[string]*translation
	files        *files // those bodies link to, and static/
}

// load reads _index.md, then every other Markdown file of the content
// tree against what it declares, parsing them on every core. It goes on
// past bad files so that one build reports every problem.
func load(fsys fs.FS, dir string, store Store, stamps *stamps, bodies bool, errs *Diagnostics) *contentSet {
	paths, ok := stamps.listing(fsys)
	if !ok {
		paths = walkContent(fsys, dir, stamps, errs)
	}
	md := newMarkdown(store)
	md.files = newFiles(fsys, dir)
	md.skip = !bodies
	c := &contentSet{settings: readSettings(fsys, dir, store, md, errs), files: md.files}
	if c.settings == nil {
		c.settings = defaultSettings() // to report the other files' problems too
	}
	files, seen := make([]loaded, len(paths)), make([]*[32]byte, len(paths))
	parallel.For(len(paths), func(i int) { files[i], seen[i] = loadCached(store, stamps, fsys, dir, paths[i], c.settings, md) })
	stamps.seen(paths, seen)

	urls := map[string]string{} // output URL -> file that claimed it
	claim := func(u, file string) bool {
		if other, ok := urls[u]; ok {
			errs.add(file, 0, 0, "maps to the same page /%s as %s; rename one of them", u, other)
			return false
		}
		urls[u] = file
		return true
	}
	c.translations = map[string]map[string]*translation{}
	for _, ed := range c.editions[1:] {
		c.translations[ed.Key] = map[string]*translation{}
	}
	for _, f := range files {
		*errs = append(*errs, f.errs...)
		switch {
		case f.event != nil && claim(f.event.URL(), f.event.File):
			c.events = append(c.events, f.event)
		case f.term != nil && claim(f.term.URL(), f.term.File):
			c.terms = append(c.terms, f.term)
		case f.translation != nil:
			c.translations[f.translation.edition][path.Join(dir, f.translation.of)] = f.translation
		}
	}
	c.checkTranslations(dir, errs)
	return c
}

// checkTranslations holds every translation to its original.
func (c *contentSet) checkTranslations(dir string, errs *Diagnostics) {
	originals := map[string]func(*translation){path.Join(dir, "_index.md"): func(tr *translation) {
		tr.check(map[string]bool{"title": true, "description": c.description != ""}, nil, errs)
	}}
	for _, e := range c.events {
		originals[e.File] = func(tr *translation) { tr.checkEvent(e, errs) }
	}
	for _, t := range c.terms {
		originals[t.File] = func(tr *translation) { tr.checkTerm(t, errs) }
	}
	for _, ed := range c.editions[1:] {
		for _, tr := range c.translations[ed.Key] {
			if check, ok := originals[path.Join(dir, tr.of)]; ok {
				check(tr)
			} else {
				tr.unknownOriginal(errs)
			}
		}
	}
}

// readSettings reads _index.md, or says it is missing.
func readSettings(fsys fs.FS, dir string, store Store, md *markdown, errs *Diagnostics) *settings {
	name := path.Join(dir, "_index.md")
	if _, out := leavesTree(fsys, "_index.md"); out {
		return nil // reported by the walk
	}
	data, err := fs.ReadFile(fsys, "_index.md")
	if err != nil {
		errs.add(name, 0, 0, "is missing; create it with the site's title")
		return nil
	}
	src := parseCached(store, name, "_index.md", data, errs)
	if src == nil {
		return nil
	}
	f := newFields(src.file, src.meta, indexKeys, errs)
	c := &settings{file: src.file, title: f.str("title", true), description: f.str("description", false),
		baseURL: f.str("base_url", false), language: f.str("language", false), sides: f.sides()}
	c.printed = f.boolean("print")
	c.homeEvents = f.atLeastOne("home_events", defaultHomeEvents)
	c.license, c.licenseURL = f.license()
	c.editions = f.editions(cmp.Or(c.language, "en"))
	c.language = c.editions[0].Lang
	c.taxonomies = f.taxonomies()
	for _, t := range f.types() {
		c.types = append(c.types, &t)
	}
	c.sum = c.digest()
	c.intro, c.relinkIntro = md.body(src, homeRoot, errs)
	return c
}

// license reads the terms the content is published under: license, a
// name or SPDX identifier ("CC BY 4.0", "CC-BY-4.0"), and license_url,
// the absolute address of its text, which needs a license to name.
func (f *fields) license() (name, url string) {
	name, url = f.str("license", false), f.str("license_url", false)
	if url == "" {
		return name, ""
	}
	if err := checkURL(url); err != nil {
		f.errorAt(f.values["license_url"], "license_url %v", err)
		return name, ""
	}
	if name == "" {
		f.errorAt(f.values["license_url"], "license_url needs a license to name; add a line \"license: …\" (such as CC BY 4.0)")
		return "", ""
	}
	return name, url
}

// defaultSettings are those of an _index.md that declares nothing.
func defaultSettings() *settings {
	var errs Diagnostics
	f := newFields("", &yaml.Node{Kind: yaml.MappingNode}, indexKeys, &errs)
	c := &settings{language: "en", taxonomies: f.taxonomies(), editions: []*Edition{{Key: "en", Lang: "en"}},
		homeEvents: defaultHomeEvents}
	for _, t := range f.types() {
		c.types = append(c.types, &t)
	}
	c.sum = c.digest()
	return c
}

// name gives the reader's words for the taxonomies and types that their
// declarations leave out, from the catalog.
func (c *settings) name(w *words.Catalog) {
	for _, x := range c.taxonomies {
		x.Name = cmp.Or(x.Name, w.Text("taxonomy."+x.Key+".name"))
		x.One = cmp.Or(x.One, w.Text("taxonomy."+x.Key+".one"))
	}
	for _, t := range c.types {
		t.Label = cmp.Or(t.Label, w.Text("type."+t.ID))
		t.Class = cmp.Or(t.Class, "type-"+t.ID)
	}
}

// loaded is what one content file gave: an event, a term or a
// translation, and its problems.
type loaded struct {
	event       *Event
	term        *Term
	translation *translation
	errs        Diagnostics
	linked      bool // its body may link to other files of the tree, so depends on them
	// kept is the sum of the file (fileSum) when a Store on disk keeps its
	// event as parsed.
	kept [32]byte
}

// fresh returns a copy whose event or term a build can link to others,
// pointing at this build's taxonomies and types, leaving the original,
// which a Store may keep, as it was read.
func (f loaded) fresh(c *settings) loaded {
	if f.event != nil {
		e := *f.event
		if e.Type != nil {
			e.Type = c.eventType(e.Type.ID)
		}
		f.event = &e
	}
	if f.term != nil {
		t := *f.term
		t.Taxonomy = c.taxonomy(t.Taxonomy.Key)
		f.term = &t
	}
	return f
}

// loadFile reads and parses one content file.
func loadFile(fsys fs.FS, dir, p string, c *settings, md *markdown, store Store) (f loaded) {
	name := path.Join(dir, p) // how the user knows the file
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		f.errs.add(name, 0, 0, "cannot read: %v", err)
		return f
	}
	f.linked = mayLink(data)
	if line, depth := nesting(data); depth > maxNesting {
		f.errs.add(name, line, 1, "nests %d levels deep; Markdown here may nest at most %d (lists, quotes, indented blocks)", depth, maxNesting)
		return f
	}
	original, key, translated := translationOf(p, c.editions)
	if !translated {
		if tag := strings.TrimPrefix(path.Ext(strings.TrimSuffix(p, ".md")), "."); len(tag) >= 2 && len(tag) <= 3 {
			if _, err := language.ParseBase(tag); err == nil {
				f.errs.add(name, 0, 0, "looks like a translation into %q, which _index.md does not declare; add it to languages (languages: [%s, %s])",
					tag, c.editions[0].Key, tag)
				return f
			}
		}
	}
	if translated && original == "_index.md" {
		if src := parseCached(store, name, p, data, &f.errs); src != nil {
			f.translation = readTranslation(src, original, key, indexTextKeys, c.up(key)+homeRoot, md, &f.errs)
		}
		return f
	}
	section, rest, nested := strings.Cut(p, "/")
	x := c.taxonomy(section)
	if !nested || path.Base(rest) == "_index.md" || section != "events" && x == nil {
		var folders []string
		for _, x := range c.taxonomies {
			folders = append(folders, x.Key+"/")
		}
		f.errs.add(name, 0, 0, "is not read: put events in events/ and terms in %s", strings.Join(folders, ", "))
		return f
	}
	whole := !translated && section == "events" && !f.linked && onDisk(store)
	if whole {
		sum := fileSum(name, data)
		key := parsedKey(c, sum)
		if v, ok := store.Get(key); ok {
			if text, ok := v.(string); ok {
				if e, errs, ok := decodeParsed(text, c); ok {
					f.event, f.errs, f.kept = e, errs, sum
					return f
				}
			}
		}
		defer func() {
			if f.event != nil && f.event.relink == nil {
				store.Put(key, encodeParsed(f.event, f.errs))
				f.kept = sum
			}
		}()
	}
	src := parseCached(store, name, p, data, &f.errs)
	if src == nil {
		return f
	}
	src.whole = whole
	slug := slugify(strings.TrimSuffix(path.Base(p), ".md"))
	switch {
	case translated && section == "events":
		f.translation = readTranslation(src, original, key, eventTextKeys, c.up(key)+pageRoot, md, &f.errs)
	case translated:
		f.translation = readTranslation(src, original, key, termTextKeys, c.up(key)+pageRoot, md, &f.errs)
	case section == "events":
		f.event = readEvent(src, slug, c, md, &f.errs)
	default:
		f.term = readTerm(src, x, slug, md, &f.errs)
	}
	return f
}

// maxNesting bounds how deep the Markdown of a file may nest: the
// parser's time grows with the square of the depth.
const maxNesting = 100

// nesting estimates how deep the deepest line of a text nests: by its
// indentation (two columns a level, a tab four columns) and the quote
// markers and list bullets ("- ", "* ", "+ ") that lead it; and gives
// that line.
func nesting(data []byte) (line, depth int) {
	n := 1
	for rest := data; len(rest) > 0; n++ {
		text := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		cols, levels := 0, 0
	lead:
		for i, c := range text {
			switch {
			case c == ' ':
				cols++
			case c == '\t':
				cols += 4
			case c == '>':
				levels++
			case (c == '-' || c == '*' || c == '+') && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t'):
				levels++
			default:
				break lead
			}
		}
		if d := cols/2 + levels; d > depth {
			line, depth = n, d
		}
	}
	return line, depth
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

func readEvent(src *source, slug string, c *settings, md *markdown, errs *Diagnostics) *Event {
	keys := slices.Clone(eventKeys)
	for _, x := range c.taxonomies {
		if x.From == "" {
			keys = append(keys, x.Key)
		}
	}
	f := newFields(src.file, src.meta, keys, errs)
	e := &Event{Slug: slug, File: src.file, sum: src.sum, refs: map[string][]ref{}}
	e.Title = f.str("title", true)
	e.Span = Span{f.date("date", true), f.date("end", false)}
	if !e.Span.End.IsZero() && !e.Span.Start.IsZero() && e.Span.End.coarse(e.Span.Start) < 0 {
		f.errorAt(f.values["end"], "end %s is before date %s; the end is the last day of the contact", e.Span.End, e.Span.Start)
	}
	if id := f.oneOf("type", true, typeIDs(c.types), ""); id != "" {
		e.Type = c.eventType(id)
	}
	e.Place = f.str("place", false)
	e.Occasion = f.str("occasion", false)
	for _, x := range c.taxonomies {
		if x.From == "" {
			e.refs[x.Key] = f.refs(x.Key, x.Required)
		} else if v := f.node(x.From, x.Required); v != nil && v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" {
			e.refs[x.Key] = []ref{{strings.TrimSpace(v.Value), v.Line, v.Column}}
		}
	}
	e.Summary = f.str("summary", true)
	e.Status = f.oneOf("status", false, statuses, "held")
	e.Draft = f.boolean("draft")
	for _, d := range f.list("documents", documentKeys) {
		e.Documents = append(e.Documents, Document{Title: d.str("title", true), Kind: d.str("kind", false)})
	}
	linked := false
	for _, sf := range f.list("sources", sourceKeys) {
		s := Source{Title: sf.str("title", true), Publisher: sf.str("publisher", false),
			URL: sf.str("url", false), Date: sf.date("date", false), Lang: sf.str("lang", false),
			Archive: sf.str("archive", false), Accessed: sf.date("accessed", false)}
		if s.Archive != "" {
			if err := checkURL(s.Archive); err != nil {
				sf.errorAt(sf.values["archive"], "archive %v", err)
			}
		}
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
	e.Body, e.relink = md.body(src, pageRoot, errs)
	e.Markdown = string(src.body)
	if e.relink != nil {
		e.sum = keyOf("body", e.sum[:], []byte(e.Body)) // its HTML depends on other files too
	}
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

// readTerm reads a term file of the taxonomy x: its name, aliases and the
// fields x allows.
func readTerm(src *source, x *Taxonomy, slug string, md *markdown, errs *Diagnostics) *Term {
	t := &Term{Taxonomy: x, Slug: slug, File: src.file, digest: src.sum}
	f := newFields(src.file, src.meta, append([]string{"name", "aliases"}, x.Fields...), errs)
	t.Name = f.str("name", true)
	t.Aliases = f.strs("aliases")
	t.Summary = f.str("summary", false)
	t.Native = f.str("native", false)
	t.Lang = f.str("lang", t.Native != "" && x.Has("lang"))
	t.Country = f.str("country", false)
	t.country = t.Country
	t.Lat, t.Lon, t.Located = f.position(x.Has("lat"))
	for _, r := range f.list("roles", roleKeys) {
		t.Roles = append(t.Roles, Role{Title: r.str("title", true), Span: Span{r.date("from", false), r.date("to", false)}})
	}
	if t.Name == "" {
		t.Name = slug
	}
	t.Body, t.relink = md.body(src, pageRoot, errs)
	if t.relink != nil {
		t.digest = keyOf("body", t.digest[:], []byte(t.Body))
	}
	return t
}

// normalizeBaseURL checks the site's address, escapes what a URL may not
// hold as it is ("/my site/" becomes "/my%20site/"), and gives it a final
// slash, so that it can start any link, feed entry or sitemap line.
func normalizeBaseURL(s, file string, errs *Diagnostics) string {
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

// sortTerms orders terms by name as the language lang sorts them (CLDR
// collation: pinyin for Chinese), then by slug.
func sortTerms(ts []*Term, lang string) {
	c := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortStableFunc(ts, func(a, b *Term) int {
		return cmp.Or(c.CompareString(a.Name, b.Name), cmp.Compare(a.Slug, b.Slug))
	})
}

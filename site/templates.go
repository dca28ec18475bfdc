package site

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"timeline/site/words"
)

// pageFiles are the templates a template folder must have, one per kind
// of page; base.html and every file in partials/ are shared by all. A
// taxonomy's pages use KEY/term.html and KEY/terms.html instead of
// term.html and terms.html where those exist.
var pageFiles = []string{"home.html", "event.html", "term.html", "terms.html", "year.html", "data.html", "404.html", "print.html", "search.html"}

// templateSets are the parsed templates of one build: a set per page
// file, each base.html and the partials with that file parsed over them,
// so that what a page file defines stays on its own pages.
type templateSets struct {
	sets map[string]*template.Template // by page file
	sum  [32]byte                      // of every template file's name and text
}

// templates gives the build's template sets, their entries function
// bound to entries (their sum then covers the settings), and which page
// files' pages may be reused (reuse.go). A preview's Cache keeps them
// while the template files and the settings are unchanged, for the next
// build to use as they are.
func (s *Site) templates(tfs fs.FS, dir string, settings [32]byte, cache *Cache, entries *entryMemo, errs *Diagnostics) (*templateSets, map[string]bool) {
	partials, err := fs.Glob(tfs, "partials/*.html")
	if err != nil {
		errs.add(path.Join(dir, "partials"), 0, 0, "cannot read: %v", err)
	}
	partials = slices.DeleteFunc(partials, func(name string) bool { return Ignored(path.Base(name)) })
	files := slices.Clone(pageFiles)
	for _, x := range s.Taxonomies {
		for _, f := range []string{"term.html", "terms.html"} {
			if _, err := fs.Stat(tfs, x.Key+"/"+f); err == nil {
				files = append(files, x.Key+"/"+f)
			}
		}
	}
	funcs := s.funcs()
	var key [32]byte
	var current *atomic.Pointer[Site]
	if cache != nil && err == nil {
		if sum, ok := s.main.digestTemplates(tfs, slices.Concat([]string{"base.html"}, partials, files)); ok {
			key = keyOf("templates", sum[:], settings[:])
			if b, ok := cache.templates.get(key); ok {
				b.site.Store(s)
				return b.sets, b.reach
			}
			current = new(atomic.Pointer[Site])
			current.Store(s)
			funcs = funcsOf(s.Words, current.Load)
		}
	}
	ts := parseTemplates(tfs, dir, partials, files, funcs, s.Words, errs)
	if ts == nil {
		return nil, nil
	}
	// Entries show words of the catalog and of the edition, which the
	// settings cover: a cached entry is kept only under the same ones.
	ts.sum = keyOf("templates", ts.sum[:], settings[:])
	reach := ts.bindEntries(entries)
	if current != nil {
		cache.templates.put(key, boundSets{ts, reach, current})
	}
	return ts, reach
}

// boundSets are template sets that a Cache keeps, which of their page
// files' pages may be reused, and the site whose pages they make now:
// the last build's. Pages of the build before that may still be made
// with them; what their functions read of a site, the settings decide,
// and the key of the sets covers those.
type boundSets struct {
	sets  *templateSets
	reach map[string]bool
	site  *atomic.Pointer[Site]
}

// parseTemplates parses base.html, the partials and every page file the
// site's pages need, with funcs, folding the catalog's words into them.
func parseTemplates(tfs fs.FS, dir string, partials, files []string, funcs template.FuncMap, w *words.Catalog, errs *Diagnostics) *templateSets {
	d := newDigester()
	base := template.New("").Funcs(funcs)
	names := slices.Sorted(maps.Keys(funcs))
	names = slices.Compact(slices.Sorted(slices.Values(append(names, builtinFuncs...))))
	ok := parseFile(base, tfs, dir, "base.html", "base.html", names, d, errs)
	for _, name := range partials {
		ok = parseFile(base, tfs, dir, name, strings.TrimSuffix(path.Base(name), ".html"), names, d, errs) && ok
	}
	if !ok {
		return nil
	}
	ts := &templateSets{sets: map[string]*template.Template{}}
	for _, name := range files {
		t := template.Must(base.Clone())
		if parseFile(t, tfs, dir, name, name, names, d, errs) {
			foldWords(t, w)
			ts.sets[name] = t
		} else {
			ok = false
		}
	}
	ts.sum = d.sum()
	if !ok {
		return nil
	}
	return ts
}

// digestTemplates gives digestFiles of the template files, read once for
// every edition of a build: s is its default edition's site.
func (s *Site) digestTemplates(tfs fs.FS, files []string) ([32]byte, bool) {
	s.templateMu.Lock()
	defer s.templateMu.Unlock()
	if s.templateFiles == nil {
		sum, ok := digestFiles(tfs, files)
		s.templateFiles = &templateFiles{slices.Clone(files), sum, ok}
	}
	if d := s.templateFiles; slices.Equal(d.names, files) {
		return d.sum, d.ok
	}
	return digestFiles(tfs, files)
}

// templateFiles are the template files a build read and their digest.
type templateFiles struct {
	names []string
	sum   [32]byte
	ok    bool
}

// digestFiles gives the digest parseTemplates makes of files, which it
// reads in that order, or false if one cannot be read.
func digestFiles(tfs fs.FS, files []string) ([32]byte, bool) {
	d := newDigester()
	for _, file := range files {
		text, err := fs.ReadFile(tfs, file)
		if err != nil {
			return [32]byte{}, false
		}
		d.str(file).str(string(text))
	}
	return d.sum(), true
}

// builtinFuncs are the functions text/template gives every template.
var builtinFuncs = []string{"and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt",
	"ne", "not", "or", "print", "printf", "println", "slice", "urlquery"}

// parseFile parses one template file into t, as the template name; funcs
// are the names of the functions the template may call.
func parseFile(t *template.Template, tfs fs.FS, dir, file, name string, funcs []string, d *digester, errs *Diagnostics) bool {
	if target, out := leavesTree(tfs, file); out {
		errs.add(path.Join(dir, file), 0, 0, "links outside the templates folder (to %s), which a build never reads; copy the file into the folder instead", target)
		return false
	}
	text, err := fs.ReadFile(tfs, file)
	if err != nil {
		errs.add(path.Join(dir, file), 0, 0, "cannot read the template: %v; every template folder needs %s", errors.Unwrap(err), file)
		return false
	}
	d.str(file).str(string(text))
	if _, err := t.New(name).Parse(string(text)); err != nil {
		if m := undefinedFunc.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			fn := m[2]
			hint := "templates have these functions: " + strings.Join(funcs, ", ")
			if c := Closest(fn, funcs); c != "" {
				hint = fmt.Sprintf("did you mean %q? %s", c, hint)
			}
			errs.add(path.Join(dir, file), line, callColumn(string(text), line, fn),
				"function %q is not defined; %s", fn, hint)
			return false
		}
		addTemplateError(errs, dir, file, err)
		return false
	}
	return true
}

// undefinedFunc matches text/template's message for a call of a function
// it does not have, which gives the line but not the column.
var undefinedFunc = regexp.MustCompile(`^template: [^:]+:(\d+): function "([^"]+)" not defined$`)

// callColumn finds the column, in characters from 1, at which an action on
// the line (from 1) of a template's text names the function fn: the first
// fn there that is a word of its own, outside quotes and comments and not
// a field (.fn) or variable ($fn). It is 0 when there is none.
func callColumn(text string, line int, fn string) int {
	l, col := 1, 1 // where text[i] is
	inAction := false
	for i := 0; i < len(text); {
		switch {
		case l > line:
			return 0
		case text[i] == '\n':
			l, col = l+1, 1
			i++
			continue
		case !inAction:
			if strings.HasPrefix(text[i:], "{{") {
				inAction = true
				i, col = i+2, col+2
				continue
			}
		case strings.HasPrefix(text[i:], "}}"):
			inAction = false
			i, col = i+2, col+2
			continue
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i:], "*/")
			if end < 0 {
				return 0
			}
			for _, r := range text[i : i+end+2] {
				if col++; r == '\n' {
					l, col = l+1, 1
				}
			}
			i += end + 2
			continue
		case text[i] == '"' || text[i] == '`' || text[i] == '\'':
			q := text[i]
			j := i + 1
			for j < len(text) && text[j] != q && (q == '`' || text[j] != '\n') {
				if text[j] == '\\' && q != '`' {
					j++
				}
				j++
			}
			for _, r := range text[i:min(j+1, len(text))] {
				if col++; r == '\n' {
					l, col = l+1, 1
				}
			}
			i = j + 1
			continue
		case isIdentStart(text[i]):
			j := i
			for j < len(text) && (isIdentStart(text[j]) || text[j] >= '0' && text[j] <= '9') {
				j++
			}
			if l == line && text[i:j] == fn && (i == 0 || text[i-1] != '.' && text[i-1] != '$') {
				return col
			}
			col += utf8.RuneCountInString(text[i:j])
			i = j
			continue
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i, col = i+n, col+1
	}
	return 0
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// templatePos finds the position in the messages of text/template, which
// gives it only as text.
var templatePos = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?:\s*`)

// addTemplateError turns an error of the template package into a
// diagnostic at the template file and line it names.
func addTemplateError(errs *Diagnostics, dir, file string, err error) {
	msg := err.Error()
	line, col := 0, 0
	if m := templatePos.FindStringSubmatchIndex(msg); m != nil {
		if named := msg[m[2]:m[3]]; strings.HasSuffix(named, ".html") {
			file = named
		} else if !strings.Contains(file, "/") || strings.HasPrefix(file, "partials/") {
			file = "partials/" + named + ".html" // a partial is parsed under its name
		}
		line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		msg = msg[:m[0]] + msg[m[1]:]
	}
	msg = strings.TrimPrefix(msg, "template: ")
	errs.add(path.Join(dir, file), line, col, "%s; fix the template", msg)
}

// funcs are the functions templates may call, bound to the site: its
// words, its types.
func (s *Site) funcs() template.FuncMap { return funcsOf(s.Words, func() *Site { return s }) }

// funcsOf gives the functions templates may call in the words of w, for
// the site that site gives when one is called: only what the settings
// decide is read of it.
func funcsOf(w *words.Catalog, site func() *Site) template.FuncMap {
	return template.FuncMap{
		// entries executes a template for each event with an Entry, and
		// joins the outputs, each on a line of its own:
		// {{entries "event-row" $.Root (newestFirst .Events)}}.
		"entries": func(string, string, []*Event) (template.HTML, error) {
			return "", fmt.Errorf("entries is only available while rendering")
		},
		// link is a link to an event's, term's or year's page from a page
		// whose Root is root, with a rel if one is given:
		// {{link $.Root .Older "prev"}}.
		"link": link,
		// span gives an event's dates as time elements: one for a single
		// date, two for a range ("<time …>15</time>–<time …>18 May 1989</time>").
		"span": func(sp Span) template.HTML {
			first, sep, last := site().spanWords(sp)
			h := `<time datetime="` + sp.Start.String() + `">` + first + `</time>`
			if last != "" {
				h += sep + `<time datetime="` + sp.End.String() + `">` + last + `</time>`
			}
			return template.HTML(h)
		},
		// date is a time element for one date.
		"date": func(d Date) template.HTML {
			return template.HTML(`<time datetime="` + d.String() + `">` + site().dateWords(d) + `</time>`)
		},
		// roleSpan tells when an office was held: "since 2013", "1999–2008".
		"roleSpan": func(sp Span) string { return roleSpan(w, sp) },
		// t is the catalog's text for a key, with placeholders filled from
		// pairs of name and value: {{t "title.year" "year" 2019}}.
		"t": w.Text,
		// size gives a number of bytes in the units a reader reads, as the
		// language writes them: {{size .Size}} gives "1.2 MB", "1,2 МБ".
		"size": w.Size,
		// count is the catalog's text for a key in the plural form the
		// number takes: {{count "contacts" (len .Events)}}.
		"count": w.Count,
		// plurals is a key's texts by plural category, as JSON, for a
		// script: data-status="{{plurals "filters.status"}}".
		"plurals": func(key string) string {
			data, _ := json.Marshal(w.Forms(key)) // a map of strings: it cannot fail
			return string(data)
		},
		// byYear groups a list of events kept oldest first by the year
		// they start in, the newest year first.
		"byYear": byYear,
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
		"countChart": countChart,
		"jsonLD":     func(p *Page) (template.JS, error) { return site().jsonLD(p) },
		// placeMap draws where events were held: a map with a mark for
		// each of their located terms, each a link to its page:
		// {{placeMap .Root .Term.Events}}.
		"placeMap": placeMaps(w),
	}
}

// link makes an anchor to an event's, term's or year's page, whose text
// (a title or a name) has a lang attribute when it is not in the edition's
// language.
func link(root string, to any, rel ...string) (template.HTML, error) {
	var url, text, textLang string
	switch to := to.(type) {
	case *Event:
		if to != nil {
			url, text, textLang = to.URL(), to.Title, to.Untranslated
		}
	case *Term:
		if to != nil {
			url, text, textLang = to.URL(), to.Name, to.Untranslated
		}
	case *Year:
		if to != nil {
			url, text = to.URL(), strconv.Itoa(to.Year)
		}
	}
	if url == "" {
		return "", fmt.Errorf("link takes an event, term or year, not %T", to)
	}
	a := `<a href="` + template.HTMLEscapeString(root+url) + `"`
	for _, r := range rel {
		a += ` rel="` + template.HTMLEscapeString(r) + `"`
	}
	if textLang != "" {
		a += ` lang="` + template.HTMLEscapeString(textLang) + `"`
	}
	return template.HTML(a + ">" + template.HTMLEscapeString(text) + "</a>"), nil
}

// jsonLD describes an event as schema.org sees it, for a JSON-LD script.
// The terms of taxonomies with roles are its attendees. encoding/json
// escapes <, > and &, so the text cannot end the script.
func (s *Site) jsonLD(p *Page) (template.JS, error) {
	type coordinates struct {
		Type      string  `json:"@type"`
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
	}
	type thing struct {
		Type     string       `json:"@type"`
		Name     string       `json:"name"`
		JobTitle string       `json:"jobTitle,omitempty"`
		Address  string       `json:"address,omitempty"`
		Geo      *coordinates `json:"geo,omitempty"`
		URL      string       `json:"url,omitempty"`
	}
	e := p.Event
	ld := struct {
		Context     string  `json:"@context"`
		Type        string  `json:"@type"`
		Name        string  `json:"name"`
		Description string  `json:"description"`
		Start       string  `json:"startDate"`
		End         string  `json:"endDate,omitempty"`
		Status      string  `json:"eventStatus"`
		Mode        string  `json:"eventAttendanceMode,omitempty"`
		Location    *thing  `json:"location,omitempty"`
		Attendees   []thing `json:"attendee"`
		URL         string  `json:"url,omitempty"`
		Language    string  `json:"inLanguage"`
	}{
		Context: "https://schema.org", Type: "Event", Name: e.Title, Description: e.Summary,
		Start: e.Span.Start.String(), Status: "https://schema.org/EventScheduled", URL: p.Canonical(),
		Language: cmp.Or(e.Untranslated, s.Language),
	}
	if !e.Span.End.IsZero() {
		ld.End = e.Span.End.String()
	}
	if e.Status == "cancelled" {
		ld.Status = "https://schema.org/EventCancelled"
	}
	// Where it took place, when that is known: a call's place is the
	// event's page, as schema.org's VirtualLocation wants a URL.
	switch {
	case e.Type.Online:
		ld.Mode = "https://schema.org/OnlineEventAttendanceMode"
		ld.Location = &thing{Type: "VirtualLocation", Name: e.Type.Label, URL: p.Canonical()}
	case e.Place != "":
		ld.Mode = "https://schema.org/OfflineEventAttendanceMode"
		ld.Location = &thing{Type: "Place", Name: e.Place, Address: e.Place}
		if t := e.TermFor("place"); t != nil && t.Located {
			ld.Location.Geo = &coordinates{"GeoCoordinates", t.Lat, t.Lon}
		}
	}
	for _, x := range s.Taxonomies {
		if x.Participants {
			for _, t := range e.In(x.Key) {
				ld.Attendees = append(ld.Attendees, thing{Type: "Person", Name: t.Name, JobTitle: t.RoleOn(e.Span.Start)})
			}
		}
	}
	data, err := json.Marshal(ld)
	return template.JS(data), err
}

// own is the taxonomy's own page file for a term or terms page, if the
// templates have one.
func (ts *templateSets) own(p *Page) string {
	if p.Taxonomy == nil {
		return ""
	}
	if _, ok := ts.sets[p.Taxonomy.Key+"/"+p.template]; ok {
		return p.Taxonomy.Key + "/" + p.template
	}
	return ""
}

// A YearGroup is the events of one year, oldest first, as byYear gives
// them.
type YearGroup struct {
	Year   int
	Events []*Event
}

func byYear(events []*Event) []YearGroup {
	var groups []YearGroup
	for i := len(events) - 1; i >= 0; i-- {
		y := events[i].Span.Start.Year
		if len(groups) == 0 || groups[len(groups)-1].Year != y {
			groups = append(groups, YearGroup{Year: y})
		}
		g := &groups[len(groups)-1]
		g.Events = append(g.Events, events[i])
	}
	for _, g := range groups {
		slices.Reverse(g.Events)
	}
	return groups
}

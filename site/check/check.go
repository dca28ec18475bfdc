// Package check reviews a built site before it is published, beyond what
// a build itself rejects:
//
//   - every internal link and #fragment in every page resolves, and no link
//     starts at the host's root ("/…"), which breaks when the site is served
//     from a subfolder (errors);
//   - images have alt text (not empty) and pages have an <h1> (errors);
//   - likely duplicates: events on the same day with the same people;
//     events with nobody from one of the site's two sides; events still
//     "announced" though their date has passed; people and topics that no
//     event refers to; places without coordinates, left off the map
//     (warnings);
//   - placeholders that timeline new wrote and nobody replaced: a text
//     starting with "TODO:", a source url of https://example.org/TODO
//     (errors).
//
// Problems are placed at the content file a page was made from, at the line
// and column where the offending link or image is written when it is there.
package check

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"timeline/site"
)

// A Report holds what a check found, each list sorted by position.
type Report struct {
	Errors, Warnings site.Diagnostics
}

// Site checks a site built in memory. readFile reads a content file, to
// find where in it a problem is written; today decides which announced
// events are overdue.
func Site(s *site.Site, readFile func(string) ([]byte, error), today site.Date) Report {
	c := &checker{site: s, readFile: readFile, sources: sourcesOf(s), texts: map[string]string{}}
	c.pages()
	c.events(today)
	c.terms()
	c.placeholders()
	return Report{Errors: c.errs.Sorted(), Warnings: c.warns.Sorted()}
}

type checker struct {
	site        *site.Site
	readFile    func(string) ([]byte, error)
	sources     map[string]string // output page -> content file it was made from
	texts       map[string]string // content file -> its text, as read
	files       map[string]bool   // every file of the site
	errs, warns site.Diagnostics
}

// sourcesOf maps each page to the content file it shows.
func sourcesOf(s *site.Site) map[string]string {
	m := map[string]string{"index.html": s.IndexFile}
	for _, e := range s.Events {
		m[e.URL()+"index.html"] = e.File
	}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			if t.File != "" {
				m[t.URL()+"index.html"] = t.File
			}
		}
	}
	return m
}

// at places a problem found on a page: in the page's content file, at the
// first place the needle is written there, or else in the page itself.
func (c *checker) at(page, needle, format string, args ...any) *site.Diagnostic {
	msg := fmt.Sprintf(format, args...)
	file, ok := c.sources[page]
	if !ok || file == "" {
		return &site.Diagnostic{Pos: site.Pos{File: page}, Msg: msg + " (in a page the templates make)"}
	}
	text, ok := c.texts[file]
	if !ok && c.readFile != nil {
		data, _ := c.readFile(file)
		text = string(data)
		c.texts[file] = text
	}
	if i := strings.Index(text, needle); needle != "" && i >= 0 {
		line := strings.Count(text[:i], "\n") + 1
		col := i - strings.LastIndex(text[:i], "\n")
		return &site.Diagnostic{Pos: site.Pos{File: file, Line: line, Col: col}, Msg: msg}
	}
	return &site.Diagnostic{Pos: site.Pos{File: file}, Msg: msg + " (on its page " + page + ")"}
}

// pages checks the links, images and headings of every HTML page.
func (c *checker) pages() {
	ids := map[string]map[string]bool{}
	type link struct{ page, href string }
	var links []link
	c.files = map[string]bool{}
	var names []string
	for _, name := range c.site.Names() { // those made when asked for too: the data page, the exports
		c.files[name] = true
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	for _, name := range names {
		ids[name] = map[string]bool{}
		h1 := false
		data, _ := c.site.File(name)
		tags(data, func(n html.Token) {
			switch {
			case n.Data == "h1":
				h1 = true
			case n.Data == "img" && strings.TrimSpace(attr(n, "alt")) == "":
				c.errs = append(c.errs, c.at(name, attr(n, "src"), "image %q has no alt text; describe it in the brackets: ![what it shows](%s)", attr(n, "src"), attr(n, "src")))
			}
			if id := attr(n, "id"); id != "" {
				ids[name][id] = true
			}
			for _, key := range []string{"href", "src"} {
				if v, ok := lookup(n, key); ok && !(n.Data == "link" && attr(n, "rel") != "stylesheet") {
					links = append(links, link{name, v})
				}
			}
		})
		if !h1 {
			c.errs = append(c.errs, c.at(name, "", "the page has no <h1> heading; give its template one"))
		}
	}
	for _, l := range links {
		if msg := c.resolve(l.page, l.href, ids); msg != "" {
			c.errs = append(c.errs, c.at(l.page, l.href, "%s", msg))
		}
	}
}

// resolve checks one link from a page, returning what is wrong with it.
func (c *checker) resolve(page, href string, ids map[string]map[string]bool) string {
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Sprintf("link %q is not a valid URL", href)
	}
	if base := c.site.BaseURL; base != "" && strings.HasPrefix(href, base) {
		u, _ = url.Parse(strings.TrimPrefix(href, base)) // an absolute link into the site
		page = "index.html"
	} else if u.Scheme != "" || u.Host != "" {
		return "" // another site's: not ours to check
	}
	if strings.HasPrefix(u.Path, "/") {
		return fmt.Sprintf("link %q starts at the host's root and breaks when the site is served from a subfolder; make it relative", href)
	}
	target := page
	if u.Path != "" {
		target = path.Join(path.Dir(page), u.Path)
		if target == ".." || strings.HasPrefix(target, "../") {
			return fmt.Sprintf("link %q leads outside the site", href)
		}
		if strings.HasSuffix(u.Path, "/") || target == "." {
			target = path.Join(target, "index.html")
		}
	}
	if !c.files[target] {
		return fmt.Sprintf("link %q leads to %s, which the site does not have", href, target)
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
		return fmt.Sprintf("link %q: %s has no element with id %q", href, target, u.Fragment)
	}
	return ""
}

// events checks the events' content for likely mistakes.
func (c *checker) events(today site.Date) {
	warn := func(e *site.Event, key, format string, args ...any) {
		d := c.at(e.URL()+"index.html", key, format, args...)
		d.Severity = site.Warning
		c.warns = append(c.warns, d)
	}
	seen := map[string]*site.Event{}
	for _, e := range c.site.Events {
		// Who took part: the terms of taxonomies with roles; where they
		// are from: those of taxonomies with a country that events list
		// (not those that say where it was held, fed by place).
		var who []string
		var from []*site.Term
		key := ""
		for _, l := range e.Terms {
			for _, t := range l.Terms {
				if l.Taxonomy.Participants {
					who = append(who, l.Taxonomy.Key+"/"+t.Slug)
				}
				if l.Taxonomy.Has("country") && l.Taxonomy.From == "" {
					from = append(from, t)
					key = cmp.Or(key, l.Taxonomy.Key)
				}
			}
		}
		slices.Sort(who)
		same := e.Span.Start.String() + " " + strings.Join(who, ",")
		if first, ok := seen[same]; ok && len(who) > 0 {
			warn(e, "date:", "likely a duplicate of %s: the same day and the same people; merge them or tell them apart", first.File)
		} else {
			seen[same] = e
		}
		for i, side := range c.site.Sides {
			if key != "" && !anyFrom(from, side) {
				warn(e, key+":", "nobody from %s takes part (side %d of the site's sides); add them to %s", strings.Join(side, " or "), i+1, key)
			}
		}
		last := e.Span.End
		if last.IsZero() {
			last = e.Span.Start
		}
		if e.Status == "announced" && last.Compare(today) < 0 && !covers(last, today) {
			warn(e, "status:", "is still announced but its date %s has passed; set status to held or cancelled", last)
		}
	}
}

// covers reports whether a coarse date (a month or a year) includes day.
func covers(coarse, day site.Date) bool {
	return coarse.Year == day.Year && (coarse.Month == 0 || coarse.Month == day.Month && coarse.Day == 0)
}

func anyFrom(people []*site.Term, countries []string) bool {
	for _, p := range people {
		for _, c := range countries {
			if strings.EqualFold(p.Country, c) {
				return true
			}
		}
	}
	return false
}

// terms finds term files that no event refers to, and places (terms of
// a taxonomy whose files may say where they are) that do not say it.
func (c *checker) terms() {
	for _, x := range c.site.Taxonomies {
		for _, t := range x.Terms {
			if t.File != "" && len(t.Events) == 0 {
				c.warns = append(c.warns, &site.Diagnostic{Pos: site.Pos{File: t.File, Line: 1, Col: 1}, Severity: site.Warning,
					Msg: fmt.Sprintf("no event refers to %s; refer to it or delete the file", t.Name)})
			}
			if t.File != "" && x.Located() && !t.Located {
				c.warns = append(c.warns, &site.Diagnostic{Pos: site.Pos{File: t.File, Line: 1, Col: 1}, Severity: site.Warning,
					Msg: fmt.Sprintf("%s has no lat and lon, so it is not on the map; add them, in degrees (lat: 39.9075, lon: 116.39723)", t.Name)})
			}
		}
	}
}

// Placeholder starts every text that timeline new writes for the author
// to replace, and PlaceholderURL is the source address it writes; check
// holds either, left in a file, to be unfinished.
const (
	Placeholder    = "TODO:"
	PlaceholderURL = "https://example.org/TODO"
)

// placeholders finds the texts of events and term files that are still
// what timeline new wrote.
func (c *checker) placeholders() {
	flag := func(page, key, value, todo string) {
		if strings.HasPrefix(value, Placeholder) || value == PlaceholderURL {
			c.errs = append(c.errs, c.at(page, value, "%s is still the placeholder %q; %s", key, value, todo))
		}
	}
	for _, e := range c.site.Events {
		page := e.URL() + "index.html"
		flag(page, "title", e.Title, "write the contact's headline")
		flag(page, "summary", e.Summary, "write one or two plain sentences on what happened")
		flag(page, "place", e.Place, `write "City, Country", or delete the line`)
		flag(page, "occasion", e.Occasion, "name the larger event it was part of, or delete the line")
		for _, l := range e.Terms {
			for _, t := range l.Terms {
				flag(page, l.Taxonomy.Key, t.Name, fmt.Sprintf("name the %s by name, alias or slug", l.Taxonomy.Key))
			}
		}
		for _, d := range e.Documents {
			flag(page, "a document's title", d.Title, "write the document's title")
		}
		for _, s := range e.Sources {
			flag(page, "a source's title", s.Title, "write the headline of the published report")
			flag(page, "a source's publisher", s.Publisher, "write who published it, or delete the line")
			flag(page, "a source's url", s.URL, "write the report's address")
		}
	}
	for _, x := range c.site.Taxonomies {
		for _, t := range x.Terms {
			if t.File == "" {
				continue
			}
			page := t.URL() + "index.html"
			flag(page, "name", t.Name, fmt.Sprintf("write the %s's name as the site writes it", x.Singular))
			flag(page, "summary", t.Summary, "write one plain sentence, or delete the line")
			flag(page, "native", t.Native, "write the name in its own script, or delete the line")
			flag(page, "country", t.Country, "write the country, or delete the line")
			for _, r := range t.Roles {
				flag(page, "a role's title", r.Title, "write the office, or delete the role")
			}
		}
	}
}

// tags calls f with each start tag of a page, in order. A tokenizer, not
// a parser: a page's tree would take some twenty times its size.
func tags(page []byte, f func(html.Token)) {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			f(z.Token())
		}
	}
}

func lookup(n html.Token, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n html.Token, key string) string { v, _ := lookup(n, key); return v }

// Today is the current day, for Site.
func Today() site.Date {
	y, m, d := time.Now().Date()
	return site.Date{Year: y, Month: int(m), Day: d}
}

// Coverage is how much of one edition is translated.
type Coverage struct {
	Edition *site.Edition
	// Events, Bodies and Terms count what is translated, of how many;
	// Bodies counts the events that have a body.
	Events, Bodies, Terms [2]int
	// Missing lists the content files whose text the edition shows
	// untranslated, by file.
	Missing []Missing
}

// Missing is a file an edition has no translation of: its text (Text),
// or only its body.
type Missing struct {
	File string
	Text bool
}

// Translations reports, for each edition but the default, how much of the
// content it has in its own language and which files it lacks.
func Translations(s *site.Site) []Coverage {
	var out []Coverage
	for _, t := range s.Translated {
		c := Coverage{Edition: t.Edition}
		for _, e := range t.Events {
			c.Events[1]++
			switch {
			case e.Untranslated != "":
				c.Missing = append(c.Missing, Missing{e.File, true})
			case e.Body != "" && e.BodyUntranslated != "":
				c.Missing = append(c.Missing, Missing{e.File, false})
			}
			if e.Untranslated == "" {
				c.Events[0]++
			}
			if e.Body != "" {
				c.Bodies[1]++
				if e.BodyUntranslated == "" {
					c.Bodies[0]++
				}
			}
		}
		for _, x := range t.Taxonomies {
			for _, term := range x.Terms {
				if term.File == "" {
					continue
				}
				c.Terms[1]++
				if term.Untranslated == "" {
					c.Terms[0]++
				} else {
					c.Missing = append(c.Missing, Missing{term.File, true})
				}
			}
		}
		slices.SortFunc(c.Missing, func(a, b Missing) int { return strings.Compare(a.File, b.File) })
		out = append(out, c)
	}
	return out
}

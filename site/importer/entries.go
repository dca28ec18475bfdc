package importer

import (
	"fmt"
	"slices"
	"strings"

	"timeline/site"
	"timeline/site/output"
)

// The columns of data/events.csv besides each taxonomy's.
var columns = []string{"id", "date", "end", "type", "status", "title", "place", "occasion", "summary",
	"documents", "sources", "url", "document_kinds", "source_publishers", "source_dates", "source_langs",
	"source_archives", "source_accessed", "body", "draft"}

// required are the columns without which no row can make an event.
var required = []string{"title", "date", "type", "summary", "sources"}

// list splits a cell of a list: items joined with " | ".
func list(cell string) []string { return split(cell, " | ") }

// split cuts a cell at sep into items trimmed of spaces.
func split(cell, sep string) []string {
	if cell == "" {
		return nil
	}
	items := strings.Split(cell, sep)
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items
}

func fromRows(s *site.Site, file string, rows [][]string) ([]*entry, site.Diagnostics) {
	var errs site.Diagnostics
	t := &table{file: file, column: map[string]int{}}
	if len(rows) == 0 {
		return nil, site.Diagnostics{diag(file, 0, 0, "is empty; its first row names the columns, as data/events.csv does")}
	}
	known := slices.Clone(columns)
	for _, x := range s.Taxonomies {
		known = append(known, x.Key)
		if slices.Contains(x.Fields, "native") {
			known = append(known, x.Key+"_native", x.Key+"_lang")
		}
	}
	for i, h := range rows[0] {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case name == "":
			continue
		case !slices.Contains(known, name):
			msg := fmt.Sprintf("column %q is not one timeline imports", name)
			if near := site.Closest(name, known); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			} else {
				msg += "; name the columns as data/events.csv does (" + strings.Join(known, ", ") + ")"
			}
			errs = append(errs, diag(file, 1, i+1, "%s", msg))
		case slices.Contains(t.names, name):
			errs = append(errs, diag(file, 1, i+1, "column %q is there twice; keep one", name))
		default:
			t.column[name] = i
		}
		t.names = append(t.names, name)
	}
	for _, c := range required {
		if _, ok := t.column[c]; !ok {
			errs = append(errs, diag(file, 1, 0, "has no %q column; every event needs one", c))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for i, cells := range rows[1:] {
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			continue // empty rows, as spreadsheets leave at the end
		}
		t.rows = append(t.rows, row{i + 2, cells})
	}
	var entries []*entry
	for _, r := range t.rows {
		at := func(field string) site.Pos {
			col, ok := t.column[field]
			if !ok {
				col, ok = t.column["id"]
			}
			if !ok {
				return site.Pos{File: file, Line: r.n}
			}
			return site.Pos{File: file, Line: r.n, Col: col + 1}
		}
		has := func(field string) bool { _, ok := t.column[field]; return ok }
		bad := func(field, format string, args ...any) {
			p := at(field)
			errs = append(errs, diag(p.File, p.Line, p.Col, format, args...))
		}
		before := len(errs)
		e := &entry{at: at, has: has, fields: map[string]string{}, terms: map[string][]termRef{}, body: t.cell(r, "body")}
		for _, k := range []string{"title", "date", "end", "type", "status", "place", "occasion", "summary", "draft"} {
			e.fields[k] = t.cell(r, k)
		}
		e.fields["body"] = ""
		if i, ok := t.column["body"]; ok && i < len(r.cells) {
			e.body = inert(r.cells[i]) // as it is: indentation is Markdown
		}
		e.fields["type"] = strings.ToLower(e.fields["type"])
		if typ := e.fields["type"]; typ != "" && !slices.ContainsFunc(s.Types, func(x *site.EventType) bool { return x.ID == typ }) {
			for _, x := range s.Types { // "state visit" or "State Visit", as a sheet may write it
				if strings.ReplaceAll(typ, " ", "-") == x.ID {
					bad("type", "type %q is not known; did you mean %q?", typ, x.ID)
				}
			}
		}
		e.fields["status"] = strings.ToLower(e.fields["status"])
		for _, k := range []string{"date", "end"} {
			if d, err := parseDate(e.fields[k]); err != nil {
				bad(k, "%v", err)
			} else {
				e.fields[k] = d
			}
		}
		switch strings.ToLower(e.fields["draft"]) {
		case "", "false", "no", "0":
			e.fields["draft"] = ""
		case "true", "yes", "1":
			e.fields["draft"] = "true"
		default:
			bad("draft", "draft %q is neither true nor false; leave it empty for a published event", e.fields["draft"])
		}
		for _, k := range required {
			if k != "sources" && e.fields[k] == "" {
				bad(k, "%s is empty; every event needs one", k)
			}
		}
		for _, x := range s.Taxonomies {
			if x.From != "" {
				continue // its column repeats what the place (or occasion) column says
			}
			names := list(t.cell(r, x.Key))
			natives := items(t.cell(r, x.Key+"_native"))
			langs := items(t.cell(r, x.Key+"_lang"))
			if natives != nil && len(natives) != len(names) {
				bad(x.Key+"_native", "%d native names for %d %s; give one for each, in the same order, an empty one (\"\") where there is none", len(natives), len(names), x.Key)
			}
			if langs != nil && len(langs) != len(names) {
				bad(x.Key+"_lang", "%d languages for %d %s; give one for each, in the same order", len(langs), len(names), x.Key)
			}
			for i, n := range names {
				ref := termRef{name: n}
				if i < len(natives) && len(natives) == len(names) {
					ref.native = natives[i]
				}
				if i < len(langs) && len(langs) == len(names) {
					ref.lang = langs[i]
				}
				e.terms[x.Key] = append(e.terms[x.Key], ref)
			}
			if x.Required && len(names) == 0 && has(x.Key) {
				bad(x.Key, "%s is empty; name at least one %s", x.Key, x.Singular)
			}
		}
		docs := list(t.cell(r, "documents"))
		kinds := paired(t, r, "document_kinds", len(docs), bad)
		for i, d := range docs {
			e.docs = append(e.docs, site.Document{Title: d, Kind: kinds[i]})
		}
		srcs := sourceList(t.cell(r, "sources"))
		if len(srcs) == 0 {
			bad("sources", "sources is empty; cite at least one published source, as \"title <https://...>\"")
		}
		pub := paired(t, r, "source_publishers", len(srcs), bad)
		dates := paired(t, r, "source_dates", len(srcs), bad)
		langs := paired(t, r, "source_langs", len(srcs), bad)
		archives := paired(t, r, "source_archives", len(srcs), bad)
		accessed := paired(t, r, "source_accessed", len(srcs), bad)
		for i, src := range srcs {
			title, url := src, ""
			if strings.HasSuffix(src, ">") {
				if j := strings.LastIndex(src, "<"); j >= 0 {
					title, url = strings.TrimSpace(src[:j]), src[j+1:len(src)-1]
				}
			}
			for _, d := range []*string{&dates[i], &accessed[i]} {
				v, err := parseDate(*d)
				if err != nil {
					bad("sources", "source %d: %v", i+1, err)
				}
				*d = v
			}
			e.sources = append(e.sources, output.Source{Title: title, Publisher: pub[i], URL: url, Date: dates[i],
				Lang: langs[i], Archive: archives[i], Accessed: accessed[i]})
		}
		e.id = identify(t.cell(r, "id"), e, bad)
		if has("url") && t.cell(r, "url") != "" && e.id != "" && !strings.HasSuffix(strings.TrimSuffix(t.cell(r, "url"), "/"), "/"+e.id) && t.cell(r, "id") != "" {
			bad("url", "url %q is not that of id %q; leave url empty, as the build makes it from the id", t.cell(r, "url"), e.id)
		}
		e.bad = len(errs) > before
		entries = append(entries, e)
	}
	return entries, errs
}

// identify gives the event's slug: its id, or, without one, the slug of
// its date and title, as the build makes of a file name.
func identify(id string, e *entry, bad func(field, format string, args ...any)) string {
	if id == "" {
		return site.Slug(e.fields["date"] + " " + e.fields["title"])
	}
	if slug := site.Slug(id); slug != id {
		bad("id", "id %q is not a slug; write it %q (lower-case letters, digits and hyphens), or leave it empty to make one of the date and title", id, slug)
	}
	return id
}

// sourceList splits a sources cell: each item ends with its <url>, or
// <> without one, so items are cut after the ">", which keeps a " | "
// inside a title.
func sourceList(cell string) []string {
	if cell == "" {
		return nil
	}
	srcs := strings.Split(cell, "> | ")
	for i := range srcs[:len(srcs)-1] {
		srcs[i] += ">"
	}
	for i := range srcs {
		srcs[i] = strings.TrimSpace(srcs[i])
	}
	return srcs
}

// items splits a cell that pairs up with a list, in which items may be
// empty: at the end, the cell's spaces are trimmed off " | ", so it is
// split at "|" alone (no name, language or date holds one).
func items(cell string) []string { return split(cell, "|") }

// paired splits a column that pairs up with a list of n items, item by
// item; an empty cell gives n empty values.
func paired(t *table, r row, column string, n int, bad func(field, format string, args ...any)) []string {
	values := items(t.cell(r, column))
	if values == nil {
		return make([]string, n)
	}
	if len(values) != n {
		bad(column, "%s has %d items for %d; give one for each, joined with \" | \", an empty one where there is none", column, len(values), n)
		return make([]string, n)
	}
	return values
}

// fromJSON reads the site's own events.json: every field it carries, and
// a body nowhere, so that an event's existing body is kept.
func fromJSON(s *site.Site, file string, data []byte) ([]*entry, site.Diagnostics) {
	events, pos, errs := readJSON(file, data)
	if errs != nil {
		return nil, errs
	}
	var entries []*entry
	for i, x := range events {
		p := pos[i]
		at := func(string) site.Pos { return p }
		bad := func(_ string, format string, args ...any) {
			errs = append(errs, diag(p.File, p.Line, p.Col, format, args...))
		}
		has := func(field string) bool { return field != "draft" }
		e := &entry{at: at, has: has, terms: map[string][]termRef{}, docs: x.Documents, sources: x.Sources, fields: map[string]string{
			"title": x.Title, "date": x.Date, "end": x.End, "type": x.Type, "status": x.Status,
			"place": x.Place, "occasion": x.Occasion, "summary": x.Summary}, body: x.Body}
		for _, k := range required {
			if k != "sources" && e.fields[k] == "" {
				bad(k, "%s is empty; every event needs one", k)
			}
		}
		if len(x.Sources) == 0 {
			bad("sources", "sources is empty; cite at least one published source")
		}
		for _, ts := range x.Terms {
			x := s.Taxonomy(ts.Taxonomy)
			if x == nil {
				bad(ts.Taxonomy, "%q is not a taxonomy of this site; declare it in _index.md's taxonomies, or take it out", ts.Taxonomy)
			} else if x.From != "" {
				continue // it repeats what the place (or occasion) says
			}
			for _, t := range ts.Terms {
				e.terms[ts.Taxonomy] = append(e.terms[ts.Taxonomy], termRef{t.Name, t.Native, t.Lang})
			}
		}
		before := len(errs)
		e.id = identify(x.ID, e, bad)
		e.bad = len(errs) > before
		entries = append(entries, e)
	}
	return entries, errs
}

// Package importer makes content files of a spreadsheet or data export:
// timeline import. It reads CSV and TSV in the columns of the site's own
// data/events.csv (as a spreadsheet saves them: with a BOM, CRLF, line
// breaks inside quoted cells, empty rows), .xlsx workbooks (their first
// sheet) and the site's own data/events.json, and plans one file per row,
// events/ID.md, plus a term file for each person or topic the content
// does not know yet.
//
// What the rows would make is checked as a build checks it (site.Load on
// the content with the planned files in it, in memory), and every problem
// is given at the cell it came from, file.csv:row:col, the header being
// row 1. Nothing is written while there is any problem.
package importer

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"

	"timeline/site"
	"timeline/site/output"
)

// What a Change does to its file.
const (
	Create = "create"
	Update = "change"
	Leave  = "leave" // the file already says the same
)

// A Change is one file of the content folder, by its path in it.
type Change struct {
	Path   string
	Action string
	Data   []byte
}

// An entry is one imported event, before it is a file.
type entry struct {
	at       func(field string) site.Pos // the cell a field came from
	has      func(field string) bool     // whether the input carries the field at all
	id       string
	fields   map[string]string // title, date, end, type, status, place, occasion, summary
	terms    map[string][]termRef
	docs     []site.Document
	sources  []output.Source
	body     string
	file     string // its path in the content folder
	existing *site.Event
	lines    []string // the field each line of the file came from
	bad      bool     // its cells have errors: it is not checked further
}

type termRef struct{ name, native, lang string }

// Plan reads the file name (its bytes data) and gives what importing it
// into the content of opts would do to each file, sorted by path; or, if
// anything is wrong, every problem, as site.Diagnostics.
func Plan(opts site.Options, name string, data []byte) ([]Change, error) {
	opts.Drafts = true
	opts.Outputs = nil
	base, err := site.Load(opts)
	if err != nil {
		return nil, fmt.Errorf("the content has errors; fix them, then import:\n%w", err)
	}
	var entries []*entry
	var errs site.Diagnostics
	if strings.EqualFold(path.Ext(name), ".json") {
		entries, errs = fromJSON(base, name, data)
	} else {
		rows, problems := readRows(name, data)
		if problems != nil {
			return nil, problems
		}
		entries, errs = fromRows(base, name, rows)
	}
	bySlug := map[string]*site.Event{}
	for _, e := range base.Events {
		bySlug[e.Slug] = e
	}
	seen := map[string]*entry{}
	for _, e := range entries {
		if first := seen[e.id]; first != nil {
			errs = append(errs, diag(e.at("id").File, e.at("id").Line, e.at("id").Col,
				"id %q is also that of %s; give each row an id of its own", e.id, first.at("id")))
			e.bad = true
			continue
		}
		seen[e.id] = e
		e.file = "events/" + e.id + ".md"
		if ex := bySlug[e.id]; ex != nil {
			e.existing = ex
			e.file = strings.TrimPrefix(ex.File, path.Clean(opts.ContentDir)+"/")
		}
	}
	// Rows with bad cells are left out of the check of the others, so that
	// every error of the file is found at once.
	entries = slices.DeleteFunc(entries, func(e *entry) bool { return e.bad })

	tree := fstest.MapFS{}
	err = fs.WalkDir(opts.Content, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(opts.Content, p)
		tree[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		return nil, err
	}
	var changes []Change
	byFile := map[string]*entry{}
	for _, e := range entries {
		data := e.render(base)
		byFile[path.Join(opts.ContentDir, e.file)] = e
		old, ok := tree[e.file]
		switch {
		case !ok:
			changes = append(changes, Change{e.file, Create, data})
		case bytes.Equal(old.Data, data):
			changes = append(changes, Change{e.file, Leave, nil})
		default:
			changes = append(changes, Change{e.file, Update, data})
		}
		tree[e.file] = &fstest.MapFile{Data: data}
	}
	opts.Content = tree
	after, err := site.Load(opts)
	if err != nil {
		ds, ok := err.(site.Diagnostics)
		if !ok {
			return nil, err
		}
		for _, d := range ds {
			if e := byFile[d.File]; e != nil {
				field := "id"
				if d.Line > 0 && d.Line <= len(e.lines) {
					field = e.lines[d.Line-1]
				} else if d.Line > len(e.lines) {
					field = "body"
				}
				d.Pos = e.at(field)
			}
			errs = append(errs, d)
		}
		return nil, errs.Sorted()
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	// Terms the rows name that no file describes get files; a change that
	// the build would not see (the file says the same in other words) is
	// left alone.
	type named struct {
		termRef
		by *entry
	}
	newTerms := map[string]named{}
	for _, e := range entries {
		for key, refs := range e.terms {
			for _, r := range refs {
				if _, ok := newTerms[key+"\x00"+r.name]; !ok {
					newTerms[key+"\x00"+r.name] = named{r, e}
				}
			}
		}
	}
	for _, x := range after.Taxonomies {
		for _, t := range x.Terms {
			if t.File != "" {
				continue
			}
			r, ok := newTerms[x.Key+"\x00"+t.Name]
			var b strings.Builder
			b.WriteString("---\nname: " + scalar(t.Name) + "\n")
			if ok && r.native != "" && slices.Contains(x.Fields, "native") {
				if r.lang == "" {
					p := r.by.at(x.Key + "_native")
					errs = append(errs, diag(p.File, p.Line, p.Col, "%s %q is new, and its native name %q needs its language: add a %s_lang column (ru, zh-Hans...), or write %s/%s.md with native and lang first",
						x.Singular, t.Name, r.native, x.Key, x.Key, t.Slug))
					continue
				}
				b.WriteString("native: " + scalar(r.native) + "\nlang: " + scalar(r.lang) + "\n")
			}
			b.WriteString("---\n")
			changes = append(changes, Change{x.Key + "/" + t.Slug + ".md", Create, []byte(b.String())})
		}
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	afterBySlug := map[string]*site.Event{}
	for _, e := range after.Events {
		afterBySlug[e.Slug] = e
	}
	for i, c := range changes {
		if e := byFile[path.Join(opts.ContentDir, c.Path)]; e != nil && c.Action == Update && same(e.existing, afterBySlug[e.id]) {
			changes[i] = Change{c.Path, Leave, nil}
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// same reports whether two readings of an event say the same.
func same(a, b *site.Event) bool {
	if a == nil || b == nil || a.Title != b.Title || a.Span != b.Span || a.Type != b.Type || a.Status != b.Status ||
		a.Draft != b.Draft || a.Place != b.Place || a.Occasion != b.Occasion || a.Summary != b.Summary ||
		strings.TrimSpace(a.Markdown) != strings.TrimSpace(b.Markdown) ||
		!slices.Equal(a.Documents, b.Documents) || !slices.Equal(a.Sources, b.Sources) || len(a.Terms) != len(b.Terms) {
		return false
	}
	for i := range a.Terms {
		if !slices.EqualFunc(a.Terms[i].Terms, b.Terms[i].Terms, func(x, y *site.Term) bool { return x.Slug == y.Slug }) {
			return false
		}
	}
	return true
}

// Write carries the changes out in the folder dir: a changed file is
// written beside its place and renamed into it, a new one made in place.
func Write(dir string, changes []Change) error {
	made := map[string]bool{}
	var todo []Change
	for _, c := range changes {
		if c.Action == Leave {
			continue
		}
		folder := filepath.Dir(filepath.Join(dir, filepath.FromSlash(c.Path)))
		if !made[folder] {
			if err := os.MkdirAll(folder, 0o755); err != nil {
				return err
			}
			made[folder] = true
		}
		todo = append(todo, c)
	}
	for _, c := range todo {
		name := filepath.Join(dir, filepath.FromSlash(c.Path))
		if c.Action == Create {
			// A new file needs no rename (a journaled step of its own):
			// made only if absent, and removed if it cannot be written whole.
			if err := create(name, c.Data); err != nil {
				return err
			}
			continue
		}
		tmp := name + ".import"
		if err := os.WriteFile(tmp, c.Data, 0o644); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := os.Rename(tmp, name); err != nil {
			return err
		}
	}
	return nil
}

// create writes a file that must not exist yet, whole or not at all.
func create(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// render gives the event's file, its keys in the order of the default
// content's files. Fields the input does not carry keep what the existing
// file says.
func (e *entry) render(s *site.Site) []byte {
	ex := e.existing
	var b strings.Builder
	e.lines = []string{"id"}
	b.WriteString("---\n")
	line := func(field, text string) {
		b.WriteString(text)
		b.WriteByte('\n')
		e.lines = append(e.lines, field)
	}
	for _, k := range []string{"title", "date", "end", "type", "status", "draft", "place", "occasion"} {
		v := e.fields[k]
		if k == "draft" && ex != nil && ex.Draft {
			v = "true"
		}
		if k == "status" && v == "held" || v == "" {
			continue
		}
		if k == "date" || k == "end" {
			line(k, k+": "+v)
		} else {
			line(k, k+": "+scalar(v))
		}
	}
	for _, x := range s.Taxonomies {
		if x.From != "" {
			continue // written as its key, place or occasion
		}
		refs := e.terms[x.Key]
		if !e.has(x.Key) && ex != nil {
			refs = nil
			for _, t := range ex.In(x.Key) {
				refs = append(refs, termRef{name: t.Name})
			}
		}
		if len(refs) == 0 {
			continue
		}
		names := make([]string, len(refs))
		for i, r := range refs {
			names[i] = flow(r.name)
		}
		line(x.Key, x.Key+": ["+strings.Join(names, ", ")+"]")
	}
	if v := e.fields["summary"]; v != "" {
		line("summary", "summary: "+scalar(v))
	}
	if len(e.docs) > 0 {
		line("documents", "documents:")
		for _, d := range e.docs {
			line("documents", "  - title: "+scalar(d.Title))
			if d.Kind != "" {
				line("document_kinds", "    kind: "+scalar(d.Kind))
			}
		}
	}
	if len(e.sources) > 0 {
		line("sources", "sources:")
		for _, src := range e.sources {
			line("sources", "  - title: "+scalar(src.Title))
			for _, f := range []struct{ col, key, v string }{{"source_publishers", "publisher", src.Publisher},
				{"sources", "url", src.URL}, {"source_dates", "date", src.Date}, {"source_langs", "lang", src.Lang},
				{"source_archives", "archive", src.Archive}, {"source_accessed", "accessed", src.Accessed}} {
				if f.v != "" {
					line(f.col, "    "+f.key+": "+scalar(f.v))
				}
			}
		}
	}
	line("id", "---")
	body := e.body
	if !e.has("body") && ex != nil {
		body = ex.Markdown
	}
	if body = strings.Trim(body, "\r\n"); body != "" {
		b.WriteString(body)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// scalar writes a YAML value plain where YAML reads it back as the same
// string, and double-quoted (in JSON's escapes, which YAML shares) where not.
func scalar(s string) string {
	if plain(s) {
		return s
	}
	return quote(s)
}

// flow is scalar inside a [flow, list].
func flow(s string) string {
	if plain(s) && !strings.ContainsAny(s, ",[]{}") {
		return s
	}
	return quote(s)
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plain reports whether s can be written as a plain YAML scalar and read
// back as the same string: it starts with a letter, holds none of the
// characters that end or start something else, and is not a word YAML
// reads as a boolean or null.
func plain(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.HasSuffix(s, ":") || strings.ContainsAny(s, "\"'`\\{}[]\n\r\t|>&*!%@") {
		return false
	}
	r := []rune(s)[0]
	if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != 0xfeff) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf":
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff {
			return false
		}
	}
	return true
}

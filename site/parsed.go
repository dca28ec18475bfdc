package site

import (
	"encoding/binary"
	"html/template"
	"slices"
)

// Parsed events: a build with a Store on disk keeps each event as its
// file was read, with the problems found in it, so that the next build
// parses only the files that changed; YAML and Markdown are most of what
// reading 10,000 files costs. The key is the file's name and bytes and
// the settings it was read against. An event whose body links to other
// files of the tree depends on them too, and is read every time.

// parsedKey is the key of the event read from a file whose name and bytes
// have sum, against settings c.
func parsedKey(c *settings, sum [32]byte) [32]byte {
	return keyOf("parsed event", c.sum[:], sum[:])
}

// onDisk tells whether store is kept between runs: it keeps parsed
// events. The preview's MemoryStore keeps what was read as it is (see
// loadCached).
func onDisk(store Store) bool {
	switch store.(type) {
	case nil, noStore, *MemoryStore:
		return false
	}
	return true
}

// encodeParsed gives an event as read, and the problems of its file, as
// a string for a Store.
func encodeParsed(e *Event, errs Diagnostics) string {
	var w parsedWriter
	typ := ""
	if e.Type != nil {
		typ = e.Type.ID
	}
	w.str(e.Slug, e.File, e.Title, typ, e.Place, e.Occasion, e.Summary, e.Status, string(e.Body), e.Markdown, string(e.sum[:]))
	w.date(e.Span.Start, e.Span.End)
	w.int(len(e.Documents))
	for _, d := range e.Documents {
		w.str(d.Title, d.Kind)
	}
	w.int(len(e.Sources))
	for _, s := range e.Sources {
		w.str(s.Title, s.Publisher, s.URL, s.Lang, s.Archive)
		w.date(s.Date, s.Accessed)
	}
	keys := make([]string, 0, len(e.refs))
	for k := range e.refs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.int(len(keys))
	for _, k := range keys {
		w.str(k)
		w.int(len(e.refs[k]))
		for _, r := range e.refs[k] {
			w.str(r.text)
			w.int(r.line, r.col)
		}
	}
	w.int(len(errs))
	for _, d := range errs {
		w.str(d.File, d.Msg)
		w.int(d.Line, d.Col, int(d.Severity))
	}
	if e.Draft {
		w.int(1)
	} else {
		w.int(0)
	}
	return string(w)
}

// decodeParsed reads what encodeParsed wrote, against settings c: the
// event's type is c's. It reports false for anything else.
func decodeParsed(data string, c *settings) (*Event, Diagnostics, bool) {
	r := parsedReader{data: data}
	e := &Event{refs: map[string][]ref{}}
	var typ, body, sum string
	r.str(&e.Slug, &e.File, &e.Title, &typ, &e.Place, &e.Occasion, &e.Summary, &e.Status, &body, &e.Markdown, &sum)
	r.date(&e.Span.Start, &e.Span.End)
	e.Body = template.HTML(body)
	copy(e.sum[:], sum)
	if typ != "" {
		e.Type = c.eventType(typ)
	}
	for range r.count() {
		var d Document
		r.str(&d.Title, &d.Kind)
		e.Documents = append(e.Documents, d)
	}
	for range r.count() {
		var s Source
		r.str(&s.Title, &s.Publisher, &s.URL, &s.Lang, &s.Archive)
		r.date(&s.Date, &s.Accessed)
		e.Sources = append(e.Sources, s)
	}
	for range r.count() {
		var k string
		r.str(&k)
		refs := []ref{}
		for range r.count() {
			var x ref
			r.str(&x.text)
			r.int(&x.line, &x.col)
			refs = append(refs, x)
		}
		e.refs[k] = refs
	}
	var errs Diagnostics
	for range r.count() {
		d := &Diagnostic{}
		var severity int
		r.str(&d.File, &d.Msg)
		r.int(&d.Line, &d.Col, &severity)
		d.Severity = Severity(severity)
		errs = append(errs, d)
	}
	var draft int
	r.int(&draft)
	e.Draft = draft == 1
	if r.bad || r.data != "" || len(sum) != len(e.sum) || typ != "" && e.Type == nil {
		return nil, nil, false
	}
	return e, errs, true
}

// parsedWriter appends strings and numbers, each as a varint (a string's
// length before its bytes).
type parsedWriter []byte

func (w *parsedWriter) str(ss ...string) {
	for _, s := range ss {
		*w = append(binary.AppendUvarint(*w, uint64(len(s))), s...)
	}
}

func (w *parsedWriter) int(ns ...int) {
	for _, n := range ns {
		*w = binary.AppendVarint(*w, int64(n))
	}
}

func (w *parsedWriter) date(ds ...Date) {
	for _, d := range ds {
		w.int(d.Year, d.Month, d.Day)
	}
}

// parsedReader reads what a parsedWriter wrote; bad says the data ran
// short or was not a number where one was due.
type parsedReader struct {
	data string
	bad  bool
}

func (r *parsedReader) varint() int64 {
	n, w := binary.Varint([]byte(r.data[:min(len(r.data), binary.MaxVarintLen64)]))
	if w <= 0 {
		r.bad, r.data = true, ""
		return 0
	}
	r.data = r.data[w:]
	return n
}

func (r *parsedReader) str(ss ...*string) {
	for _, s := range ss {
		n, w := binary.Uvarint([]byte(r.data[:min(len(r.data), binary.MaxVarintLen64)]))
		if w <= 0 || uint64(len(r.data)-w) < n {
			r.bad, r.data = true, ""
			return
		}
		*s = r.data[w : w+int(n)]
		r.data = r.data[w+int(n):]
	}
}

func (r *parsedReader) int(ns ...*int) {
	for _, n := range ns {
		*n = int(r.varint())
	}
}

func (r *parsedReader) date(ds ...*Date) {
	for _, d := range ds {
		r.int(&d.Year, &d.Month, &d.Day)
	}
}

// count reads the length of a list, at most what the data could hold.
func (r *parsedReader) count() int {
	n := r.varint()
	if n < 0 || n > int64(len(r.data)) {
		r.bad, r.data = true, ""
		return 0
	}
	return int(n)
}

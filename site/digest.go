package site

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Digests say what a page shows, so that a rebuild can reuse a page's
// bytes when none of it changed (see Cache). A term's digest covers its
// file; an event's covers its file and the files of its people and topics,
// which is all that an entry for it in a list shows.

// A digester hashes what it is given with SHA-256. Most digests are of a
// few short strings and sums, which it gathers in an array of its own to
// hash in one call; beyond that, it streams them into a hash.
type digester struct {
	h     hash.Hash // once there is more than the array holds
	n     int       // bytes gathered
	arr   [1 << 10]byte
	spill []byte // what the hash is given of the array: a copy, so that the array need not be on the heap
}

func newDigester() *digester { return &digester{} }

// flush hashes what is gathered.
func (d *digester) flush() {
	if d.h == nil {
		d.h, d.spill = sha256.New(), make([]byte, len(d.arr))
	}
	d.h.Write(d.spill[:copy(d.spill, d.arr[:d.n])])
	d.n = 0
}

func (d *digester) bytes(b []byte) *digester {
	if d.n+len(b) > len(d.arr) {
		d.flush()
		d.h.Write(b)
		return d
	}
	d.n += copy(d.arr[d.n:], b)
	return d
}

func (d *digester) str(s string) *digester {
	d.int(len(s))
	if d.n+len(s) > len(d.arr) {
		d.flush()
		d.h.Write([]byte(s))
		return d
	}
	d.n += copy(d.arr[d.n:], s)
	return d
}

func (d *digester) int(n int) *digester {
	if d.n+8 > len(d.arr) {
		d.flush()
	}
	binary.LittleEndian.PutUint64(d.arr[d.n:], uint64(n))
	d.n += 8
	return d
}

func (d *digester) sum() [32]byte {
	if d.h == nil {
		return sha256.Sum256(d.arr[:d.n])
	}
	d.flush()
	return [32]byte(d.h.Sum(nil))
}

// digestAll gives every term and event its digest, once terms are
// resolved, for a build with a Cache.
func digestAll(events []*Event, taxonomies []*Taxonomy, edition string) {
	for _, x := range taxonomies {
		for _, t := range x.Terms {
			if t.digest == ([32]byte{}) {
				t.digest = newDigester().str(x.Key).str(t.Name).sum() // a term without a file
			}
		}
	}
	for _, e := range events {
		d := newDigester().str(edition).bytes(e.sum[:])
		for _, t := range e.all {
			d.bytes(t.digest[:])
		}
		e.digest = d.sum()
	}
}

// numberAll identifies every event by its place in the site instead, in
// a one-off build: its list entries are kept only while it runs, so no
// file need be hashed.
func numberAll(events []*Event) {
	for i, e := range events {
		e.digest = [32]byte{}
		binary.LittleEndian.PutUint64(e.digest[:], uint64(i)+1)
	}
}

// key is the digest of everything the page shows, and whether the page is
// of a kind whose bytes may be reused on a rebuild when its key is
// unchanged: an event, term or year page, or the print page of a term or
// a year. The home page, the terms pages and the whole timeline's print
// page show the whole site and are always made anew.
func (p *Page) key(templates, settings [32]byte) ([32]byte, bool) {
	d := newDigester().bytes(templates[:]).bytes(settings[:]).str(p.Kind).str(p.URL)
	events := func(es ...*Event) {
		for _, e := range es {
			if e != nil {
				d.bytes(e.digest[:])
			} else {
				d.int(0)
			}
		}
	}
	kind := p.Kind
	if kind == "print" {
		switch { // a term's or a year's, as its page; the whole timeline's is like home
		case p.Term != nil:
			kind = "term"
		case p.Year != nil:
			kind = "year"
		}
	}
	switch kind {
	case "event":
		events(p.Event, p.Event.Older, p.Event.Newer)
		events(p.Event.Related...)
	case "term":
		first, last := p.Site.yearSpan() // the axis of the activity strip
		d.bytes(p.Term.digest[:]).int(first).int(last)
		events(p.Term.Events...) // which also fix the counterparts and companions
	case "year":
		events(p.Year.Events...)
		for _, y := range []*Year{p.Year.Older, p.Year.Newer} {
			if y != nil {
				d.int(y.Year)
			} else {
				d.int(0)
			}
		}
	default:
		return [32]byte{}, false
	}
	return d.sum(), true
}

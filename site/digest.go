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
// few short strings and sums, which it gathers to hash in one call; once
// there are more than a few kilobytes, it streams them into a hash.
type digester struct {
	h   hash.Hash // once there is much to hash
	buf []byte    // what is not hashed yet
	arr [256]byte // buf's first bytes
}

// gatherAtMost is how many bytes a digester gathers before it hashes them.
const gatherAtMost = 4 << 10

func newDigester() *digester {
	d := &digester{}
	d.buf = d.arr[:0]
	return d
}

// flush hashes what is gathered.
func (d *digester) flush() {
	if d.h == nil {
		d.h = sha256.New()
	}
	d.h.Write(d.buf)
	d.buf = d.buf[:0]
}

func (d *digester) bytes(b []byte) *digester {
	if len(d.buf)+len(b) > gatherAtMost {
		d.flush()
		d.h.Write(b)
		return d
	}
	d.buf = append(d.buf, b...)
	return d
}

func (d *digester) str(s string) *digester {
	d.buf = binary.LittleEndian.AppendUint64(d.buf, uint64(len(s)))
	if len(d.buf)+len(s) > gatherAtMost {
		d.flush()
		d.h.Write([]byte(s))
		return d
	}
	d.buf = append(d.buf, s...)
	return d
}

func (d *digester) int(n int) *digester {
	d.buf = binary.LittleEndian.AppendUint64(d.buf, uint64(n))
	return d
}

func (d *digester) sum() [32]byte {
	if d.h == nil {
		return sha256.Sum256(d.buf)
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

package site

import (
	"io"

	"timeline/site/internal/parallel"
)

// Files of parts: the exports are each a part per event between a head
// and a tail (events.json, events.csv), tens of megabytes at 10,000
// events. An output gives such a file as Parts: the build remembers each
// part on disk (RememberOnDisk), keys the file by its parts' keys instead
// of hashing its bytes (Keyed), so that a build that finds the file in
// the output as an earlier one made it makes none of it, and writes it
// in pieces (InPieces), so that no build holds all of it.

// Parts are a file that is Head, then N parts with Sep between them,
// then Tail. Part i is what Make(i) gives, and Key(i) is its key for
// Remember: it must cover everything Make(i) depends on.
type Parts struct {
	Head, Sep, Tail string
	N               int
	Key             func(i int) [32]byte
	Make            func(i int) string
}

// InParts gives the maker of an output's file, name, that is made of p.
func (s *Site) InParts(name string, p Parts) func() []byte {
	s.Keyed(name, func() [32]byte {
		d := newDigester().str("parts").str(p.Head).str(p.Sep).str(p.Tail).int(p.N)
		keys := make([][32]byte, p.N)
		parallel.For(p.N, func(i int) { keys[i] = p.Key(i) })
		for _, k := range keys {
			d.bytes(k[:])
			// Asked for, a part stays in the store for the build that next
			// makes the file, though this one does not.
			s.store.Get(k)
		}
		return d.sum()
	})
	return s.InPieces(name, func(w io.Writer) {
		io.WriteString(w, p.Head)
		inWindows(w, p.N, p.Sep, func(i int) string {
			if !onDisk(s.store) {
				return p.Make(i)
			}
			return s.Remember(p.Key(i), func() string { return p.Make(i) })
		})
		io.WriteString(w, p.Tail)
	})
}

// Keyed gives an output's file, name, a key that says what it holds
// without making it, as key gives it: a build onto disk that finds the
// file in the output under that key, as an earlier build made it, does
// not make it again. The key must cover everything the file depends on.
func (s *Site) Keyed(name string, key func() [32]byte) {
	s.keyedMu.Lock()
	defer s.keyedMu.Unlock()
	if s.keyed == nil {
		s.keyed = map[string]func() [32]byte{}
	}
	s.keyed[name] = key
}

// keyOfFile gives the key of a file that is Keyed.
func (s *Site) keyOfFile(name string) (func() [32]byte, bool) {
	s.keyedMu.Lock()
	defer s.keyedMu.Unlock()
	key, ok := s.keyed[name]
	return key, ok
}

// inWindows writes to w the n parts that part gives, with sep between
// them: made on every core a window of parts at a time, so that no more
// than a window is held, and none once w fails (a reader went away). A w
// that holds what it is given (a bytes.Buffer) is grown once, to what the
// first window says the whole will take.
func inWindows(w io.Writer, n int, sep string, part func(i int) string) {
	const window = 256
	parts := make([]string, min(window, n))
	var b []byte
	for start := 0; start < n; start += window {
		end := min(start+window, n)
		parallel.For(end-start, func(i int) { parts[i] = part(start + i) })
		b = b[:0]
		for i, p := range parts[:end-start] {
			if start+i > 0 {
				b = append(b, sep...)
			}
			b = append(b, p...)
		}
		if g, ok := w.(interface{ Grow(int) }); ok && start == 0 && end < n {
			g.Grow(len(b) / end * n * 11 / 10)
		}
		if _, err := w.Write(b); err != nil {
			return // a reader that went away: no more to make
		}
	}
}

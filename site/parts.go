package site

import (
	"encoding/binary"
	"io"
	"os"
	"sync"

	"timeline/site/internal/parallel"
)

// Files of parts: the exports are each a part per event between a head
// and a tail (events.json, events.csv), tens of megabytes at 10,000
// events. An output gives such a file as Parts. The build keys the file by
// its parts' keys instead of hashing its bytes (Keyed), so that a build
// that finds it in the output as an earlier one made it makes none of it;
// writes it in pieces (InPieces), so that no build holds all of it; and,
// onto disk, keeps a table of its parts in the Store: the next build
// copies the parts it still has from the file in the output, the system
// copying the bytes, and makes only the others.

// Parts are a file that is Head, then N parts with Sep between them,
// then Tail. Part i is what Make(i) gives, and Key(i) says what it
// holds: it must cover everything Make(i) depends on.
type Parts struct {
	Head, Sep, Tail string
	N               int
	Key             func(i int) [32]byte
	Make            func(i int) string
}

// InParts gives the maker of an output's file, name, that is made of p.
func (s *Site) InParts(name string, p Parts) func() []byte {
	keys := sync.OnceValue(func() [][32]byte {
		keys := make([][32]byte, p.N)
		parallel.For(p.N, func(i int) { keys[i] = p.Key(i) })
		return keys
	})
	key := sync.OnceValue(func() [32]byte {
		d := newDigester().str("parts").str(p.Head).str(p.Sep).str(p.Tail).int(p.N)
		for _, k := range keys() {
			d.bytes(k[:])
		}
		key := d.sum()
		s.store.Get(tableKey(key)) // asked for, the table stays for the next build
		return key
	})
	s.Keyed(name, key)
	return s.InPieces(name, func(w io.Writer) {
		fw, ok := w.(*fileWriter)
		if !ok || !s.remembers() {
			io.WriteString(w, p.Head)
			inWindows(w, p.N, p.Sep, p.Make)
			io.WriteString(w, p.Tail)
			return
		}
		lengths := p.write(fw, keys(), s.earlier(fw))
		if fw.err == nil {
			s.store.Put(tableKey(key()), p.table(keys(), lengths))
		}
	})
}

// tableKey is the Store's key for the table of the parts of a file whose
// key is key.
func tableKey(key [32]byte) [32]byte { return keyOf("parts table", key[:]) }

// The table of a file of Parts says where each part is: the length of
// the head and the separator, then for each part its key's first half and
// its length.

// table gives the table of the file of p with keys and lengths.
func (p Parts) table(keys [][32]byte, lengths []int) string {
	b := binary.AppendUvarint(nil, uint64(len(p.Head)))
	b = append(binary.AppendUvarint(b, uint64(len(p.Sep))), p.Sep...)
	for i, k := range keys {
		b = binary.AppendUvarint(append(b, k[:16]...), uint64(lengths[i]))
	}
	return string(b)
}

// earlier gives the parts of the file that w's output has in place of the
// one w writes, as the last build made it; nil if there is none, or the
// Store has no table of it that fits it.
func (s *Site) earlier(w *fileWriter) *earlierParts {
	if w.was == nil {
		return nil
	}
	v, _ := s.store.Get(tableKey(w.was.key))
	text, _ := v.(string)
	b := []byte(text)
	head, n := binary.Uvarint(b)
	if n <= 0 {
		return nil
	}
	b = b[n:]
	sep, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < sep {
		return nil
	}
	was := &earlierParts{f: w.was.f, sep: string(b[n : n+int(sep)]), parts: map[[16]byte][2]int64{}}
	b = b[n+int(sep):]
	off := int64(head)
	for len(b) > 0 {
		if len(b) < 17 {
			return nil
		}
		length, n := binary.Uvarint(b[16:])
		if n <= 0 {
			return nil
		}
		was.parts[[16]byte(b[:16])] = [2]int64{off, int64(length)}
		off += int64(length) + int64(len(was.sep))
		b = b[16+n:]
	}
	if info, err := was.f.Stat(); err != nil || off-int64(len(was.sep)) > info.Size() {
		return nil // not the file the table is of
	}
	return was
}

// earlierParts are the parts of the file the output has, by their keys'
// first halves: where each begins, and its length.
type earlierParts struct {
	f     *os.File
	sep   string
	parts map[[16]byte][2]int64
}

// earlierFile is the file the output has under a name, and its key.
type earlierFile struct {
	f   *os.File
	key [32]byte
}

// write writes the file to w: each part the earlier file has (if any)
// copied from it, the others made on every core a window at a time. It
// gives each part's length.
func (p Parts) write(w io.Writer, keys [][32]byte, was *earlierParts) []int {
	out := &splicer{w: w}
	if was != nil {
		out.from = was.f
	}
	lengths := make([]int, p.N)
	out.text(p.Head)
	const window = 256
	made := make([]string, min(window, p.N))
	spans := make([][2]int64, min(window, p.N))
	found := make([]bool, min(window, p.N))
	for start := 0; start < p.N && out.err == nil; start += window {
		end := min(start+window, p.N)
		parallel.For(end-start, func(i int) {
			made[i] = ""
			if spans[i], found[i] = was.find(keys[start+i]); !found[i] {
				made[i] = p.Make(start + i)
			}
		})
		for i := start; i < end; i++ {
			span := spans[i-start]
			switch {
			case !found[i-start]:
				if i > 0 {
					out.text(p.Sep)
				}
				out.text(made[i-start])
				lengths[i] = len(made[i-start])
			case i > 0 && was.sep == p.Sep && out.at(span[0]-int64(len(p.Sep))):
				out.copy(span[0]-int64(len(p.Sep)), span[1]+int64(len(p.Sep)))
				lengths[i] = int(span[1])
			default:
				if i > 0 {
					out.text(p.Sep)
				}
				out.copy(span[0], span[1])
				lengths[i] = int(span[1])
			}
		}
	}
	out.text(p.Tail)
	out.flush()
	return lengths
}

// find gives where the part with key is in the earlier file.
func (was *earlierParts) find(key [32]byte) ([2]int64, bool) {
	if was == nil {
		return [2]int64{}, false
	}
	span, ok := was.parts[[16]byte(key[:16])]
	return span, ok
}

// A splicer writes to w text it is given and ranges of bytes of from,
// joining ranges that follow one another into one copy.
type splicer struct {
	w          io.Writer
	from       *os.File
	b          []byte
	start, end int64 // the range of from to copy next
	err        error
}

// text writes s after what was written.
func (s *splicer) text(t string) {
	s.copied()
	s.b = append(s.b, t...)
	if len(s.b) >= 1<<20 {
		s.written()
	}
}

// at reports whether the range to copy next ends at off.
func (s *splicer) at(off int64) bool { return s.end > s.start && s.end == off }

// copy writes n bytes of from at off after what was written.
func (s *splicer) copy(off, n int64) {
	if s.at(off) {
		s.end += n
		return
	}
	s.written()
	s.copied()
	s.start, s.end = off, off+n
}

// flush writes all that is waiting.
func (s *splicer) flush() {
	s.copied()
	s.written()
}

// written writes the text waiting.
func (s *splicer) written() {
	if len(s.b) > 0 && s.err == nil {
		_, s.err = s.w.Write(s.b)
	}
	s.b = s.b[:0]
}

// copied copies the range waiting, after the text before it.
func (s *splicer) copied() {
	if s.end <= s.start {
		return
	}
	s.written()
	if s.err == nil {
		if _, s.err = s.from.Seek(s.start, io.SeekStart); s.err == nil {
			var n int64
			n, s.err = io.Copy(s.w, &io.LimitedReader{R: s.from, N: s.end - s.start})
			if s.err == nil && n < s.end-s.start {
				s.err = io.ErrUnexpectedEOF
			}
		}
	}
	s.start, s.end = 0, 0
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

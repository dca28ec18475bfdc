package diskcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// A Store keeps, between builds of one content tree, the HTML of its
// Markdown bodies (converting them is most of what reading the content
// costs), the list entries of its pages and what outputs remember of each
// event (site.Site.Remember). It is a site.Store; it keeps values of type
// template.HTML and string (other values are the build's own business and
// are not kept), under the keys the build gives, for one program (a new
// version may make them otherwise). Save writes what the build asked for or put, and no more:
// bodies that are gone from the tree go with the next save.
//
// The file is a header, then each entry as its key, its length as a
// varint and its bytes (h for HTML or s for a string, then the value),
// then a SHA-256 of all before it; a file that does not check out is
// ignored, as if there were none.
type Store struct {
	file    string
	program string
	mu      sync.Mutex
	values  map[[32]byte]string // each its kind's letter, then its bytes
	used    map[[32]byte]bool
	changed bool // something was put, or Save will drop what was not used
	Damaged bool // the file was there but did not check out
}

// storeHeader begins every store file; the program's hash follows.
const storeHeader = "timeline store 1\n"

// Store opens the store of a content tree for program (the build hash
// of Fingerprint): what an earlier build by it kept, or nothing.
func (c *Cache) Store(content, program string) *Store {
	a, _ := filepath.Abs(content)
	sum := sha256.Sum256([]byte(a))
	s := &Store{file: filepath.Join(c.dir, "builds", hex.EncodeToString(sum[:16])+".bodies"), program: program,
		values: map[[32]byte]string{}, used: map[[32]byte]bool{}}
	data, err := os.ReadFile(s.file)
	if err != nil {
		return s
	}
	if !s.decode(data) {
		clear(s.values)
		s.Damaged = true
	}
	t := time.Now()
	os.Chtimes(s.file, t, t) // recently used
	return s
}

// decode reads a store file's entries, if it checks out and is program's.
func (s *Store) decode(data []byte) bool {
	if len(data) < sha256.Size {
		return false
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return false
	}
	head := storeHeader + s.program + "\n"
	rest, ok := bytes.CutPrefix(body, []byte(head))
	if !ok {
		return bytes.HasPrefix(body, []byte("timeline ")) // another program's: not damaged, of no use
	}
	for len(rest) > 0 {
		if len(rest) < 32 {
			return false
		}
		var key [32]byte
		copy(key[:], rest)
		n, w := binary.Uvarint(rest[32:])
		if w <= 0 || uint64(len(rest)-32-w) < n {
			return false
		}
		v := string(rest[32+w : 32+w+int(n)])
		if v == "" || v[0] != 'h' && v[0] != 's' {
			return false
		}
		s.values[key] = v
		rest = rest[32+w+int(n):]
	}
	return true
}

// Get gives the value kept under key.
func (s *Store) Get(key [32]byte) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	if !ok {
		return nil, false
	}
	s.used[key] = true
	if v[0] == 'h' {
		return template.HTML(v[1:]), true
	}
	return v[1:], true
}

// Put keeps value under key, if it is HTML or a string.
func (s *Store) Put(key [32]byte, value any) {
	var v string
	switch value := value.(type) {
	case template.HTML:
		v = "h" + string(value)
	case string:
		v = "s" + value
	default:
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = v
	s.used[key] = true
	s.changed = true
}

// Save writes the entries asked for or put since the store was opened,
// when they are not what the file holds already, and then drops the
// least recently used records and stores beyond Limit.
func (s *Store) Save(c *Cache) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.changed && len(s.used) == len(s.values) {
		return nil
	}
	var keys [][32]byte
	size := len(storeHeader) + len(s.program) + 1 + sha256.Size
	for key := range s.used {
		keys = append(keys, key)
		size += 32 + binary.MaxVarintLen64 + len(s.values[key])
	}
	slices.SortFunc(keys, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }) // one set of entries, one file
	buf := make([]byte, 0, size)
	buf = append(append(append(buf, storeHeader...), s.program...), '\n')
	for _, key := range keys {
		v := s.values[key]
		buf = binary.AppendUvarint(append(buf, key[:]...), uint64(len(v)))
		buf = append(buf, v...)
	}
	sum := sha256.Sum256(buf)
	buf = append(buf, sum[:]...)
	if err := writeFile(s.file, buf); err != nil {
		return err
	}
	return c.prune(Limit)
}

// writeFile writes data to a temporary file beside name and renames it
// into place, so that no reader sees half of it.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".record-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

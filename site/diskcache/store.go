package diskcache

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// A Store keeps, between builds of one content tree, its events as
// parsed (converting Markdown is most of what reading the content costs),
// the list entries of its pages, what outputs remember of each event
// (site.Site.Remember) and where each event's part is in the exports. It
// is a site.Store; it keeps values of type template.HTML and string
// (other values are the build's own business and are not kept), under the
// keys the build gives, for one program (a new version may make them
// otherwise).
//
// A store is a base file and the files of entries added since, one for
// each build that added some: a build after one edit adds a few entries
// to the hundreds of megabytes that 10,000 events keep, and writes only
// those. A key always means the same value, so the files may be read in
// any order. When an eighth of what the files hold or more went unused
// by the last build (every build reads it all), or there are more than
// maxParts of them, Save writes what it used as a new base and removes
// the files it read: entries of files gone from the tree go then.
//
// Each file is a header, then each entry as its key, its length as a
// varint and its bytes (h for HTML or s for a string, then the value),
// then a CRC-32C of all before it; a file that does not check out is
// ignored, as if it were not there.
type Store struct {
	file    string // the base; added entries are in file+"-*"
	program string
	mu      sync.Mutex
	values  map[[32]byte]string // each its kind's letter, then its bytes
	used    map[[32]byte]bool
	added   [][32]byte // keys put that no file holds
	read    []string   // the files read, and so removed when a new base is written
	size    int        // of the entries of the files read
	base    bool       // the base is there, and the program's
	Damaged bool       // a file was there but did not check out
}

// storeHeader begins every store file; the program's hash follows.
const storeHeader = "timeline store 2\n"

// maxParts is the most files a store may have before Save merges them.
const maxParts = 16

// castagnoli is the CRC-32C table: the CPU computes it at gigabytes a
// second, so checking hundreds of megabytes of entries costs little.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Store opens the store of a content tree for program (the build hash
// of Fingerprint): what earlier builds by it kept, or nothing.
func (c *Cache) Store(content, program string) *Store {
	a, _ := filepath.Abs(content)
	sum := sha256.Sum256([]byte(a))
	s := &Store{file: filepath.Join(c.dir, "builds", hex.EncodeToString(sum[:16])+".bodies"), program: program,
		values: map[[32]byte]string{}, used: map[[32]byte]bool{}}
	parts, _ := filepath.Glob(s.file + "-*")
	t := time.Now()
	for _, name := range append([]string{s.file}, parts...) {
		data, checks, err := readChecked(name)
		if err != nil {
			continue
		}
		s.read = append(s.read, name)
		switch {
		case !strings.HasPrefix(data, storeHeader) && strings.HasPrefix(data, "timeline "):
			// a store of another version's, written otherwise: of no use
		case checks && !strings.HasPrefix(data, storeHeader+s.program+"\n"):
			// another program's: of no use either
		case !checks || !s.decode(data):
			s.Damaged = true
		case name == s.file:
			s.base = true
		}
		os.Chtimes(name, t, t) // recently used
	}
	return s
}

// readChecked reads a store file, all but its CRC-32C, into one string,
// and tells whether the CRC is that of the rest. Every value of the
// store shares the string's bytes (see mapFile).
func readChecked(name string) (data string, checks bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() < crc32.Size {
		return "", false, err
	}
	b, err := mapFile(f, info.Size())
	if err != nil {
		return "", false, err
	}
	body, sum := b[:len(b)-crc32.Size], b[len(b)-crc32.Size:]
	checks = binary.LittleEndian.Uint32(sum) == crc32.Checksum(body, castagnoli)
	// Nothing writes to b again, so the string may share its bytes.
	return unsafe.String(unsafe.SliceData(body), len(body)), checks, nil
}

// decode reads the entries of a store file of the program's that checks
// out, and tells whether they are whole.
func (s *Store) decode(data string) bool {
	rest, ok := strings.CutPrefix(data, storeHeader+s.program+"\n")
	if !ok {
		return false
	}
	// Entries go straight into the values when there are none yet, as for
	// the base file (sized for values of about 2 KB); else they are added
	// only once all are whole.
	direct := len(s.values) == 0
	entries := map[[32]byte]string{}
	if direct {
		entries = make(map[[32]byte]string, len(data)/2048)
	}
	for len(rest) > 0 {
		if len(rest) < 32 {
			return false
		}
		var key [32]byte
		copy(key[:], rest)
		n, w := uvarint(rest[32:])
		if w <= 0 || uint64(len(rest)-32-w) < n {
			return false
		}
		v := rest[32+w : 32+w+int(n)] // shares the file's string: no copy
		if v == "" || v[0] != 'h' && v[0] != 's' {
			return false
		}
		entries[key] = v
		rest = rest[32+w+int(n):]
	}
	if direct {
		s.values, s.size = entries, 0
		for _, v := range entries {
			s.size += len(v)
		}
		return true
	}
	for key, v := range entries {
		if _, ok := s.values[key]; !ok {
			s.values[key] = v
			s.size += len(v)
		}
	}
	return true
}

// uvarint is binary.Uvarint of a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, 0
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
	if _, ok := s.values[key]; !ok {
		s.added = append(s.added, key)
	}
	s.values[key] = v
	s.used[key] = true
}

// Save writes the entries put since the store was opened to a file of
// their own, or, when the files hold much that the build did not use,
// all it used as a new base; then it drops the least recently used
// records and stores beyond Limit.
func (s *Store) Save(c *Cache) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	used := 0
	for key := range s.used {
		used += len(s.values[key])
	}
	if !s.base || s.Damaged || len(s.read)+1 > maxParts || s.size > 0 && 8*(s.size-used) >= s.size {
		err := writeFile(s.file, s.encode(slices.Collect(maps.Keys(s.used))))
		if err == nil {
			for _, name := range s.read {
				if name != s.file {
					os.Remove(name)
				}
			}
		}
		return cmp.Or(err, c.prune(Limit))
	}
	if len(s.added) == 0 {
		return nil
	}
	name := s.file + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(os.Getpid())
	return cmp.Or(writeFile(name, s.encode(s.added)), c.prune(Limit))
}

// encode gives the file that holds the entries of keys.
func (s *Store) encode(keys [][32]byte) []byte {
	size := len(storeHeader) + len(s.program) + 1 + crc32.Size
	for _, key := range keys {
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
	return binary.LittleEndian.AppendUint32(buf, crc32.Checksum(buf, castagnoli))
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

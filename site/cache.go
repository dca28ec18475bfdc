package site

import (
	"crypto/sha256"
	"encoding/binary"
	"html/template"
	"io/fs"
	"sync"
)

// A Store keeps what a build parsed, by a hash of everything it was parsed
// from, so that a later build of the same tree need not parse it again:
// frontmatter by file name and bytes, Markdown by its text, a whole
// content file by its name, size, modification time and the settings it
// was read against. A key always means the same value, so a Store may
// keep or drop any entry at any time, and may be shared.
type Store interface {
	Get(key [32]byte) (any, bool)
	Put(key [32]byte, value any)
}

// noStore keeps nothing: a one-off build.
type noStore struct{}

func (noStore) Get([32]byte) (any, bool) { return nil, false }
func (noStore) Put([32]byte, any)        {}

// NewMemoryStore returns a Store in memory that keeps, from one Sweep to
// the next, only what was asked for or put since the last one.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{values: map[[32]byte]any{}, used: map[[32]byte]bool{}}
}

// A MemoryStore is a Store in memory, for the live preview.
type MemoryStore struct {
	mu     sync.Mutex
	values map[[32]byte]any
	used   map[[32]byte]bool
}

func (m *MemoryStore) Get(key [32]byte) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if ok {
		m.used[key] = true
	}
	return v, ok
}

func (m *MemoryStore) Put(key [32]byte, value any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = value
	m.used[key] = true
}

// Sweep drops every entry not asked for or put since the last Sweep.
func (m *MemoryStore) Sweep() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for key := range m.values {
		if !m.used[key] {
			delete(m.values, key)
		}
	}
	clear(m.used)
}

// A Cache carries work from one build of a tree to the next, for the live
// preview: what was parsed (its Store), the list entries that the entries
// template function made, and pages whose key (everything the page's
// templates can show; see reuse.go) is unchanged. Whatever a build did
// not use is dropped after it. A cached build gives the same bytes as a
// clean one. A Cache is for one build at a time.
type Cache struct {
	store   *MemoryStore
	pages   *pageMemo
	entries *entryMemo
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{store: NewMemoryStore(), pages: newPageMemo(), entries: newEntryMemo(false)}
}

// sweep drops what the last build did not use.
func (c *Cache) sweep() {
	c.store.Sweep()
	c.pages.sweep()
	c.entries.sweep()
}

// keyOf hashes the parts of a key, each length-prefixed so that no two
// lists of parts give one key.
func keyOf(kind string, parts ...[]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range append([][]byte{[]byte(kind)}, parts...) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// loadCached reads one content file, or takes what was read of it before
// when its name, size and modification time, and the settings it is read
// against, are unchanged, as make decides. Trees whose files have no
// modification time (fstest.MapFS) are read every time.
func loadCached(store Store, fsys fs.FS, dir, p string, c *settings, md *markdown) loaded {
	info, err := fs.Stat(fsys, p)
	if err != nil || info.ModTime().IsZero() {
		return loadFile(fsys, dir, p, c, md, store).fresh(c)
	}
	stamp, _ := info.ModTime().MarshalBinary()
	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], uint64(info.Size()))
	key := keyOf("file", []byte(dir), []byte(p), size[:], stamp, c.sum[:])
	if v, ok := store.Get(key); ok {
		return v.(loaded).fresh(c)
	}
	f := loadFile(fsys, dir, p, c, md, store)
	store.Put(key, f)
	return f.fresh(c)
}

// parseCached splits a file into frontmatter and body, parsing it only
// when its name or bytes are new. Files with problems are not kept, so
// that their errors are reported on every build.
func parseCached(store Store, name string, data []byte, errs *Diagnostics) *source {
	key := fileSum(name, data)
	if v, ok := store.Get(key); ok {
		return v.(*source)
	}
	src := parseSource(name, data, errs)
	if src != nil {
		src.sum = key
		store.Put(key, src)
	}
	return src
}

// fileSum identifies a file by its name and bytes.
func fileSum(name string, data []byte) [32]byte {
	return keyOf("source", []byte(name), data)
}

// markdownCached returns the HTML of a body, converting it only when unseen.
func markdownCached(store Store, src []byte, convert func([]byte) template.HTML) template.HTML {
	key := keyOf("markdown", src)
	if v, ok := store.Get(key); ok {
		return v.(template.HTML)
	}
	h := convert(src)
	store.Put(key, h)
	return h
}

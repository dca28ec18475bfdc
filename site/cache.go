package site

import (
	"cmp"
	"encoding/binary"
	"errors"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"timeline/site/words"
)

// A Store keeps what a build parsed, by a hash of everything it was parsed
// from, so that a later build of the same tree need not parse it again:
// Markdown by its text, a whole content file by its name, size,
// modification time and the settings it was read against. A key always means the same value, so a Store may
// keep or drop any entry at any time, and may be shared.
type Store interface {
	Get(key [32]byte) (any, bool)
	Put(key [32]byte, value any)
}

// Remember gives what make gives, kept in the build's Store under key
// from an earlier build when it has one: for outputs, whose work on each
// event can be keyed by what it reads of it (key must cover all make
// depends on; EventKey makes one). Without a Store it calls make.
func (s *Site) Remember(key [32]byte, make func() string) string {
	if !s.remembers() {
		return make()
	}
	if v, ok := s.store.Get(key); ok {
		if text, ok := v.(string); ok {
			return text
		}
	}
	text := make()
	s.store.Put(key, text)
	return text
}

// EventKey is a key for Remember that covers what an output can read of
// event e alone: its file and its terms' files, with the site's settings
// (title, base URL, edition, taxonomies and types, the words of its
// language), and parts, which name the output and whatever else of the
// site it reads.
func (s *Site) EventKey(e *Event, parts ...string) [32]byte {
	d := newDigester().str("event").bytes(s.settings[:]).bytes(e.digest[:])
	for _, p := range parts {
		d.str(p)
	}
	return d.sum()
}

// remembers reports whether the build has a Store.
func (s *Site) remembers() bool {
	_, none := s.store.(noStore)
	return !none && s.store != nil
}

// noStore keeps nothing: a one-off build.
type noStore struct{}

func (noStore) Get([32]byte) (any, bool) { return nil, false }
func (noStore) Put([32]byte, any)        {}

// NewMemoryStore returns a Store in memory that keeps, from one Sweep to
// the next, only what was asked for or put since the last one.
func NewMemoryStore() *MemoryStore { return &MemoryStore{newMemo[[32]byte, any]()} }

// A MemoryStore is a Store in memory, for the live preview.
type MemoryStore struct{ m *memo[[32]byte, any] }

func (s *MemoryStore) Get(key [32]byte) (any, bool) { return s.m.get(key) }
func (s *MemoryStore) Put(key [32]byte, value any)  { s.m.put(key, value) }

// Sweep drops every entry not asked for or put since the last Sweep.
func (s *MemoryStore) Sweep() { s.m.sweep() }

// A memo is a map, safe for several goroutines, that remembers which
// entries were used, so that a sweep can drop the rest.
type memo[K comparable, V any] struct {
	mu     sync.Mutex
	values map[K]V
	used   map[K]bool
}

func newMemo[K comparable, V any]() *memo[K, V] {
	return &memo[K, V]{values: map[K]V{}, used: map[K]bool{}}
}

func (m *memo[K, V]) get(key K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if ok {
		m.used[key] = true
	}
	return v, ok
}

func (m *memo[K, V]) put(key K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = v
	m.used[key] = true
}

// sweep drops every entry not asked for or put since the last sweep.
func (m *memo[K, V]) sweep() {
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
// preview: what was parsed (its Store) and the stamps of the files it was
// read from, the catalogs of words, the templates while their files and
// the site's settings are unchanged, the list entries that the entries
// template function made, pages whose key (everything the page's
// templates can show; see reuse.go) is unchanged, and the related events
// and co-occurring terms while the events' dates and terms are
// (index.go). Whatever a build did not use is dropped after it. A cached
// build gives the same bytes as a clean one. A Cache is for one build at
// a time.
type Cache struct {
	stamps    *stamps
	store     *MemoryStore
	pages     *memo[string, keptPage] // by output file
	entries   *entryMemo
	index     *indexMemo
	templates *memo[[32]byte, boundSets]
	catalogs  *memo[[32]byte, *words.Catalog] // parsed, by language and text
}

// A keptPage is a page's bytes and the key they were made under.
type keptPage struct {
	key  [32]byte
	data []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{stamps: &stamps{symlinks: map[string]bool{}}, store: NewMemoryStore(), pages: newMemo[string, keptPage](), entries: newEntryMemo(false),
		index: newMemo[[32]byte, indexed](), templates: newMemo[[32]byte, boundSets](),
		catalogs: newMemo[[32]byte, *words.Catalog]()}
}

// sweep drops what the last build did not use.
func (c *Cache) sweep() {
	c.store.Sweep()
	c.pages.sweep()
	c.entries.sweep()
	c.index.sweep()
	c.templates.sweep()
	c.catalogs.sweep()
}

// keyOf hashes the parts of a key, each length-prefixed so that no two
// lists of parts give one key.
func keyOf(kind string, parts ...[]byte) [32]byte {
	d := newDigester().str(kind)
	for _, p := range parts {
		d.int(len(p)).bytes(p)
	}
	return d.sum()
}

// loadCached reads one content file, or takes what was read of it before
// when its name, size and modification time, and the settings it is read
// against, are unchanged, as make decides; of a file that stamps says
// is unchanged, without looking. It gives the stamp of the file's size
// and modification time too. Trees whose files have no modification
// time (fstest.MapFS) are read every time.
func loadCached(store Store, stamps *stamps, fsys fs.FS, dir, p string, c *settings, md *markdown) (loaded, *[32]byte) {
	if _, none := store.(noStore); none {
		return loadFile(fsys, dir, p, c, md, store).fresh(c), nil
	}
	stamp, known := stamps.known(p)
	if !known {
		info, err := fs.Stat(fsys, p)
		if err != nil || info.ModTime().IsZero() {
			return loadFile(fsys, dir, p, c, md, store).fresh(c), nil
		}
		mtime, _ := info.ModTime().MarshalBinary()
		var size [8]byte
		binary.LittleEndian.PutUint64(size[:], uint64(info.Size()))
		stamp = keyOf("stamp", size[:], mtime)
		if onDisk(store) {
			return loadUnchanged(store, info, fsys, dir, p, c, md).fresh(c), &stamp
		}
	}
	key := keyOf("file", []byte(dir), []byte(p), stamp[:], c.sum[:])
	if v, ok := store.Get(key); ok {
		return v.(loaded).fresh(c), &stamp
	}
	f := loadFile(fsys, dir, p, c, md, store)
	if !f.linked {
		store.Put(key, f) // what links to other files depends on them too
	}
	return f.fresh(c), &stamp
}

// loadUnchanged loads a content file for a Store on disk. An event whose
// file has the size, times and inode it had when a build kept it as
// parsed comes from the store without the file being read: a write moves
// the inode's change time on. As git trusts its index, only a file that
// had not changed for two seconds (settled) when it was read is known so,
// so that no write in the same tick of the clock goes unseen.
func loadUnchanged(store Store, info fs.FileInfo, fsys fs.FS, dir, p string, c *settings, md *markdown) loaded {
	now := time.Now()
	ino, ctime, ok := changeStamp(info)
	if !ok {
		return loadFile(fsys, dir, p, c, md, store)
	}
	var n [16]byte
	binary.LittleEndian.PutUint64(n[:], uint64(info.Size()))
	binary.LittleEndian.PutUint64(n[8:], ino)
	mtime, _ := info.ModTime().MarshalBinary()
	changed, _ := ctime.MarshalBinary()
	key := keyOf("file as kept", []byte(dir), []byte(p), n[:], mtime, changed)
	if v, ok := store.Get(key); ok {
		if sum, ok := v.(string); ok && len(sum) == 32 {
			if v, ok := store.Get(parsedKey(c, [32]byte([]byte(sum)))); ok {
				if text, ok := v.(string); ok {
					if e, errs, ok := decodeParsed(text, c); ok {
						return loaded{event: e, errs: errs, kept: e.sum}
					}
				}
			}
		}
	}
	f := loadFile(fsys, dir, p, c, md, store)
	if f.kept != ([32]byte{}) && now.Sub(ctime) >= settled {
		store.Put(key, string(f.kept[:]))
	}
	return f
}

// settled is how long a file must have gone unchanged to be known by its
// times (see loadUnchanged).
var settled = 2 * time.Second

// stamps remember each content file's size and modification time as
// the last build saw them, for a preview whose watcher tells which files
// changed since (Cache.Watched): the next build looks at those only. A
// build reads them on every core and sets them once it has read all.
type stamps struct {
	last     map[string][32]byte // by file, as the last build saw them
	watched  bool                // changed says what changed since the last build
	changed  []string
	symlinks map[string]bool // files that are links: their targets may change unseen
	// listed is what the last walk of the tree found (see walkContent),
	// nil after one that met a problem or a link.
	listed []string
}

// list keeps the files a walk of the tree found, if it was clean.
func (st *stamps) list(paths []string, clean bool) {
	if st != nil {
		st.listed = nil
		if clean {
			st.listed = paths
		}
	}
}

// listing gives the files a walk of the tree would find now, from the
// last walk's and what the watcher saw change since: without a walk, as
// an edit changes no folder. It cannot where a folder, a link or the
// whole tree changed.
func (st *stamps) listing(fsys fs.FS) ([]string, bool) {
	if st == nil || !st.watched || st.listed == nil {
		return nil, false
	}
	paths := slices.Clone(st.listed)
	for _, c := range st.changed {
		if c == "." {
			return nil, false
		}
		info, err := fs.Lstat(fsys, c)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			paths = slices.DeleteFunc(paths, func(p string) bool { return p == c || strings.HasPrefix(p, c+"/") })
		case err != nil || !info.Mode().IsRegular():
			return nil, false
		case walked(c) && contentFile(c):
			if i, found := slices.BinarySearchFunc(paths, c, walkOrder); !found {
				paths = slices.Insert(paths, i, c)
			}
		}
	}
	st.list(paths, true)
	return paths, true
}

// walkOrder orders paths as fs.WalkDir visits them: by name within each
// folder, a folder's files where its name falls among the others.
func walkOrder(a, b string) int {
	for {
		ai, bi := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
		an, bn := a, b
		if ai >= 0 {
			an = a[:ai]
		}
		if bi >= 0 {
			bn = b[:bi]
		}
		if c := strings.Compare(an, bn); c != 0 || ai < 0 || bi < 0 {
			return cmp.Or(c, cmp.Compare(ai, bi))
		}
		a, b = a[ai+1:], b[bi+1:]
	}
}

// known gives the stamp of file p when it cannot have changed since the
// last build: a watcher saw no change to it nor to a folder it is in.
func (st *stamps) known(p string) ([32]byte, bool) {
	if st == nil {
		return [32]byte{}, false
	}
	stamp, ok := st.last[p]
	if !ok || !st.watched || st.symlinks[p] {
		return stamp, false
	}
	for _, c := range st.changed {
		if c == "." || c == p || strings.HasPrefix(p, c+"/") {
			return stamp, false
		}
	}
	return stamp, true
}

// link says that file p is a link, whose target may change unseen.
func (st *stamps) link(p string) {
	if st != nil {
		st.symlinks[p] = true
	}
}

// seen ends a build that saw the files of paths with those stamps (nil
// for none): the next build knows them, and nothing of what changed since
// until told.
func (st *stamps) seen(paths []string, stamps []*[32]byte) {
	if st == nil {
		return
	}
	st.last = make(map[string][32]byte, len(paths))
	for i, p := range paths {
		if stamps[i] != nil {
			st.last[p] = *stamps[i]
		}
	}
	st.symlinks = map[string]bool{}
	st.watched, st.changed = false, nil
}

// Watched tells the cache which files and folders of the content tree
// changed since the last build began ("events/x.md", as Options.Content
// names them; "." for all), as a watcher saw them: the next build takes
// every other file to be as the last one saw it, and looks at none of
// them, nor walks the tree unless a folder changed. Without it, a build
// looks at every file.
func (c *Cache) Watched(changed []string) {
	c.stamps.watched, c.stamps.changed = true, slices.Clone(changed)
}

// parseCached splits a file into frontmatter and body and, for a build
// with a Store, gives it the sum of its name and bytes, which identify it
// in digests. The parse itself is not kept: what loadCached keeps is made
// from it, and its tree and bytes would double what a preview holds.
func parseCached(store Store, name, p string, data []byte, errs *Diagnostics) *source {
	src := parseSource(name, data, errs)
	if src == nil {
		return nil
	}
	src.path = p
	if _, none := store.(noStore); !none {
		src.sum = fileSum(name, data) // a one-off build needs none: see numberAll
	}
	return src
}

// fileSum identifies a file by its name and bytes.
func fileSum(name string, data []byte) [32]byte {
	return keyOf("source", []byte(name), data)
}

// markdownCached returns the HTML of a body, converting it only when unseen.
func markdownCached(store Store, src []byte, convert func([]byte) (template.HTML, *blockError)) (template.HTML, *blockError) {
	key := keyOf("markdown", src)
	if v, ok := store.Get(key); ok {
		return v.(template.HTML), nil
	}
	h, err := convert(src)
	if err == nil {
		store.Put(key, h)
	}
	return h, err
}

// page returns what the cache kept of a page, if it has a cache.
func (c *Cache) page(file string) (keptPage, bool) {
	if c == nil {
		return keptPage{}, false
	}
	return c.pages.get(file)
}

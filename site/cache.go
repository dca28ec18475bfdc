package site

import (
	"crypto/sha256"
	"html/template"
	"io/fs"
	"sync"
	"time"
)

// A Cache carries work from one build of a tree to the next, for the live
// preview: parsed frontmatter and Markdown by file content, list entries
// made by the entries template function, and, when asked for, whole pages
// whose key (everything the page shows; see Page.key) has not changed.
// Whatever a build did not use is dropped after it. A cached build gives
// the same bytes as a clean one. A Cache is for one build at a time.
type Cache struct {
	mu         sync.Mutex
	reusePages bool
	files      map[fileStat]loaded
	html       map[[32]byte]template.HTML
	sources    map[[32]byte]*source
	pages      map[string]keptPage
	used       map[any]bool // keys of every map above that this build used
	parts      *partials
}

type keptPage struct {
	key  [32]byte
	data []byte
}

// NewCache returns an empty cache. With reusePages, a rebuild reuses the
// bytes of event, person, topic and year pages whose keys are unchanged.
// That is right for templates that show on such a page only what its key
// covers: the page's event, term or year, their neighbours, related events,
// people, topics and counts, and the site's settings. The built-in
// templates do; a template that reaches further (say .Site.Events on an
// event page) needs a cache without it.
func NewCache(reusePages bool) *Cache {
	return &Cache{reusePages: reusePages, files: map[fileStat]loaded{}, html: map[[32]byte]template.HTML{},
		sources: map[[32]byte]*source{}, pages: map[string]keptPage{}, used: map[any]bool{},
		parts: newPartials()}
}

// A fileStat tells a file's version without reading it, as make does: a
// file whose size and modification time are the same has not changed.
type fileStat struct {
	name    string
	size    int64
	modTime time.Time
}

// load reads one content file, or takes what was read of it last time when
// its size and modification time are unchanged. Trees whose files have no
// modification time (fstest.MapFS) are read every time.
func (c *Cache) load(fsys fs.FS, dir, p string, md *markdown) loaded {
	if c == nil {
		return loadFile(fsys, dir, p, md, nil)
	}
	info, err := fs.Stat(fsys, p)
	if err != nil || info.ModTime().IsZero() {
		return loadFile(fsys, dir, p, md, c)
	}
	key := fileStat{p, info.Size(), info.ModTime()}
	c.mu.Lock()
	f, ok := c.files[key]
	c.used[key] = true
	c.mu.Unlock()
	if ok {
		return f.fresh()
	}
	f = loadFile(fsys, dir, p, md, c)
	c.mu.Lock()
	c.files[key] = f
	c.mu.Unlock()
	return f.fresh()
}

// fileSum identifies a file by its name and bytes.
func fileSum(name string, data []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// source returns a file split into frontmatter and body, parsing it only
// when its name or bytes are new. Files with problems are not kept, so
// their errors are reported on every build.
func (c *Cache) source(name string, data []byte, errs *Errors) *source {
	key := fileSum(name, data)
	if c == nil {
		return withSum(parseSource(name, data, errs), key)
	}
	c.mu.Lock()
	src, ok := c.sources[key]
	c.used[key] = true
	c.mu.Unlock()
	if ok {
		return src
	}
	if src = withSum(parseSource(name, data, errs), key); src != nil {
		c.mu.Lock()
		c.sources[key] = src
		c.mu.Unlock()
	}
	return src
}

func withSum(src *source, sum [32]byte) *source {
	if src != nil {
		src.sum = sum
	}
	return src
}

// markdown returns the HTML of a body, converting it only when unseen.
func (c *Cache) markdown(src []byte, convert func([]byte) template.HTML) template.HTML {
	if c == nil {
		return convert(src)
	}
	key := sha256.Sum256(src)
	c.mu.Lock()
	h, ok := c.html[key]
	c.used[key] = true
	c.mu.Unlock()
	if !ok {
		h = convert(src)
		c.mu.Lock()
		c.html[key] = h
		c.mu.Unlock()
	}
	return h
}

// page returns the bytes kept for a page under this key, if any.
func (c *Cache) page(file string, key [32]byte, reusable bool) ([]byte, bool) {
	if c == nil || !c.reusePages || !reusable {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	kept, ok := c.pages[file]
	if ok && kept.key == key {
		c.used["page:"+file] = true
		return kept.data, true
	}
	return nil, false
}

// keepPage keeps a page's bytes for the next build.
func (c *Cache) keepPage(file string, key [32]byte, data []byte, reusable bool) {
	if c == nil || !c.reusePages || !reusable {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[file] = keptPage{key, data}
	c.used["page:"+file] = true
}

// partialStore returns the store for the entries template function: the
// cache's own, which lasts, or a new one for a build without a cache. The
// latter keeps the entries of a template at a depth only once one of them
// is asked for a second time: most entries appear on one page only (the
// home page's and the years'), and keeping those held a tenth of a build's
// memory for nothing, while those that appear on many pages (the people's
// and topics') are then kept from their first.
func (c *Cache) partialStore() *partials {
	if c == nil {
		p := newPartials()
		p.asked = map[entryKey]bool{}
		p.shared = map[entryKind]bool{}
		return p
	}
	return c.parts
}

// sweep drops what the last build did not use.
func (c *Cache) sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for key := range c.files {
		if !c.used[key] {
			delete(c.files, key)
		}
	}
	for key := range c.html {
		if !c.used[key] {
			delete(c.html, key)
		}
	}
	for key := range c.sources {
		if !c.used[key] {
			delete(c.sources, key)
		}
	}
	for file := range c.pages {
		if !c.used["page:"+file] {
			delete(c.pages, file)
		}
	}
	c.used = map[any]bool{}
	c.parts.sweep()
}

// partials holds the output of the entries template function by key.
type partials struct {
	mu   sync.Mutex
	html map[entryKey]template.HTML
	used map[entryKey]bool
	// In a one-off build (asked is set), an entry is kept once asked for
	// twice, or at once if another of its kind was (shared).
	asked  map[entryKey]bool
	shared map[entryKind]bool
}

// entryKind is a template at a depth.
type entryKind struct{ name, root string }

func newPartials() *partials {
	return &partials{html: map[entryKey]template.HTML{}, used: map[entryKey]bool{}}
}

func (p *partials) get(key entryKey) (template.HTML, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.html[key]
	if ok {
		p.used[key] = true
	}
	return h, ok
}

func (p *partials) set(key entryKey, h template.HTML) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.asked != nil {
		kind := entryKind{key.name, key.root}
		if !p.asked[key] && !p.shared[kind] {
			p.asked[key] = true
			return
		}
		p.shared[kind] = true
	}
	p.html[key] = h
	p.used[key] = true
}

func (p *partials) sweep() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for key := range p.html {
		if !p.used[key] {
			delete(p.html, key)
		}
	}
	p.used = map[entryKey]bool{}
}

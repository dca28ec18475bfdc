package site

import (
	"crypto/sha256"
	"html/template"
	"sync"
)

// A Cache carries parsed frontmatter and Markdown from one build of a tree
// to the next, so that a rebuild after an edit parses only the files whose
// bytes changed.
// Entries are keyed by content, so a cached build gives the same bytes as
// a clean one. Entries a build did not use are dropped after it. A Cache is
// safe for one build at a time.
type Cache struct {
	mu      sync.Mutex
	html    map[[32]byte]template.HTML
	sources map[[32]byte]*source
	used    map[[32]byte]bool
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{html: map[[32]byte]template.HTML{}, sources: map[[32]byte]*source{}, used: map[[32]byte]bool{}}
}

// source returns a file split into frontmatter and body, parsing it only
// when its name or bytes are new. Files with problems are not kept, so
// their errors are reported on every build.
func (c *Cache) source(name string, data []byte, errs *Errors) *source {
	if c == nil {
		return parseSource(name, data, errs)
	}
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var key [32]byte
	h.Sum(key[:0])
	c.mu.Lock()
	src, ok := c.sources[key]
	c.used[key] = true
	c.mu.Unlock()
	if ok {
		return src
	}
	if src = parseSource(name, data, errs); src != nil {
		c.mu.Lock()
		c.sources[key] = src
		c.mu.Unlock()
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

// sweep drops what the last build did not use.
func (c *Cache) sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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
	c.used = map[[32]byte]bool{}
}

package site

import (
	"crypto/sha256"
	"html/template"
	"sync"
)

// A Cache carries parsed Markdown from one build of a tree to the next, so
// that a rebuild after an edit parses only the files whose bytes changed.
// Entries are keyed by content, so a cached build gives the same bytes as
// a clean one. Entries a build did not use are dropped after it. A Cache is
// safe for one build at a time.
type Cache struct {
	mu   sync.Mutex
	html map[[32]byte]template.HTML
	used map[[32]byte]bool
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{html: map[[32]byte]template.HTML{}, used: map[[32]byte]bool{}}
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
	c.used = map[[32]byte]bool{}
}

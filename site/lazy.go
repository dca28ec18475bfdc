package site

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
	"sync"
)

// Lazy pages: the live preview serves a few pages of a build, not all of
// them, so a build with Options.Lazy makes a page only when File first
// asks for it. What Changed needs to tell the builds apart it has at
// once: each page's key, which for the pages no key covers (the home
// page, the terms pages, the whole print edition) is a digest of the
// whole site.

// LazyOutput is o, an Output whose files are all in folder ("search/"),
// but which runs only when one of them is first asked for, or, in a build
// onto disk, while the other outputs are made: for an output whose work
// is large and whose files only a reader's script reads, such as the
// search index.
func LazyOutput(folder string, o Output) Output {
	return func(s *Site) map[string]func() []byte {
		if s.later == nil {
			s.later = map[string]*laterFiles{}
		}
		s.later[folder] = &laterFiles{make: func() map[string]func() []byte { return o(s) }}
		return nil
	}
}

// laterFiles are the files of a LazyOutput, made once it has run. None
// is kept once made: the output holds what it takes to make each again
// (the search index its postings, and every event's text, of which a
// chunk kept would be a second copy).
type laterFiles struct {
	once  sync.Once
	make  func() map[string]func() []byte
	files map[string]*lazyFile
}

// run runs the output, once, and gives its files.
func (l *laterFiles) run() map[string]*lazyFile {
	l.once.Do(func() {
		l.files = map[string]*lazyFile{}
		for name, make := range l.make() {
			l.files[name] = &lazyFile{make: make, again: true}
		}
	})
	return l.files
}

// laterFile finds a file of a LazyOutput, running it first if need be.
func (s *Site) laterFile(name string) (*lazyFile, bool) {
	for folder, l := range s.later {
		if strings.HasPrefix(name, folder) {
			f, ok := l.run()[name]
			return f, ok
		}
	}
	return nil, false
}

// renderLazily gives each page of list its key and, in place of its
// bytes, how to make them.
func (s *Site) renderLazily(ts *templateSets, reach map[string]bool, dir string, settings [32]byte, cache *Cache, list []*Page) {
	whole := newDigester().bytes(ts.sum[:]).bytes(settings[:])
	for _, e := range s.Events {
		whole.bytes(e.digest[:])
	}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			whole.bytes(t.digest[:])
		}
	}
	all := whole.sum()
	if s.lazy == nil {
		s.lazy = map[string]*lazyFile{}
	}
	s.keys = make(map[string][32]byte, len(list))
	for _, p := range list {
		key, reusable := [32]byte{}, reach[p.template]
		if reusable {
			key, reusable = p.key(ts.sum, settings)
		}
		if !reusable {
			key = keyOf("whole", all[:], []byte(p.Kind), []byte(p.URL))
		}
		file := p.file()
		s.keys[file] = key
		s.lazy[file] = &lazyFile{make: func() []byte {
			if kept, ok := cache.page(s.Edition.Prefix + file); reusable && ok && kept.key == key {
				return kept.data
			}
			var buf bytes.Buffer
			if err := ts.sets[p.template].ExecuteTemplate(&buf, "base", p); err != nil {
				var errs Diagnostics
				addTemplateError(&errs, dir, p.template, err)
				return []byte("<!DOCTYPE html>\n<title>Template error</title>\n<pre>" + template.HTMLEscapeString(errs.Error()) + "</pre>\n")
			}
			data := buf.Bytes()
			if reusable && cache != nil {
				cache.pages.put(s.Edition.Prefix+file, keptPage{key, data})
			}
			return data
		}}
	}
}

// Changed names, in order, the files that differ between the site and
// old, another build of it, in any edition: pages by their keys where the
// build was Lazy, every other file of Files by its bytes, and the files
// only one of them has. The outputs' files are not compared.
func (s *Site) Changed(old *Site) []string {
	var changed []string
	files := func(a, b map[string][]byte, prefix string) {
		for name, data := range a {
			if other, ok := b[name]; !ok || string(other) != string(data) {
				changed = append(changed, prefix+name)
			}
		}
		for name := range b {
			if _, ok := a[name]; !ok {
				changed = append(changed, prefix+name)
			}
		}
	}
	keys := func(a, b map[string][32]byte, prefix string) {
		for name, key := range a {
			if other, ok := b[name]; !ok || other != key {
				changed = append(changed, prefix+name)
			}
		}
		for name := range b {
			if _, ok := a[name]; !ok {
				changed = append(changed, prefix+name)
			}
		}
	}
	files(s.Files, old.Files, "")
	now, was := editions(s), editions(old)
	for prefix, site := range now {
		keys(site.keys, was[prefix].keysOrNil(), prefix)
	}
	for prefix, site := range was {
		if _, ok := now[prefix]; !ok {
			keys(nil, site.keys, prefix)
		}
	}
	slices.Sort(changed)
	return slices.Compact(changed)
}

// editions gives the site and its translated editions by the prefix of
// their files in the default edition's.
func editions(s *Site) map[string]*Site {
	m := map[string]*Site{"": s}
	for _, t := range s.Translated {
		m[t.Edition.Prefix] = t
	}
	return m
}

// keysOrNil gives the keys of a Lazy build's pages, nil for none.
func (s *Site) keysOrNil() map[string][32]byte {
	if s == nil {
		return nil
	}
	return s.keys
}

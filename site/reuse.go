package site

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"
)

// Reuse: a page's or a list entry's bytes are made once and kept while
// its key is unchanged, but only where the templates that make it can
// show nothing its key does not cover. That is decided here, for any
// templates, by following in the parse trees where each template's data
// leads (reach): a page file whose templates stay within what the key of
// its pages covers has reusable pages; an entry template that stays
// within its event (its own fields, type and terms) has entries kept
// across the pages that list them.
//
// The keys: an event page's covers its event, that event's neighbours and
// related events, each with its terms; a term page's covers the term and
// its events with theirs; a year page's covers its events and the numbers
// of the neighbouring years; every key covers the templates and the
// site's settings. Home and the terms pages show the whole site and are
// always made anew.

// entryKey identifies a list entry's output: the entry template as the
// page's set defines it (with all it calls), the depth, and the event.
type entryKey struct {
	template [32]byte
	root     string
	event    [32]byte
}

// entryMemo holds the output of the entries template function by key.
// In a one-off build (once), an entry is kept only once asked for twice,
// or at once if another of its template and depth was: most entries
// appear on one page only (the home page's and the years'), and keeping
// them would hold a tenth of the build's memory for nothing.
// With a store, entries are kept there too, for the next build.
type entryMemo struct {
	*memo[entryKey, template.HTML]
	once   bool
	store  Store
	mu     sync.Mutex
	asked  map[entryKey]bool
	shared map[entryKind]bool
}

// entryKind is an entry template at a depth.
type entryKind struct {
	template [32]byte
	root     string
}

func newEntryMemo(once bool) *entryMemo {
	return &entryMemo{memo: newMemo[entryKey, template.HTML](), once: once,
		asked: map[entryKey]bool{}, shared: map[entryKind]bool{}}
}

// find gives the entry kept under key, in memory or in the store.
func (m *entryMemo) find(key entryKey) (template.HTML, bool) {
	if h, ok := m.get(key); ok || m.store == nil {
		return h, ok
	}
	if v, ok := m.store.Get(key.sum()); ok {
		return v.(template.HTML), true
	}
	return "", false
}

// sum is the key of an entry in a Store.
func (k entryKey) sum() [32]byte {
	return keyOf("entry", k.template[:], []byte(k.root), k.event[:])
}

func (m *entryMemo) set(key entryKey, h template.HTML) {
	if m.store != nil {
		m.store.Put(key.sum(), h)
	}
	if m.once {
		m.mu.Lock()
		kind := entryKind{key.template, key.root}
		first := !m.asked[key] && !m.shared[kind]
		if first {
			m.asked[key] = true
		} else {
			m.shared[kind] = true
		}
		m.mu.Unlock()
		if first {
			return
		}
	}
	m.put(key, h)
}

// bindEntries gives every set its entries function over one memo, and
// reports for each page file whether its pages may be reused.
func (ts *templateSets) bindEntries(memo *entryMemo) map[string]bool {
	reusable := map[string]bool{}
	for file, t := range ts.sets {
		r := newReach(t)
		reusable[file] = r.page()
		var mu sync.Mutex
		sums := map[string][32]byte{}
		keep := map[string]bool{}
		entry := func(name string) ([32]byte, bool) {
			mu.Lock()
			defer mu.Unlock()
			if _, ok := sums[name]; !ok {
				sums[name] = closureSum(t, name, ts.sum)
				keep[name] = r.entry(name)
			}
			return sums[name], keep[name]
		}
		t.Funcs(template.FuncMap{"entries": func(name, root string, events []*Event) (template.HTML, error) {
			sum, kept := entry(name)
			var list strings.Builder
			var buf bytes.Buffer
			for _, e := range events {
				key := entryKey{sum, root, e.digest}
				h, ok := template.HTML(""), false
				if kept {
					h, ok = memo.find(key)
				}
				if !ok {
					buf.Reset()
					if err := t.ExecuteTemplate(&buf, name, Entry{root, e}); err != nil {
						return "", err
					}
					h = template.HTML(buf.String())
					if kept {
						memo.set(key, h)
					}
				}
				list.WriteByte('\n')
				list.WriteString(string(h))
			}
			return template.HTML(list.String()), nil
		}})
	}
	return reusable
}

// An Entry is what a list entry's template gets: the event, and the root
// of the page that lists it.
type Entry struct {
	Root  string
	Event *Event
}

// closureSum digests a template as a set defines it, with every template
// it calls, and the digest of all template files (which holds the
// catalog's words as well).
func closureSum(t *template.Template, name string, all [32]byte) [32]byte {
	d := newDigester().bytes(all[:])
	seen := map[string]bool{}
	var visit func(string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		d.str(name)
		tt := t.Lookup(name)
		if tt == nil || tt.Tree == nil {
			return
		}
		d.str(tt.Tree.Root.String())
		walkNodes(tt.Tree.Root, func(n parse.Node) {
			if tn, ok := n.(*parse.TemplateNode); ok {
				visit(tn.Name)
			}
		})
	}
	visit(name)
	return d.sum()
}

// walkNodes calls f for every node under n.
func walkNodes(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkNodes(c, f)
			}
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	if b.List != nil {
		walkNodes(b.List, f)
	}
	if b.ElseList != nil {
		walkNodes(b.ElseList, f)
	}
}

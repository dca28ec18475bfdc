package site

import (
	"html/template"
	"maps"
	"slices"
	"text/template/parse"
)

// reach follows in a set's parse trees where the data of each template
// leads, to tell whether its output depends only on what a key covers
// (see reuse.go). It is conservative: a field it does not know, a value
// it cannot follow, or a function it does not know counts as reaching
// everything.

// A kind is what a value in a template is, as far as keys go.
type kind int

const (
	covered     kind = iota // plain data, or data all of whose parts a key covers
	beyond                  // something no key covers
	kPage                   // the page
	kSite                   // the site: its settings are covered, its contents not
	kEvent                  // an event a key covers with its neighbours and related events
	kEventOwn               // an event a key covers with its terms, but not its neighbours
	kTerm                   // the page's term, with its events
	kTermOwn                // a term's own fields
	kYear                   // the page's year, with its events
	kYearOwn                // a year's number
	kTaxonomy               // a taxonomy's declaration, without its terms
	kTermCounts             // a term's cooccurring terms of a taxonomy
	kTermCount
	kTermList
	kEntry
	kDict
	kPrint      // what a print page shows: its term's or year's events, with their sources
	kPrintEntry // an event of a print page
)

// A value is a kind, or a list or map of values, or a dict of values;
// text is a string the template writes as a constant ("event-item"),
// so that a template name passed in a dict can be followed.
type value struct {
	kind kind
	elem *value           // of a list or map
	keys map[string]value // of a dict
	text string
}

func listOf(k kind) value { return value{kind: covered, elem: &value{kind: k}} }

// fieldsOf says what each field or method of a kind leads to.
var fieldsOf = map[kind]map[string]value{
	kPage: {"Site": {kind: kSite}, "Kind": {}, "URL": {}, "Root": {}, "Title": {}, "Description": {},
		"Canonical": {}, "FeedURL": {}, "Alternates": {}, "Citation": {}, "PrintURL": {}, "RunningHead": {}, "Dataset": {}, "Event": {kind: kEvent}, "Term": {kind: kTerm}, "Year": {kind: kYear},
		"Taxonomy": {kind: kTaxonomy}, "Print": {kind: kPrint}},
	kPrint:      {"Title": {}, "Events": listOf(kPrintEntry), "Notes": {}, "Span": {}, "AsOf": {}, "Chicago": {}},
	kPrintEntry: {"Event": {kind: kEventOwn}, "Notes": {}},
	kSite: {"Title": {}, "Description": {}, "BaseURL": {}, "Language": {}, "Intro": {}, "IndexFile": {},
		"Sides": {}, "Types": {}, "Words": {}, "FormatDate": {}, "FormatSpan": {}, "Untranslated": {}, "Edition": {}, "Editions": {},
		"License": {}, "LicenseURL": {}, "DataURL": {},
		"Taxonomies": listOf(kTaxonomy), "Taxonomy": {kind: kTaxonomy}},
	kTaxonomy: {"Key": {}, "Singular": {}, "Name": {}, "One": {}, "Fields": {}, "Required": {}, "Participants": {},
		"Has": {}, "URL": {}, "From": {}, "Located": {}},
	kTermCounts: {"Taxonomy": {kind: kTaxonomy}, "Counts": listOf(kTermCount)},
	kTermCount:  {"Term": {kind: kTermOwn}, "Count": {}},
	kTermList:   {"Taxonomy": {kind: kTaxonomy}, "Terms": listOf(kTermOwn)},
	kEntry:      {"Root": {}, "Event": {kind: kEventOwn}},
	kYear:       {"Year": {}, "URL": {}, "Events": listOf(kEventOwn), "Newer": {kind: kYearOwn}, "Older": {kind: kYearOwn}},
	kYearOwn:    {"Year": {}, "URL": {}},
}

func init() {
	own := map[string]value{"Slug": {}, "File": {}, "Title": {}, "Span": {}, "Type": {}, "Place": {}, "Occasion": {},
		"Summary": {}, "Documents": {}, "Sources": {}, "Status": {}, "Draft": {}, "Body": {}, "URL": {}, "Untranslated": {}, "BodyUntranslated": {},
		"Terms": listOf(kTermList), "In": listOf(kTermOwn), "TermFor": {kind: kTermOwn}, "Named": {}}
	fieldsOf[kEventOwn] = own
	event := map[string]value{"Newer": {kind: kEventOwn}, "Older": {kind: kEventOwn}, "Related": listOf(kEventOwn)}
	for k, v := range own {
		event[k] = v
	}
	fieldsOf[kEvent] = event
	termOwn := map[string]value{"Taxonomy": {kind: kTaxonomy}, "Slug": {}, "Name": {}, "File": {}, "Aliases": {},
		"Body": {}, "Summary": {}, "Native": {}, "Lang": {}, "Country": {}, "Roles": {}, "RoleOn": {}, "URL": {},
		"Untranslated": {}, "BodyUntranslated": {}, "CountryUntranslated": {}, "Lat": {}, "Lon": {}, "Located": {}}
	fieldsOf[kTermOwn] = termOwn
	term := map[string]value{"Events": listOf(kEventOwn), "Cooccurring": listOf(kTermCounts)}
	for k, v := range termOwn {
		term[k] = v
	}
	fieldsOf[kTerm] = term
}

// funcResults says what each function's result is, by its arguments;
// a function not named here reaches beyond.
var funcResults = map[string]func(args []value) value{
	"link": plain, "span": plain, "date": plain, "roleSpan": plain, "t": plain, "count": plain, "plurals": plain, "size": plain,
	"countChart": plain, "jsonLD": plain, "placeMap": plain, "len": plain, "not": plain, "eq": plain, "ne": plain,
	"lt": plain, "le": plain, "gt": plain, "ge": plain, "print": plain, "printf": plain, "println": plain,
	"html": plain, "js": plain, "urlquery": plain,
	"and": worst, "or": worst, "newestFirst": first, "slice": first,
	"byYear": func(args []value) value {
		if len(args) == 0 {
			return value{kind: beyond}
		}
		return value{kind: covered, elem: &value{kind: kDict, keys: map[string]value{"Year": {}, "Events": args[0]}}}
	},
	"index": func(args []value) value {
		if len(args) == 0 {
			return value{kind: beyond}
		}
		v := args[0]
		for range args[1:] {
			if v.elem == nil {
				return value{kind: beyond}
			}
			v = *v.elem
		}
		return v
	},
}

func plain([]value) value { return value{} }

func first(args []value) value {
	if len(args) == 0 {
		return value{kind: beyond}
	}
	return args[0]
}

func worst(args []value) value {
	out := value{}
	for _, a := range args {
		if a.kind != covered || a.elem != nil || a.keys != nil {
			out = a
		}
	}
	return out
}

type reach struct {
	t       *template.Template
	escapes bool             // some path led beyond what the key covers
	visited map[string]bool  // template and dot already followed
	entries map[string]value // entry template -> the events it was given
	vars    []map[string]value
}

func newReach(t *template.Template) *reach {
	return &reach{t: t, visited: map[string]bool{}, entries: map[string]value{}}
}

// page reports whether the pages of this set show only what their keys
// cover: the templates reachable from "base", with the page as data, and
// the entry templates they list events with.
func (r *reach) page() bool {
	r.template("base", value{kind: kPage})
	for name := range r.entries {
		r.template(name, value{kind: kEntry})
	}
	return !r.escapes
}

// entry reports whether an entry template shows only its event's own
// fields, type and terms.
func (r *reach) entry(name string) bool {
	sub := newReach(r.t)
	sub.template(name, value{kind: kEntry})
	return !sub.escapes
}

func (r *reach) template(name string, dot value) {
	sig := name + "\x00" + signature(dot)
	if r.visited[sig] {
		return
	}
	r.visited[sig] = true
	t := r.t.Lookup(name)
	if t == nil || t.Tree == nil {
		return
	}
	saved := r.vars
	r.vars = []map[string]value{{"$": dot}}
	r.list(t.Tree.Root, dot)
	r.vars = saved
}

func signature(v value) string {
	s := string(rune('a'+int(v.kind))) + v.text
	if v.elem != nil {
		s += "[" + signature(*v.elem) + "]"
	}
	for _, k := range slices.Sorted(maps.Keys(v.keys)) {
		s += "{" + k + ":" + signature(v.keys[k]) + "}"
	}
	return s
}

func (r *reach) list(l *parse.ListNode, dot value) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		r.node(n, dot)
	}
}

func (r *reach) node(n parse.Node, dot value) {
	switch n := n.(type) {
	case *parse.ActionNode:
		r.pipe(n.Pipe, dot)
	case *parse.IfNode:
		r.scoped(func() {
			r.pipe(n.Pipe, dot)
			r.list(n.List, dot)
		})
		r.scoped(func() { r.list(n.ElseList, dot) })
	case *parse.WithNode:
		r.scoped(func() {
			v := r.pipe(n.Pipe, dot)
			r.list(n.List, v)
		})
		r.scoped(func() { r.list(n.ElseList, dot) })
	case *parse.RangeNode:
		r.scoped(func() {
			v := r.pipe(n.Pipe, dot)
			elem := value{}
			if v.elem != nil {
				elem = *v.elem
			} else if v.kind != covered {
				r.escapes = true
			}
			if len(n.Pipe.Decl) > 0 {
				r.declare(n.Pipe.Decl[len(n.Pipe.Decl)-1].Ident[0], elem)
				if len(n.Pipe.Decl) > 1 {
					r.declare(n.Pipe.Decl[0].Ident[0], value{})
				}
			}
			r.list(n.List, elem)
		})
		r.scoped(func() { r.list(n.ElseList, dot) })
	case *parse.TemplateNode:
		v := dot
		if n.Pipe != nil {
			v = r.pipe(n.Pipe, dot)
		} else {
			v = value{}
		}
		r.template(n.Name, v)
	case *parse.ListNode:
		r.list(n, dot)
	}
}

func (r *reach) scoped(f func()) {
	r.vars = append(r.vars, map[string]value{})
	f()
	r.vars = r.vars[:len(r.vars)-1]
}

func (r *reach) declare(name string, v value) { r.vars[len(r.vars)-1][name] = v }

func (r *reach) variable(name string) value {
	for i := len(r.vars) - 1; i >= 0; i-- {
		if v, ok := r.vars[i][name]; ok {
			return v
		}
	}
	r.escapes = true
	return value{kind: beyond}
}

// pipe follows a pipeline and gives what it yields.
func (r *reach) pipe(p *parse.PipeNode, dot value) value {
	if p == nil {
		return dot
	}
	var last *value
	for _, c := range p.Cmds {
		v := r.command(c, dot, last)
		last = &v
	}
	out := value{}
	if last != nil {
		out = *last
	}
	for _, d := range p.Decl {
		if p.IsAssign {
			r.assign(d.Ident[0], out)
		} else {
			r.declare(d.Ident[0], out)
		}
	}
	return out
}

func (r *reach) assign(name string, v value) {
	for i := len(r.vars) - 1; i >= 0; i-- {
		if old, ok := r.vars[i][name]; ok {
			r.vars[i][name] = worst([]value{old, v})
			return
		}
	}
	r.declare(name, v)
}

// command follows one command of a pipeline; piped is the result of the
// command before it, passed as the last argument.
func (r *reach) command(c *parse.CommandNode, dot value, piped *value) value {
	if len(c.Args) == 0 {
		return value{}
	}
	args := func(from int) []value {
		var vs []value
		for _, a := range c.Args[from:] {
			vs = append(vs, r.arg(a, dot))
		}
		if piped != nil {
			vs = append(vs, *piped)
		}
		return vs
	}
	switch n := c.Args[0].(type) {
	case *parse.IdentifierNode:
		vs := args(1)
		switch n.Ident {
		case "dict":
			d := value{kind: kDict, keys: map[string]value{}}
			for i := 1; i+1 < len(c.Args); i += 2 {
				if s, ok := c.Args[i].(*parse.StringNode); ok {
					d.keys[s.Text] = vs[i]
				} else {
					r.escapes = true
				}
			}
			return d
		case "entries":
			if len(vs) == 3 && vs[0].text != "" {
				if vs[2].elem != nil && vs[2].elem.kind != kEventOwn && vs[2].elem.kind != kEvent {
					r.escapes = true
				}
				r.entries[vs[0].text] = vs[2]
			} else {
				// a template named by a variable could be any of them
				r.escapes = true
			}
			return value{}
		}
		if f, ok := funcResults[n.Ident]; ok {
			return f(vs)
		}
		r.escapes = true
		return value{kind: beyond}
	case *parse.FieldNode:
		v := r.fields(dot, n.Ident)
		r.methodArgs(dot, n.Ident, args(1))
		return v
	case *parse.VariableNode:
		v := r.variable(n.Ident[0])
		args(1)
		return r.fields(v, n.Ident[1:])
	case *parse.ChainNode:
		v := r.arg(n.Node, dot)
		args(1)
		return r.fields(v, n.Field)
	}
	args(1)
	return r.arg(c.Args[0], dot)
}

// methodArgs checks the arguments of the methods whose results depend on
// them: the site's Activity strip shows its term's events.
func (r *reach) methodArgs(recv value, idents []string, args []value) {
	if len(idents) == 2 && recv.kind == kPage && idents[0] == "Site" && idents[1] == "Activity" {
		if len(args) != 1 || args[0].kind != kTerm {
			r.escapes = true
		}
	}
}

func (r *reach) arg(n parse.Node, dot value) value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return r.fields(dot, n.Ident)
	case *parse.VariableNode:
		return r.fields(r.variable(n.Ident[0]), n.Ident[1:])
	case *parse.ChainNode:
		return r.fields(r.arg(n.Node, dot), n.Field)
	case *parse.PipeNode:
		var v value
		r.scoped(func() { v = r.pipe(n, dot) })
		return v
	case *parse.IdentifierNode:
		if f, ok := funcResults[n.Ident]; ok {
			return f(nil)
		}
		r.escapes = true
		return value{kind: beyond}
	case *parse.StringNode:
		return value{text: n.Text}
	}
	return value{} // numbers, booleans, nil
}

// fields follows a chain of field and method names from a value.
func (r *reach) fields(v value, idents []string) value {
	for _, id := range idents {
		switch {
		case v.kind == beyond:
			r.escapes = true
			return v
		case v.kind == kDict:
			next, ok := v.keys[id]
			if !ok {
				next = value{} // a key the dict lacks is nothing
			}
			v = next
		case v.elem != nil:
			v = *v.elem // a map's value by key
		case v.kind == covered:
			// plain data: every part of it is covered
		case v.kind == kSite && id == "Activity":
			v = value{}
		default:
			next, ok := fieldsOf[v.kind][id]
			if !ok {
				r.escapes = true
				return value{kind: beyond}
			}
			v = next
		}
	}
	return v
}

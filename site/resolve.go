package site

// A vocabulary finds the terms of one taxonomy by slug, name or alias,
// however they are capitalised or spaced.
type vocabulary struct {
	taxonomy *Taxonomy
	byKey    map[string]*Term
	bySlug   map[string]*Term
	keys     []string         // every key, for suggestions
	found    map[string]*Term // what lookup found, by the text as written: most are written often
}

func newVocabulary(x *Taxonomy, errs *Diagnostics) *vocabulary {
	v := &vocabulary{taxonomy: x, byKey: map[string]*Term{}, bySlug: map[string]*Term{}, found: map[string]*Term{}}
	for _, t := range x.Terms {
		v.bySlug[t.Slug] = t
	}
	for _, t := range x.Terms {
		for _, name := range append([]string{t.Name, t.Native, t.Slug}, t.Aliases...) {
			k := fold(name)
			if k == "" {
				continue
			}
			if other, ok := v.byKey[k]; ok && other != t {
				errs.add(t.File, 0, 0, "%q also names %s; a name or alias must belong to one entry", name, other.File)
				continue
			}
			if v.byKey[k] == nil {
				v.keys = append(v.keys, name)
			}
			v.byKey[k] = t
		}
	}
	return v
}

// lookup finds the term a reference means: by key, or by the slug the
// reference would have.
func (v *vocabulary) lookup(text string) *Term {
	if t, ok := v.found[text]; ok {
		return t
	}
	t := v.byKey[fold(text)]
	if t == nil {
		t = v.bySlug[slugify(text)]
	}
	if t != nil {
		v.found[text] = t
	}
	return t
}

// resolve gives each taxonomy its terms and turns each event's references
// into them. A reference that is one small typo away from a known name is
// an error; any other unknown reference gets a page of its own and a
// warning.
func resolve(events []*Event, c *contentSet, errs *Diagnostics) {
	for _, t := range c.terms {
		t.Taxonomy.Terms = append(t.Taxonomy.Terms, t)
	}
	for _, x := range c.taxonomies {
		v := newVocabulary(x, errs)
		for _, e := range events {
			terms := v.resolveRefs(e, e.refs[x.Key], errs)
			e.Terms = append(e.Terms, TermList{x, terms})
			e.all = append(e.all, terms...)
		}
	}
}

func (v *vocabulary) resolveRefs(e *Event, refs []ref, errs *Diagnostics) []*Term {
	var out []*Term
	seen := map[*Term]bool{}
	for _, r := range refs {
		t := v.lookup(r.text)
		if t == nil {
			if near := Closest(r.text, v.keys); near != "" {
				errs.add(e.File, r.line, r.col, "%s %q is not known; did you mean %q?", v.taxonomy.Singular, r.text, near)
				continue
			}
			t = &Term{Taxonomy: v.taxonomy, Slug: slugify(r.text), Name: r.text}
			v.add(t)
			errs.warn(e.File, r.line, r.col, "%s %q has no file; a page was made for it (add %s/%s.md to describe it)",
				v.taxonomy.Singular, r.text, v.taxonomy.Key, t.Slug)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// add registers a term made for an unknown reference.
func (v *vocabulary) add(t *Term) {
	v.taxonomy.Terms = append(v.taxonomy.Terms, t)
	v.byKey[fold(t.Name)] = t
	v.bySlug[t.Slug] = t
}

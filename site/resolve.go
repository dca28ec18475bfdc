package site

// A vocabulary finds the terms of one kind by slug, name or alias, however
// they are capitalised or spaced.
type vocabulary struct {
	kind   string
	byKey  map[string]*Term
	bySlug map[string]*Term
	keys   []string // every key, for suggestions
	terms  []*Term
}

func newVocabulary(kind string, terms []*Term, errs *Errors) *vocabulary {
	v := &vocabulary{kind: kind, byKey: map[string]*Term{}, bySlug: map[string]*Term{}, terms: terms}
	for _, t := range terms {
		v.bySlug[t.Slug] = t
	}
	for _, t := range terms {
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
	if t := v.byKey[fold(text)]; t != nil {
		return t
	}
	return v.bySlug[slugify(text)]
}

// resolve turns each event's people and topic references into terms. A
// reference that is one small typo away from a known name is an error; any
// other unknown reference gets a page of its own and a warning.
func resolve(events []*Event, people, topics []*Term, errs, warnings *Errors) ([]*Term, []*Term) {
	pv := newVocabulary("people", people, errs)
	tv := newVocabulary("topics", topics, errs)
	for _, e := range events {
		e.People = pv.resolveRefs(e, e.peopleRefs, errs, warnings)
		e.Topics = tv.resolveRefs(e, e.topicRefs, errs, warnings)
	}
	sortTerms(pv.terms)
	sortTerms(tv.terms)
	return pv.terms, tv.terms
}

func (v *vocabulary) resolveRefs(e *Event, refs []ref, errs, warnings *Errors) []*Term {
	var out []*Term
	seen := map[*Term]bool{}
	for _, r := range refs {
		t := v.lookup(r.text)
		if t == nil {
			if near := closest(r.text, v.keys); near != "" {
				errs.add(e.File, r.line, r.col, "%s %q is not known; did you mean %q?", v.singular(), r.text, near)
				continue
			}
			t = &Term{Kind: v.kind, Slug: slugify(r.text), Name: r.text}
			v.add(t)
			warnings.add(e.File, r.line, r.col, "%s %q has no file; a page was made for it (add %s/%s.md to describe it)",
				v.singular(), r.text, v.kind, t.Slug)
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
	v.terms = append(v.terms, t)
	v.byKey[fold(t.Name)] = t
	v.bySlug[t.Slug] = t
}

func (v *vocabulary) singular() string {
	if v.kind == "people" {
		return "person"
	}
	return "topic"
}

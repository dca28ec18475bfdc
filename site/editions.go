package site

import (
	"cmp"
	"html/template"
	"io"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Editions: a site declares its languages in _index.md, the first the
// default. Each language is an edition, a whole site of its own: the
// default at the site root, the others in a folder named by their key
// (ru/). The facts of an entry (dates, type, terms, documents' kinds,
// sources) are in its one file; its text may be translated in a file
// beside it, SLUG.KEY.md, that holds only the text: a translation cannot
// contradict the facts, because it cannot state them. Text not yet
// translated is shown in the original, with its own lang.

// An Edition is one language of the site.
type Edition struct {
	// Key names the edition's folder (ru/), its translation files
	// (x.ru.md, _index.ru.md) and its catalog (messages/ru.yaml).
	Key string
	// Lang is its BCP 47 tag, for lang attributes: "zh-Hans".
	Lang string
	// Name is its name in its own language, from its catalog: "Русский".
	Name string
	// Prefix is its folder from the site root: "" for the default, "ru/".
	Prefix string
}

// up is the way from the edition's folder to the site's root: "../".
func (ed *Edition) up() string { return strings.Repeat("../", strings.Count(ed.Prefix, "/")) }

// The keys a translation may have, by what it translates; its body
// translates the original's body.
var (
	eventTextKeys = []string{"title", "summary", "place", "occasion", "documents"}
	termTextKeys  = []string{"name", "summary", "roles", "country"}
	indexTextKeys = []string{"title", "description"}
)

// A translation is the text of one file in one edition's language.
type translation struct {
	file    string // the translation, as the user knows it
	of      string // the original's path in the content tree
	edition string // the edition's key
	meta    *yaml.Node
	sum     [32]byte            // of the file, when a Store may keep it
	text    map[string]string   // title, summary, place, occasion, name, description
	lists   map[string][]string // documents, roles
	body    template.HTML
}

// editions reads the languages setting: a list of tags ("ru") or of
// {key, lang} ({key: zh, lang: zh-Hans}); without it, the site's one
// language.
func (f *fields) editions(single string) []*Edition {
	v := f.node("languages", false)
	if v == nil {
		return []*Edition{{Key: single, Lang: single}}
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		f.errorAt(v, "languages must be a list of BCP 47 tags, the default first: [en, ru, {key: zh, lang: zh-Hans}]")
		return []*Edition{{Key: single, Lang: single}}
	}
	var out []*Edition
	for _, it := range v.Content {
		ed := &Edition{}
		switch it.Kind {
		case yaml.ScalarNode:
			ed.Key, ed.Lang = strings.TrimSpace(it.Value), strings.TrimSpace(it.Value)
		case yaml.MappingNode:
			d := newFields(f.file, it, []string{"key", "lang"}, f.errs)
			ed.Key, ed.Lang = d.str("key", true), d.str("lang", true)
		default:
			f.errorAt(it, "each language must be a tag or {key, lang}")
			continue
		}
		if _, err := language.Parse(ed.Lang); err != nil {
			f.errorAt(it, "language %q is not a BCP 47 tag (such as en, ru, zh-Hans)", ed.Lang)
			continue
		}
		if strings.ToLower(ed.Key) != ed.Key || slugify(ed.Key) != ed.Key || slices.Contains(reservedKeys, ed.Key) {
			f.errorAt(it, "language key %q must be lower-case letters, digits and hyphens, and not a folder of the site", ed.Key)
			continue
		}
		if slices.ContainsFunc(out, func(o *Edition) bool { return o.Key == ed.Key }) {
			f.errorAt(it, "language %q is declared twice; keep one", ed.Key)
			continue
		}
		if len(out) > 0 {
			ed.Prefix = ed.Key + "/"
		}
		out = append(out, ed)
	}
	if len(out) == 0 {
		return []*Edition{{Key: single, Lang: single}}
	}
	if single != "" && f.values["language"] != nil && single != out[0].Lang && single != out[0].Key {
		f.errorAt(f.values["language"], "language %q is not the first of languages (%s); leave language out", single, out[0].Key)
	}
	return out
}

// translationOf tells whether a content path is a translation of another
// edition's key: "events/x.ru.md" translates "events/x.md".
func translationOf(p string, editions []*Edition) (original, key string, ok bool) {
	base := strings.TrimSuffix(p, ".md")
	ext := path.Ext(base)
	if ext == "" {
		return "", "", false
	}
	key = ext[1:]
	for _, ed := range editions[1:] {
		if ed.Key == key {
			return strings.TrimSuffix(base, ext) + ".md", key, true
		}
	}
	return "", "", false
}

// facts are the keys of an original that a translation cannot give.
var facts = append(append(slices.Clone(eventKeys), termFields...), indexKeys...)

// readTranslation reads a translation file: the keys its kind allows,
// each a text, documents and roles lists of texts; any fact is an error
// that says where it belongs.
func readTranslation(src *source, original, key string, allowed []string, root string, md *markdown, errs *Diagnostics) *translation {
	tr := &translation{file: src.file, of: original, edition: key, meta: src.meta, sum: src.sum,
		text: map[string]string{}, lists: map[string][]string{}}
	m := src.meta
	var keep []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if !slices.Contains(allowed, k.Value) && slices.Contains(facts, k.Value) {
			errs.add(src.file, k.Line, k.Column, "%s is a fact, kept once in %s; a translation gives only %s and the body",
				k.Value, original, strings.Join(allowed, ", "))
			continue
		}
		keep = append(keep, k, m.Content[i+1])
	}
	f := newFields(src.file, &yaml.Node{Kind: yaml.MappingNode, Line: m.Line, Column: m.Column, Content: keep}, allowed, errs)
	f.at = m
	for _, k := range allowed {
		switch k {
		case "documents", "roles":
			if f.values[k] != nil {
				tr.lists[k] = f.strs(k)
			}
		default:
			if s := f.str(k, false); s != "" {
				tr.text[k] = s
			}
		}
	}
	if len(src.body) > 0 && strings.TrimSpace(string(src.body)) != "" {
		tr.body = md.convert(src, root, errs)
	}
	return tr
}

// check holds a translation to its original: the texts the original has
// must be translated, and those it lacks cannot be added; lists must
// have as many items.
func (tr *translation) check(has map[string]bool, counts map[string]int, errs *Diagnostics) {
	at := func(key string) (int, int) {
		for i := 0; i+1 < len(tr.meta.Content); i += 2 {
			if tr.meta.Content[i].Value == key {
				return tr.meta.Content[i].Line, tr.meta.Content[i].Column
			}
		}
		return tr.meta.Line, tr.meta.Column
	}
	for key, want := range has {
		_, text := tr.text[key]
		_, list := tr.lists[key]
		switch got := text || list; {
		case want && !got:
			line, col := at(key)
			errs.add(tr.file, line, col, "missing %s: %s has one; translate it too", key, tr.of)
		case !want && got:
			line, col := at(key)
			errs.add(tr.file, line, col, "%s: %s has none, and a translation cannot add one", key, tr.of)
		}
	}
	for key, n := range counts {
		if l, ok := tr.lists[key]; ok && len(l) != n {
			line, col := at(key)
			errs.add(tr.file, line, col, "%s lists %d, but %s has %d; translate each, in the same order", key, len(l), tr.of, n)
		}
	}
}

// checkEvent holds an event's translation to the event.
func (tr *translation) checkEvent(e *Event, errs *Diagnostics) {
	tr.check(map[string]bool{"title": true, "summary": true, "place": e.Place != "", "occasion": e.Occasion != "",
		"documents": len(e.Documents) > 0}, map[string]int{"documents": len(e.Documents)}, errs)
}

// checkTerm holds a term's translation to the term. Its country may be
// left in the original's words.
func (tr *translation) checkTerm(t *Term, errs *Diagnostics) {
	has := map[string]bool{"name": true, "summary": t.Summary != "", "roles": len(t.Roles) > 0}
	if t.Country == "" {
		has["country"] = false
	}
	tr.check(has, map[string]int{"roles": len(t.Roles)}, errs)
}

// translateEvent gives the event the translation's text.
func (tr *translation) translateEvent(e *Event) {
	e.Title, e.Summary = tr.text["title"], tr.text["summary"]
	e.Place, e.Occasion = tr.text["place"], tr.text["occasion"]
	if docs := tr.lists["documents"]; len(docs) == len(e.Documents) {
		e.Documents = slices.Clone(e.Documents)
		for i := range docs {
			e.Documents[i].Title = docs[i]
		}
	}
	e.Untranslated = ""
	if tr.body != "" {
		e.Body, e.BodyUntranslated = tr.body, ""
	}
}

// translateTerm gives the term the translation's text.
func (tr *translation) translateTerm(t *Term) {
	t.Name = tr.text["name"]
	if s, ok := tr.text["summary"]; ok {
		t.Summary = s
	}
	if c, ok := tr.text["country"]; ok {
		t.Country, t.CountryUntranslated = c, ""
	}
	if roles := tr.lists["roles"]; len(roles) == len(t.Roles) {
		t.Roles = slices.Clone(t.Roles)
		for i := range roles {
			t.Roles[i].Title = roles[i]
		}
	}
	t.Untranslated = ""
	if tr.body != "" {
		t.Body, t.BodyUntranslated = tr.body, ""
	}
}

// unknownOriginal is the error of a translation whose original is missing.
func (tr *translation) unknownOriginal(errs *Diagnostics) {
	errs.add(tr.file, 0, 0, "translates %s, which does not exist; name a translation after its original (x.%s.md beside x.md)",
		tr.of, tr.edition)
}

// edition gives the content as edition i shows it, before terms are
// resolved: for the default edition the content itself, and for another
// copies of the settings' taxonomies and types (whose names come from its
// catalog), of the terms, and of the events with their translations'
// text. Every copy is made before any edition is built.
func (c *contentSet) edition(i int) *contentSet {
	ed, def := c.editions[i], c.editions[0].Lang
	if i == 0 {
		return c
	}
	s := *c.settings
	s.taxonomies, s.types = nil, nil
	for _, x := range c.taxonomies {
		x := *x
		x.Terms = nil
		s.taxonomies = append(s.taxonomies, &x)
	}
	for _, t := range c.types {
		t := *t
		s.types = append(s.types, &t)
	}
	out := &contentSet{settings: &s, translations: c.translations}
	trs := c.translations[ed.Key]
	for _, e := range c.events {
		e := *e
		if e.Type != nil {
			e.Type = s.eventType(e.Type.ID)
		}
		e.Untranslated, e.BodyUntranslated = def, def
		if e.relink != nil {
			e.Body = e.relink(ed.up())
		}
		if tr := trs[e.File]; tr != nil {
			tr.translateEvent(&e)
			e.sum = keyOf("translated", e.sum[:], tr.sum[:])
		}
		out.events = append(out.events, &e)
	}
	for _, t := range c.terms {
		t := *t
		t.Taxonomy = s.taxonomy(t.Taxonomy.Key)
		t.Untranslated, t.BodyUntranslated = def, def
		if t.Country != "" {
			t.CountryUntranslated = def
		}
		if t.relink != nil {
			t.Body = t.relink(ed.up())
		}
		out.terms = append(out.terms, &t)
	}
	if s.relinkIntro != nil {
		s.intro = s.relinkIntro(ed.up())
	}
	if tr := trs[c.file]; tr != nil {
		out.title = tr.text["title"]
		out.description = cmp.Or(tr.text["description"], out.description)
		out.intro = cmp.Or(tr.body, out.intro)
	} else {
		out.untranslated = def
	}
	return out
}

// translateTerms gives the terms their names in edition ed, once
// references (which name the terms as the originals do) are resolved,
// and sorts each taxonomy's terms by name in the edition's language.
func (c *contentSet) translateTerms(ed *Edition) {
	for _, t := range c.terms {
		if tr := c.translations[ed.Key][t.File]; tr != nil {
			tr.translateTerm(t)
			t.digest = keyOf("translated", t.digest[:], tr.sum[:])
		}
	}
	for _, x := range c.taxonomies {
		sortTerms(x.Terms, ed.Lang)
	}
}

// prefixed puts a build's files in an edition's folder.
type prefixed struct {
	target
	prefix string
}

func (p prefixed) put(name string, data []byte) error { return p.target.put(p.prefix+name, data) }

func (p prefixed) has(name string, key [32]byte) bool { return p.target.has(p.prefix+name, key) }

func (p prefixed) size(name string) (int, error) { return p.target.size(p.prefix + name) }

func (p prefixed) putFrom(name string, write func(io.Writer)) (int, error) {
	return p.target.putFrom(p.prefix+name, write)
}

// An Alternate is a page in one edition, as seen from a page of another.
type Alternate struct {
	Edition *Edition
	URL     string // from the page: "../ru/events/x/"
	Href    string // absolute when the site has a base URL, else URL
	Current bool   // the page's own edition
}

// alternates lists the page in every edition, the default first; none
// for a site of one edition.
func (p *Page) alternates() []Alternate {
	s := p.Site
	if len(s.Editions) < 2 {
		return nil
	}
	// From the page to the site root: up to its edition's root, then out
	// of the edition's folder. A 404 page's Root is already absolute.
	root := p.Root + strings.Repeat("../", strings.Count(s.Edition.Prefix, "/"))
	if p.Kind == "404" && s.BaseURL != "" {
		root = s.rootURL
	}
	out := make([]Alternate, len(s.Editions))
	for i, ed := range s.Editions {
		url := root + ed.Prefix + p.URL
		if len(url) > 2 && strings.HasPrefix(url, "./") {
			url = url[2:]
		}
		href := url
		if s.rootURL != "" {
			href = s.rootURL + ed.Prefix + p.URL
		}
		out[i] = Alternate{Edition: ed, URL: url, Href: href, Current: ed == s.Edition}
	}
	return out
}

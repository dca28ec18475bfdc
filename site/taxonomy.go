package site

import (
	"fmt"
	"slices"
	"strings"
)

// A Taxonomy is one kind of term that events refer to, such as people or
// topics: each term has a file in the taxonomy's folder and a page listing
// its events. A site declares its taxonomies in _index.md; without a
// declaration it has DefaultTaxonomies.
type Taxonomy struct {
	// Key names the taxonomy in an event's frontmatter ("people: [...]"),
	// its folder of term files, and its pages' URLs (people/SLUG/).
	Key string
	// Singular names one term of it: in messages ("person \"Xi\" is not
	// known") and as the query parameter of its filter (?person=).
	Singular string
	// Name and One are the reader's words for the taxonomy and one of its
	// terms: "People", "Person". Left out of a declaration, they come
	// from the message catalog (taxonomy.KEY.name, .one).
	Name, One string
	// Fields are the keys a term file may carry besides name and aliases:
	// any of summary, native, lang, country, roles, lat and lon.
	Fields []string
	// From is the event key that names an event's one term of it, when
	// that is not a list under the taxonomy's own key: "place" for a
	// taxonomy of places, fed by place: "Beijing, China". The key's text
	// is still what an event shows; its term gives it a page.
	From string
	// Required: every event must name at least one term of it.
	Required bool
	// Participants: its terms take part in events rather than being what
	// they are about, as a taxonomy whose terms carry roles (people) does.
	Participants bool

	Terms []*Term // by name
}

// termFields are the keys a taxonomy may allow its term files to carry.
var termFields = []string{"summary", "native", "lang", "country", "roles", "lat", "lon"}

// fromKeys are the event keys that may feed a taxonomy: texts that name
// one thing.
var fromKeys = []string{"place", "occasion"}

// DefaultTaxonomies are those of a site whose _index.md declares none.
var DefaultTaxonomies = []Taxonomy{
	{Key: "people", Singular: "person", Fields: []string{"native", "lang", "country", "roles"}, Required: true},
	{Key: "topics", Singular: "topic", Fields: []string{"summary"}},
}

// Has reports whether the taxonomy's terms may carry the field.
func (x *Taxonomy) Has(field string) bool { return slices.Contains(x.Fields, field) }

// Located reports whether its terms may say where they are (lat and lon),
// and so have a place on the map.
func (x *Taxonomy) Located() bool { return x.Has("lat") }

// URL is the path of the taxonomy's index page from the site root.
func (x *Taxonomy) URL() string { return x.Key + "/" }

// An EventType is one kind of contact, such as a state visit. A site
// declares its types in _index.md; without a declaration it has
// DefaultTypes.
type EventType struct {
	ID    string // as events write it: type: state-visit
	Label string // the reader's name; left out, from the catalog (type.ID)
	// Class is the CSS class of its events and chart bars ("type-" + ID
	// unless declared), by which the stylesheet colours them.
	Class string
	// Online: held by phone or video, not in a place.
	Online bool
}

// DefaultTypes are the types of a site whose _index.md declares none.
var DefaultTypes = []EventType{{ID: "state-visit"}, {ID: "official-visit"}, {ID: "working-visit"},
	{ID: "meeting"}, {ID: "summit-sideline"}, {ID: "phone-call", Online: true}, {ID: "video-call", Online: true},
	{ID: "ministerial"}, {ID: "signing"}, {ID: "statement"}, {ID: "other"}}

var (
	taxonomyKeys = []string{"key", "singular", "name", "one", "fields", "required", "from"}
	typeKeys     = []string{"id", "label", "class", "online"}
)

// reservedKeys are folder names and event keys a taxonomy cannot take.
var reservedKeys = append(slices.Clone(eventKeys), "events", "years", "assets", "data", "print", "static", "body")

// taxonomies reads the site's declared taxonomies, or gives the defaults.
func (f *fields) taxonomies() []*Taxonomy {
	v := f.node("taxonomies", false)
	if v == nil {
		var out []*Taxonomy
		for _, x := range DefaultTaxonomies {
			x.Fields = slices.Clone(x.Fields)
			x.Participants = x.Has("roles")
			out = append(out, &x)
		}
		return out
	}
	var out []*Taxonomy
	seen := map[string]bool{}
	for _, d := range f.list("taxonomies", taxonomyKeys) {
		x := &Taxonomy{Key: d.str("key", true), Singular: d.str("singular", true),
			Name: d.str("name", false), One: d.str("one", false),
			Fields: d.strs("fields"), Required: d.boolean("required"), From: d.str("from", false)}
		x.Participants = x.Has("roles")
		switch {
		case x.Key == "" || x.Singular == "":
			continue
		case slugify(x.Key) != x.Key || slugify(x.Singular) != x.Singular:
			d.errorAt(d.at, "taxonomy key %q and singular %q must be lower-case letters, digits and hyphens", x.Key, x.Singular)
			continue
		case x.From != "" && !slices.Contains(fromKeys, x.From):
			d.errorAt(d.values["from"], "from: %q is not an event key that names one thing; %suse %s, or leave from out for a list under %s",
				x.From, didYouMean(x.From, fromKeys), strings.Join(fromKeys, " or "), x.Key)
			continue
		case slices.Contains(reservedKeys, x.Key) || slices.Contains(reservedKeys, x.Singular) && x.Singular != x.From:
			d.errorAt(d.at, "taxonomy %q: %q is taken by the site itself; choose another name", x.Key, x.Key)
			continue
		case seen[x.Key] || seen[x.Singular]:
			d.errorAt(d.at, "taxonomy %q is declared twice; keep one", x.Key)
			continue
		case x.From != "" && seen["from:"+x.From]:
			d.errorAt(d.values["from"], "from: %s already feeds another taxonomy; one event key feeds one taxonomy", x.From)
			continue
		}
		seen[x.Key], seen[x.Singular], seen["from:"+x.From] = true, true, x.From != ""
		if x.Has("lat") != x.Has("lon") {
			d.errorAt(d.values["fields"], "fields: lat and lon go together; give both, or neither")
		}
		for _, field := range x.Fields {
			if !slices.Contains(termFields, field) {
				d.errorAt(d.values["fields"], "fields: %q is not a term field; %suse any of: %s", field,
					didYouMean(field, termFields), strings.Join(termFields, ", "))
			}
		}
		out = append(out, x)
	}
	if len(out) == 0 {
		f.errorAt(v, "taxonomies must declare at least one taxonomy, each with a key and a singular")
	}
	return out
}

// types reads the site's declared event types, or gives the defaults.
func (f *fields) types() []EventType {
	v := f.node("types", false)
	if v == nil {
		return slices.Clone(DefaultTypes)
	}
	var out []EventType
	seen := map[string]bool{}
	for _, d := range f.list("types", typeKeys) {
		t := EventType{ID: d.str("id", true), Label: d.str("label", false), Class: d.str("class", false), Online: d.boolean("online")}
		switch {
		case t.ID == "":
			continue
		case seen[t.ID]:
			d.errorAt(d.values["id"], "type %q is declared twice; keep one", t.ID)
			continue
		case slugify(t.ID) != t.ID:
			d.errorAt(d.values["id"], "type id %q must be lower-case letters, digits and hyphens", t.ID)
			continue
		}
		seen[t.ID] = true
		out = append(out, t)
	}
	if len(out) == 0 {
		f.errorAt(v, "types must declare at least one type, each with an id")
	}
	return out
}

func didYouMean(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return fmt.Sprintf("did you mean %q? ", c)
	}
	return ""
}

// typeIDs lists the ids of types.
func typeIDs(types []*EventType) []string {
	ids := make([]string, len(types))
	for i, t := range types {
		ids[i] = t.ID
	}
	return ids
}

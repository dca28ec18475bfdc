package site

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A fields reads the keys of one frontmatter mapping, checking each against
// the keys the file kind allows and reporting problems with their position.
type fields struct {
	file   string
	at     *yaml.Node            // the mapping, for keys that are missing
	values map[string]*yaml.Node // key -> value
	errs   *Diagnostics
}

// newFields checks a mapping's keys against the allowed ones.
func newFields(file string, m *yaml.Node, allowed []string, errs *Diagnostics) *fields {
	f := &fields{file: file, at: m, values: map[string]*yaml.Node{}, errs: errs}
	seen := map[string]*yaml.Node{} // key -> where it first appears
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			where := fmt.Sprintf("on lines %d and %d", first.Line, k.Line)
			if first.Line == k.Line {
				where = fmt.Sprintf("on line %d", k.Line)
			}
			f.errorAt(k, "key %q appears twice, %s; keep one", k.Value, where)
			continue
		}
		seen[k.Value] = k
		if !slices.Contains(allowed, k.Value) {
			hint := "allowed keys: " + strings.Join(allowed, ", ")
			if s := Closest(k.Value, allowed); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			f.errorAt(k, "unknown key %q; %s", k.Value, hint)
			continue
		}
		f.values[k.Value] = v
	}
	return f
}

func (f *fields) errorAt(n *yaml.Node, format string, args ...any) {
	f.errs.add(f.file, n.Line, n.Column, format, args...)
}

// node returns the value of key, reporting it when required and missing.
func (f *fields) node(key string, required bool) *yaml.Node {
	v := f.values[key]
	if v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		v = nil
	}
	if v == nil && required {
		f.errorAt(f.at, "missing required key %q; add a line %q", key, key+": …")
	}
	return v
}

// str reads a text value.
func (f *fields) str(key string, required bool) string {
	v := f.node(key, required)
	if v == nil {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.errorAt(v, "%s must be text, not a %s", key, kindName(v))
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		f.errorAt(v, "%s is empty; give it a value", key)
	}
	return s
}

// A ref is a reference to a person or topic, with where it was written.
type ref struct {
	text      string
	line, col int
}

// maxItems bounds a list of a file: every term an event names shares a
// count with every other on its pages, which grows with the square of
// the list.
const maxItems = 1000

// refs reads a list of texts; a single text counts as a list of one.
func (f *fields) refs(key string, required bool) []ref {
	v := f.node(key, required)
	if v == nil {
		return nil
	}
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	if len(items) == 0 && required {
		f.errorAt(v, "%s needs at least one item", key)
	}
	if len(items) > maxItems {
		f.errorAt(v, "%s lists %d items; a file may list at most %d", key, len(items), maxItems)
		return nil
	}
	var out []ref
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || strings.TrimSpace(it.Value) == "" {
			f.errorAt(it, "each item of %s must be a non-empty text", key)
			continue
		}
		out = append(out, ref{strings.TrimSpace(it.Value), it.Line, it.Column})
	}
	return out
}

// strs reads a list of texts as plain strings.
func (f *fields) strs(key string) []string {
	var out []string
	for _, r := range f.refs(key, false) {
		out = append(out, r.text)
	}
	return out
}

// date reads a YYYY, YYYY-MM or YYYY-MM-DD value.
func (f *fields) date(key string, required bool) Date {
	s := f.str(key, required)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		f.errorAt(f.values[key], "%s: %v", key, err)
	}
	return d
}

// position reads lat and lon, the degrees north and east of a point on
// Earth, which go together; located says both were there.
func (f *fields) position(allowed bool) (lat, lon float64, located bool) {
	if !allowed {
		return 0, 0, false
	}
	lat, hasLat := f.number("lat", -90, 90)
	lon, hasLon := f.number("lon", -180, 180)
	switch {
	case hasLat && !hasLon:
		f.errorAt(f.values["lat"], "lat without lon; give both, in degrees (lon: 116.397 for 116.397°E)")
	case hasLon && !hasLat:
		f.errorAt(f.values["lon"], "lon without lat; give both, in degrees (lat: 39.907 for 39.907°N)")
	}
	return lat, lon, hasLat && hasLon
}

// number reads a number from lo to hi; ok says it was there and valid.
func (f *fields) number(key string, lo, hi float64) (n float64, ok bool) {
	v := f.node(key, false)
	if v == nil {
		return 0, false
	}
	if v.Kind != yaml.ScalarNode || v.Decode(&n) != nil || math.IsNaN(n) {
		f.errorAt(v, "%s must be a number of degrees, such as 39.907 (south and west are negative)", key)
		return 0, false
	}
	if n < lo || n > hi {
		f.errorAt(v, "%s %v is out of range; it is from %v to %v degrees", key, n, lo, hi)
		return 0, false
	}
	return n, true
}

// boolean reads true or false.
func (f *fields) boolean(key string) bool {
	v := f.node(key, false)
	if v == nil {
		return false
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		f.errorAt(v, "%s must be true or false", key)
	}
	return b
}

// atLeastOne reads a whole number of at least 1, or gives def where the
// key is left out.
func (f *fields) atLeastOne(key string, def int) int {
	v := f.node(key, false)
	if v == nil {
		return def
	}
	var n int
	if v.Kind != yaml.ScalarNode || v.Decode(&n) != nil || n < 1 {
		f.errorAt(v, "%s must be a whole number of at least 1, such as %d", key, def)
		return def
	}
	return n
}

// oneOf reads a text that must be one of the allowed values.
func (f *fields) oneOf(key string, required bool, allowed []string, def string) string {
	s := f.str(key, required)
	if s == "" {
		return def
	}
	if !slices.Contains(allowed, s) {
		hint := ""
		if c := Closest(s, allowed); c != "" {
			hint = fmt.Sprintf("did you mean %q? ", c)
		}
		f.errorAt(f.values[key], "%s %q is not known; %suse one of: %s", key, s, hint, strings.Join(allowed, ", "))
		return def
	}
	return s
}

// list reads a list of mappings, each with the given keys.
func (f *fields) list(key string, allowed []string) []*fields {
	v := f.node(key, false)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.errorAt(v, "%s must be a list of items starting with \"- \"", key)
		return nil
	}
	var out []*fields
	for _, it := range v.Content {
		if it.Kind != yaml.MappingNode {
			f.errorAt(it, "each item of %s must have keys: %s", key, strings.Join(allowed, ", "))
			continue
		}
		out = append(out, newFields(f.file, it, allowed, f.errs))
	}
	return out
}

// sides reads the two parties of the timeline: a list of two items, each
// a country or a list of countries ([[China], [Russia, Soviet Union]]).
func (f *fields) sides() [][]string {
	v := f.node("sides", false)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
		f.errorAt(v, "sides must be a list of the two parties, each a country or a list of countries")
		return nil
	}
	var out [][]string
	for _, side := range v.Content {
		items := []*yaml.Node{side}
		if side.Kind == yaml.SequenceNode {
			items = side.Content
		}
		var countries []string
		for _, it := range items {
			if it.Kind != yaml.ScalarNode || strings.TrimSpace(it.Value) == "" {
				f.errorAt(it, "each side must be a country or a list of countries")
				return nil
			}
			countries = append(countries, strings.TrimSpace(it.Value))
		}
		out = append(out, countries)
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "set of keys"
	}
	return "value"
}

// Closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a likely typo, or "": for a misspelt key, reference
// or command.
func Closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if d := distance(fold(s), fold(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD == 0 || bestD > typoLimit(s) {
		return ""
	}
	return best
}

// typoLimit is how many edits a misspelling of s may be away.
func typoLimit(s string) int {
	switch n := utf8.RuneCountInString(s); {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	default:
		return 2
	}
}

// distance counts the edits between two strings, by rune: insertions,
// deletions, substitutions and swaps of neighbours ("titel" is one edit
// from "title"; the optimal string alignment distance).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

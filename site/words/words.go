// Package words holds the words a reader sees that a build makes rather
// than a template: the names of months, the shapes of dates and date
// ranges, page titles, chart labels, the names of event types and
// taxonomies. They come from a message catalog, one per language, so that
// an edition in another language changes none of the code.
//
// A catalog is a YAML mapping of keys to texts. A text may hold named
// placeholders in braces, filled by Text and Count: "Contacts in {year}".
// A text that depends on a number is a mapping of CLDR plural categories
// (zero, one, two, few, many, other) to texts; Count picks the category
// with the language's plural rules: {one: "{n} contact", other: "{n} contacts"}.
// The key "months" is a list of the twelve month names as a date shows them,
// for a catalog that gives its own date patterns (date.year, date.month,
// date.day, span.*); any other formats dates with CLDR's data for its
// language (see Date).
package words

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// A Catalog is the words of one language.
type Catalog struct {
	Lang   string
	tag    language.Tag
	texts  map[string]string
	counts map[string]map[string]string // key -> plural category -> text
	months []string
	// calendar is CLDR's date data of the language (see Date).
	calendar *calendar
}

// Parse reads a catalog for the language lang (a BCP 47 tag) from YAML.
// Its errors name the line of the problem.
func Parse(lang string, data []byte) (*Catalog, error) {
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("language %q is not a BCP 47 tag: %v", lang, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	c := &Catalog{Lang: lang, tag: tag, texts: map[string]string{}, counts: map[string]map[string]string{},
		calendar: calendarFor(tag)}
	if len(doc.Content) == 0 {
		return c, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: a catalog is a set of keys and texts", m.Line)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case k.Value == "months":
			if err := v.Decode(&c.months); err != nil || len(c.months) != 12 {
				return nil, fmt.Errorf("line %d: months must be a list of the twelve month names", k.Line)
			}
		case v.Kind == yaml.ScalarNode:
			c.texts[k.Value] = v.Value
		case v.Kind == yaml.MappingNode:
			forms := map[string]string{}
			if err := v.Decode(&forms); err != nil {
				return nil, fmt.Errorf("line %d: %s must map plural categories to texts", k.Line, k.Value)
			}
			for cat := range forms {
				if !isCategory(cat) {
					return nil, fmt.Errorf("line %d: %s: %q is not a plural category; use zero, one, two, few, many or other", k.Line, k.Value, cat)
				}
			}
			if forms["other"] == "" {
				return nil, fmt.Errorf("line %d: %s needs an \"other\" form", k.Line, k.Value)
			}
			c.counts[k.Value] = forms
		default:
			return nil, fmt.Errorf("line %d: %s must be a text or a set of plural forms", k.Line, k.Value)
		}
	}
	return c, nil
}

func isCategory(s string) bool {
	switch s {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
}

// Forms gives the texts of key by plural category, for a program that
// picks the form itself (the browser, with Intl.PluralRules); a key with
// one text has it as "other".
func (c *Catalog) Forms(key string) map[string]string {
	if forms, ok := c.counts[key]; ok {
		return forms
	}
	return map[string]string{"other": c.Text(key)}
}

// Has reports whether the catalog has a text for key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.texts[key]
	return ok
}

// Text is the text for key with its placeholders filled from pairs of
// name and value: Text("title.year", "year", 2019). A key the catalog
// lacks gives the key itself, so that a missing word shows where it is
// missing.
func (c *Catalog) Text(key string, args ...any) string {
	t, ok := c.texts[key]
	if !ok {
		return key
	}
	return fill(t, args)
}

// Count is the text for key in the plural form that n takes in the
// catalog's language, with {n} and the other placeholders filled.
func (c *Catalog) Count(key string, n int, args ...any) string {
	forms, ok := c.counts[key]
	if !ok {
		return c.Text(key, append([]any{"n", n}, args...)...)
	}
	t := forms[category(c.tag, n)]
	if t == "" {
		t = forms["other"]
	}
	return fill(t, append([]any{"n", n}, args...))
}

func category(tag language.Tag, n int) string {
	if n < 0 {
		n = -n
	}
	switch plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// Month is the name of month m (1 to 12) as a date shows it.
func (c *Catalog) Month(m int) string {
	if m < 1 || m > 12 || len(c.months) != 12 {
		return strconv.Itoa(m)
	}
	return c.months[m-1]
}

// fill replaces each {name} in t by its value in args, pairs of name and
// value. Braces that name nothing given stay as they are.
func fill(t string, args []any) string {
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(t, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(t[open:], '}')
		if end < 0 {
			break
		}
		name := t[open+1 : open+end]
		value, ok := lookup(args, name)
		b.WriteString(t[:open])
		if ok {
			b.WriteString(value)
		} else {
			b.WriteString(t[open : open+end+1])
		}
		t = t[open+end+1:]
	}
	b.WriteString(t)
	return b.String()
}

func lookup(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == name {
			switch v := args[i+1].(type) {
			case string:
				return v, true
			case int:
				return strconv.Itoa(v), true
			default:
				return fmt.Sprint(v), true
			}
		}
	}
	return "", false
}

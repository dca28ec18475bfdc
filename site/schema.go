package site

import (
	"encoding/json"
	"fmt"
	"slices"
)

// A Schema is a JSON Schema (draft 2020-12) of the frontmatter of one kind
// of content file, for editors that check and complete YAML as it is
// written.
type Schema struct {
	// Name is "event" or a taxonomy's singular ("person"); the file is
	// conventionally NAME.schema.json.
	Name string
	JSON []byte // indented, ending in a newline
}

// datePattern is what ParseDate reads as text: YYYY, YYYY-MM or
// YYYY-MM-DD (the days of a month are left to the build).
const datePattern = `^\s*[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\s*$`

// Schemas gives the schema of an event's frontmatter and of each
// taxonomy's term files, with the site's own types, statuses and terms.
// They describe originals, not translations (SLUG.ru.md). A YAML editor
// sees 2024 as a number and 2024-02-08 as text, so a date may be either;
// a text value may be any scalar, as the build reads it. Unknown keys are
// refused, as the build refuses them; references to terms may be any
// text, as a new one gets a page of its own, with the known names,
// aliases and slugs offered as examples.
func (s *Site) Schemas() []Schema {
	out := []Schema{{Name: "event", JSON: marshalSchema(s.eventSchema())}}
	for _, x := range s.Taxonomies {
		out = append(out, Schema{Name: x.Singular, JSON: marshalSchema(s.termSchema(x))})
	}
	return out
}

type object = map[string]any

func marshalSchema(v object) []byte {
	data, _ := json.MarshalIndent(v, "", "  ") // only maps, slices, strings, numbers and booleans: it cannot fail
	return append(data, '\n')
}

func schemaText(desc string, required bool) object {
	if required {
		return object{"description": desc, "type": []string{"string", "number", "boolean"}, "pattern": `\S`}
	}
	return object{"description": desc, "type": []string{"string", "number", "boolean", "null"}}
}

func schemaDate(desc string) object {
	return object{"description": desc + " (YYYY, YYYY-MM or YYYY-MM-DD)", "anyOf": []any{
		object{"type": "string", "pattern": datePattern},
		object{"type": "integer", "minimum": 1, "maximum": 9999},
	}}
}

// texts is one text or a list of texts, as aliases and references are
// written; item, if given, describes each.
func schemaTexts(desc string, item object, required bool) object {
	if item == nil {
		item = object{"type": []string{"string", "number"}}
	}
	list := object{"type": "array", "items": item, "maxItems": maxItems}
	if required {
		list["minItems"] = 1
	}
	return object{"description": desc, "anyOf": []any{item, list}}
}

func schemaObject(desc string, required []string, props object) object {
	o := object{"description": desc, "type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func (s *Site) eventSchema() object {
	var ids []string
	for _, t := range s.Types {
		ids = append(ids, t.ID)
	}
	props := object{
		"title":    schemaText("the headline", true),
		"date":     schemaDate("the day, month or year of the contact, shown at that precision"),
		"end":      schemaDate("the last day of a contact of several days; not before date"),
		"type":     object{"description": "the kind of contact, one of the site's types", "enum": ids},
		"place":    schemaText(`"City, Country"; left out for calls`, false),
		"occasion": schemaText(`the larger event it was part of, e.g. "SCO summit, Astana"`, false),
		"summary":  schemaText("one or two plain sentences for listings and meta descriptions", true),
		"documents": object{"description": "what was signed or adopted", "type": "array", "items": schemaObject(
			"a document", []string{"title"}, object{"title": schemaText("its title", true), "kind": schemaText("treaty, statement, communique...", false)})},
		"sources": object{"description": "published accounts; at least one with an absolute http(s) url",
			"type": "array", "minItems": 1, "contains": object{"type": "object", "required": []string{"url"}},
			"items": schemaObject("a published account", []string{"title"}, object{
				"title":     schemaText("its headline", true),
				"publisher": schemaText("who published it", false),
				"url":       object{"description": "its absolute http or https address", "type": "string", "pattern": `^\s*https?://[^/\s]`},
				"date":      schemaDate("the day it was published"),
				"lang":      schemaText("the BCP 47 tag of its language, e.g. zh-Hans", false),
				"archive":   object{"description": "an archived copy's absolute http or https address", "type": "string", "pattern": `^\s*https?://[^/\s]`},
				"accessed":  schemaDate("the day it was read"),
			})},
		"status": object{"description": "held (the default), announced or cancelled", "enum": statuses},
		"draft":  object{"description": "true leaves the event out unless drafts are built", "type": "boolean"},
	}
	required := []string{"title", "date", "type", "summary", "sources"}
	for _, x := range s.Taxonomies {
		known := termNames(x)
		if x.From != "" { // one text, which names a term of x
			desc := props[x.From].(object)["description"].(string)
			props[x.From] = object{"description": fmt.Sprintf("%s: a %s by name, alias or slug", desc, x.Singular),
				"type": []string{"string", "number", "null"}, "examples": known}
			if x.Required {
				required = append(required, x.From)
			}
			continue
		}
		item := object{"type": "string", "pattern": `\S`, "examples": known,
			"description": fmt.Sprintf("a %s by name, alias or slug; one not known gets a page of its own", x.Singular)}
		desc := fmt.Sprintf("the %s it concerns, by name, alias or slug", x.Key)
		if x.Required {
			desc += "; at least one"
			required = append(required, x.Key)
		}
		props[x.Key] = schemaTexts(desc, item, x.Required)
	}
	o := schemaObject("The frontmatter of an event of "+s.Title+": one file of content/events/.", required, props)
	o["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	o["title"] = "timeline event"
	return o
}

// termNames lists every name by which events may refer to the terms of
// x: slugs, names, native names and aliases, sorted.
func termNames(x *Taxonomy) []string {
	var names []string
	for _, t := range x.Terms {
		names = append(names, t.Slug, t.Name)
		if t.Native != "" {
			names = append(names, t.Native)
		}
		names = append(names, t.Aliases...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func (s *Site) termSchema(x *Taxonomy) object {
	props := object{
		"name":    schemaText("the name as the site writes it", true),
		"aliases": schemaTexts("other spellings by which events may refer to it", nil, false),
	}
	all := object{
		"summary": schemaText("one plain sentence", false),
		"native":  schemaText("the name in its own script", false),
		"lang":    schemaText("the BCP 47 tag of native, e.g. zh-Hans, ru", false),
		"country": schemaText("the country it belongs to, or a person served", false),
		"lat":     object{"description": "where it is: degrees north (south negative)", "type": "number", "minimum": -90, "maximum": 90},
		"lon":     object{"description": "where it is: degrees east (west negative)", "type": "number", "minimum": -180, "maximum": 180},
		"roles": object{"description": "offices, in order of precedence", "type": "array", "items": schemaObject(
			"an office", []string{"title"}, object{
				"title": schemaText("the office", true),
				"from":  schemaDate("when it was taken up"),
				"to":    schemaDate("when it was left; left out while it is held"),
			})},
	}
	for _, f := range x.Fields {
		props[f] = all[f]
	}
	o := schemaObject(fmt.Sprintf("The frontmatter of a %s of %s: one file of content/%s/.", x.Singular, s.Title, x.Key), []string{"name"}, props)
	deps := object{}
	if x.Has("native") && x.Has("lang") {
		deps["native"] = []string{"lang"}
	}
	if x.Located() {
		deps["lat"], deps["lon"] = []string{"lon"}, []string{"lat"}
	}
	if len(deps) > 0 {
		o["dependentRequired"] = deps
	}
	o["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	o["title"] = "timeline " + x.Singular
	return o
}

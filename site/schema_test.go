package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"timeline/content"
	"timeline/templates"
)

// compileSchemas compiles the site's schemas with a validator of its own,
// by name.
func compileSchemas(t *testing.T, s *Site) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	out := map[string]*jsonschema.Schema{}
	for _, sc := range s.Schemas() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.JSON))
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		url := "https://example.org/" + sc.Name + ".schema.json"
		if err := c.AddResource(url, doc); err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		if out[sc.Name], err = c.Compile(url); err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
	}
	return out
}

// frontmatterJSON reads a file's frontmatter as an editor's YAML
// language server sees it: YAML decoded to JSON values.
func frontmatterJSON(t *testing.T, name string, data []byte) any {
	t.Helper()
	var errs Diagnostics
	src := parseSource(name, data, &errs)
	if src == nil {
		t.Fatalf("%s: %v", name, errs)
	}
	j, err := json.Marshal(jsonValue(src.meta))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// jsonValue is a YAML node as JSON values, by YAML 1.2's core schema, as
// a YAML language server reads it: a date such as 2024-02-08 is text.
func jsonValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, jsonValue(c))
		}
		return l
	case yaml.AliasNode:
		return jsonValue(n.Alias)
	}
	switch n.Tag {
	case "!!int", "!!float", "!!bool", "!!null":
		var v any
		if n.Decode(&v) == nil {
			return v
		}
	}
	return n.Value
}

// TestSchemasValidateDefaultContent: every event and term file of the
// default content passes the schema of its kind, as a validator an
// editor would use sees it; a wrong type, an unknown key, a malformed
// date and a source without a url do not.
func TestSchemasValidateDefaultContent(t *testing.T) {
	s, err := Build(Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	schemas := compileSchemas(t, s)
	if len(schemas) != 4 || schemas["event"] == nil || schemas["person"] == nil || schemas["topic"] == nil || schemas["place"] == nil {
		t.Fatalf("schemas %v; want event, person, topic and place", schemas)
	}
	counts := map[string]int{}
	var event []byte
	fs.WalkDir(content.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" || p == "_index.md" {
			return err
		}
		if _, _, translated := translationOf(p, s.Editions); translated {
			return nil
		}
		kind := "event"
		if section, _, _ := strings.Cut(p, "/"); section != "events" {
			kind = s.Taxonomy(section).Singular
		}
		data, _ := fs.ReadFile(content.FS, p)
		if err := schemas[kind].Validate(frontmatterJSON(t, p, data)); err != nil {
			t.Errorf("%s does not pass the %s schema: %v", p, kind, err)
		}
		if kind == "event" && event == nil {
			event = data
		}
		counts[kind]++
		return nil
	})
	if counts["event"] != len(s.Events) || counts["person"] == 0 || counts["topic"] == 0 || counts["place"] == 0 {
		t.Fatalf("validated %v; want every event (%d) and some people, topics and places", counts, len(s.Events))
	}

	for _, bad := range []struct{ old, new, want string }{
		{"\ntype: ", "\ntype: phonecall\nx: ", "/type"},
		{"\ntitle: ", "\nvenue: Somewhere\ntitle: ", "venue"},
		{"\ndate: ", "\ndate: 15 May 1989\nx: ", "/date"},
		{"\n    url: ", "\n    link: ", "link"},
	} {
		data := []byte(strings.Replace(string(event), bad.old, bad.new, 1))
		data = bytes.Replace(data, []byte("\nx: "), []byte("\n# was: "), 1)
		err := schemas["event"].Validate(frontmatterJSON(t, "bad.md", data))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("with %q: %v; want an error about %s", strings.TrimSpace(bad.new), err, bad.want)
		}
	}
	person := "---\nname: Jane Example\nbirthday: 1970-01-01\n---\n"
	if err := schemas["person"].Validate(frontmatterJSON(t, "p.md", []byte(person))); err == nil || !strings.Contains(err.Error(), "birthday") {
		t.Errorf("a person with an unknown key: %v; want an error about birthday", err)
	}
	for place, want := range map[string]string{
		"---\nname: Nowhere\nlat: 91\nlon: 0\n---\n":    "/lat",
		"---\nname: Nowhere\nlat: 10\n---\n":            "lon",
		"---\nname: Nowhere\nlat: 10\nlon: east\n---\n": "/lon",
	} {
		if err := schemas["place"].Validate(frontmatterJSON(t, "x.md", []byte(place))); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("place %q: %v; want an error about %s", place, err, want)
		}
	}
}

// TestSchemaKnowsTheSite: the event schema's type is the site's own list
// of types, and a taxonomy's references offer its known names.
func TestSchemaKnowsTheSite(t *testing.T) {
	s, err := Build(Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	var event struct {
		Required   []string
		Properties map[string]struct {
			Enum  []string
			AnyOf []struct{ Examples []string }
		}
	}
	if err := json.Unmarshal(s.Schemas()[0].JSON, &event); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(event.Properties["type"].Enum, ","); got != strings.Join(typeIDs(s.Types), ",") || len(s.Types) == 0 {
		t.Errorf("type enum %q; want the site's types", got)
	}
	examples := event.Properties["people"].AnyOf[0].Examples
	for _, want := range []string{"Xi Jinping", "xi-jinping", "习近平"} {
		if !strings.Contains(strings.Join(examples, "\n"), want) {
			t.Errorf("people examples lack %q", want)
		}
	}
	if strings.Join(event.Required, ",") != "title,date,type,summary,sources,people" {
		t.Errorf("required %v", event.Required)
	}
}

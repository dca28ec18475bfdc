package site

import (
	"strings"
	"testing"
)

// TestFrontmatterPositions checks that problems in frontmatter are reported
// at the line and column where they are in the file, whatever the format.
func TestFrontmatterPositions(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"yaml after blank lines", "\n\n---\ntitle: x\ntitel: y\n---\n", "f.md:5:1: unknown key \"titel\""},
		{"yaml nested", "---\nsources:\n  - title: t\n    urll: x\n---\n", "f.md:4:5: unknown key \"urll\"; did you mean \"url\"?"},
		{"yaml value", "---\ndate: 2023-02-30\n---\n", "f.md:2:7: date: \"2023-02-30\" is impossible"},
		{"yaml syntax", "---\ntitle: x\n  bad: y\n---\n", "f.md:3:3: invalid YAML: this line is indented more than line 2"},
		{"yaml unclosed flow", "---\na: 1\nb: [x\nc: 2\n---\n", "f.md:3:4: invalid YAML: the [ that opens this list is never closed"},
		{"yaml duplicate key", "---\ntitle: a\ntitle: b\n---\n", "f.md:3:1: key \"title\" appears twice, on lines 2 and 3"},
		{"yaml with BOM and CRLF", "\uFEFF---\r\ntitle: x\r\ntitel: y\r\n---\r\n", "f.md:3:1: unknown key \"titel\""},
		{"yaml lines ended by CR alone", "---\ntitle: x\rtitel: y\n---\n", "f.md:2:1: unknown key \"titel\""},
		{"yaml error after a CR", "---\ntitle: x\r\"\n---\n", "f.md:2:1: invalid YAML: found unexpected end of stream"},
		{"toml", "+++\ntitle = \"x\"\ndate = \"2020-13\"\n+++\n", "f.md:3:1: date: \"2020-13\" has no month 13"},
		{"toml syntax", "+++\ntitle = \"x\"\ndate = \n+++\n", "f.md:3:8: invalid TOML: give the key a value after the ="},
		{"json", ";;;\n{\n  \"title\": \"x\",\n  \"tipe\": \"meeting\"\n}\n;;;\n", "f.md:4:3: unknown key \"tipe\"; did you mean \"type\"?"},
		{"wrong kind", "---\npeople:\n  nested: map\n---\n", "f.md:3:3: each item of people must be a non-empty text"},
		{"not a mapping", "---\n- a\n- b\n---\n", "f.md:2:1: the frontmatter must be a set of key: value lines"},
		{"empty", " \n\t\n", "f.md:1:1: the file is empty"},
		{"no frontmatter", "title: x\n", "f.md:1:1: the file has no frontmatter"},
		{"unclosed", "\n---\ntitle: x\n", "f.md:2:1: the frontmatter opened with \"---\" is never closed"},
		{"not utf-8", "---\ntitle: \"caf\xe9\"\n---\n", "f.md:2:12: the file is not UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs Diagnostics
			if src := parseSource("f.md", []byte(tt.file), &errs); src != nil {
				f := newFields("f.md", src.meta, append(eventKeys, "people", "topics"), &errs)
				f.refs("people", false)
				f.date("date", false)
				for _, s := range f.list("sources", sourceKeys) {
					s.str("url", false)
				}
			}
			if len(errs) == 0 || !strings.HasPrefix(errs.Sorted()[0].Error(), tt.want) {
				t.Errorf("got errors:\n%v\nwant the first to start with %q", errs, tt.want)
			}
		})
	}
}

// TestFrontmatterSyntaxAdvice checks that the usual slips in frontmatter
// are reported where they are, not where the parser gave up, and with what
// to do about them.
func TestFrontmatterSyntaxAdvice(t *testing.T) {
	event := "---\ntitle: Fine\ndate: 2020-01-02\ntype: meeting\npeople: [A, B]\nsummary: Talks on trade.\n" +
		"sources: [{title: t, url: \"https://example.org/\"}]\n---\nBody.\n"
	tests := []struct {
		name, old, new, want string
	}{
		{"no space after a colon", "date: 2020-01-02", "date:2020-01-02",
			`f.md:3:6: invalid YAML: put a space after the colon: date: 2020-01-02`},
		{"no space after the first key's colon", "title: Fine", "title:Fine",
			`f.md:2:7: invalid YAML: put a space after the colon: title: Fine`},
		{"a tab for indentation", "people: [A, B]", "people:\n\t- A",
			`f.md:6:1: invalid YAML: this line is indented with a tab; indent with spaces, not tabs`},
		{"a tab before a key", "people: [A, B]", "\tpeople: [A, B]",
			`f.md:5:1: invalid YAML: this line is indented with a tab; indent with spaces, not tabs`},
		{"an unclosed quote", "title: Fine", `title: "Fine`,
			`f.md:2:8: invalid YAML: the " that opens this value is never closed; end the value with " on this line`},
		{"an unclosed single quote", "title: Fine", `title: 'Fine`,
			`f.md:2:8: invalid YAML: the ' that opens this value is never closed; end the value with ' on this line`},
		{"an unclosed quote on the last line", `sources: [{title: t, url: "https://example.org/"}]`, `sources: [{title: t, url: "https://example.org/}]`,
			`f.md:7:27: invalid YAML: the " that opens this value is never closed; end the value with " on this line`},
		{"text after a closing quote", "title: Fine", `title: "Fine" talks`,
			`f.md:2:15: invalid YAML: text follows the value's closing quote; put the whole value in quotes, and write a " inside it as \" (or use single quotes outside)`},
		{"an unclosed bracket", "people: [A, B]", "people: [A, B",
			`f.md:5:9: invalid YAML: the [ that opens this list is never closed; close it with ] after its last item`},
		{"an unclosed brace inside a list", `sources: [{title: t, url: "https://example.org/"}]`, `sources: [{title: t, url: "https://example.org/"]`,
			`f.md:7:11: invalid YAML: the { that opens this mapping is never closed; close it with } after its last item`},
		{"a colon inside a value", "summary: Talks on trade.", "summary: Talks: trade",
			`f.md:6:15: invalid YAML: the value of summary contains ": ", which YAML reads as the start of another key; put the text in quotes: summary: "Talks: trade"`},
		{"a list item indented too little", "people: [A, B]", "people:\n  - A\n - B",
			`f.md:7:2: invalid YAML: this line is indented by 1 space, which lines it up with nothing above it; indent it by 2 spaces, like line 6`},
		{"a key indented too little", `sources: [{title: t, url: "https://example.org/"}]`, "sources:\n  - title: t\n   url: https://example.org/",
			`f.md:9:4: invalid YAML: this line is indented by 3 spaces, which lines it up with nothing above it; indent it by 4 spaces, like line 8`},
		{"a key indented too much", "type: meeting", "type: meeting\n  people: [C]",
			`f.md:5:3: invalid YAML: this line is indented more than line 4, whose value is already given; start it at the beginning of the line, like line 4`},
		{"no space after a list dash", "people: [A, B]", "people:\n  - A\n  -B",
			`f.md:7:4: invalid YAML: put a space after the - of a list item`},
		{"a value starting with @", "title: Fine", "title: @Fine",
			`f.md:2:8: invalid YAML: YAML does not let a value begin with @; put the text in quotes`},
		{"a value starting with *", "title: Fine", "title: *Fine",
			`f.md:2:8: invalid YAML: YAML reads *Fine as a reference to an &anchor, and there is none; put the text in quotes`},
		{"a list on the key's line", "people: [A, B]", "people: - A",
			`f.md:5:1: invalid YAML: a list cannot start on the line of its key; put each - item on its own line below, indented, or write the list as [a, b]`},
		{"a line with no colon", "type: meeting", "type meeting",
			`f.md:4:1: invalid YAML: this line has no colon; write it as key: value, or put it in quotes if it continues the line above`},
		{"a duplicated key", "type: meeting", "title: Again\ntype: meeting",
			`f.md:4:1: key "title" appears twice, on lines 2 and 4; keep one`},
		{"a duplicated key in a source", "sources: [{title: t, ", "sources: [{title: t, title: u, ",
			`f.md:7:22: key "title" appears twice, on line 7; keep one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(event, tt.old) {
				t.Fatalf("%q is not in the event", tt.old)
			}
			var errs Diagnostics
			if src := parseSource("f.md", []byte(strings.Replace(event, tt.old, tt.new, 1)), &errs); src != nil {
				f := newFields("f.md", src.meta, append(eventKeys, "people"), &errs)
				for _, s := range f.list("sources", sourceKeys) {
					s.str("url", false)
				}
			}
			if len(errs) == 0 || errs.Sorted()[0].Error() != tt.want {
				t.Errorf("got errors:\n%v\nwant the first to be\n%s", errs, tt.want)
			}
		})
	}
}

// TestFrontmatterSyntaxAdviceJSONAndTOML checks the same care for the other
// frontmatter formats.
func TestFrontmatterSyntaxAdviceJSONAndTOML(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"json missing comma", ";;;\n{\n  \"title\": \"x\"\n  \"type\": \"meeting\"\n}\n;;;\n",
			`f.md:4:3: invalid JSON: a comma is missing before this item; put a , after each item but the last`},
		{"json unclosed quote", ";;;\n{\n  \"title\": \"x,\n  \"type\": \"meeting\"\n}\n;;;\n",
			`f.md:3:12: invalid JSON: the " that opens this value is never closed; end the value with " on this line`},
		{"json unclosed bracket", ";;;\n{\n  \"title\": \"x\",\n  \"people\": [\"A\"\n}\n;;;\n",
			`f.md:4:13: invalid JSON: the [ that opens this list is never closed; close it with ] after its last item`},
		{"toml unquoted text", "+++\ntitle = Fine\n+++\n",
			`f.md:2:9: invalid TOML: a text value must be in quotes: title = "Fine"`},
		{"toml unquoted list item", "+++\ntitle = \"x\"\npeople = [A]\n+++\n",
			`f.md:3:11: invalid TOML: each text in a list must be in quotes, as in ["A", "B"]`},
		{"toml unclosed quote", "+++\ntitle = \"Fine\ndate = \"2020\"\n+++\n",
			`f.md:2:9: invalid TOML: the " that opens this text is never closed; end the text with " on this line`},
		{"toml unclosed bracket", "+++\npeople = [\"A\"\ndate = \"2020\"\n+++\n",
			`f.md:2:10: invalid TOML: the [ that opens this list is never closed; close it with ] after its last item`},
		{"toml duplicate key", "+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n",
			`f.md:3:1: invalid TOML: key "title" appears twice, on lines 2 and 3; keep one`},
		{"toml written as yaml", "+++\ntitle: \"a\"\n+++\n",
			`f.md:2:1: invalid TOML: TOML frontmatter writes each key as key = value`},
		{"toml key without =", "+++\ntitle \"a\"\n+++\n",
			`f.md:2:1: invalid TOML: TOML frontmatter writes each key as key = value`},
		{"toml unclosed bracket on the last line", "+++\ntitle = \"a\"\npeople = [\"A\"\n+++\n",
			`f.md:3:10: invalid TOML: the [ that opens this list is never closed; close it with ] after its last item`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs Diagnostics
			parseSource("f.md", []byte(tt.file), &errs)
			if len(errs) == 0 || errs.Sorted()[0].Error() != tt.want {
				t.Errorf("got errors:\n%v\nwant the first to be\n%s", errs, tt.want)
			}
		})
	}
}

func TestFrontmatterBody(t *testing.T) {
	var errs Diagnostics
	src := parseSource("f.md", []byte("---\ntitle: x\n---\n\nThe body.\n"), &errs)
	if src == nil || len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := strings.TrimSpace(string(src.body)); got != "The body." {
		t.Errorf("body = %q", got)
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"Xi Jinping", "Vladimir Putin", "Li Qiang", "Li Keqiang", "trade", "SCO"}
	tests := []struct{ in, want string }{
		{"Xi Jinpin", "Xi Jinping"},
		{"vladimir  putn", "Vladimir Putin"},
		{"Li Qaing", "Li Qiang"},
		{"trdae", "trade"},
		{"Li Peng", ""},    // a different person, not a typo
		{"SC", ""},         // too short to guess
		{"Xi Jinping", ""}, // not a typo: an exact name
		{"Zhou Enlai", ""}, // nothing near
	}
	for _, tt := range tests {
		if got := Closest(tt.in, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-02-08-xi-putin-call", "2024-02-08-xi-putin-call"},
		{"Xi Jinping", "xi-jinping"},
		{"Khürelsükh", "khurelsukh"},
		{"Xi’an talks", "xian-talks"},
		{"  --Belt & Road--  ", "belt-road"},
		{"../../etc/passwd", "etc-passwd"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if a, b := slugify("习近平"), slugify("普京"); a == b || !strings.HasPrefix(a, "x-") {
		t.Errorf("slugs of names without Latin letters: %q, %q; want distinct, non-empty ASCII", a, b)
	}
}

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
		{"yaml syntax", "---\ntitle: x\n  bad: y\n---\n", "f.md:3:1: invalid YAML: mapping values are not allowed"},
		{"yaml unclosed flow", "---\na: 1\nb: [x\nc: 2\n---\n", "f.md:3:1: invalid YAML: did not find expected ',' or ']'"},
		{"yaml duplicate key", "---\ntitle: a\ntitle: b\n---\n", "f.md:3:1: key \"title\" is given twice"},
		{"yaml with BOM and CRLF", "\uFEFF---\r\ntitle: x\r\ntitel: y\r\n---\r\n", "f.md:3:1: unknown key \"titel\""},
		{"yaml lines ended by CR alone", "---\ntitle: x\rtitel: y\n---\n", "f.md:2:1: unknown key \"titel\""},
		{"yaml error after a CR", "---\ntitle: x\r\"\n---\n", "f.md:2:1: invalid YAML: found unexpected end of stream"},
		{"toml", "+++\ntitle = \"x\"\ndate = \"2020-13\"\n+++\n", "f.md:3:1: date: \"2020-13\" has no month 13"},
		{"toml syntax", "+++\ntitle = \"x\"\ndate = \n+++\n", "f.md:3:1: invalid TOML"},
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

package site

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"timeline/templates"
)

// FuzzParseDate: any text gives a date or an error, and a date reads back
// as itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-02", "2024-02-29", "2023-02-29", "0000-00-00", "-1", "2024-1-5", "９９９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, again, err)
		}
		if formatDate(english(t), d) == "" {
			t.Errorf("ParseDate(%q) has no human form", s)
		}
	})
}

// FuzzSlugify: every name gives a slug of lower-case ASCII letters, digits
// and single inner hyphens, never empty, that slugs to itself.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Xi Jinping", "习近平", "../../etc/passwd", "--a--b--", "", "Khürelsükh", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := slugify(s)
		if slug == "" || strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Fatalf("slugify(%q) = %q", s, slug)
		}
		for _, r := range slug {
			if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
				t.Fatalf("slugify(%q) = %q holds %q", s, slug, r)
			}
		}
		if again := slugify(slug); again != slug {
			t.Fatalf("slugify(%q) = %q, but slugify(%q) = %q", s, slug, slug, again)
		}
	})
}

// FuzzFrontmatter: any file is read as an event or rejected with errors
// that have positions inside the file; never a panic.
func FuzzFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ndate: 2024\ntype: meeting\npeople: [X]\nsummary: s\nsources: [{title: t, url: \"https://e.org/\"}]\n---\nBody",
		"+++\ntitle = \"A\"\n+++\n", ";;;\n{\"title\": 1}\n;;;\n", "{\n\"a\": [\n}\n\n", "---\n- a\n---\n",
		"---\n&a [*a]\n---\n", "---\ntitle: !!binary AAAA\n---\n", "\uFEFF---\r\ntitle: x\r\n---\r\n", "---\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		var errs Diagnostics
		lines := strings.Count(file, "\n") + 1
		if src := parseSource("f.md", []byte(file), &errs); src != nil {
			readEvent(src, "f", defaultSettings(), newMarkdown(noStore{}), &errs)
		}
		for _, e := range errs {
			if e.File != "f.md" || e.Line < 0 || e.Line > lines || e.Col < 0 {
				t.Errorf("error outside the file: %v (file has %d lines)", e, lines)
			}
			if !utf8.ValidString(e.Msg) && utf8.ValidString(file) {
				t.Errorf("error message is not UTF-8: %q", e.Msg)
			}
		}
	})
}

// FuzzBuild: a content tree made from the input builds or fails with
// errors; a site that builds has only output paths inside its folder.
func FuzzBuild(f *testing.F) {
	f.Add("Xi Jinping", "2024-02-08", "Talks", "A *body* with [a link](../x/).", "trade")
	f.Add("../../etc", "2024-13", "<script>", "<img src=x onerror=alert(1)>", "../..")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, person, date, title, body, topic string) {
		q := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
		fsys := fstest.MapFS{
			"_index.md": {Data: []byte("---\ntitle: Fuzz\n---\n")},
			"events/" + slugify(title) + ".md": {Data: []byte("---\ntitle: \"" + q(title) + "\"\ndate: \"" + q(date) +
				"\"\ntype: meeting\npeople: [\"" + q(person) + "\"]\ntopics: [\"" + q(topic) + "\"]\nsummary: s\n" +
				"sources: [{title: t, url: \"https://example.org/\"}]\n---\n" + body)},
			"people/" + slugify(person) + ".md": {Data: []byte("---\nname: \"" + q(person) + "\"\n---\n")},
		}
		s, err := Build(Options{Content: fsys, Templates: templates.FS})
		if err != nil {
			return
		}
		for name := range s.Files {
			if path.IsAbs(name) || name != path.Clean(name) || strings.HasPrefix(name, "..") {
				t.Errorf("output file %q is not inside the output folder", name)
			}
		}
	})
}

// FuzzMarkdown: a body gives the same HTML whether or not it skips
// Linkify (which it does when its text cannot hold a bare link), but for
// one quirk: with Linkify, goldmark keeps some of the spaces, tabs and CRs
// that end a line, which CommonMark drops and a browser does not show.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"See https://example.org/a_b?c=d&e, or www.example.org.", "Mail info@example.org now.",
		"No links here, only *emphasis* and `code http://x.org`.", "[http://label.org](http://dest.org) and <https://auto.org>",
		"(www.example.org) _https://x.org_ ~ftp://files.example.org~", "a@b", "# www\n\n| http | x |\n|---|---|\n| y@z.org | w |",
		"> quote http://q.org\n\n1. item www.i.org\n\n[^1]: note a@b.org\n\nText[^1].", "plain text -- with \"quotes\"...",
	} {
		f.Add(s)
	}
	m := newMarkdown(noStore{})
	lineEnd := regexp.MustCompile(`[ \t\r]+(<br>|\n)`)
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		var full bytes.Buffer
		doc, _ := parseMarkdown(m.md, src, newHeadingIDs(), nil)
		if err := m.md.Renderer().Render(&full, src, doc); err != nil {
			t.Fatal(err)
		}
		html, _ := m.render(src)
		got, want := lineEnd.ReplaceAllString(string(html), "$1"), lineEnd.ReplaceAllString(full.String(), "$1")
		if got != want {
			t.Errorf("%q gives\n%s\nwith Linkify always on:\n%s", s, got, want)
		}
	})
}

// FuzzMarkdownPieces: a body converted a piece at a time, cut at every
// place nextCut allows, gives the HTML of the body converted whole.
func FuzzMarkdownPieces(f *testing.F) {
	for _, s := range pieceSeeds {
		f.Add(s)
	}
	m := newMarkdown(noStore{})
	f.Fuzz(func(t *testing.T, s string) {
		whole, _ := m.renderBy([]byte(s), len(s), nil)
		cut, err := m.renderBy([]byte(s), 1, nil)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if cut != whole {
			t.Errorf("%q in pieces gives\n%s\nand whole:\n%s", s, cut, whole)
		}
	})
}

// pieceSeeds hold the blocks a cut could break: lists that go on after a
// blank line, fenced code and HTML blocks with blank lines inside, links
// to definitions further down, repeated headings, quotes and tables.
var pieceSeeds = []string{
	"One.\n\nTwo.\n\n# Head\n\nThree.\n\n# Head\n\nFour www.example.org.\n",
	"- a\n\n- b\n\nc\n\n1. x\n\n2) y\n\nz\n",
	"```\ncode\n\nmore\n```\n\nafter\n\n~~~~ go\nx\n\ny\n~~~\n\nstill\n~~~~\n\nout\n",
	"<pre>\n\nnot *em*\n\n</pre>\n\n*em*\n\n<!-- a\n\nb -->\n\nc\n\n<div>\n\n```\n\nx\n",
	"See [the site][s] and [Ref].\n\n[s]: https://example.org/ \"Title\"\n\n[ref]: /r\n\n[s]: /second\n",
	"> quote\n\n> another\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n    indented\n\n    code\n\nend\n",
	"para\r\n\r\nnext\r\n\r\n- item\r\n\r\nlast\r\n",
	"- a\n\n  ```\n  x\n\n```\ny\n\n```\n",
	"Text[^1].\n\n[^1]: A note.\n\nMore.\n",
	"<script>\n\nx\n\n</SCRIPT>\n\nok\n\n<?php\n\n?>\n\n<!DOCTYPE\n\n>\n\n<![CDATA[\n\n]]>\n\ndone\n",
}

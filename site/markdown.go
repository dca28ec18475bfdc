package site

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// markdown turns bodies into HTML: GitHub tables, strikethrough and
// autolinks, footnotes, typographic quotes and dashes, and heading ids.
// Raw HTML in a body is dropped and dangerous link schemes are not linked,
// since goldmark's unsafe mode stays off.
//
// Linkify is a third of goldmark's time, as it looks at every word; a body
// is first parsed without it, and again with it only if its text holds
// something Linkify could turn into a link (see mayLinkify).
type markdown struct {
	md, plain goldmark.Markdown // with and without Linkify
	store     Store
}

func newMarkdown(store Store) *markdown {
	extensions := []goldmark.Extender{extension.Table, extension.Strikethrough,
		extension.Footnote, extension.Typographer}
	with := func(more ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(goldmark.WithExtensions(append(more, extensions...)...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	}
	return &markdown{store: store, md: with(extension.Linkify), plain: with()}
}

// headingPrefix starts the id of every heading in a body, so that no
// heading can take an id the templates use (they use none that start so).
const headingPrefix = "h-"

func (m *markdown) convert(src []byte) template.HTML {
	if len(bytes.TrimSpace(src)) == 0 {
		return ""
	}
	if _, none := m.store.(noStore); none {
		return m.render(src)
	}
	return markdownCached(m.store, src, m.render)
}

func (m *markdown) render(src []byte) template.HTML {
	doc := parseMarkdown(m.plain, src)
	if mayLinkify(doc, src) {
		doc = parseMarkdown(m.md, src)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := m.md.Renderer().Render(buf, src, doc); err != nil {
		// Rendering to a bytes.Buffer cannot fail; keep the text visible if it does.
		return template.HTML(template.HTMLEscapeString(string(src)))
	}
	return template.HTML(buf.String()) // goldmark's safe mode has escaped the text
}

func parseMarkdown(md goldmark.Markdown, src []byte) ast.Node {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
}

// mayLinkify reports whether a body parsed without Linkify has text in
// which Linkify could find a link: every bare URL it links starts with
// "http", "ftp" or "www" and every address holds an "@", and those letters
// stay in one text node, as only punctuation and spaces split text.
func mayLinkify(doc ast.Node, src []byte) bool {
	found := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		var t []byte
		switch n := n.(type) {
		case *ast.Text:
			t = n.Segment.Value(src)
		case *ast.String:
			t = n.Value
		}
		if entering && (bytes.Contains(t, []byte("http")) || bytes.Contains(t, []byte("ftp")) ||
			bytes.Contains(t, []byte("www")) || bytes.IndexByte(t, '@') >= 0) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// headingIDs gives each heading a unique id from its text, after
// headingPrefix: "## Filters" becomes id="h-filters".
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := headingPrefix + slugify(string(value))
	if strings.HasPrefix(base, headingPrefix+"x-") {
		base = headingPrefix + "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) {
	h.used[string(value)] = true
}

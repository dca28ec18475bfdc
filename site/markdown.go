package site

import (
	"bytes"
	"html/template"

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
type markdown struct {
	md    goldmark.Markdown
	cache *Cache
}

func newMarkdown(cache *Cache) *markdown {
	return &markdown{cache: cache, md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify,
			extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)}
}

// reservedIDs are element ids the templates use; headings in a body never
// take them.
var reservedIDs = []string{"main", "top", "years", "people", "topics", "sources", "documents",
	"related", "timeline", "roles", "events", "counterparts", "companions", "body", "nav"}

func (m *markdown) convert(src []byte) template.HTML {
	if len(bytes.TrimSpace(src)) == 0 {
		return ""
	}
	return m.cache.markdown(src, m.render)
}

func (m *markdown) render(src []byte) template.HTML {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, src, doc); err != nil {
		// Rendering to a bytes.Buffer cannot fail; keep the text visible if it does.
		return template.HTML(template.HTMLEscapeString(string(src)))
	}
	return template.HTML(buf.String()) // goldmark's safe mode has escaped the text
}

// headingIDs gives each heading a unique id from its text, avoiding the
// reserved ones.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs {
	ids := &headingIDs{used: map[string]bool{}}
	for _, id := range reservedIDs {
		ids.used[id] = true
	}
	return ids
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slugify(string(value))
	if bytes.HasPrefix([]byte(base), []byte("x-")) {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) {
	h.used[string(value)] = true
}

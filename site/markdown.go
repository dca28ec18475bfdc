package site

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
	files     *files // the content tree's files, which bodies link to
	skip      bool   // convert nothing: for a load that renders nothing
}

func newMarkdown(store Store) *markdown {
	extensions := []goldmark.Extender{extension.Table, extension.Strikethrough,
		extension.Footnote, typographer{}}
	with := func(more ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(goldmark.WithExtensions(append(more, extensions...)...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	}
	return &markdown{store: store, md: with(extension.Linkify), plain: with()}
}

// typographer is goldmark's Typographer with its count of open quotes
// reset at the end of each block: its own reset has a signature goldmark no
// longer calls, so a quote left open in one paragraph would turn a straight
// quote in any later one into a closing quote, and the HTML of a paragraph
// would depend on all the text above it.
type typographer struct{}

func (typographer) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quotes{extension.NewTypographerParser()}, 9999)))
}

type quotes struct{ parser.InlineParser }

func (q quotes) CloseBlock(parent ast.Node, _ text.Reader, pc parser.Context) {
	if r, ok := q.InlineParser.(interface {
		CloseBlock(ast.Node, parser.Context)
	}); ok {
		r.CloseBlock(parent, pc)
	}
}

// headingPrefix starts the id of every heading in a body, so that no
// heading can take an id the templates use (they use none that start so).
const headingPrefix = "h-"

// pieceSize is how much of a long body goldmark parses at a time. Its
// syntax tree takes some forty times the text (a node or two for every
// short paragraph), so a 50 MB body parsed whole would hold 2 GB; parsed a
// piece at a time, it holds one piece's tree.
const pieceSize = 1 << 20

// maxBlock bounds a piece that cannot be cut smaller: a paragraph, list,
// quote or code block with no blank line in it to cut at, or a body with
// footnotes, which are numbered across the whole body.
const maxBlock = 4 << 20

// Where a page is, as the way from it to the site's root, for the links
// of the bodies it shows to the files of the content tree.
const (
	homeRoot = ""
	pageRoot = "../../" // an event's or a term's page
)

// convert returns the HTML of a file's body shown on a page that root
// leads from to the site's root; a body too long to convert is an error at
// the block that makes it so, and a link to a file of the content tree that
// cannot be published, at the link.
func (m *markdown) convert(src *source, root string, errs *Diagnostics) template.HTML {
	if m.skip || len(bytes.TrimSpace(src.body)) == 0 {
		return ""
	}
	var html template.HTML
	var err *blockError
	_, none := m.store.(noStore)
	switch {
	case mayLink(src.body):
		l := &links{files: m.files, src: src, root: root}
		html, err = m.renderBy(src.body, pieceSize, l)
		*errs = append(*errs, l.errs...)
	case none || src.whole:
		html, err = m.render(src.body)
	default:
		html, err = markdownCached(m.store, src.body, m.render) // what holds no link is the same anywhere
	}
	if err != nil {
		line, mb := src.bodyLine+lineOf(src.body, err.offset)-1, float64(err.size)/(1<<20)
		if err.footnotes {
			errs.add(src.file, line, 1, "the body is %.1f MB and has footnotes, which are numbered across it; such a body may be at most %d MB: split the article", mb, maxBlock>>20)
		} else {
			errs.add(src.file, line, 1, "this block runs %.1f MB with no blank line before a new paragraph to cut it at; a block may be at most %d MB: break it up", mb, maxBlock>>20)
		}
	}
	return html
}

// body converts a file's body for a page that root leads from to the
// site's root, and gives, when the body may link to the content tree's
// files, how to convert it again for the same page in an edition's folder,
// which up leads out of.
func (m *markdown) body(src *source, root string, errs *Diagnostics) (template.HTML, func(up string) template.HTML) {
	html := m.convert(src, root, errs)
	if !mayLink(src.body) {
		return html, nil
	}
	body := &source{file: src.file, path: src.path, body: src.body, bodyLine: src.bodyLine}        // not the frontmatter's tree
	return html, func(up string) template.HTML { return m.convert(body, up+root, &Diagnostics{}) } // its problems are reported once
}

// A blockError tells where a body holds a block longer than maxBlock.
type blockError struct {
	offset, size int
	footnotes    bool // the block is a whole body with footnotes
}

// render converts a body: whole if it is short, else a piece at a time.
func (m *markdown) render(src []byte) (template.HTML, *blockError) {
	return m.renderBy(src, pieceSize, nil)
}

// renderBy converts a body whole if it is no longer than size, else a piece
// of about size at a time, each piece ending at a cut (see nextCut) where
// the pieces give the same HTML as the whole. Link reference definitions
// hold across pieces: a body with any is read once to collect them, and
// again to render. Links to the content tree's files are made to lead to
// them where they are published, if l is not nil.
func (m *markdown) renderBy(src []byte, size int, l *links) (template.HTML, *blockError) {
	ids := newHeadingIDs()
	if len(src) <= size {
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		m.renderPiece(buf, src, ids, nil, l)
		return template.HTML(buf.String()), nil // goldmark's safe mode has escaped the text
	}
	// A long body's HTML is built once, in room for about what it needs.
	var out strings.Builder
	out.Grow(len(src) + len(src)/4)
	if bytes.Contains(src, []byte("[^")) {
		if len(src) > maxBlock {
			return "", &blockError{0, len(src), true}
		}
		m.renderPiece(&out, src, ids, nil, l)
		return template.HTML(out.String()), nil
	}
	var refs []parser.Reference
	if bytes.Contains(src, []byte("]:")) {
		if err := m.pieces(src, size, newHeadingIDs(), nil, func(_ []byte, _ int, _ ast.Node, ctx parser.Context) {
			refs = append(refs, ctx.References()...)
		}); err != nil {
			return "", err
		}
	}
	err := m.pieces(src, size, ids, refs, func(piece []byte, start int, doc ast.Node, _ parser.Context) {
		l.localize(doc, piece, start)
		m.write(&out, piece, doc)
	})
	if err != nil {
		return "", err
	}
	return template.HTML(out.String()), nil
}

// renderPiece converts a body whole.
func (m *markdown) renderPiece(w io.Writer, src []byte, ids *headingIDs, refs []parser.Reference, l *links) {
	doc, _ := m.parse(src, ids, refs)
	l.localize(doc, src, 0)
	m.write(w, src, doc)
}

func (m *markdown) write(w io.Writer, src []byte, doc ast.Node) {
	if err := m.md.Renderer().Render(w, src, doc); err != nil {
		// Rendering to memory cannot fail; keep the text visible if it does.
		io.WriteString(w, template.HTMLEscapeString(string(src)))
	}
}

// parse parses a body or a piece, with Linkify only if its text may hold
// a link (see mayLinkify).
func (m *markdown) parse(src []byte, ids *headingIDs, refs []parser.Reference) (ast.Node, parser.Context) {
	mark := len(ids.added)
	doc, ctx := parseMarkdown(m.plain, src, ids, refs)
	if mayLinkify(doc, src) {
		ids.undo(mark)
		doc, ctx = parseMarkdown(m.md, src, ids, refs)
	}
	return doc, ctx
}

func parseMarkdown(md goldmark.Markdown, src []byte, ids *headingIDs, refs []parser.Reference) (ast.Node, parser.Context) {
	ctx := parser.NewContext(parser.WithIDs(ids))
	for _, r := range refs {
		ctx.AddReference(r)
	}
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx)), ctx
}

// pieces parses a long body a piece of about size at a time and hands each
// piece's tree to use, in order. A piece ends at the first cut past size
// from its start, unless the piece then ends inside a fenced code
// block or an HTML block that only its closing tag ends, as the cut does
// not see those: then it is parsed again to a cut further on.
func (m *markdown) pieces(src []byte, size int, ids *headingIDs, refs []parser.Reference, use func([]byte, int, ast.Node, parser.Context)) *blockError {
	for start := 0; start < len(src); {
		end := nextCut(src, start+size)
		for {
			if end-start > maxBlock {
				at := lastCut(src, start, end)
				return &blockError{at, end - at, false}
			}
			mark := len(ids.added)
			doc, ctx := m.parse(src[start:end], ids, refs)
			if end == len(src) || !endsOpen(doc, src[start:end]) {
				use(src[start:end], start, doc, ctx)
				break
			}
			ids.undo(mark)
			end = nextCut(src, end+(end-start))
		}
		start = end
	}
	return nil
}

// nextCut returns the first place at or after from where a body may be cut
// into pieces that give the HTML of the whole, or the body's end. A cut lies
// before a line that starts in the first column after a blank line, as a
// blank line ends paragraphs, quotes and HTML blocks, and a line in the
// first column ends lists and indented code; except before a list item,
// which may continue the list above it. Fenced code and HTML blocks that
// only a closing tag ends run over such lines: pieces checks for them.
func nextCut(src []byte, from int) int {
	if from >= len(src) {
		return len(src)
	}
	if from > 0 && src[from-1] != '\n' {
		i := bytes.IndexByte(src[from:], '\n')
		if i < 0 {
			return len(src)
		}
		from += i + 1
	}
	prevBlank := from > 0 && isBlankLine(src[bytes.LastIndexByte(src[:from-1], '\n')+1:from])
	for at := from; at < len(src); {
		line := src[at:]
		next := len(src)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i+1], at+i+1
		}
		blank := isBlankLine(line)
		if prevBlank && !blank && line[0] != ' ' && line[0] != '\t' && !startsListItem(line) {
			return at
		}
		prevBlank, at = blank, next
	}
	return len(src)
}

// lastCut returns the last cut in src[start:end] past start, or start: where
// the block that makes a piece too long begins.
func lastCut(src []byte, start, end int) int {
	last := start
	for c := nextCut(src, start+1); c < end; c = nextCut(src, c+1) {
		last = c
	}
	return last
}

func isBlankLine(line []byte) bool {
	return len(bytes.Trim(line, " \t\r\n")) == 0
}

// startsListItem reports whether a line in the first column opens a list
// item: "-", "+" or "*", or up to nine digits and "." or ")", then a space,
// a tab or the line's end.
func startsListItem(line []byte) bool {
	i := 0
	switch line[0] {
	case '-', '+', '*':
		i = 1
	default:
		for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i == 0 || i == len(line) || line[i] != '.' && line[i] != ')' {
			return false
		}
		i++
	}
	return i == len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'
}

// endsOpen reports whether a piece's tree ends in a fenced code block or an
// HTML block of the kinds a blank line does not end (script, pre, style,
// textarea, comments, processing instructions, declarations, CDATA) that
// ran on to the piece's end: one whose content reaches the end, with no
// closing line after it.
func endsOpen(doc ast.Node, piece []byte) bool {
	last := doc.LastChild()
	switch n := last.(type) {
	case *ast.FencedCodeBlock:
	case *ast.HTMLBlock:
		if n.HTMLBlockType == ast.HTMLBlockType6 || n.HTMLBlockType == ast.HTMLBlockType7 {
			return false
		}
	default:
		return false
	}
	lines := last.Lines()
	return lines.Len() > 0 && isBlankLine(piece[lines.At(lines.Len()-1).Stop:])
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
	used  map[string]bool
	added []string // in order, so that a piece parsed again can take its own back
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
	h.put(id)
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.put(string(value)) }

func (h *headingIDs) put(id string) {
	if !h.used[id] {
		h.used[id] = true
		h.added = append(h.added, id)
	}
}

// undo forgets the ids given since the first mark of them.
func (h *headingIDs) undo(mark int) {
	for _, id := range h.added[mark:] {
		delete(h.used, id)
	}
	h.added = h.added[:mark]
}

package output

import (
	"html"
	"html/template"
	"strings"
	"unicode"

	"timeline/site"
	"timeline/site/internal/parallel"
	"timeline/site/search"
)

// Search makes the index the search page reads, under search/: every
// event's text, in the edition's language, with the names of its terms in
// every script they have (package search).
func Search(s *site.Site) map[string]func() []byte {
	meta := search.Meta{Types: []search.Type{}, Taxonomies: []search.Taxonomy{}}
	types := map[*site.EventType]int{}
	for i, t := range s.Types {
		types[t] = i
		meta.Types = append(meta.Types, search.Type{ID: t.ID, Label: t.Label})
	}
	number := map[*site.Term]int{}
	for _, x := range s.Taxonomies {
		tx := search.Taxonomy{Key: x.Key, Param: x.Singular, Name: x.Name, Terms: []search.Term{}}
		for i, t := range x.Terms {
			number[t] = i
			tx.Terms = append(tx.Terms, search.Term{ID: t.Slug, Name: t.Name, Native: t.Native, Lang: t.Lang, Aliases: t.Aliases})
		}
		meta.Taxonomies = append(meta.Taxonomies, tx)
	}
	docs := make([]search.Doc, len(s.Events))
	parallel.For(len(s.Events), func(i int) {
		e := s.Events[i]
		d := search.Doc{URL: e.URL(), Date: s.FormatSpan(e.Span), Title: e.Title, Type: types[e.Type],
			Month: e.Span.Start.Year*100 + e.Span.Start.Month}
		for _, l := range e.Terms {
			ns := make([]int, len(l.Terms))
			for j, t := range l.Terms {
				ns[j] = number[t]
			}
			d.Terms = append(d.Terms, ns)
		}
		body := s.Remember(s.EventKey(e, "search plain text"), func() string { return plainText(e.Body) })
		var cited []string
		for _, doc := range e.Documents {
			cited = append(cited, doc.Title)
		}
		for _, src := range e.Sources {
			cited = append(cited, src.Title, src.Publisher)
		}
		d.Words = s.Remember(s.EventKey(e, "search words"), func() string {
			names := []string{e.Place, e.Occasion}
			for _, l := range e.Terms {
				for _, t := range l.Terms {
					names = append(append(names, t.Name, t.Native), t.Aliases...)
				}
			}
			return search.Weigh([]search.Field{{Text: e.Title, Weight: search.Title}, {Text: strings.Join(names, " "), Weight: search.Name},
				{Text: e.Summary, Weight: search.Summary}, {Text: body + " " + strings.Join(cited, " "), Weight: search.Body}})
		})
		d.Text = append([]string{e.Summary, body}, cited...)
		docs[len(docs)-1-i] = d // newest first
	})
	files := map[string]func() []byte{}
	for name, data := range search.Build(meta, docs) {
		files["search/"+name] = func() []byte { return data }
	}
	return files
}

// inline are the elements that run within a line of text: the words on
// either side of their tags are one.
var inline = map[string]bool{"a": true, "abbr": true, "b": true, "cite": true, "code": true, "em": true, "i": true,
	"mark": true, "q": true, "s": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true}

// plainText is the text of a body as the build wrote it (well-formed
// HTML, every < of text escaped), its blocks kept apart by spaces and
// every run of white space one space.
func plainText(body template.HTML) string {
	h := string(body)
	var b strings.Builder
	b.Grow(len(h))
	gap := false // a space is due before the next text
	for i := 0; i < len(h); {
		if h[i] == '<' {
			end := strings.IndexByte(h[i:], '>')
			if end < 0 {
				break
			}
			name := strings.TrimPrefix(h[i+1:i+end], "/")
			if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
				name = name[:k]
			}
			gap = gap || !inline[name]
			i += end + 1
			continue
		}
		j := strings.IndexByte(h[i:], '<')
		if j < 0 {
			j = len(h) - i
		}
		text := h[i : i+j]
		if strings.IndexByte(text, '&') >= 0 {
			text = html.UnescapeString(text)
		}
		for _, r := range text {
			if unicode.IsSpace(r) {
				gap = true
				continue
			}
			if gap && b.Len() > 0 {
				b.WriteByte(' ')
			}
			gap = false
			b.WriteRune(r)
		}
		i += j
	}
	return b.String()
}

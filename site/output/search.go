package output

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
		key := []string{"search text", strconv.Itoa(d.Type)}
		for _, ns := range d.Terms {
			var b []byte
			for _, n := range ns {
				b = strconv.AppendInt(append(b, ' '), int64(n), 10)
			}
			key = append(key, string(b))
		}
		d.Key = s.EventKey(e, key...)
		docs[len(docs)-1-i] = d // newest first
	})
	files := map[string]func() []byte{}
	makers, keys := search.Build(meta, docs)
	for name, make := range makers {
		files["search/"+name] = make
	}
	for name, key := range keys {
		s.Keyed("search/"+name, func() [32]byte { return key })
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
// every run of white space one space. It is written in a pooled buffer
// and copied out at its length: the text is kept for every event, and a
// buffer grown to the length of the HTML would keep half as much again.
func plainText(body template.HTML) string {
	h := string(body)
	bp := textBuffers.Get().(*[]byte)
	defer textBuffers.Put(bp)
	b := (*bp)[:0]
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
		for k := 0; k < len(text); {
			if c := text[k]; c < utf8.RuneSelf { // a run of ASCII at once
				if asciiSpace[c] {
					gap = true
					k++
					continue
				}
				end := k + 1
				for end < len(text) && text[end] < utf8.RuneSelf && !asciiSpace[text[end]] {
					end++
				}
				if gap && len(b) > 0 {
					b = append(b, ' ')
				}
				gap = false
				b = append(b, text[k:end]...)
				k = end
				continue
			}
			r, n := utf8.DecodeRuneInString(text[k:])
			if unicode.IsSpace(r) {
				gap = true
			} else {
				if gap && len(b) > 0 {
					b = append(b, ' ')
				}
				gap = false
				if r == utf8.RuneError {
					b = utf8.AppendRune(b, r) // as written for a byte that is not UTF-8
				} else {
					b = append(b, text[k:k+n]...)
				}
			}
			k += n
		}
		i += j
	}
	*bp = b
	return string(b)
}

// asciiSpace tells the ASCII characters that unicode.IsSpace does.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// textBuffers hold plain text while it is made.
var textBuffers = sync.Pool{New: func() any { return new([]byte) }}

package site

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"html/template"

	"timeline/site/cite"
)

// A Citation is how to cite one event's entry: in two styles, and as
// records a reference manager imports, each holding the entry and then the
// sources it cites.
type Citation struct {
	Item cite.Item
	// Chicago and APA are the entry in those styles' bibliographies.
	Chicago, APA template.HTML
	// Downloads are links that download the records, as RIS, BibTeX and
	// CSL-JSON, from data: addresses (made here once: being base64 they
	// need no escaping, and they are long).
	Downloads template.HTML
}

// Citation is the citation of an event's page; nil for other pages.
func (p *Page) Citation() *Citation {
	e := p.Event
	if e == nil || p.Kind != "event" {
		return nil
	}
	if p.citation != nil {
		return p.citation // asked for in the head and in the body
	}
	s := p.Site
	item := cite.Item{ID: e.Slug, Type: "webpage", Title: e.Title, Container: s.Title,
		Issued: citeDate(e.Span.Start), URL: p.Canonical(), Language: s.Language}
	if e.Untranslated != "" {
		item.Language = e.Untranslated
	}
	items := append([]cite.Item{item}, SourceItems(e)...)
	slug := html.EscapeString(e.Slug)
	var links []byte
	for i, f := range []struct {
		name, ext, kind string
		data            []byte
	}{
		{"RIS", "ris", "application/x-research-info-systems", cite.RIS(items...)},
		{"BibTeX", "bib", "application/x-bibtex", cite.BibTeX(items...)},
		{"CSL-JSON", "json", "application/vnd.citationstyles.csl+json", compact(items)},
	} {
		if i > 0 {
			links = append(links, ", "...)
		}
		links = append(links, `<a href="data:`+f.kind+`;charset=utf-8;base64,`...)
		links = base64.StdEncoding.AppendEncode(links, f.data)
		links = append(links, `" download="`+slug+"."+f.ext+`" type="`+f.kind+`">`+f.name+`</a>`...)
	}
	p.citation = &Citation{Item: item, Chicago: template.HTML(cite.Chicago(item)), APA: template.HTML(cite.APA(item)),
		Downloads: template.HTML(links)}
	return p.citation
}

// compact is items in CSL-JSON on one line, for a data: address.
func compact(items []cite.Item) []byte {
	data, _ := json.Marshal(items) // of strings and ints only: cannot fail
	return data
}

// SourceItems are an event's sources as CSL-JSON items: web pages, under
// their publisher, each with an id made from its address, the same
// wherever it is cited.
func SourceItems(e *Event) []cite.Item {
	var items []cite.Item
	for _, src := range e.Sources {
		it := cite.Item{ID: SourceID(src), Type: "webpage", Title: src.Title, Container: src.Publisher,
			Issued: citeDate(src.Date), Accessed: citeDate(src.Accessed), URL: src.URL, Language: src.Lang}
		if src.Archive != "" {
			it.Note = "Archived at " + src.Archive
		}
		items = append(items, it)
	}
	return items
}

// SourceID names a source by its address (or, without one, its title and
// publisher): "src-" and 12 hex digits of their digest.
func SourceID(src Source) string {
	sum := sha256.Sum256([]byte(src.Key()))
	return "src-" + hex.EncodeToString(sum[:6])
}

// Key is what tells one source from another: its address, or, without
// one, its title and publisher. Sources with one key are one source.
func (src Source) Key() string {
	if src.URL != "" {
		return src.URL
	}
	return src.Title + "\x00" + src.Publisher
}

func citeDate(d Date) *cite.Date {
	if d.IsZero() {
		return nil
	}
	return cite.NewDate(d.Year, d.Month, d.Day)
}

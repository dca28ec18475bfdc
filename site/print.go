package site

import (
	"fmt"
	"html/template"
	"strings"

	"timeline/site/cite"
)

// The print edition: print/ for the whole timeline, print/KEY/SLUG/ for a
// term's events and print/years/YYYY/ for a year's, each one page made for
// paper: a title page, a compact entry per event, and numbered endnotes
// for the sources. timeline pdf renders them to PDF.

// A Print is what a print page shows.
type Print struct {
	Title  string
	Events []PrintEntry // oldest first
	Notes  []Note       // the sources, numbered in the order first cited
	Span   Span         // from the first event's start to the last's
	AsOf   Date         // the newest event's day: how current the edition is
	// Chicago is how to cite the edition (with the address of the page it
	// prints, when the site has a base URL).
	Chicago template.HTML
}

// A PrintEntry is an event and the numbers of its sources' endnotes.
type PrintEntry struct {
	Event *Event
	Notes []int
}

// A Note is one endnote: a source, once however many events cite it.
type Note struct {
	Number int
	Source Source
}

// Print is what a print page shows; nil for other pages.
func (p *Page) Print() *Print {
	if p.Kind != "print" {
		return nil
	}
	s := p.Site
	events, title, page := p.printed()
	out := &Print{Title: title}
	numbers := map[string]int{}
	for _, e := range events {
		entry := PrintEntry{Event: e}
		for _, src := range e.Sources {
			id := SourceID(src)
			if numbers[id] == 0 {
				out.Notes = append(out.Notes, Note{Number: len(out.Notes) + 1, Source: src})
				numbers[id] = len(out.Notes)
			}
			entry.Notes = append(entry.Notes, numbers[id])
		}
		out.Events = append(out.Events, entry)
	}
	if len(events) > 0 {
		out.Span = Span{Start: events[0].Span.Start, End: events[len(events)-1].Span.Start}
		if out.Span.End == out.Span.Start {
			out.Span.End = Date{}
		}
		for _, e := range events {
			if e.Span.Start.Compare(out.AsOf) > 0 {
				out.AsOf = e.Span.Start
			}
		}
	}
	item := cite.Item{ID: "timeline", Type: "webpage", Title: title, Container: s.Title, Language: s.Language}
	if s.BaseURL != "" {
		item.URL = s.BaseURL + page
	}
	if p.Term == nil && p.Year == nil {
		item.Container = ""
	}
	if !out.AsOf.IsZero() {
		item.Issued = citeDate(out.AsOf)
	}
	out.Chicago = template.HTML(cite.Chicago(item))
	return out
}

// RunningHead is, for a print page, the CSS declaration that puts what it
// prints (the timeline's, the term's or the year's name) at the top of
// every printed page.
func (p *Page) RunningHead() template.CSS {
	if p.Kind != "print" {
		return ""
	}
	_, title, _ := p.printed()
	var b strings.Builder
	b.WriteString(`content: "`)
	for _, r := range title {
		switch {
		case r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r < ' ':
			fmt.Fprintf(&b, `\%x `, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(`";`)
	return template.CSS(b.String())
}

// printed is what a print page prints: the events, their name, and the
// path of the page that shows them on screen.
func (p *Page) printed() (events []*Event, title, page string) {
	switch {
	case p.Term != nil:
		return p.Term.Events, p.Term.Name, p.Term.URL()
	case p.Year != nil:
		return p.Year.Events, p.Site.Words.Text("title.year", "year", p.Year.Year), p.Year.URL()
	}
	return p.Site.Events, p.Site.Title, ""
}

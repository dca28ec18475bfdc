package output

import (
	"encoding/xml"
	"time"

	"timeline/site"
)

// maxFeedEntries is how many of the newest events a feed carries.
const maxFeedEntries = 50

// Feeds gives the Atom feeds: the whole timeline's, with each contact's
// full text, and one per term, with summaries, as the full texts of every
// term's newest contacts would outweigh the pages themselves. A feed
// needs absolute URLs: without a base URL there are none.
func Feeds(s *site.Site) map[string]func() []byte {
	files := map[string]func() []byte{}
	if s.BaseURL == "" {
		return files
	}
	files["feed.xml"] = func() []byte { return feed(s, "", s.Title, s.Events, true) }
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			files[t.URL()+"feed.xml"] = func() []byte {
				return feed(s, t.URL(), s.Words.Text("feed.title", "name", t.Name, "site", s.Title), t.Events, false)
			}
		}
	}
	return files
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary"`
	Content    *atomText      `xml:"content,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Links    []atomLink  `xml:"link"`
	Updated  string      `xml:"updated"`
	Author   string      `xml:"author>name"`
	Entries  []atomEntry `xml:"entry"`
}

// timestamp gives a date as an RFC 3339 time at the start of its first
// day, as Atom's updated and published require.
func timestamp(d site.Date) string {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// updated is when a feed of events was last updated, the instant its
// updated element gives: the start of the day of the newest of the events
// it carries, or the Unix epoch when it carries none. It depends only on
// the content, so that a build gives the same bytes every time.
func updated(events []*site.Event) string {
	newest := "1970-01-01T00:00:00Z"
	for i := len(events) - 1; i >= 0 && i >= len(events)-maxFeedEntries; i-- {
		newest = max(newest, timestamp(events[i].Span.Start))
	}
	return newest
}

// feed makes the Atom feed of a page's events, newest first, with their
// full text if full is set. Its categories are the terms of taxonomies
// without roles: the people who took part are not what a contact is about.
func feed(s *site.Site, page, title string, events []*site.Event, full bool) []byte {
	f := atomFeed{Lang: s.Language, Title: title, Subtitle: s.Description, ID: s.BaseURL + page,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.BaseURL + page + "feed.xml"},
			{Rel: "alternate", Type: "text/html", Href: s.BaseURL + page}},
		Author: s.Title, Updated: updated(events)}
	for i := len(events) - 1; i >= 0 && len(f.Entries) < maxFeedEntries; i-- {
		e := events[i]
		stamp := timestamp(e.Span.Start)
		entry := atomEntry{Title: e.Title, ID: s.BaseURL + e.URL(), Published: stamp, Updated: stamp,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: s.BaseURL + e.URL()},
			Summary: e.Summary}
		if full {
			entry.Content = &atomText{Type: "html", Text: string(e.Body)}
		}
		for _, l := range e.Terms {
			if l.Taxonomy.Participants {
				continue
			}
			for _, t := range l.Terms {
				entry.Categories = append(entry.Categories, atomCategory{Term: t.Slug, Label: t.Name})
			}
		}
		f.Entries = append(f.Entries, entry)
	}
	return marshalXML(f)
}

package site

import (
	"encoding/xml"
	"fmt"
	"sync"
	"time"
)

// maxFeedEntries is how many of the newest events a feed carries.
const maxFeedEntries = 50

// maxSitemapURLs is the most a sitemap file may list.
const maxSitemapURLs = 50000

// published gives the files that need the site's absolute URL: the Atom
// feeds (the whole timeline with each contact's full text, and one per
// person and per topic with summaries, as the full texts of every term's
// newest contacts would outweigh the pages themselves) and the sitemap;
// and robots.txt, which names the sitemap when there is one. Without a
// base URL there are no feeds and no sitemap.
func (s *Site) published() map[string]func() []byte {
	files := map[string]func() []byte{"robots.txt": s.robots}
	if s.BaseURL == "" {
		return files
	}
	files["feed.xml"] = func() []byte { return s.feed("", s.Title, s.Events, true) }
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			files[t.URL()+"feed.xml"] = func() []byte {
				return s.feed(t.URL(), s.Words.Text("feed.title", "name", t.Name, "site", s.Title), t.Events, false)
			}
		}
	}
	maps := s.sitemaps()
	for name := range maps {
		files[name] = func() []byte { return maps[name]() }
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
func timestamp(d Date) string {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// feed makes the Atom feed of a page's events, newest first, with their
// full text if full is set.
func (s *Site) feed(page, title string, events []*Event, full bool) []byte {
	f := atomFeed{Lang: s.Language, Title: title, Subtitle: s.Description, ID: s.BaseURL + page,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.BaseURL + page + "feed.xml"},
			{Rel: "alternate", Type: "text/html", Href: s.BaseURL + page}},
		Author: s.Title, Updated: "1970-01-01T00:00:00Z"}
	for i := len(events) - 1; i >= 0 && len(f.Entries) < maxFeedEntries; i-- {
		e := events[i]
		stamp := timestamp(e.Span.Start)
		entry := atomEntry{Title: e.Title, ID: s.BaseURL + e.URL(), Published: stamp, Updated: stamp,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: s.BaseURL + e.URL()},
			Summary: e.Summary}
		if full {
			entry.Content = &atomText{Type: "html", Text: string(e.Body)}
		}
		for _, x := range s.Taxonomies {
			if x.Has("roles") {
				continue // the people who took part are not what the contact is about
			}
			for _, t := range e.In(x.Key) {
				entry.Categories = append(entry.Categories, atomCategory{Term: t.Slug, Label: t.Name})
			}
		}
		f.Entries = append(f.Entries, entry)
		if stamp > f.Updated {
			f.Updated = stamp
		}
	}
	return marshalXML(f)
}

func marshalXML(v any) []byte {
	data, _ := xml.MarshalIndent(v, "", " ") // strings and structs of ours: it cannot fail
	return append([]byte(xml.Header), append(data, '\n')...)
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// sitemaps lists every page but the 404 page; past 50,000 pages it splits
// the list and sitemap.xml becomes an index of the parts. The files are
// made together, once, when the first is asked for.
func (s *Site) sitemaps() map[string]func() []byte {
	pages := len(s.Events) + len(s.Years) + 1 // all but 404.html
	for _, x := range s.Taxonomies {
		pages += 1 + len(x.Terms)
	}
	names := []string{"sitemap.xml"}
	for i := 0; pages > maxSitemapURLs && i*maxSitemapURLs < pages; i++ {
		names = append(names, fmt.Sprintf("sitemap-%d.xml", i+1))
	}
	var once sync.Once
	var files map[string][]byte
	out := map[string]func() []byte{}
	for _, name := range names {
		out[name] = func() []byte {
			once.Do(func() { files = s.sitemapFiles() })
			return files[name]
		}
	}
	return out
}

func (s *Site) sitemapFiles() map[string][]byte {
	var urls []sitemapURL
	for _, p := range s.pages() {
		if p.Kind != "404" {
			urls = append(urls, sitemapURL{s.BaseURL + p.URL})
		}
	}
	type urlset struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}
	if len(urls) <= maxSitemapURLs {
		return map[string][]byte{"sitemap.xml": marshalXML(urlset{URLs: urls})}
	}
	type index struct {
		XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []sitemapURL `xml:"sitemap"`
	}
	files := map[string][]byte{}
	var idx index
	for i := 0; i*maxSitemapURLs < len(urls); i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		part := urls[i*maxSitemapURLs : min(len(urls), (i+1)*maxSitemapURLs)]
		files[name] = marshalXML(urlset{URLs: part})
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{s.BaseURL + name})
	}
	files["sitemap.xml"] = marshalXML(idx)
	return files
}

func (s *Site) robots() []byte {
	text := "User-agent: *\nAllow: /\n"
	if s.BaseURL != "" {
		text += "Sitemap: " + s.BaseURL + "sitemap.xml\n"
	}
	return []byte(text)
}

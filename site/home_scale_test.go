package site_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"timeline/site"
	"timeline/site/synth"
	"timeline/templates"
)

// TestHomeScales builds a timeline of 10,000 synthetic events, with their
// places on a map: its home page stays under a megabyte, and a reader
// without JavaScript reaches every event's page from it in at most three
// links.
func TestHomeScales(t *testing.T) {
	const events, maxHome, maxClicks = 10000, 1_000_000, 3
	s, err := site.Build(site.Options{Content: withPlaces(withoutBodies(synth.FS(events, 1))), Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Events) != events {
		t.Fatalf("built %d events, want %d", len(s.Events), events)
	}
	home := s.Files["index.html"]
	if marks := bytes.Count(home, []byte(`href="./places/city-`)); marks < 50 {
		t.Errorf("the home page's map has %d marks, want one for each of the 50 places", marks)
	}
	t.Logf("the home page of %d events is %d bytes", events, len(home))
	if len(home) > maxHome {
		t.Errorf("the home page of %d events is %d bytes, more than %d", events, len(home), maxHome)
	}
	clicks := linkDistances(t, s, "index.html", maxClicks, func(page string) bool {
		return strings.HasPrefix(page, "events/")
	})
	far := 0
	for _, e := range s.Events {
		if _, ok := clicks[e.URL()+"index.html"]; !ok {
			if far++; far <= 5 {
				t.Errorf("%s is more than %d links from the home page", e.URL(), maxClicks)
			}
		}
	}
	if far > 5 {
		t.Errorf("... and %d more events", far-5)
	}
}

// withoutBodies keeps only the frontmatter of a synthetic tree's events:
// their bodies link to no page of the site and are not on the home page,
// and leaving them out takes a third off the build (more under -race).
func withoutBodies(fsys fs.FS) fs.FS {
	m := fsys.(fstest.MapFS)
	for name, f := range m {
		if strings.HasPrefix(name, "events/") {
			if i := bytes.Index(f.Data, []byte("\n---\n")); i >= 0 {
				f.Data = f.Data[:i+len("\n---\n")]
			}
		}
	}
	return m
}

// withPlaces makes the synthetic tree's places ("City 7, Country") terms
// of a places taxonomy, each with a place on the map.
func withPlaces(fsys fs.FS) fs.FS {
	m := fsys.(fstest.MapFS)
	m["_index.md"] = &fstest.MapFile{Data: []byte(`---
title: Synthetic timeline
taxonomies:
  - {key: people, singular: person, fields: [native, lang, country, roles], required: true}
  - {key: topics, singular: topic, fields: [summary]}
  - {key: places, singular: place, from: place, fields: [country, lat, lon]}
---
`)}
	for i := range 50 {
		m[fmt.Sprintf("places/city-%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nname: City %d\naliases: [\"City %d, Country\"]\ncountry: Country\nlat: %d\nlon: %d\n---\n", i, i, 20+i%8*5, 30+i*2)}
	}
	return m
}

// linkDistances walks the links of a site built in memory breadth first
// from the page start, up to depth links, and gives each internal page it
// reaches with the fewest links to it. It stops once every page for which
// want is true has been reached.
func linkDistances(t *testing.T, s *site.Site, start string, depth int, want func(string) bool) map[string]int {
	t.Helper()
	missing := 0
	for name := range s.Files {
		if want(name) && strings.HasSuffix(name, ".html") {
			missing++
		}
	}
	dist := map[string]int{start: 0}
	level := []string{start}
	for d := 1; d <= depth && missing > 0 && len(level) > 0; d++ {
		var next []string
		for _, page := range level {
			for _, target := range pageLinks(t, s, page) {
				if _, seen := dist[target]; seen {
					continue
				}
				dist[target] = d
				next = append(next, target)
				if want(target) {
					missing--
				}
			}
		}
		level = next
	}
	return dist
}

// pageLinks gives the internal HTML pages an HTML page's <a href> links
// lead to, as output files.
func pageLinks(t *testing.T, s *site.Site, page string) []string {
	t.Helper()
	data, ok := s.Files[page]
	if !ok || !strings.HasSuffix(page, ".html") {
		return nil
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	base := &url.URL{Scheme: "site", Host: "x", Path: "/" + page}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			if href := attr(n, "href"); href != "" {
				if u, err := base.Parse(href); err == nil && u.Scheme == "site" && u.Host == "x" {
					target := strings.TrimPrefix(u.Path, "/")
					if target == "" || strings.HasSuffix(target, "/") {
						target = path.Join(target, "index.html")
					}
					if _, ok := s.Files[target]; ok && strings.HasSuffix(target, ".html") {
						out = append(out, target)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

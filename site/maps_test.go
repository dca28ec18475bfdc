package site_test

import (
	"bytes"
	"strings"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// mapBudget is what the map may add to a page.
const mapBudget = 150 << 10

// TestDefaultHomeMap: the default timeline's home page has one mark for
// each of its places, each a link to it, and the map stays within its
// budget.
func TestDefaultHomeMap(t *testing.T) {
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	for _, ed := range append([]*site.Site{s}, s.Translated...) {
		home, _ := s.File(ed.Edition.Prefix + "index.html")
		start := bytes.Index(home, []byte(`<figure class="place-map">`))
		end := bytes.Index(home[max(start, 0):], []byte(`</figure>`))
		if start < 0 || end < 0 {
			t.Fatalf("%sindex.html has no map", ed.Edition.Prefix)
		}
		fig := string(home[start : start+end])
		places := ed.Taxonomy("places")
		if places == nil {
			t.Fatal("the default timeline has no places")
		}
		for _, p := range places.Terms {
			if n := strings.Count(fig, `<a href="./`+p.URL()+`"`); n != 1 {
				t.Errorf("%sindex.html: %d marks for %s; want one", ed.Edition.Prefix, n, p.Name)
			}
		}
		if marks := strings.Count(fig, `<circle class="mark`); marks != len(places.Terms) {
			t.Errorf("%sindex.html: %d marks for %d places", ed.Edition.Prefix, marks, len(places.Terms))
		}
		if len(fig) > mapBudget {
			t.Errorf("%sindex.html: the map takes %d bytes; the budget is %d", ed.Edition.Prefix, len(fig), mapBudget)
		}
		t.Logf("%sindex.html: the map takes %d of the page's %d bytes", ed.Edition.Prefix, len(fig), len(home))
	}
}

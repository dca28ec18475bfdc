package site_test

import (
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// TestEveryEventPageCanBeCited: in the default build, in every edition,
// each event page's head names it for reference managers (citation_title,
// citation_publication_date at the event's precision, citation_public_url)
// and its body offers the citation and its downloads.
func TestEveryEventPageCanBeCited(t *testing.T) {
	base := "https://example.org/china-russia/"
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, BaseURL: base, Outputs: output.All})
	if err != nil {
		t.Fatal(err)
	}
	ris := regexp.MustCompile(`href="data:application/x-research-info-systems;charset=utf-8;base64,([^"]+)"`)
	meta := regexp.MustCompile(`<meta name="(citation_[a-z_]+)" content="([^"]*)">`)
	for _, ed := range append([]*site.Site{s}, s.Translated...) {
		for _, e := range ed.Events {
			name := ed.Edition.Prefix + e.URL() + "index.html"
			page, ok := s.File(name)
			if !ok {
				t.Fatalf("no %s", name)
			}
			head, _, _ := strings.Cut(string(page), "</head>")
			tags := map[string]string{}
			for _, m := range meta.FindAllStringSubmatch(head, -1) {
				tags[m[1]] = m[2]
			}
			date := strings.ReplaceAll(e.Span.Start.String(), "-", "/")
			if tags["citation_title"] == "" || tags["citation_publication_date"] != date || tags["citation_public_url"] != base+name[:len(name)-len("index.html")] {
				t.Errorf("%s: citation tags %v; want a title, the date %s and the page's address", name, tags, date)
			}
			for _, want := range []string{`<h2 id="cite">`, `download="` + e.Slug + `.ris"`, `download="` + e.Slug + `.bib"`, `download="` + e.Slug + `.json"`} {
				if !strings.Contains(string(page), want) {
					t.Errorf("%s has no %s", name, want)
				}
			}
			// The RIS download is the entry, then its sources.
			m := ris.FindStringSubmatch(string(page))
			if m == nil {
				t.Fatalf("%s: no RIS download", name)
			}
			data, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
			if err != nil || !strings.HasPrefix(string(data), "TY  - ELEC\r\nID  - "+e.Slug+"\r\n") ||
				strings.Count(string(data), "ER  - ") != 1+len(e.Sources) || !strings.Contains(string(data), "UR  - "+e.Sources[0].URL) {
				t.Errorf("%s: the RIS download reads %q (%v)", name, data, err)
			}
		}
	}
}

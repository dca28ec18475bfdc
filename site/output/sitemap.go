package output

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"sync"

	"timeline/site"
)

// maxSitemapURLs is the most a sitemap file may list.
const maxSitemapURLs = 50000

type sitemapURL struct {
	Loc   string        `xml:"loc"`
	Links []sitemapLink `xml:"xhtml:link"`
}

// A sitemapLink names the page in another edition (Google's hreflang
// sitemap extension).
type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// Sitemap lists every page but the 404 page, when the site has a base
// URL, each with its alternates in the other editions; past 50,000 pages
// it splits the list and sitemap.xml becomes an index of the parts. Each
// edition has its own. The files are made together, once, when the first
// is asked for.
func Sitemap(s *site.Site) map[string]func() []byte {
	out := map[string]func() []byte{}
	if s.BaseURL == "" {
		return out
	}
	n := 0
	for _, p := range s.Pages {
		if listed(p) {
			n++
		}
	}
	names := []string{"sitemap.xml"}
	for i := 0; n > maxSitemapURLs && i*maxSitemapURLs < n; i++ {
		names = append(names, fmt.Sprintf("sitemap-%d.xml", i+1))
	}
	var once sync.Once
	var files map[string][]byte
	for _, name := range names {
		out[name] = func() []byte {
			once.Do(func() { files = sitemapFiles(s) })
			return files[name]
		}
	}
	return out
}

// listed reports whether the sitemap lists a page: all but the 404 page
// and the print edition, which repeats the others.
func listed(p *site.Page) bool { return p.Kind != "404" && p.Kind != "print" }

func sitemapFiles(s *site.Site) map[string][]byte {
	var urls []sitemapURL
	for _, p := range s.Pages {
		if !listed(p) {
			continue
		}
		u := sitemapURL{Loc: s.BaseURL + p.URL}
		for _, a := range p.Alternates {
			u.Links = append(u.Links, sitemapLink{"alternate", a.Edition.Lang, a.Href})
		}
		urls = append(urls, u)
	}
	type urlset struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
		URLs    []sitemapURL `xml:"url"`
	}
	xhtml := ""
	if len(s.Editions) > 1 {
		xhtml = "http://www.w3.org/1999/xhtml"
	}
	if len(urls) <= maxSitemapURLs {
		return map[string][]byte{"sitemap.xml": marshalXML(urlset{XHTML: xhtml, URLs: urls})}
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
		files[name] = marshalXML(urlset{XHTML: xhtml, URLs: part})
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: s.BaseURL + name})
	}
	files["sitemap.xml"] = marshalXML(idx)
	return files
}

// Robots gives robots.txt, which allows every page and names every
// edition's sitemap when there are sitemaps: for the default edition of
// a site at a host's root only, as crawlers read it nowhere else (a site
// in a subfolder is left to the host's own robots.txt).
func Robots(s *site.Site) map[string]func() []byte {
	if s.Edition != nil && s.Edition.Prefix != "" {
		return nil
	}
	if u, err := url.Parse(s.BaseURL); err == nil && s.BaseURL != "" && u.Path != "/" {
		return nil
	}
	return map[string]func() []byte{"robots.txt": func() []byte {
		text := "User-agent: *\nAllow: /\n"
		if s.BaseURL != "" {
			for _, ed := range s.Editions {
				text += "Sitemap: " + s.BaseURL + ed.Prefix + "sitemap.xml\n"
			}
		}
		return []byte(text)
	}}
}

package output

import (
	"encoding/xml"
	"fmt"
	"sync"

	"timeline/site"
)

// maxSitemapURLs is the most a sitemap file may list.
const maxSitemapURLs = 50000

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// Sitemap lists every page but the 404 page, when the site has a base
// URL; past 50,000 pages it splits the list and sitemap.xml becomes an
// index of the parts. The files are made together, once, when the first
// is asked for.
func Sitemap(s *site.Site) map[string]func() []byte {
	out := map[string]func() []byte{}
	if s.BaseURL == "" {
		return out
	}
	n := len(s.Pages) - 1 // all but 404.html
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

func sitemapFiles(s *site.Site) map[string][]byte {
	var urls []sitemapURL
	for _, p := range s.Pages {
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

// Robots gives robots.txt, which allows every page and names the sitemap
// when there is one.
func Robots(s *site.Site) map[string]func() []byte {
	return map[string]func() []byte{"robots.txt": func() []byte {
		text := "User-agent: *\nAllow: /\n"
		if s.BaseURL != "" {
			text += "Sitemap: " + s.BaseURL + "sitemap.xml\n"
		}
		return []byte(text)
	}}
}

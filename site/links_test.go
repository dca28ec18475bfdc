package site_test

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// buildDefault builds the default content with the default templates.
func buildDefault(t testing.TB, baseURL string) *site.Site {
	t.Helper()
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, BaseURL: baseURL,
		ContentDir: "content", TemplatesDir: "templates", Outputs: output.All, Listing: output.Listing})
	if err != nil {
		t.Fatalf("the default content does not build:\n%v", err)
	}
	return s
}

// TestDefaultContent checks what the default timeline promises its
// readers: it builds with no warning, so every person and topic referred
// to has its own file, and every event has a type, a summary and a source
// with a url (the build enforces those).
func TestDefaultContent(t *testing.T) {
	s := buildDefault(t, "")
	if len(s.Warnings) > 0 {
		t.Errorf("the default content has warnings:\n%v", s.Warnings)
	}
	for _, term := range append(s.Taxonomy("people").Terms, s.Taxonomy("topics").Terms...) {
		if term.File == "" {
			t.Errorf("%s %q has no file", term.Taxonomy.Singular, term.Name)
		}
	}
	for _, e := range s.Events {
		if e.Summary == "" || e.Type == nil || len(e.Sources) == 0 || e.Sources[0].URL == "" && len(e.Sources) == 1 {
			t.Errorf("%s lacks a summary, type or source", e.File)
		}
	}
	for _, kind := range []string{"index.html", "404.html", "people/index.html", "topics/index.html"} {
		if _, ok := s.Files[kind]; !ok {
			t.Errorf("no %s in the output", kind)
		}
	}
}

// TestLinksResolve follows every link and fragment in every page of the
// default timeline, with and without a base URL: those made when asked
// for (the data page) too, and to files made so (the exports).
func TestLinksResolve(t *testing.T) {
	for _, base := range []string{"", "https://example.org/sub/"} {
		s := buildDefault(t, base)
		ids := map[string]map[string]bool{}
		links := map[string][]string{}
		files := map[string]bool{}
		for _, name := range s.Names() {
			files[name] = true
			if strings.HasSuffix(name, ".html") {
				data, _ := s.File(name)
				ids[name], links[name] = scanHTML(t, name, data)
			}
		}
		for page, hrefs := range links {
			for _, href := range hrefs {
				u, err := url.Parse(href)
				if err != nil {
					t.Errorf("%s: bad link %q", page, href)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					if base != "" && strings.HasPrefix(href, base) && page == "404.html" {
						u, _ = url.Parse(strings.TrimPrefix(href, base))
						page = "index.html"
					} else {
						continue // external
					}
				}
				if strings.HasPrefix(u.Path, "/") {
					t.Errorf("%s: root-relative link %q breaks in a subfolder", page, href)
					continue
				}
				target := page
				if u.Path != "" {
					target = path.Join(path.Dir(page), u.Path)
					if strings.HasSuffix(u.Path, "/") || target == "." {
						target = path.Join(target, "index.html")
					}
				}
				if !files[target] {
					t.Errorf("%s: link %q leads to %s, which is not in the output", page, href, target)
					continue
				}
				if u.Fragment != "" && !ids[target][u.Fragment] {
					t.Errorf("%s: link %q: %s has no id %q", page, href, target, u.Fragment)
				}
			}
		}
	}
}

// scanHTML returns the ids a page defines and the links it holds.
func scanHTML(t *testing.T, name string, data []byte) (map[string]bool, []string) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids := map[string]bool{}
	var links []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if ids[a.Val] {
						t.Errorf("%s: id %q is used twice", name, a.Val)
					}
					ids[a.Val] = true
				case a.Key == "href" && n.Data != "link" || a.Key == "src" ||
					a.Key == "href" && n.Data == "link" && attr(n, "rel") == "stylesheet":
					links = append(links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return ids, links
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

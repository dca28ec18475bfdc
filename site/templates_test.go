package site

import (
	"strings"
	"testing"
)

func TestLinkHelper(t *testing.T) {
	tests := []struct {
		to   any
		rel  []string
		want string
	}{
		{&Event{Slug: "e", Title: `Talks on "A & B" <now>`}, nil, `<a href="../../events/e/">Talks on &#34;A &amp; B&#34; &lt;now&gt;</a>`},
		{&Term{Taxonomy: &Taxonomy{Key: "people"}, Slug: "o-neill", Name: "Jim O'Neill"}, []string{"next"}, `<a href="../../people/o-neill/" rel="next">Jim O&#39;Neill</a>`},
		{&Year{Year: 1991}, []string{"prev"}, `<a href="../../years/1991/" rel="prev">1991</a>`},
		{&Event{Slug: "e", Title: "Talks"}, nil, `<a href="../../events/e/">Talks</a>`},
		{&Term{Taxonomy: &Taxonomy{Key: "people"}, Slug: "xi", Name: "Xi Jinping", Untranslated: "ru"}, nil,
			`<a href="../../people/xi/" lang="ru">Xi Jinping</a>`},
	}
	for _, tt := range tests {
		got, err := link("../../", tt.to, tt.rel...)
		if err != nil || string(got) != tt.want {
			t.Errorf("link(%+v) = %s, %v; want %s", tt.to, got, err, tt.want)
		}
	}
	for _, bad := range []any{"events/e/", (*Event)(nil), nil} {
		if _, err := link("./", bad); err == nil || !strings.Contains(err.Error(), "link takes an event, term or year") {
			t.Errorf("link(%#v) gives error %v", bad, err)
		}
	}
}

func TestBaseURLIsEscaped(t *testing.T) {
	var errs Diagnostics
	for in, want := range map[string]string{
		"https://example.org":          "https://example.org/",
		"https://example.org/my site/": "https://example.org/my%20site/",
		"https://example.org/Ü":        "https://example.org/%C3%9C/",
		"https://example.org/a%20b":    "https://example.org/a%20b/",
	} {
		if got := normalizeBaseURL(in, "_index.md", &errs); got != want || len(errs) > 0 {
			t.Errorf("normalizeBaseURL(%q) = %q, %v; want %q", in, got, errs, want)
		}
	}
}

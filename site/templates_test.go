package site

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
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

// TestUndefinedFunction checks that a call of a function templates do not
// have is reported at its line and column, with the functions there are.
func TestUndefinedFunction(t *testing.T) {
	funcs := []string{"count", "date", "link", "span", "t"}
	tests := []struct{ text, want string }{
		{"{{define \"main\"}}\n<p>fine</p>\n{{nosuchfunc .Event}}\n{{end}}",
			`templates/event.html:3:3: function "nosuchfunc" is not defined; templates have these functions: count, date, link, span, t`},
		{"<p>{{ .Title }} {{ lnik $.Root .Event }}</p>",
			`templates/event.html:1:20: function "lnik" is not defined; did you mean "link"? templates have these functions: count, date, link, span, t`},
		{"<p>{{.foo}} {{$foo := 1}} \"foo\" {{/* foo */}} {{printf \"foo %s\" (foo .X)}}</p>",
			`templates/event.html:1:66: function "foo" is not defined; templates have these functions: count, date, link, span, t`},
		{"<p>Année</p>\n<p>Жанр {{ .X }} {{ dtae .Date }}</p>",
			`templates/event.html:2:21: function "dtae" is not defined; did you mean "date"? templates have these functions: count, date, link, span, t`},
		{"{{ if\n   (spna .X) }}{{end}}",
			`templates/event.html:2:5: function "spna" is not defined; did you mean "span"? templates have these functions: count, date, link, span, t`},
	}
	for _, tt := range tests {
		var errs Diagnostics
		tfs := fstest.MapFS{"event.html": {Data: []byte(tt.text)}}
		fm := template.FuncMap{}
		for _, f := range funcs {
			fm[f] = func() string { return "" }
		}
		if parseFile(template.New("").Funcs(fm), tfs, "templates", "event.html", "event.html", funcs, newDigester(), &errs) {
			t.Errorf("%q parsed", tt.text)
			continue
		}
		if got := errs.Error(); got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

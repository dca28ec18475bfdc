package site

import (
	"html/template"
	"strings"
	"testing"

	"timeline/site/words"
)

// TestFoldWordsChangesNoOutput: a template gives the same bytes whether
// or not its {{t "key"}} actions are folded into text, in every context,
// for words that need escaping; and the actions in content and plain
// attributes are folded.
func TestFoldWordsChangesNoOutput(t *testing.T) {
	w, err := words.Parse("en", []byte(`w: "A & \"B\" <c>"`+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	const text = `<p>{{t "w"}}</p><p class="x">{{if true}}<b>{{t "w"}}</b>{{end}}</p>` +
		`<nav aria-label="{{t "w"}}"><input placeholder="{{t "w"}}"></nav>` +
		`<a href="{{t "w"}}" data-x="{{t "w"}}">x</a><script>var s = {{t "w"}};</script>` +
		`<style>p::after { content: "{{t "w"}}" }</style><title>{{t "w"}}</title><p>{{t "missing"}}</p>`
	parse := func(fold bool) (*template.Template, string) {
		tmpl := template.Must(template.New("p").Funcs(template.FuncMap{"t": w.Text}).Parse(text))
		if fold {
			foldWords(tmpl, w)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, nil); err != nil {
			t.Fatal(err)
		}
		return tmpl, b.String()
	}
	_, plain := parse(false)
	folded, got := parse(true)
	if got != plain {
		t.Errorf("folded output differs:\n got %s\nwant %s", got, plain)
	}
	calls := strings.Count(folded.Tree.Root.String(), `t "w"`)
	if calls != 5 { // href, data-x, script, style and title stay calls
		t.Errorf("%d calls of t left in %s; want 5", calls, folded.Tree.Root)
	}
}

package site

import (
	"html/template"
	"regexp"
	"strings"
	"text/template/parse"

	"timeline/site/words"
)

// foldWords writes the catalog's text in place of every {{t "key"}} with
// a key alone, in the element content and the plain quoted attributes
// (aria-label, title, alt, placeholder, label, value) where the escaper
// would write it HTML-escaped too: the words of a page are the same on
// every page, and a function call for each would be most of what a small
// page costs. Elsewhere (scripts, URLs, other attributes) t stays a call,
// escaped as its context needs.
func foldWords(t *template.Template, w *words.Catalog) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			foldList(tt.Tree.Root, w)
		}
	}
}

func foldList(l *parse.ListNode, w *words.Catalog) {
	if l == nil {
		return
	}
	var before strings.Builder // the list's text so far, to tell the context
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			before.Write(n.Text)
		case *parse.ActionNode:
			if key, ok := wordsKey(n); ok && w.Has(key) && foldable(before.String()) {
				text := template.HTMLEscapeString(w.Text(key))
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
				before.WriteString(text)
			}
		case *parse.IfNode:
			foldList(n.List, w)
			foldList(n.ElseList, w)
		case *parse.RangeNode:
			foldList(n.List, w)
			foldList(n.ElseList, w)
		case *parse.WithNode:
			foldList(n.List, w)
			foldList(n.ElseList, w)
		}
	}
}

// wordsKey is the key of an action that is {{t "key"}} and nothing else.
func wordsKey(n *parse.ActionNode) (string, bool) {
	if len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 || len(n.Pipe.Cmds[0].Args) != 2 {
		return "", false
	}
	id, ok := n.Pipe.Cmds[0].Args[0].(*parse.IdentifierNode)
	key, isString := n.Pipe.Cmds[0].Args[1].(*parse.StringNode)
	if !ok || id.Ident != "t" || !isString {
		return "", false
	}
	return key.Text, true
}

var (
	lastTag   = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)[^<]*$`)
	plainAttr = regexp.MustCompile(`\s(aria-[a-z]+|title|alt|placeholder|label|value)="[^"<>]*$`)
)

// foldable reports whether template text that ends as before leaves an
// action in an element's content (not a script's or a style's) or in a
// plain attribute's quoted value.
func foldable(before string) bool {
	// Both patterns match from the last "<" on: only that much is given
	// to them, as the text before grows with every action of a list.
	if plainAttr.MatchString(before[max(0, strings.LastIndexByte(before, '<')):]) {
		return true
	}
	at := strings.LastIndexAny(before, "<>")
	if at < 0 || before[at] != '>' || strings.HasSuffix(before[:at+1], "-->") {
		return false
	}
	m := lastTag.FindStringSubmatch(before[max(0, strings.LastIndexByte(before[:at+1], '<')) : at+1])
	if m == nil {
		return false
	}
	switch strings.ToLower(m[1]) {
	case "script", "style", "textarea", "title":
		return false
	}
	return true
}

package site

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// YAML's parser says what it expected where it gave up, which is often a
// line or more after the mistake: an unclosed quote or bracket swallows the
// lines after it. yamlAdvice reads the frontmatter text itself to find the
// mistake a person most likely made, and says how to fix it.

// A flowOpen is a [ or { that starts a flow list or mapping.
type flowOpen struct {
	line, col int
	ch        rune
}

// A scannedLine is what scanMatter found on one line of frontmatter, with
// columns counted in characters from 1; zero means not found.
type scannedLine struct {
	text       string
	skip       bool // inside a block scalar, a flow collection or a quoted text
	tab        int  // a tab in the indentation
	afterQuote int  // text after a value's closing quote
	valueColon int  // a ": " inside an unquoted value
	reserved   int  // a value that starts with a character YAML reserves
	noSpace    int  // the colon of "key:value"
	dashNoSp   int  // the dash of "-item"
}

// A matterScan is a rough, line-by-line reading of YAML frontmatter, enough
// to find the usual mistakes once the parser has failed.
type matterScan struct {
	lines []scannedLine
	// quote is the first quoted value not closed on its line; closed is the
	// line its closing quote is on, or 0 when there is none.
	quote         flowOpen
	quoteClosedOn int
	open          []flowOpen // flow collections never closed, outermost first
	unclosed      flowOpen   // the first one closed by an outer one's closer
}

func scanMatter(text []byte) *matterScan {
	sc := &matterScan{}
	raw := strings.Split(string(text), "\n")
	var flow []flowOpen
	blockInd := -1 // the indentation of a block scalar's key, while in one
	for i, s := range raw {
		s = strings.TrimSuffix(s, "\r")
		ln := scannedLine{text: s}
		n := len(s) - len(strings.TrimLeft(s, " \t"))
		content := strings.TrimSpace(s)
		switch {
		case sc.quote.line != 0:
			ln.skip = true
		case blockInd >= 0 && (content == "" || indentOf(s) > blockInd):
			ln.skip = true
		default:
			blockInd = -1
			ln.skip = len(flow) > 0
			if j := strings.IndexByte(s[:n], '\t'); j >= 0 && len(flow) == 0 {
				ln.tab = j + 1
			}
			sc.scanLine(&ln, i+1, &flow)
			if len(flow) == 0 && sc.quote.line == 0 && isBlockScalar(s) {
				blockInd = indentOf(s)
			}
		}
		sc.lines = append(sc.lines, ln)
	}
	if sc.quote.line == 0 {
		sc.open = flow
	}
	if u := sc.unclosed; u.line != 0 && (len(sc.open) == 0 || u.line < sc.open[0].line || u.line == sc.open[0].line && u.col < sc.open[0].col) {
		sc.open = append([]flowOpen{u}, sc.open...)
	}
	return sc
}

// scanLine reads one line, tracking the flow collections open across lines.
func (sc *matterScan) scanLine(ln *scannedLine, lineNo int, flow *[]flowOpen) {
	rs := []rune(ln.text)
	start := true // at the start of a value, where a quote or bracket opens one
	sawKey := false
	first := -1 // where the line's content starts
	for i := 0; i < len(rs); {
		c := rs[i]
		space := func(j int) bool { return j >= len(rs) || rs[j] == ' ' || rs[j] == '\t' }
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if first < 0 {
			first = i
		}
		switch {
		case c == '#' && (i == 0 || rs[i-1] == ' ' || rs[i-1] == '\t'):
			return
		case start && (c == '"' || c == '\''):
			j := closingQuote(rs, i+1, c)
			if j < 0 {
				sc.quote = flowOpen{lineNo, i + 1, c}
				return
			}
			i, start = j+1, false
			if len(*flow) == 0 {
				k := i
				for k < len(rs) && (rs[k] == ' ' || rs[k] == '\t') {
					k++
				}
				if k < len(rs) && rs[k] != ':' && rs[k] != '#' && ln.afterQuote == 0 {
					ln.afterQuote = k + 1
				}
			}
			continue
		case start && (c == '[' || c == '{'):
			*flow = append(*flow, flowOpen{lineNo, i + 1, c})
		case len(*flow) > 0 && (c == ']' || c == '}'):
			// A closer that does not match the innermost opener closes an
			// outer one: the ones inside it were never closed.
			open := rune('[')
			if c == '}' {
				open = '{'
			}
			j := len(*flow) - 1
			for j > 0 && (*flow)[j].ch != open {
				j--
			}
			if j < len(*flow)-1 && sc.unclosed.line == 0 {
				sc.unclosed = (*flow)[j+1]
			}
			*flow = (*flow)[:j]
			start = false
			i++
			continue
		case len(*flow) > 0 && c == ',':
		case c == ':' && space(i+1):
			if len(*flow) == 0 {
				if sawKey && ln.valueColon == 0 {
					ln.valueColon = i + 1
				}
				sawKey = true
			}
		case start && c == '-' && space(i+1):
		case start && strings.ContainsRune("@`%", c) && len(*flow) == 0:
			if ln.reserved == 0 {
				ln.reserved = i + 1
			}
			start = false
			i++
			continue
		case start && c == '-' && i == first && len(*flow) == 0:
			ln.dashNoSp = i + 1
			start = false
			i++
			continue
		case c == ':' && i > first && !sawKey && len(*flow) == 0 && ln.noSpace == 0 && isKey(rs[first:i]):
			ln.noSpace = i + 1
			start = false
			i++
			continue
		default:
			start = false
			i++
			continue
		}
		start = true
		i++
	}
}

// closingQuote returns the index of the quote that closes a quoted text
// starting at rs[i], or -1 when the line ends first.
func closingQuote(rs []rune, i int, q rune) int {
	for ; i < len(rs); i++ {
		switch {
		case q == '"' && rs[i] == '\\':
			i++
		case rs[i] == q && q == '\'' && i+1 < len(rs) && rs[i+1] == '\'':
			i++ // '' is a quote inside single quotes
		case rs[i] == q:
			return i
		}
	}
	return -1
}

// isKey tells whether s looks like a frontmatter key: letters, digits, _ and -.
func isKey(s []rune) bool {
	for _, c := range s {
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return len(s) > 0
}

// isBlockScalar tells whether a line's value is | or >, a text on the
// indented lines below it.
func isBlockScalar(s string) bool {
	v := strings.TrimSpace(stripComment(s))
	k := strings.LastIndex(v, ": ")
	if k < 0 && (strings.HasPrefix(v, "- |") || strings.HasPrefix(v, "- >")) {
		k = 0
	}
	if k < 0 {
		return false
	}
	ind := strings.TrimSpace(v[k+2:])
	return ind != "" && (ind[0] == '|' || ind[0] == '>') && strings.Trim(ind[1:], "+-0123456789") == ""
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

func blankOrComment(s string) bool {
	t := strings.TrimSpace(s)
	return t == "" || strings.HasPrefix(t, "#")
}

// yamlAdvice finds the mistake behind a YAML syntax error that the parser
// reported at line (of the text, from 1) with msg, and returns where it is
// in the text and what to do. lang is "YAML" or "JSON"; offset is the
// number of lines in the file before the text, for the lines advice names.
func yamlAdvice(text []byte, line int, msg, lang string, offset int) (int, int, string) {
	sc := scanMatter(text)
	if sc.quote.line != 0 {
		sc.quoteClosedOn = closeLine(text, sc.quote)
	}
	at := func(l int) *scannedLine {
		if l < 1 || l > len(sc.lines) {
			return &scannedLine{}
		}
		return &sc.lines[l-1]
	}
	tabby := strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token")
	if tabby {
		for _, l := range []int{line, line + 1} {
			if c := at(l).tab; c != 0 && !at(l).skip {
				return l, c, "this line is indented with a tab; indent with spaces, not tabs"
			}
		}
	}
	// An unclosed quote makes the parser read on into the lines after it.
	if q := sc.quote; q.line != 0 && q.line <= line && (sc.quoteClosedOn == 0 || sc.quoteClosedOn >= line) {
		return q.line, q.col, fmt.Sprintf("the %c that opens this value is never closed; end the value with %c on this line", q.ch, q.ch)
	}
	if len(sc.open) > 0 && sc.open[0].line <= line {
		o := sc.open[0]
		closer, what := ']', "list"
		if o.ch == '{' {
			closer, what = '}', "mapping"
		}
		return o.line, o.col, fmt.Sprintf("the %c that opens this %s is never closed; close it with %c after its last item", o.ch, what, closer)
	}
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name = "*" + strings.TrimSuffix(name, "' referenced")
		for i, ln := range sc.lines {
			if c := strings.Index(ln.text, name); c >= 0 && !ln.skip {
				return i + 1, utf8.RuneCountInString(ln.text[:c]) + 1, fmt.Sprintf("YAML reads %s as a reference to an &anchor, and there is none; put the text in quotes", name)
			}
		}
	}
	if strings.HasPrefix(msg, "did not find expected ',' or") {
		return line, indentOf(at(line).text) + 1, "a comma is missing before this item; put a , after each item but the last"
	}
	l := at(line)
	switch {
	case l.afterQuote != 0:
		return line, l.afterQuote, "text follows the value's closing quote; put the whole value in quotes, and write a \" inside it as \\\" (or use single quotes outside)"
	case l.valueColon != 0 && lang == "YAML":
		key, value, _ := strings.Cut(strings.TrimSpace(l.text), ": ")
		key = strings.TrimPrefix(key, "- ")
		return line, l.valueColon, fmt.Sprintf("the value of %s contains \": \", which YAML reads as the start of another key; put the text in quotes: %s: %q", key, key, value)
	case l.reserved != 0:
		c := []rune(l.text)[l.reserved-1]
		return line, l.reserved, fmt.Sprintf("YAML does not let a value begin with %c; put the text in quotes", c)
	case l.dashNoSp != 0:
		return line, l.dashNoSp + 1, "put a space after the - of a list item"
	case l.noSpace != 0:
		return line, l.noSpace + 1, spaceAfterColon(l.text, l.noSpace)
	case strings.HasPrefix(msg, "block sequence entries are not allowed"):
		return line, 1, "a list cannot start on the line of its key; put each - item on its own line below, indented, or write the list as [a, b]"
	}
	if strings.HasPrefix(msg, "mapping values are not allowed") {
		// A "key:value" line runs on into the next as one text.
		for p := line - 1; p >= 1 && !at(p).skip && !blankOrComment(at(p).text); p-- {
			if c := at(p).noSpace; c != 0 {
				return p, c + 1, spaceAfterColon(at(p).text, c)
			}
			if strings.Contains(at(p).text, ": ") {
				break
			}
		}
	}
	if l, c, advice, ok := misindented(sc, max(line-1, 1), offset); ok {
		return l, c, advice
	}
	if strings.HasPrefix(msg, "could not find expected ':'") {
		return line, 1, "this line has no colon; write it as key: value, or put it in quotes if it continues the line above"
	}
	return line, 1, msg + "; look for a missing quote, colon or bracket here or on the line above"
}

// closeLine finds the line on which YAML would end a quoted text that is
// not closed on its own line: the next such quote, or 0 if there is none.
func closeLine(text []byte, q flowOpen) int {
	lines := strings.Split(string(text), "\n")
	for i := q.line; i < len(lines); i++ {
		if closingQuote([]rune(lines[i]), 0, q.ch) >= 0 {
			return i + 1
		}
	}
	return 0
}

// misindented finds the first line from `from` on whose indentation lines
// it up with no line above it that can hold it. The advice names lines of
// the file, offset lines below the text's.
func misindented(sc *matterScan, from, offset int) (int, int, string, bool) {
	type level struct {
		indent, line int
		opens        bool // the line ends with a key whose value is below it
	}
	var stack []level
	for i, ln := range sc.lines {
		if ln.skip || ln.tab != 0 || blankOrComment(ln.text) {
			continue
		}
		lineNo, n := i+1, indentOf(ln.text)
		content := strings.TrimSpace(stripComment(ln.text))
		var popped *level
		for len(stack) > 0 && stack[len(stack)-1].indent > n {
			popped = &level{}
			*popped = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].indent < n && lineNo >= from {
			top := stack[len(stack)-1]
			switch {
			case popped != nil:
				return lineNo, n + 1, fmt.Sprintf("this line is indented by %s, which lines it up with nothing above it; %s, like line %d", spaces(n), indentBy(popped.indent), offset+popped.line), true
			case !top.opens:
				return lineNo, n + 1, fmt.Sprintf("this line is indented more than line %d, whose value is already given; %s, like line %d", offset+top.line, indentBy(top.indent), offset+top.line), true
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].indent == n {
			stack = stack[:len(stack)-1]
		}
		opens := strings.HasSuffix(content, ":") || content == "-"
		if rest, ok := strings.CutPrefix(content, "- "); ok {
			stack = append(stack, level{n, lineNo, false})
			n += 2 + len(rest) - len(strings.TrimLeft(rest, " "))
		}
		stack = append(stack, level{n, lineNo, opens})
	}
	return 0, 0, "", false
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

func indentBy(n int) string {
	if n == 0 {
		return "start it at the beginning of the line"
	}
	return "indent it by " + spaces(n)
}

// spaceAfterColon advises on a "key:value" line whose colon is at col.
func spaceAfterColon(line string, col int) string {
	rs := []rune(strings.TrimSpace(line))
	col -= utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimLeft(line, " \t"))
	return fmt.Sprintf("put a space after the colon: %s %s", string(rs[:col]), string(rs[col:]))
}

var tomlDetail = regexp.MustCompile(`^toml: line \d+( \(last key "[^"]*"\))?: `)

// tomlAdvice turns the TOML decoder's message about line (of the text) into
// advice, at the column of the mistake where it can be found.
func tomlAdvice(text []byte, line int, msg string, offset int) (int, int, string) {
	msg = tomlDetail.ReplaceAllString(msg, "")
	lines := strings.Split(string(text), "\n")
	s := ""
	if line <= len(lines) {
		s = strings.TrimSuffix(lines[line-1], "\r")
	}
	col := func(i int) int { return utf8.RuneCountInString(s[:max(i, 0)]) + 1 }
	value := strings.Index(s, "=") + 1
	for value > 0 && value < len(s) && s[value] == ' ' {
		value++
	}
	switch {
	case strings.HasPrefix(msg, "expected value but found") && strings.TrimSpace(s[value:]) == "":
		return line, col(value), "give the key a value after the ="
	case strings.HasPrefix(msg, "expected value but found") && value < len(s) && s[value] == '[':
		return line, col(value + 1), `each text in a list must be in quotes, as in ["A", "B"]`
	case strings.HasPrefix(msg, "expected value but found"):
		return line, col(value), "a text value must be in quotes: " + strings.TrimSpace(s[:value]) + " " + strconv.Quote(strings.TrimSpace(s[value:]))
	case msg == "strings cannot contain newlines":
		if q := strings.IndexAny(s[value:], "\"'"); value > 0 && q >= 0 {
			return line, col(value + q), fmt.Sprintf("the %c that opens this text is never closed; end the text with %c on this line", s[value+q], s[value+q])
		}
	case strings.HasPrefix(msg, "expected a comma (',') or array terminator"):
		// The decoder finds an unclosed list on a line after the one that opens it.
		for at := min(line, len(lines)); at >= max(1, line-1); at-- {
			l := strings.TrimSuffix(lines[at-1], "\r")
			if b := strings.LastIndexByte(l, '['); b >= 0 && !strings.Contains(l[b:], "]") {
				return at, utf8.RuneCountInString(l[:b]) + 1, "the [ that opens this list is never closed; close it with ] after its last item"
			}
		}
		return line, 1, "a comma is missing between two items of this list; put a , after each item but the last"
	case strings.HasPrefix(msg, "Key '") && strings.HasSuffix(msg, "' has already been defined."):
		key := strings.TrimSuffix(strings.TrimPrefix(msg, "Key '"), "' has already been defined.")
		for i, l := range lines[:min(line-1, len(lines))] {
			if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
				return line, 1, fmt.Sprintf("key %q appears twice, on lines %d and %d; keep one", key, offset+i+1, offset+line)
			}
		}
	case strings.HasPrefix(msg, "expected '.' or '='"):
		return line, 1, "TOML frontmatter writes each key as key = value"
	}
	return line, 1, msg
}

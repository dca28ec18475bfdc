package site

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// A source is one content file split into its frontmatter, as a YAML node
// tree whose positions count from the top of the file, and its body.
type source struct {
	file string
	meta *yaml.Node // a mapping node
	body []byte
	// path is the file's path in its tree, without the folder's name.
	path string
	// bodyLine is the line of the file on which the body starts.
	bodyLine int
	sum      [32]byte // of the file's name and bytes, when a Store may keep it
	// whole says the Store keeps what is read of the file whole
	// (parsed.go), its body's HTML in it: it need not keep that apart.
	whole bool
}

// rawMatter is what the frontmatter formats hand back: the text between
// the delimiters and which language it is in.
type rawMatter struct {
	lang string
	text []byte
}

var matterFormats = func() []*frontmatter.Format {
	capture := func(lang string) frontmatter.UnmarshalFunc {
		return func(data []byte, v any) error {
			*v.(*rawMatter) = rawMatter{lang, data}
			return nil
		}
	}
	json := frontmatter.NewFormat("{", "}", capture("json"))
	json.UnmarshalDelims, json.RequiresNewLine = true, true
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		json,
	}
}()

// parseSource splits a file into frontmatter and body. Problems are added
// to errs with their position; the source is nil when the file is unusable.
func parseSource(file string, data []byte, errs *Diagnostics) *source {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if line, col, ok := firstInvalidUTF8(data); !ok {
		errs.add(file, line, col, "the file is not UTF-8 text; save it as UTF-8")
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		errs.add(file, 1, 1, "the file is empty; give it frontmatter between --- lines, or delete it")
		return nil
	}
	var raw rawMatter
	body, err := frontmatter.MustParse(bytes.NewReader(data), &raw, matterFormats...)
	if err != nil {
		first := strings.TrimSpace(string(firstLine(bytes.TrimLeft(data, " \t\r\n"))))
		for _, f := range matterFormats {
			if f.Start == first && f.Start != "{" {
				errs.add(file, lineOf(data, bytes.Index(data, []byte(first))), 1,
					"the frontmatter opened with %q is never closed; end it with a %q line", first, f.End)
				return nil
			}
		}
		errs.add(file, 1, 1, "the file has no frontmatter; start it with a --- line, the keys, and another --- line")
		return nil
	}
	body = data[len(data)-len(body):] // the same bytes, without the parser's larger buffer
	start := len(data) - len(body) - len(raw.text)
	for start > 0 && !bytes.HasPrefix(data[start:], raw.text) {
		start-- // the closing delimiter line lies between text and body
	}
	offset := lineOf(data, start) - 1
	meta, err := decodeMatter(raw, offset)
	if err != nil {
		var e *Diagnostic
		if errors.As(err, &e) {
			e.File = file
			*errs = append(*errs, e)
		}
		return nil
	}
	if meta.Kind != yaml.MappingNode {
		if k, v, ok := strings.Cut(meta.Value, ":"); ok && meta.Kind == yaml.ScalarNode && meta.Style == 0 && isKey([]rune(k)) && v != "" {
			errs.add(file, meta.Line, meta.Column+utf8.RuneCountInString(k)+1, "invalid YAML: put a space after the colon: %s: %s", k, v)
			return nil
		}
		errs.add(file, meta.Line, meta.Column, "the frontmatter must be a set of key: value lines")
		return nil
	}
	return &source{file: file, meta: meta, body: body, bodyLine: lineOf(data, len(data)-len(body))}
}

// decodeMatter parses frontmatter text into a node tree whose lines count
// from the top of the file: offset lines come before the text.
func decodeMatter(raw rawMatter, offset int) (*yaml.Node, error) {
	if raw.lang == "toml" {
		return decodeTOML(raw.text, offset)
	}
	lines := fileLines(raw.text)
	fileLine := func(yamlLine int) int { return offset + lines[min(max(yamlLine, 1), len(lines))-1] }
	var doc yaml.Node
	if err := yaml.Unmarshal(raw.text, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		lang := strings.ToUpper(raw.lang)
		line, col, advice := yamlAdvice(raw.text, fileLine(line)-offset, msg, lang, offset)
		return nil, &Diagnostic{Pos: Pos{Line: offset + line, Col: col}, Msg: "invalid " + lang + ": " + advice}
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: offset + 1, Column: 1}, nil
	}
	shift(doc.Content[0], fileLine)
	return doc.Content[0], nil
}

// fileLines maps the lines YAML counts in text to the file's: YAML also
// ends a line at a lone CR and at NEL, LS and PS, a file only at LF. Line
// i+1 of YAML's is line fileLines(text)[i] of the text, both from 1.
func fileLines(text []byte) []int {
	lines, line := []int{1}, 1
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			line++
			lines = append(lines, line)
		case c == '\r' && (i+1 == len(text) || text[i+1] != '\n'):
			lines = append(lines, line)
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(text[i:])
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				lines = append(lines, line)
			}
			i += n - 1
		}
	}
	return lines
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlErrorLine takes the line number out of a YAML error message.
func yamlErrorLine(err error) (int, string) {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return 1, te.Errors[0]
	}
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 1, msg
	}
	line, _ := strconv.Atoi(m[1])
	msg = msg[len(m[0]):]
	if strings.HasPrefix(msg, "did not find expected") {
		// The parser reports these at the line where the construct it was
		// reading began, counted from zero; scanner errors count from one.
		line++
	}
	return max(line, 1), msg
}

// shift gives every node its line in the file.
func shift(n *yaml.Node, fileLine func(int) int) {
	n.Line = fileLine(n.Line)
	for _, c := range n.Content {
		shift(c, fileLine)
	}
}

var tomlLine = regexp.MustCompile(`[Ll]ine (\d+)`)

// decodeTOML parses TOML frontmatter into the same node tree as YAML. TOML's
// decoder gives no positions, so keys are found by their line in the text.
func decodeTOML(text []byte, offset int) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(text), &m); err != nil {
		line := 1
		if sub := tomlLine.FindStringSubmatch(err.Error()); sub != nil {
			line, _ = strconv.Atoi(sub[1])
		}
		line, col, advice := tomlAdvice(text, max(line, 1), err.Error(), offset)
		return nil, &Diagnostic{Pos: Pos{Line: line + offset, Col: col}, Msg: "invalid TOML: " + advice}
	}
	var n yaml.Node
	if err := n.Encode(m); err != nil {
		return nil, &Diagnostic{Pos: Pos{Line: offset + 1, Col: 1}, Msg: "invalid TOML: " + err.Error()}
	}
	lines := strings.Split(string(text), "\n")
	keyLine := func(key string) int {
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, key) && strings.HasPrefix(strings.TrimSpace(l[len(key):]), "=") ||
				l == "[["+key+"]]" || l == "["+key+"]" {
				return i + 1
			}
		}
		return 1
	}
	var place func(n *yaml.Node, line int)
	place = func(n *yaml.Node, line int) {
		n.Line, n.Column = line+offset, 1
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				line = keyLine(c.Value)
			}
			place(c, line)
		}
	}
	place(&n, 1)
	return &n, nil
}

// firstInvalidUTF8 finds the line and column of the first byte that is not
// UTF-8.
func firstInvalidUTF8(data []byte) (line, col int, ok bool) {
	if utf8.Valid(data) {
		return 0, 0, true
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			nl := bytes.LastIndexByte(data[:i], '\n')
			return lineOf(data, i), utf8.RuneCount(data[nl+1:i]) + 1, false
		}
		i += size
	}
	return 0, 0, true
}

func lineOf(data []byte, offset int) int {
	return bytes.Count(data[:max(offset, 0)], []byte("\n")) + 1
}

func firstLine(data []byte) []byte {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i]
	}
	return data
}

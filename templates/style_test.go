package templates

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestTypeColoursContrast: every event type's colour, as the stylesheet
// gives it in light and in dark mode, has at least 3:1 contrast (WCAG's
// for graphics) against the page and card backgrounds of that mode.
func TestTypeColoursContrast(t *testing.T) {
	css, err := FS.ReadFile("assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	text := string(css)
	at := strings.Index(text, "@media (prefers-color-scheme: dark)")
	if at < 0 {
		t.Fatal("style.css has no dark mode")
	}
	vars := regexp.MustCompile(`--(bg|card):\s*(#[0-9a-fA-F]{6})`)
	types := regexp.MustCompile(`\.type-([a-z-]+) \{ --type-color: (#[0-9a-fA-F]{6}); \}`)
	light, dark := map[string]string{}, map[string]string{}
	lightText := text
	for _, block := range darkBlocks(text) {
		lightText = strings.Replace(lightText, block, "", 1)
		for _, m := range types.FindAllStringSubmatch(block, -1) {
			dark[m[1]] = m[2]
		}
	}
	for _, m := range types.FindAllStringSubmatch(lightText, -1) {
		light[m[1]] = m[2]
	}
	if len(light) < 11 {
		t.Fatalf("found %d type colours, want the eleven", len(light))
	}
	check := func(mode string, backgrounds map[string]string, colours map[string]string) {
		for typ, c := range colours {
			for name, bg := range backgrounds {
				if r := contrast(c, bg); r < 3 {
					t.Errorf("%s mode: type %s (%s) has %.2f:1 against --%s (%s)", mode, typ, c, r, name, bg)
				}
			}
		}
	}
	lightBG, darkBG := map[string]string{}, map[string]string{}
	for _, m := range vars.FindAllStringSubmatch(text[:at], -1) {
		lightBG[m[1]] = m[2]
	}
	for _, m := range vars.FindAllStringSubmatch(text[at:], -1) {
		if darkBG[m[1]] == "" {
			darkBG[m[1]] = m[2]
		}
	}
	check("light", lightBG, light)
	inDark := map[string]string{}
	for typ, c := range light {
		inDark[typ] = c
	}
	for typ, c := range dark {
		inDark[typ] = c
	}
	check("dark", darkBG, inDark)
}

// darkBlocks are the dark-mode blocks of a stylesheet.
func darkBlocks(css string) []string {
	var blocks []string
	for rest := css; ; {
		at := strings.Index(rest, "@media (prefers-color-scheme: dark)")
		if at < 0 {
			return blocks
		}
		rest = rest[at:]
		depth, end := 0, len(rest)
		for i, c := range rest {
			if c == '{' {
				depth++
			} else if c == '}' {
				if depth--; depth == 0 {
					end = i + 1
					break
				}
			}
		}
		blocks = append(blocks, rest[:end])
		rest = rest[end:]
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

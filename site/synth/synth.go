// Package synth makes synthetic content trees for benchmarks: N events
// that follow the content contract, with 300–700 words of varied Markdown
// each (headings, lists, links, emphasis, tables, blockquotes), 2–5 people
// from a pool of 200 and 1–4 topics from a pool of 60, both drawn with a
// Zipf-like skew so that a few names are very frequent, and dates spread
// over 1990–2026. The same N and seed always give the same bytes.
package synth

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing/fstest"
)

const (
	people = 200
	topics = 60
)

var types = []string{"state-visit", "official-visit", "working-visit", "meeting", "summit-sideline",
	"phone-call", "video-call", "ministerial", "signing", "statement", "other"}

var words = strings.Fields(`talks summit agreement cooperation energy trade border security treaty
partnership visit delegation ministers statement pipeline finance investment railway bridge
exchange culture science technology agriculture satellite arctic region council forum
memorandum protocol consultations anniversary delegation leaders ministries commission
development strategy market payment currency grain export import customs transit logistics`)

// FS returns a content tree of n events made from seed.
func FS(n int, seed uint64) fs.FS {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	m := fstest.MapFS{}
	add := func(name, text string) { m[name] = &fstest.MapFile{Data: []byte(text)} }
	add("_index.md", "---\ntitle: Synthetic timeline\ndescription: A generated benchmark corpus.\n---\nGenerated.\n")
	for i := range people {
		add(fmt.Sprintf("people/person-%03d.md", i), fmt.Sprintf(
			"---\nname: Person %03d\nnative: Лицо %03d\nlang: ru\ncountry: %s\nroles:\n  - title: Minister\n    from: 1990\n---\n%s\n",
			i, i, []string{"China", "Russia"}[i%2], paragraph(r, 40)))
	}
	for i := range topics {
		add(fmt.Sprintf("topics/topic-%02d.md", i), fmt.Sprintf(
			"---\nname: Topic %02d\nsummary: %s.\n---\n%s\n", i, sentence(r, 10), paragraph(r, 60)))
	}
	pz := rand.NewZipf(r, 1.2, 4, people-1)
	tz := rand.NewZipf(r, 1.2, 2, topics-1)
	for i := range n {
		year, month, day := 1990+r.IntN(37), 1+r.IntN(12), 1+r.IntN(28)
		date := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Synthetic contact %d on %s\ndate: %s\n", i, sentence(r, 4), date)
		if r.IntN(5) == 0 {
			fmt.Fprintf(&b, "end: %04d-%02d-%02d\n", year, month, min(day+1+r.IntN(3), 28))
		}
		fmt.Fprintf(&b, "type: %s\nplace: City %d, Country\n", types[r.IntN(len(types))], r.IntN(50))
		fmt.Fprintf(&b, "people: [%s]\n", picks(pz, 2+r.IntN(4), "Person %03d"))
		fmt.Fprintf(&b, "topics: [%s]\n", picks(tz, 1+r.IntN(4), "topic-%02d"))
		fmt.Fprintf(&b, "summary: %s.\n", sentence(r, 20))
		fmt.Fprintf(&b, "sources:\n  - title: Report %d\n    publisher: Agency\n    url: https://example.org/%d\n    date: %s\n---\n", i, i, date)
		body(&b, r, 300+r.IntN(401))
		add(fmt.Sprintf("events/%s-contact-%d.md", date, i), b.String())
	}
	return m
}

// picks draws k distinct names from a Zipf distribution.
func picks(z *rand.Zipf, k int, format string) string {
	seen := map[uint64]bool{}
	var out []string
	for len(out) < k {
		if v := z.Uint64(); !seen[v] {
			seen[v] = true
			out = append(out, fmt.Sprintf(format, v))
		}
	}
	return strings.Join(out, ", ")
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:]
}

func paragraph(r *rand.Rand, n int) string {
	var parts []string
	for n > 0 {
		k := min(n, 8+r.IntN(10))
		parts = append(parts, sentence(r, k)+".")
		n -= k
	}
	return strings.Join(parts, " ")
}

// body writes about n words of Markdown in a mix of block kinds.
func body(b *strings.Builder, r *rand.Rand, n int) {
	for n > 0 {
		switch r.IntN(6) {
		case 0:
			fmt.Fprintf(b, "## %s\n\n", sentence(r, 3))
			n -= 3
		case 1:
			for range 3 {
				fmt.Fprintf(b, "- %s with *%s*\n", sentence(r, 5), words[r.IntN(len(words))])
			}
			b.WriteString("\n")
			n -= 18
		case 2:
			fmt.Fprintf(b, "> %s\n\n", paragraph(r, 20))
			n -= 20
		case 3:
			fmt.Fprintf(b, "| item | value |\n|---|---|\n| %s | %d |\n| %s | %d |\n\n",
				words[r.IntN(len(words))], r.IntN(1000), words[r.IntN(len(words))], r.IntN(1000))
			n -= 6
		default:
			fmt.Fprintf(b, "%s, see [the report](https://example.org/%d) and **%s**.\n\n",
				paragraph(r, 40), r.IntN(1000), words[r.IntN(len(words))])
			n -= 45
		}
	}
}

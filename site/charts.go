package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// The charts are inline SVG made at build time: they need no script and
// print as they show.

// typeColors gives each type of contact its colour in charts.
var typeColors = map[string]string{
	"state-visit": "#b2182b", "official-visit": "#d6604d", "working-visit": "#f4a582",
	"meeting": "#2166ac", "summit-sideline": "#4393c3", "phone-call": "#1b7837",
	"video-call": "#5aae61", "ministerial": "#762a83", "signing": "#c51b7d",
	"statement": "#8c510a", "other": "#878787",
}

// yearSpan is the first and last year with events.
func (s *Site) yearSpan() (first, last int) {
	if len(s.Events) == 0 {
		return 0, -1
	}
	return s.Events[0].Span.Start.Year, s.Events[len(s.Events)-1].Span.Start.Year
}

// YearChart draws the contacts of every year as bars stacked by type, each
// bar a link to its year's page; years without contacts stay in place, so
// that the axis is true to time.
func (s *Site) YearChart(root string) template.HTML {
	first, last := s.yearSpan()
	if last < first {
		return ""
	}
	byYear := map[int]*Year{}
	most := 1
	for _, y := range s.Years {
		byYear[y.Year] = y
		most = max(most, len(y.Events))
	}
	const height, barH, gap = 150, 120, 2
	n := last - first + 1
	barW := max(4, min(24, 720/n-gap))
	width := n * (barW + gap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="year-chart-title">`, width, height, width, height)
	b.WriteString(`<title id="year-chart-title">Contacts per year, by type</title>`)
	for i := range n {
		year := first + i
		x := i * (barW + gap)
		y := byYear[year]
		if y == nil {
			continue
		}
		counts := map[string]int{}
		for _, e := range y.Events {
			counts[e.Type]++
		}
		label := fmt.Sprintf("%d: %s", year, plural(len(y.Events), "contact", "contacts"))
		fmt.Fprintf(&b, `<a href="%syears/%d/" aria-label="%s"><title>%s</title>`, root, year, label, label)
		top := barH
		for _, t := range EventTypes {
			if counts[t] == 0 {
				continue
			}
			h := counts[t] * barH / most
			if h == 0 {
				h = 1
			}
			top -= h
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, x, top, barW, h, typeColors[t])
		}
		b.WriteString(`</a>`)
		if year%5 == 0 || n < 12 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick">%d</text>`, x, barH+16, year)
		}
	}
	b.WriteString(`</svg>`)
	b.WriteString(`<ul class="legend">`)
	used := map[string]bool{}
	for _, e := range s.Events {
		used[e.Type] = true
	}
	for _, t := range EventTypes {
		if used[t] {
			fmt.Fprintf(&b, `<li><span class="swatch" style="background:%s"></span>%s</li>`, typeColors[t], typeNames[t])
		}
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String())
}

// Activity draws a strip of a term's contacts per year, on the same axis
// as the site's chart.
func (s *Site) Activity(t *Term) template.HTML {
	first, last := s.yearSpan()
	if last < first || len(t.Events) == 0 {
		return ""
	}
	counts := map[int]int{}
	most := 1
	for _, e := range t.Events {
		counts[e.Span.Start.Year]++
		most = max(most, counts[e.Span.Start.Year])
	}
	const barH, barW = 32, 6
	n := last - first + 1
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart strip" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		n*barW, barH+14, n*barW, barH+14, template.HTMLEscapeString(fmt.Sprintf("Contacts per year, %d to %d", first, last)))
	for i := range n {
		if c := counts[first+i]; c > 0 {
			h := max(2, c*barH/most)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"><title>%d: %d</title></rect>`, i*barW, barH-h, barW-1, h, first+i, c)
		}
	}
	fmt.Fprintf(&b, `<text x="0" y="%d" class="tick">%d</text><text x="%d" y="%d" class="tick" text-anchor="end">%d</text></svg>`,
		barH+12, first, n*barW, barH+12, last)
	return template.HTML(b.String())
}

// countChart draws counts (the people met most often, the topics that come
// up) as horizontal bars with their names, each a link.
func countChart(root string, counts []TermCount) template.HTML {
	if len(counts) == 0 {
		return ""
	}
	const rowH, labelW, barW = 22, 200, 220
	most := counts[0].Count
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart counts" viewBox="0 0 %d %d" width="%d" height="%d">`, labelW+barW+40, rowH*len(counts), labelW+barW+40, rowH*len(counts))
	for i, c := range counts {
		y := i * rowH
		w := max(2, c.Count*barW/max(most, 1))
		name := template.HTMLEscapeString(c.Term.Name)
		fmt.Fprintf(&b, `<a href="%s%s"><text x="%d" y="%d" class="label" text-anchor="end">%s</text></a>`, root, c.Term.URL(), labelW-8, y+15, name)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"/><text x="%d" y="%d" class="tick">%d</text>`,
			labelW, y+4, w, rowH-8, labelW+w+6, y+15, c.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

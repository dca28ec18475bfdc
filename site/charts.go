package site

import (
	"fmt"
	"html/template"
	"strings"
)

// The charts are inline SVG made at build time: they need no script and
// print as they show.

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
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="year-chart-title">`, width, height, width, height)
	fmt.Fprintf(&b, `<title id="year-chart-title">%s</title>`, template.HTMLEscapeString(s.Words.Text("chart.years.title")))
	for i := range n {
		year := first + i
		x := i * (barW + gap)
		y := byYear[year]
		if y == nil {
			continue
		}
		counts := map[*EventType]int{}
		for _, e := range y.Events {
			counts[e.Type]++
		}
		label := template.HTMLEscapeString(s.Words.Text("chart.years.bar", "year", year, "contacts", s.Words.Count("contacts", len(y.Events))))
		fmt.Fprintf(&b, `<a href="%syears/%d/" aria-label="%s"><title>%s</title>`, root, year, label, label)
		top := barH
		for _, t := range s.Types {
			if counts[t] == 0 {
				continue
			}
			h := counts[t] * barH / most
			if h == 0 {
				h = 1
			}
			top -= h
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="%s"/>`, x, top, barW, h, template.HTMLEscapeString(t.Class))
		}
		b.WriteString(`</a>`)
		if year%5 == 0 || n < 12 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick">%d</text>`, x, barH+16, year)
		}
	}
	b.WriteString(`</svg>`)
	b.WriteString(`<ul class="legend">`)
	used := map[*EventType]bool{}
	for _, e := range s.Events {
		used[e.Type] = true
	}
	for _, t := range s.Types {
		if used[t] {
			fmt.Fprintf(&b, `<li><span class="swatch %s"></span>%s</li>`, template.HTMLEscapeString(t.Class), template.HTMLEscapeString(t.Label))
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
		n*barW, barH+14, n*barW, barH+14, template.HTMLEscapeString(s.Words.Text("chart.activity.label", "first", first, "last", last)))
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

package site

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Overview draws the whole timeline as lanes, one for each type of
// contact that has any, and a column for each year from the first to the
// last: in each lane a circle whose area is how many contacts of its type
// the year had, and each year with contacts a link to its page. It is
// what a reader without JavaScript sees of the zoomable timeline
// (partials/overview.html), which assets/zoom.js draws in its place. Its
// size grows with the years and the types, never with the contacts.
func (s *Site) Overview(root string) template.HTML {
	first, last := s.yearSpan()
	if last < first {
		return ""
	}
	lanes := s.lanes()
	row := map[*EventType]int{}
	for i, t := range lanes {
		row[t] = i
	}
	n := last - first + 1
	counts := make([]int, n*len(lanes)) // year by lane
	most := 1
	for _, e := range s.Events {
		i := (e.Span.Start.Year-first)*len(lanes) + row[e.Type]
		counts[i]++
		most = max(most, counts[i])
	}
	const laneH, axisH = 18, 18
	colW := max(6, min(24, 720/n))
	labelW := 0
	for _, t := range lanes {
		labelW = max(labelW, labelWidth(t.Label))
	}
	labelW = min(labelW+8, 240)
	plotH := len(lanes) * laneH
	width, height := labelW+n*colW, plotH+axisH
	r := float64(min(colW, laneH))/2 - 1
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart overview" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="overview-title">`, width, height, width, height)
	fmt.Fprintf(&b, `<title id="overview-title">%s</title>`, template.HTMLEscapeString(s.Words.Text("overview.title")))
	// A line at the start of each tick's year, ticks every ten years on a
	// long timeline, every five on a shorter one, every year on a short one.
	step := 1
	switch {
	case n > 30:
		step = 10
	case n >= 12:
		step = 5
	}
	var grid, ticks strings.Builder
	for i := range n {
		if year := first + i; year%step == 0 {
			x := labelW + i*colW
			fmt.Fprintf(&grid, "M%d 0V%d", x, plotH)
			fmt.Fprintf(&ticks, `<text x="%d" y="%d" class="tick">%d</text>`, x, plotH+14, year)
		}
	}
	if grid.Len() > 0 {
		fmt.Fprintf(&b, `<path class="grid" d="%s"/>`, grid.String())
	}
	b.WriteString(ticks.String())
	for j, t := range lanes {
		y := j*laneH + laneH/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick" text-anchor="end">%s</text><g class="%s">`,
			labelW-8, y+4, template.HTMLEscapeString(t.Label), template.HTMLEscapeString(t.Class))
		for i := range n {
			if c := counts[i*len(lanes)+j]; c > 0 {
				cr := max(1.5, r*math.Sqrt(float64(c)/float64(most)))
				fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="%.1f"/>`, labelW+i*colW+colW/2, y, cr)
			}
		}
		b.WriteString(`</g>`)
	}
	for _, y := range slices.Backward(s.Years) { // oldest first, the order of time
		label := template.HTMLEscapeString(s.Words.Text("chart.years.bar", "year", y.Year, "contacts", s.Words.Count("contacts", len(y.Events))))
		fmt.Fprintf(&b, `<a href="%s%s" aria-label="%s"><title>%s</title><rect class="hit" x="%d" y="0" width="%d" height="%d"/></a>`,
			template.HTMLEscapeString(root), y.URL(), label, label, labelW+(y.Year-first)*colW, colW, plotH)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lanes are the types that have contacts, in the site's order.
func (s *Site) lanes() []*EventType {
	used := map[*EventType]bool{}
	for _, e := range s.Events {
		used[e.Type] = true
	}
	var out []*EventType
	for _, t := range s.Types {
		if used[t] {
			out = append(out, t)
		}
	}
	return out
}

// labelWidth guesses how wide a label is drawn at the charts' 11px: wide
// (East Asian) characters take a full em, others about half.
func labelWidth(s string) int {
	w := 0.0
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			w += 11
		} else {
			w += 6.2
		}
	}
	return int(math.Ceil(w))
}

package site

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"timeline/site/words"

	"timeline/site/geo"
)

// The map is inline SVG made at build time, as the charts are: the
// outlines of package geo, and a circle for each place that the events
// shown were held at, its area in proportion to their number, each a
// link to the place's page.

const (
	markScale   = 4.0 // the radius of a mark for one contact, in drawing units
	insetScale  = 0.5 // how much smaller the marks on the inset are
	labelMarks  = 3   // how many of the largest marks are named on the map
	labelShare  = 4   // ... if they have at least a quarter of the largest's contacts
	maxSizeCode = 7
)

// placeMaps gives the function that draws where events were held (see
// placeMap), with the outlines, the same on every map of the site, made
// once.
func placeMaps(w *words.Catalog) func(root string, events []*Event) template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="map-title">`,
		geo.Width, geo.Height, geo.Width, geo.Height)
	fmt.Fprintf(&b, `<title id="map-title">%s</title>`, esc(w.Text("map.title")))
	fmt.Fprintf(&b, `<rect class="sea" width="%d" height="%d"/><path class="land" d="%s"/><path class="border" d="%s"/>`,
		geo.Width, geo.Height, geo.Land(), geo.Borders())
	fmt.Fprintf(&b, `<g class="inset"><rect class="sea" x="%s" y="%s" width="%s" height="%s"/><path class="land" d="%s"/><path class="frame" d="%s"/></g>`,
		coord(geo.InsetX), coord(geo.InsetY), coord(geo.InsetW), coord(geo.InsetH), geo.InsetLand(), geo.InsetFrame())
	base := b.String()
	return func(root string, events []*Event) template.HTML { return placeMap(w, base, root, events) }
}

// placeMap draws where the events were held over the base: a mark for
// each located term of theirs, sized by how many of them name it. It is
// empty when none does.
func placeMap(w *words.Catalog, base, root string, events []*Event) template.HTML {
	counts := map[*Term]int{}
	var places []*Term
	for _, e := range events {
		for _, l := range e.Terms {
			for _, t := range l.Terms {
				if t.Located {
					if counts[t] == 0 {
						places = append(places, t)
					}
					counts[t]++
				}
			}
		}
	}
	if len(places) == 0 {
		return ""
	}
	// The largest first, so that the smaller are drawn over them.
	slices.SortFunc(places, func(a, b *Term) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a.Taxonomy.Key, b.Taxonomy.Key), cmp.Compare(a.Slug, b.Slug))
	})
	most := counts[places[0]]
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.Grow(len(base) + 200*len(places))
	b.WriteString(base)
	for i, t := range places {
		n := counts[t]
		x, y, inset := geo.Project(t.Lon, t.Lat)
		r := markScale * math.Sqrt(float64(n))
		if inset {
			r *= insetScale
		}
		label := esc(w.Text("map.mark", "place", t.Name, "contacts", w.Count("contacts", n)))
		fmt.Fprintf(&b, `<a href="%s%s" aria-label="%s"><title>%s</title><circle class="mark s%d" cx="%s" cy="%s" r="%s"/>`,
			esc(root), esc(t.URL()), label, label, sizeCode(n), coord(x), coord(y), coord(r))
		if !inset && i < labelMarks && n*labelShare >= most {
			lang := ""
			if t.Untranslated != "" {
				lang = ` lang="` + esc(t.Untranslated) + `"`
			}
			fmt.Fprintf(&b, `<text class="label" x="%s" y="%s"%s>%s</text>`, coord(x+r+4), coord(y+6), lang, esc(t.Name))
		}
		b.WriteString(`</a>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// sizeCode sorts a count into the size classes of the marks, s1 to s7,
// by powers of two: 1, 2–3, 4–7, ... 64 and more.
func sizeCode(n int) int {
	code := 1
	for n > 1 && code < maxSizeCode {
		n /= 2
		code++
	}
	return code
}

// coord writes a coordinate of the drawing to a tenth of a unit.
func coord(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

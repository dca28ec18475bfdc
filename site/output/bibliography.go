package output

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"sync"

	"timeline/site"
	"timeline/site/cite"
)

// Bibliography is every source the timeline cites, once each (by address,
// or by title and publisher for one without), as CSL-JSON, BibTeX and
// RIS: data/sources.json, sources.bib and sources.ris. Sources are facts,
// the same in every edition: only the default edition has them.
func Bibliography(s *site.Site) map[string]func() []byte {
	if s.Edition != nil && s.Edition.Prefix != "" {
		return nil
	}
	list := sync.OnceValue(func() []cite.Item { return sources(s) })
	cited := sync.OnceValue(func() [32]byte { return citedKey(s) })
	file := func(name string, format func(...cite.Item) []byte) func() []byte {
		s.Keyed("data/"+name, func() [32]byte {
			sum := cited()
			return sha256.Sum256(append([]byte(name+"\x00"), sum[:]...))
		})
		return func() []byte { return format(list()...) }
	}
	return map[string]func() []byte{
		"data/sources.json": file("sources.json", cite.JSON),
		"data/sources.bib":  file("sources.bib", cite.BibTeX),
		"data/sources.ris":  file("sources.ris", cite.RIS),
	}
}

// citedKey is a digest of every source of every event, in order, with
// all of it the bibliography reads: a build whose events cite what the
// last build's did (after an edit of a title or a body) keeps the
// bibliography the output has.
func citedKey(s *site.Site) [32]byte {
	h := sha256.New()
	var b []byte
	for _, e := range s.Events {
		b = append(b[:0], 'e')
		for _, src := range e.Sources {
			for _, f := range []string{src.Title, src.Publisher, src.URL, src.Lang, src.Archive, src.Date.String(), src.Accessed.String()} {
				b = append(binary.AppendUvarint(b, uint64(len(f))), f...)
			}
		}
		h.Write(b)
	}
	return [32]byte(h.Sum(nil))
}

// sources are the sources of every event, the first citation of each,
// oldest first (undated ones last), then by title.
func sources(s *site.Site) []cite.Item {
	type keyed struct {
		date string // "~", after every date, for an undated one
		item cite.Item
	}
	seen := map[string]bool{}
	var list []keyed
	for _, e := range s.Events {
		for _, it := range site.SourceItems(e) {
			if !seen[it.ID] {
				seen[it.ID] = true
				k := keyed{"~", it}
				if it.Issued != nil {
					k.date = it.Issued.ISO()
				}
				list = append(list, k)
			}
		}
	}
	slices.SortStableFunc(list, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.item.Title, b.item.Title), cmp.Compare(a.item.ID, b.item.ID))
	})
	items := make([]cite.Item, len(list))
	for i, k := range list {
		items[i] = k.item
	}
	return items
}

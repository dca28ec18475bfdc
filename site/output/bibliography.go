package output

import (
	"cmp"
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
	return map[string]func() []byte{
		"data/sources.json": func() []byte { return cite.JSON(list()...) },
		"data/sources.bib":  func() []byte { return cite.BibTeX(list()...) },
		"data/sources.ris":  func() []byte { return cite.RIS(list()...) },
	}
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

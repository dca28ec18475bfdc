package output

import (
	"cmp"
	"slices"

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
	return map[string]func() []byte{
		"data/sources.json": func() []byte { return cite.JSON(sources(s)...) },
		"data/sources.bib":  func() []byte { return cite.BibTeX(sources(s)...) },
		"data/sources.ris":  func() []byte { return cite.RIS(sources(s)...) },
	}
}

// sources are the sources of every event, the first citation of each,
// oldest first (undated ones last), then by title.
func sources(s *site.Site) []cite.Item {
	seen := map[string]bool{}
	var items []cite.Item
	for _, e := range s.Events {
		for _, it := range site.SourceItems(e) {
			if !seen[it.ID] {
				seen[it.ID] = true
				items = append(items, it)
			}
		}
	}
	date := func(it cite.Item) string {
		if it.Issued == nil {
			return "~" // after every date
		}
		return it.Issued.ISO()
	}
	slices.SortStableFunc(items, func(a, b cite.Item) int {
		return cmp.Or(cmp.Compare(date(a), date(b)), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	return items
}

package output

import (
	"timeline/site"
)

// Listing says what the data page lists: the data exports, the
// bibliography (the default edition's, in every edition) and the feeds,
// the term feeds of each taxonomy as one set; not the sitemap, robots.txt
// or the home page's search index, which are for machines that find them
// on their own. The words are the catalog's (data.format.*, data.about.*,
// data.records.*).
func Listing(s *site.Site) []site.DataFile {
	w := s.Words
	n := len(s.Events)
	file := func(name, format, about string, records int, count string) site.DataFile {
		return site.DataFile{Name: name, Format: w.Text("data.format." + format), About: w.Text("data.about." + about),
			Records: records, Count: count}
	}
	contacts := w.Count("contacts", n)
	files := []site.DataFile{
		file("data/events.json", "json", "events-json", n, contacts),
		file("data/events.csv", "csv", "events-csv", n, contacts),
		file("data/events.ics", "ics", "events-ics", n, contacts),
		file("data/timelinejs.json", "timelinejs", "timelinejs", n, contacts),
	}
	cited := citedSources(s)
	for _, f := range []struct{ name, format string }{
		{"data/sources.json", "csl-json"}, {"data/sources.bib", "bibtex"}, {"data/sources.ris", "ris"},
	} {
		x := file(f.name, f.format, "sources", cited, w.Count("data.records.sources", cited))
		x.Shared = s.Edition != nil && s.Edition.Prefix != ""
		files = append(files, x)
	}
	entries := min(n, maxFeedEntries)
	files = append(files, file("feed.xml", "atom", "feed", entries, w.Count("data.records.entries", entries)))
	for _, x := range s.Taxonomies {
		if len(x.Terms) == 0 {
			continue // no feeds: a set is known by its files
		}
		set := site.DataFile{Name: x.Key + "/*/feed.xml", Format: w.Text("data.format.atom"),
			About: w.Text("data.about.term-feeds", "taxonomy", x.Name), Records: len(x.Terms),
			Count: w.Count("data.records.feeds", len(x.Terms))}
		for _, t := range x.Terms {
			set.Files = append(set.Files, t.URL()+"feed.xml")
		}
		files = append(files, set)
	}
	return files
}

// citedSources counts the sources the bibliography holds: those of every
// event, once each.
func citedSources(s *site.Site) int {
	seen := map[string]bool{}
	for _, e := range s.Events {
		for _, src := range e.Sources {
			seen[src.Key()] = true
		}
	}
	return len(seen)
}

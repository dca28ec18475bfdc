// Package output makes the files of a site besides its pages, from the
// built model only: the data exports under data/ (exports.go), the
// bibliography of the sources (bibliography.go), the Atom feeds
// (feeds.go), the sitemap and robots.txt (sitemap.go), the index of the
// search page (search.go, with package search) and the files the zoomable
// timeline reads (zoom.go).
//
// Each is a site.Output; All lists them, and a build makes the files of
// the outputs its site.Options name. Listing says which of those files
// the data page lists, and what each holds (listing.go):
//
//	site.Build(site.Options{..., Outputs: output.All, Listing: output.Listing})
package output

import (
	"encoding/xml"

	"timeline/site"
)

// All is every output, as timeline build and serve make them.
var All = []site.Output{Exports, Bibliography, Feeds, Sitemap, Robots, site.LazyOutput("search/", Search), Zoom}

func marshalXML(v any) []byte {
	data, _ := xml.MarshalIndent(v, "", " ") // strings and structs of ours: it cannot fail
	return append([]byte(xml.Header), append(data, '\n')...)
}

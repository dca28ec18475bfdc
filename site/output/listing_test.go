package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// TestListingCountsWhatFilesHold: the number of records the data page
// gives each file of the default timeline is what the file holds, read
// back, in the default edition and a translated one (whose bibliography
// is the default edition's).
func TestListingCountsWhatFilesHold(t *testing.T) {
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, BaseURL: "https://example.org/t/",
		Outputs: All, Listing: Listing})
	if err != nil {
		t.Fatal(err)
	}
	jsonItems := func(data []byte, key string) int {
		if key != "" {
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			data = doc[key]
		}
		var list []json.RawMessage
		if err := json.Unmarshal(data, &list); err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	counts := map[string]func([]byte) int{
		"data/events.json":     func(d []byte) int { return jsonItems(d, "") },
		"data/timelinejs.json": func(d []byte) int { return jsonItems(d, "events") },
		"data/sources.json":    func(d []byte) int { return jsonItems(d, "") },
		"data/events.csv": func(d []byte) int {
			rows, err := csv.NewReader(bytes.NewReader(d)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return len(rows) - 1 // the header
		},
		"data/events.ics":  func(d []byte) int { return bytes.Count(d, []byte("BEGIN:VEVENT\r\n")) },
		"data/sources.bib": func(d []byte) int { return bytes.Count(d, []byte("\n@")) + 1 },
		"data/sources.ris": func(d []byte) int { return bytes.Count(d, []byte("ER  - \r\n")) },
		"feed.xml":         func(d []byte) int { return bytes.Count(d, []byte("<entry>")) },
	}
	for _, ed := range []*site.Site{s, s.Translated[0]} {
		listed := map[string]bool{}
		for _, f := range Listing(ed) {
			if len(f.Files) > 0 {
				if f.Records != len(f.Files) {
					t.Errorf("%s%s: %d records for a set of %d feeds", ed.Edition.Prefix, f.Name, f.Records, len(f.Files))
				}
				for _, name := range f.Files {
					file(t, s, ed.Edition.Prefix+name)
				}
				continue
			}
			count, ok := counts[f.Name]
			if !ok {
				t.Errorf("%s lists %s, which this test does not read", ed.Edition.Key, f.Name)
				continue
			}
			listed[f.Name] = true
			name := ed.Edition.Prefix + f.Name
			if f.Shared {
				name = f.Name
			}
			if got := count(file(t, s, name)); got != f.Records || got == 0 {
				t.Errorf("%s: the data page gives %d records; the file holds %d", name, f.Records, got)
			}
		}
		if len(listed) != len(counts) {
			t.Errorf("%s lists %d of the %d files", ed.Edition.Key, len(listed), len(counts))
		}
	}
}

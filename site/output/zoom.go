package output

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"timeline/site"
)

// zoomFile is how many contacts each file of the zoomable timeline holds.
const zoomFile = 200

// Zoom makes the files the zoomable timeline of the home page reads
// (assets/zoom.js), under zoom/:
//
//	meta.json  the lanes (the types that have contacts, as the overview
//	           draws them), how many contacts each lane has in each month
//	           (a run of k months without any written −k), and the days
//	           each file of contacts covers
//	N.json     contacts N·200 to N·200+199 in date order, each as
//	           [first day, days, lane, slug, title, date as the pages
//	           write it] and, for a title not in the edition's language,
//	           that language
//
// Days are counted from 1970-01-01; a date of a month or a year covers
// all its days, and a contact counts in the month of its middle day. The
// overview shows the counts until a range is narrow enough to show its
// contacts one by one, and then reads only the files that cover it.
func Zoom(s *site.Site) map[string]func() []byte {
	made := sync.OnceValue(func() map[string][]byte { return zoomFiles(s) })
	files := map[string]func() []byte{"zoom/meta.json": func() []byte { return made()["meta.json"] }}
	for i := 0; i*zoomFile < len(s.Events); i++ {
		name := strconv.Itoa(i) + ".json"
		files["zoom/"+name] = func() []byte { return made()[name] }
	}
	return files
}

func zoomFiles(s *site.Site) map[string][]byte {
	lane := map[*site.EventType]int{}
	meta := zoomMeta{Lanes: []zoomLane{}, Counts: [][]int{}, Size: zoomFile, Files: [][2]int{}}
	for _, t := range s.Types {
		for _, e := range s.Events {
			if e.Type == t {
				lane[t] = len(meta.Lanes)
				meta.Lanes = append(meta.Lanes, zoomLane{ID: t.ID, Label: t.Label, Class: t.Class})
				break
			}
		}
	}
	files := map[string][]byte{}
	var rows []any
	firstMonth, lastMonth := 0, -1
	for i, e := range s.Events {
		a, b := spanDays(e.Span)
		m := monthOf(a + (b-a)/2)
		if i == 0 {
			firstMonth = m
		}
		firstMonth, lastMonth = min(firstMonth, m), max(lastMonth, m)
		row := []any{a, b - a + 1, lane[e.Type], e.Slug, e.Title, s.FormatSpan(e.Span)}
		if e.Untranslated != "" {
			row = append(row, e.Untranslated)
		}
		if len(rows) == 0 {
			meta.Files = append(meta.Files, [2]int{a, b + 1})
		}
		f := &meta.Files[len(meta.Files)-1]
		f[0], f[1] = min(f[0], a), max(f[1], b+1)
		if rows = append(rows, row); len(rows) == zoomFile || i == len(s.Events)-1 {
			files[strconv.Itoa(len(meta.Files)-1)+".json"] = marshalJSON(rows)
			rows = nil
		}
	}
	meta.First = firstMonth
	for range meta.Lanes {
		meta.Counts = append(meta.Counts, make([]int, lastMonth-firstMonth+1))
	}
	for _, e := range s.Events {
		a, b := spanDays(e.Span)
		meta.Counts[lane[e.Type]][monthOf(a+(b-a)/2)-firstMonth]++
	}
	for i, c := range meta.Counts {
		meta.Counts[i] = runs(c)
	}
	files["meta.json"] = marshalJSON(meta)
	return files
}

type zoomMeta struct {
	Lanes []zoomLane `json:"lanes"`
	// First is the month (year·12 + month − 1) of each lane's first count.
	First int `json:"first"`
	// Counts are each lane's contacts per month, a run of k months
	// without any written −k.
	Counts [][]int `json:"counts"`
	Size   int     `json:"size"`
	// Files give each file's first day and the day after its last.
	Files [][2]int `json:"files"`
}

type zoomLane struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Class string `json:"class"`
}

// spanDays gives the first and the last day a span covers, a date of a month
// or a year covering all its days.
func spanDays(sp site.Span) (first, last int) {
	end := sp.End
	if end.IsZero() {
		end = sp.Start
	}
	first = dayOf(sp.Start.Year, max(sp.Start.Month, 1), max(sp.Start.Day, 1))
	switch {
	case end.Month == 0:
		last = dayOf(end.Year+1, 1, 1) - 1
	case end.Day == 0:
		last = dayOf(end.Year, end.Month+1, 1) - 1
	default:
		last = dayOf(end.Year, end.Month, end.Day)
	}
	return first, last
}

// runs writes each run of zeros in counts as minus its length.
func runs(counts []int) []int {
	out := []int{}
	for _, c := range counts {
		switch {
		case c > 0:
			out = append(out, c)
		case len(out) > 0 && out[len(out)-1] < 0:
			out[len(out)-1]--
		default:
			out = append(out, -1)
		}
	}
	return out
}

func dayOf(year, month, day int) int {
	return int(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// monthOf is the month (year·12 + month − 1) of a day.
func monthOf(day int) int {
	t := time.Unix(int64(day)*86400, 0).UTC()
	return t.Year()*12 + int(t.Month()) - 1
}

func marshalJSON(v any) []byte {
	data, _ := json.Marshal(v) // numbers, strings and lists of them: it cannot fail
	return data
}

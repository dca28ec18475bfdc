package site

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
	"timeline/site/words"
)

// A Date is a day, a month or a year, kept at the precision it was written
// in: Month and Day are zero when unknown.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD and rejects impossible dates.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	want := []int{4, 2, 2}
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if len(p) != want[i] || err != nil || strings.Trim(p, "0123456789") != "" {
			return Date{}, fmt.Errorf("%q is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i] = v
	}
	d := Date{n[0], n[1], n[2]}
	if d.Year == 0 {
		return Date{}, fmt.Errorf("%q has no year 0; years run from 0001", s)
	}
	if len(parts) > 1 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q has no month %d; months run from 01 to 12", s, d.Month)
	}
	if len(parts) > 2 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("%q is impossible: %s %d has %d days", s, time.Month(d.Month), d.Year, last)
		}
	}
	return d, nil
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.Year == 0 }

// String gives the date as written (ISO 8601), fit for a datetime attribute.
// (Dates are formatted on every page that shows them, hence no fmt.)
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return pad(d.Year, 4)
	case d.Day == 0:
		return pad(d.Year, 4) + "-" + pad(d.Month, 2)
	}
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Compare orders dates; a coarser date sorts before the finer dates inside it.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// coarse compares two dates at the precision of the less precise one, so
// that "2013" neither precedes nor follows "2013-03-14".
func (d Date) coarse(o Date) int {
	c := cmp.Compare(d.Year, o.Year)
	if c != 0 || d.Month == 0 || o.Month == 0 {
		return c
	}
	if c = cmp.Compare(d.Month, o.Month); c != 0 || d.Day == 0 || o.Day == 0 {
		return c
	}
	return cmp.Compare(d.Day, o.Day)
}

// A Span is the time of one contact: a date and, for contacts of several
// days, the last one.
type Span struct {
	Start, End Date
}

// Contains reports whether day d falls within the span, at the precision of
// both. An empty End means the span is still open.
func (s Span) Contains(d Date) bool {
	return (s.Start.IsZero() || s.Start.coarse(d) <= 0) && (s.End.IsZero() || d.coarse(s.End) <= 0)
}

// formatDate gives the date for readers in the catalog's words:
// "2019", "June 2019", "8 February 2024".
func formatDate(w *words.Catalog, d Date) string {
	if d.IsZero() {
		return ""
	}
	return w.Date(d.Year, d.Month, d.Day)
}

// formatSpan splits the span as written for readers into its start, the
// separator and its end, sharing what the two ends have in common: "15",
// "–", "18 May 1989"; "31 August", " – ", "3 September 2025". One day has
// no separator and no end.
func formatSpan(w *words.Catalog, s Span) (first, sep, last string) {
	a, b := s.Start, s.End
	if b.IsZero() || a == b {
		return formatDate(w, a), "", ""
	}
	return w.Span([3]int{a.Year, a.Month, a.Day}, [3]int{b.Year, b.Month, b.Day})
}

// roleSpan tells when an office was held: "since 2013", "until 1999",
// "1999–2008".
func roleSpan(w *words.Catalog, s Span) string {
	switch {
	case s.Start.IsZero() && s.End.IsZero():
		return ""
	case s.End.IsZero():
		return w.Text("role.since", "date", formatDate(w, s.Start))
	case s.Start.IsZero():
		return w.Text("role.until", "date", formatDate(w, s.End))
	}
	first, sep, last := formatSpan(w, s)
	return first + sep + last
}

// FormatDate gives a date for readers in the site's language.
func (s *Site) FormatDate(d Date) string { return s.dateWords(d) }

// FormatSpan gives a span for readers in the site's language.
func (s *Site) FormatSpan(sp Span) string {
	first, sep, last := s.spanWords(sp)
	return first + sep + last
}

// spanWords is formatSpan in the site's words, from those made for every
// event's span when the site was indexed: each list that shows an event
// shows its span again.
func (s *Site) spanWords(sp Span) (first, sep, last string) {
	if w, ok := s.spans[sp]; ok {
		return w[0], w[1], w[2]
	}
	return formatSpan(s.Words, sp)
}

// dateWords is formatDate in the site's words, from those made for the
// dates of every event and source when the site was indexed.
func (s *Site) dateWords(d Date) string {
	if w, ok := s.dates[d]; ok {
		return w
	}
	return formatDate(s.Words, d)
}

// wordDates makes the words of every event's span and dates, and of
// every source's date.
func (s *Site) wordDates() {
	s.spans = make(map[Span][3]string, len(s.Events))
	s.dates = make(map[Date]string, len(s.Events))
	add := func(d Date) {
		if _, ok := s.dates[d]; !ok {
			s.dates[d] = formatDate(s.Words, d)
		}
	}
	for _, e := range s.Events {
		if _, ok := s.spans[e.Span]; !ok {
			first, sep, last := formatSpan(s.Words, e.Span)
			s.spans[e.Span] = [3]string{first, sep, last}
		}
		add(e.Span.Start)
		add(e.Span.End)
		for _, src := range e.Sources {
			add(src.Date)
		}
	}
}

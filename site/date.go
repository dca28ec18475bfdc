package site

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
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

// Human gives the date for readers: "2019", "June 2019", "8 February 2024".
func (d Date) Human() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
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

// Human gives the span for readers, sharing what the two ends have in
// common: "15–18 May 1989", "31 August – 3 September 2025".
func (s Span) Human() string {
	first, sep, last := s.parts()
	return first + sep + last
}

// parts splits the span as written for readers into its start, the dash
// and its end: "15", "–", "18 May 1989". One day has no dash and no end.
func (s Span) parts() (first, sep, last string) {
	a, b := s.Start, s.End
	if b.IsZero() || a == b {
		return a.Human(), "", ""
	}
	sameShape := (a.Month == 0) == (b.Month == 0) && (a.Day == 0) == (b.Day == 0)
	switch {
	case !sameShape:
	case a.Month == 0:
		return strconv.Itoa(a.Year), "–", strconv.Itoa(b.Year)
	case a.Year == b.Year && a.Day == 0:
		return time.Month(a.Month).String(), "–", b.Human()
	case a.Year == b.Year && a.Month == b.Month:
		return strconv.Itoa(a.Day), "–", b.Human()
	case a.Year == b.Year:
		return fmt.Sprintf("%d %s", a.Day, time.Month(a.Month)), " – ", b.Human()
	}
	return a.Human(), " – ", b.Human()
}

// Contains reports whether day d falls within the span, at the precision of
// both. An empty End means the span is still open.
func (s Span) Contains(d Date) bool {
	return (s.Start.IsZero() || s.Start.coarse(d) <= 0) && (s.End.IsZero() || d.coarse(s.End) <= 0)
}

package words

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Dates: a catalog that gives date.year, date.month and date.day formats
// dates with its own patterns (see Date); any other takes its language's
// patterns from CLDR, the Unicode consortium's locale data (cldr.go,
// made by internal/cldrgen): the long date for a day ("16 мая 2024 г.",
// "2024年5月16日"), yMMMM for a month ("май 2024 г."), y for a year, and
// the interval formats for ranges ("20–22 марта 2023 г.").

// A calendar is one language's Gregorian date data from CLDR.
type calendar struct {
	months, monthsShort, monthsAlone [12]string // format wide, format abbreviated, stand-alone wide
	year, month, day                 string     // patterns y, yMMMM, long date
	yearRange                        string     // interval y, greatest difference y
	monthRanges                      [2]string  // interval yMMMM: differences M, y
	dayRanges                        [3]string  // interval yMMMd: differences d, M, y
	fallback                         string     // "{0} – {1}"
}

var cldrTags, cldrMatcher = func() ([]string, language.Matcher) {
	var names []string
	var tags []language.Tag
	for name := range cldrCalendars {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		tags = append(tags, language.MustParse(name))
	}
	return names, language.NewMatcher(tags)
}()

// calendarFor is CLDR's calendar closest to the tag, or English's.
func calendarFor(tag language.Tag) *calendar {
	_, i, conf := cldrMatcher.Match(tag)
	if conf == language.No {
		return cldrCalendars["en"]
	}
	return cldrCalendars[cldrTags[i]]
}

// Date gives a date in the catalog's words: a year, a month of a year
// (month > 0) or a day (day > 0 too).
func (c *Catalog) Date(year, month, day int) string {
	if c.Has("date.day") {
		switch {
		case month == 0:
			return c.Text("date.year", "year", year)
		case day == 0:
			return c.Text("date.month", "month", c.Month(month), "year", year)
		}
		return c.Text("date.day", "day", day, "month", c.Month(month), "year", year)
	}
	cal := c.calendar
	switch {
	case month == 0:
		return cal.format(cal.year, year, 0, 0)
	case day == 0:
		return cal.format(cal.month, year, month, 0)
	}
	return cal.format(cal.day, year, month, day)
}

// Span gives a range of two dates of the same precision as its start,
// the separator and its end, sharing what the two have in common: "15",
// "–", "18 May 1989"; "31 August", " – ", "3 September 2025". Dates of
// different precision are given whole.
func (c *Catalog) Span(a, b [3]int) (first, sep, last string) {
	if c.Has("date.day") {
		return c.ownSpan(a, b)
	}
	cal := c.calendar
	same := (a[1] == 0) == (b[1] == 0) && (a[2] == 0) == (b[2] == 0)
	var pattern string
	switch {
	case !same:
	case a[1] == 0:
		pattern = cal.yearRange
	case a[2] == 0 && a[0] == b[0]:
		pattern = cal.monthRanges[0]
	case a[2] == 0:
		pattern = cal.monthRanges[1]
	case a[0] == b[0] && a[1] == b[1]:
		pattern = cal.dayRanges[0]
	case a[0] == b[0]:
		pattern = cal.dayRanges[1]
	default:
		pattern = cal.dayRanges[2]
	}
	if pattern == "" {
		f, l := c.Date(a[0], a[1], a[2]), c.Date(b[0], b[1], b[2])
		sep := strings.TrimSuffix(strings.TrimPrefix(cal.fallback, "{0}"), "{1}")
		return f, sep, l
	}
	if a[2] != 0 && strings.Contains(cal.day, "MMMM") {
		pattern = widen(pattern) // months as the long date writes them: "марта", not "мар."
	}
	head, tail := splitInterval(pattern)
	head, sep = splitSeparator(head)
	return cal.format(head, a[0], a[1], a[2]), cal.format(sep, 0, 0, 0), cal.format(tail, b[0], b[1], b[2])
}

// ownSpan is Span with the catalog's own patterns.
func (c *Catalog) ownSpan(a, b [3]int) (first, sep, last string) {
	last = c.Date(b[0], b[1], b[2])
	same := (a[1] == 0) == (b[1] == 0) && (a[2] == 0) == (b[2] == 0)
	switch {
	case !same:
	case a[1] == 0:
		return c.Date(a[0], a[1], a[2]), c.Text("span.dash"), last
	case a[0] == b[0] && a[2] == 0:
		return c.Text("span.first.same-year.months", "month", c.Month(a[1])), c.Text("span.dash"), last
	case a[0] == b[0] && a[1] == b[1]:
		return c.Text("span.first.same-month", "day", a[2]), c.Text("span.dash"), last
	case a[0] == b[0]:
		return c.Text("span.first.same-year", "day", a[2], "month", c.Month(a[1])), c.Text("span.dash.wide"), last
	}
	return c.Date(a[0], a[1], a[2]), c.Text("span.dash.wide"), last
}

// A field is a run of one pattern letter ("MMMM"), or literal text.
type field struct {
	letter byte // 0 for literal text
	width  int
	text   string
}

// fields splits an LDML date pattern into fields and literal text; text
// in single quotes is literal, and ” is a quote.
func fields(p string) []field {
	var out []field
	lit := func(s string) {
		if n := len(out); n > 0 && out[n-1].letter == 0 {
			out[n-1].text += s
		} else {
			out = append(out, field{text: s})
		}
	}
	for i := 0; i < len(p); {
		ch := p[i]
		switch {
		case ch == '\'':
			j := i + 1
			var s strings.Builder
			for j < len(p) {
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						s.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				s.WriteByte(p[j])
				j++
			}
			if j == i+1 {
				s.WriteByte('\'') // '' outside quotes
			}
			lit(s.String())
			i = j + 1
		case 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z':
			j := i
			for j < len(p) && p[j] == ch {
				j++
			}
			out = append(out, field{letter: ch, width: j - i})
			i = j
		default:
			j := i
			for j < len(p) && p[j] != '\'' && !('a' <= p[j] && p[j] <= 'z' || 'A' <= p[j] && p[j] <= 'Z') {
				j++
			}
			lit(p[i:j])
			i = j
		}
	}
	return out
}

// format fills a pattern with a date: y is the year, M and L the month
// (numeric up to two letters; abbreviated at three, wide at four; L
// stand-alone), d the day.
func (cal *calendar) format(p string, year, month, day int) string {
	var b strings.Builder
	for _, f := range fields(p) {
		switch f.letter {
		case 0:
			b.WriteString(f.text)
		case 'y':
			s := strconv.Itoa(year)
			if f.width == 2 && len(s) > 2 {
				s = s[len(s)-2:]
			}
			b.WriteString(s)
		case 'M', 'L':
			switch {
			case month < 1 || month > 12:
			case f.width >= 4 && f.letter == 'L':
				b.WriteString(cal.monthsAlone[month-1])
			case f.width >= 4:
				b.WriteString(cal.months[month-1])
			case f.width == 3:
				b.WriteString(cal.monthsShort[month-1])
			default:
				b.WriteString(pad(month, f.width))
			}
		case 'd':
			b.WriteString(pad(day, f.width))
		}
	}
	return b.String()
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// widen makes the abbreviated months of a pattern wide (MMM to MMMM,
// LLL to LLLL), as LDML adjusts an interval pattern to the skeleton asked
// for.
func widen(p string) string {
	var b strings.Builder
	for _, f := range fields(p) {
		switch {
		case f.letter == 0:
			b.WriteString(quote(f.text))
		case (f.letter == 'M' || f.letter == 'L') && f.width == 3:
			b.WriteString(strings.Repeat(string(f.letter), 4))
		default:
			b.WriteString(strings.Repeat(string(f.letter), f.width))
		}
	}
	return b.String()
}

// quote makes literal text safe in a pattern again.
func quote(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '\'' }) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// splitInterval parts an interval pattern where a field first repeats:
// the start's pattern (with the separator), and the end's.
func splitInterval(p string) (head, tail string) {
	seen := map[byte]bool{}
	fs := fields(p)
	for i, f := range fs {
		if f.letter == 0 {
			continue
		}
		l := f.letter
		if l == 'L' {
			l = 'M'
		}
		if seen[l] {
			return join(fs[:i]), join(fs[i:])
		}
		seen[l] = true
	}
	return p, ""
}

// splitSeparator parts the start's pattern from the separator at its end:
// the trailing literal text from its first space or dash ("日 – " gives
// "日" and " – ").
func splitSeparator(head string) (rest, sep string) {
	fs := fields(head)
	n := len(fs)
	if n == 0 || fs[n-1].letter != 0 {
		return head, ""
	}
	text := fs[n-1].text
	at := strings.IndexFunc(text, func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '–' || r == '—' || r == '-' || r == '~' || r == '至'
	})
	if at < 0 {
		at = 0
	}
	fs[n-1].text = text[:at]
	return join(fs), quote(text[at:])
}

// join writes fields back as a pattern.
func join(fs []field) string {
	var b strings.Builder
	for _, f := range fs {
		if f.letter == 0 {
			b.WriteString(quote(f.text))
		} else {
			b.WriteString(strings.Repeat(string(f.letter), f.width))
		}
	}
	return b.String()
}

package site

import (
	"io/fs"
	"timeline/site/words"
	"timeline/templates"

	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, iso, human, err string
	}{
		{in: "2019", iso: "2019", human: "2019"},
		{in: "2019-06", iso: "2019-06", human: "June 2019"},
		{in: "2024-02-08", iso: "2024-02-08", human: "8 February 2024"},
		{in: "2024-02-29", iso: "2024-02-29", human: "29 February 2024"},
		{in: " 2000-12-31 ", iso: "2000-12-31", human: "31 December 2000"},
		{in: "2023-02-29", err: "impossible: February 2023 has 28 days"},
		{in: "2024-04-31", err: "impossible: April 2024 has 30 days"},
		{in: "2024-00", err: "no month 0"},
		{in: "0000", err: "no year 0"},
		{in: "2024-13-01", err: "no month 13"},
		{in: "2024-01-00", err: "impossible"},
		{in: "24-01-01", err: "not a date"},
		{in: "2024-1-5", err: "not a date"},
		{in: "8 February 2024", err: "not a date"},
		{in: "2024-02-08-01", err: "not a date"},
		{in: "2024-+1", err: "not a date"},
		{in: "", err: "not a date"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) error = %v, want one containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.iso || formatDate(english(t), d) != tt.human {
			t.Errorf("ParseDate(%q) = %q, %q; want %q, %q", tt.in, d, formatDate(english(t), d), tt.iso, tt.human)
		}
	}
}

func date(s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestSpanHuman(t *testing.T) {
	tests := []struct{ start, end, want string }{
		{"2024-02-08", "", "8 February 2024"},
		{"2024-02-08", "2024-02-08", "8 February 2024"},
		{"1989-05-15", "1989-05-18", "15–18 May 1989"},
		{"2025-08-31", "2025-09-03", "31 August – 3 September 2025"},
		{"2024-12-30", "2025-01-02", "30 December 2024 – 2 January 2025"},
		{"2019-05", "2019-06", "May–June 2019"},
		{"2019", "2020", "2019–2020"},
		{"2019-05", "2019-06-02", "May 2019 – 2 June 2019"},
	}
	for _, tt := range tests {
		first, sep, last := formatSpan(english(t), Span{date(tt.start), date(tt.end)})
		if got := first + sep + last; got != tt.want {
			t.Errorf("Span{%s, %s} = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestSpanContains(t *testing.T) {
	tests := []struct {
		start, end, day string
		want            bool
	}{
		{"2013-03-14", "", "2013-03-14", true},
		{"2013-03-14", "", "2013-03-13", false},
		{"2013-03-14", "", "2013-03", true}, // a month that includes the first day
		{"2013-03-14", "", "2013", true},
		{"2013", "", "2013-01-01", true},
		{"2008-03", "2013-03-14", "2013-03-15", false},
		{"2008-03", "2013-03-14", "2008-02-28", false},
		{"2008-03", "2013-03-14", "2010", true},
		{"", "2000", "1999-12-31", true},
		{"", "", "1999-12-31", true},
	}
	for _, tt := range tests {
		if got := (Span{date(tt.start), date(tt.end)}).Contains(date(tt.day)); got != tt.want {
			t.Errorf("Span{%s, %s}.Contains(%s) = %v, want %v", tt.start, tt.end, tt.day, got, tt.want)
		}
	}
}

// english is the built-in English catalog.
func english(t testing.TB) *words.Catalog {
	data, err := fs.ReadFile(templates.FS, "messages/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := words.Parse("en", data)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

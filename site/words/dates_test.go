package words

import "testing"

// TestDatesFromCLDR holds dates in Russian and Chinese at each precision,
// and ranges within a month, across months and across years, to what
// CLDR 48's patterns give: the long date, yMMMM and y, and the interval
// formats yMMMd (months as wide as in the long date), yMMMM and y.
func TestDatesFromCLDR(t *testing.T) {
	const nnbsp, thin = "\u202f", "\u2009"
	ru, err := Parse("ru", nil)
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Parse("zh-Hans", nil)
	if err != nil {
		t.Fatal(err)
	}
	dates := []struct {
		c                *Catalog
		year, month, day int
		want             string
	}{
		{ru, 2023, 0, 0, "2023"},
		{ru, 2026, 5, 0, "май 2026" + nnbsp + "г."},
		{ru, 2023, 3, 20, "20 марта 2023" + nnbsp + "г."},
		{zh, 2023, 0, 0, "2023年"},
		{zh, 2026, 5, 0, "2026年5月"},
		{zh, 2023, 3, 20, "2023年3月20日"},
	}
	for _, tt := range dates {
		if got := tt.c.Date(tt.year, tt.month, tt.day); got != tt.want {
			t.Errorf("%s Date(%d, %d, %d) = %q, want %q", tt.c.Lang, tt.year, tt.month, tt.day, got, tt.want)
		}
	}
	spans := []struct {
		c    *Catalog
		a, b [3]int
		want string
	}{
		{ru, [3]int{2023, 3, 20}, [3]int{2023, 3, 22}, "20–22 марта 2023" + nnbsp + "г."},
		{ru, [3]int{2025, 8, 31}, [3]int{2025, 9, 3}, "31 августа – 3 сентября 2025" + nnbsp + "г."},
		{ru, [3]int{2024, 12, 30}, [3]int{2025, 1, 2}, "30 декабря 2024" + nnbsp + "г. – 2 января 2025" + nnbsp + "г."},
		{ru, [3]int{2019, 5, 0}, [3]int{2019, 6, 0}, "май – июнь 2019" + nnbsp + "г."},
		{ru, [3]int{2019, 11, 0}, [3]int{2020, 2, 0}, "ноябрь 2019" + nnbsp + "г. – февраль 2020" + nnbsp + "г."},
		{ru, [3]int{1998, 0, 0}, [3]int{2003, 0, 0}, "1998–2003"},
		{ru, [3]int{2019, 6, 0}, [3]int{2019, 6, 20}, "июнь 2019" + nnbsp + "г. – 20 июня 2019" + nnbsp + "г."},
		{zh, [3]int{2023, 3, 20}, [3]int{2023, 3, 22}, "2023年3月20日" + thin + "–" + thin + "22日"},
		{zh, [3]int{2025, 8, 31}, [3]int{2025, 9, 3}, "2025年8月31日" + thin + "–" + thin + "9月3日"},
		{zh, [3]int{2024, 12, 30}, [3]int{2025, 1, 2}, "2024年12月30日" + thin + "–" + thin + "2025年1月2日"},
		{zh, [3]int{2019, 5, 0}, [3]int{2019, 6, 0}, "2019年5月 – 6月"},
		{zh, [3]int{1998, 0, 0}, [3]int{2003, 0, 0}, "1998–2003年"},
	}
	for _, tt := range spans {
		first, sep, last := tt.c.Span(tt.a, tt.b)
		if got := first + sep + last; got != tt.want {
			t.Errorf("%s Span(%v, %v) = %q (%q, %q, %q), want %q", tt.c.Lang, tt.a, tt.b, got, first, sep, last, tt.want)
		}
	}
}

// TestOwnDatePatternsWin: a catalog with date.day formats with its own
// patterns, not CLDR's.
func TestOwnDatePatternsWin(t *testing.T) {
	c, err := Parse("en", []byte("months: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n"+
		"date.year: \"{year}\"\ndate.month: \"{month} {year}\"\ndate.day: \"{day} {month} {year}\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Date(2024, 5, 16); got != "16 May 2024" {
		t.Errorf("Date = %q, want the catalog's 16 May 2024", got)
	}
}

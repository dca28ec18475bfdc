package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"timeline/site"
	"timeline/templates"
)

// exportSite builds a small site whose events have every precision of
// date, long non-ASCII text, and the characters CSV and iCalendar escape.
func exportSite(t *testing.T, baseURL string) *site.Site {
	t.Helper()
	ev := func(title, date, end, people, extra string) *fstest.MapFile {
		if end != "" {
			end = "end: " + end + "\n"
		}
		return &fstest.MapFile{Data: []byte("---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + end +
			"type: meeting\nplace: \"Beijing, China\"\npeople: [" + people + "]\ntopics: [Trade]\nsummary: \"Said: a, b; c.\"\n" +
			"sources: [{title: \"A, report\", publisher: TASS, url: \"https://example.org/r\"}]\n" + extra + "---\nThe <b>body</b>.\n")}
	}
	fsys := fstest.MapFS{
		"_index.md":         {Data: []byte("---\ntitle: Export test\ndescription: For tests.\n---\n")},
		"people/xi.md":      {Data: []byte("---\nname: Xi Jinping\nnative: 习近平\nlang: zh-Hans\nroles: [{title: President, from: 2013}]\n---\n")},
		"people/putin.md":   {Data: []byte("---\nname: Vladimir Putin\nnative: Владимир Путин\nlang: ru\n---\n")},
		"topics/trade.md":   {Data: []byte("---\nname: Trade\n---\n")},
		"events/a-day.md":   ev("Встреча в Пекине: переговоры о торговле, энергетике и безопасности между лидерами", "2024-02-08", "", "Xi Jinping, Vladimir Putin", ""),
		"events/b-month.md": ev("Month", "2019-06", "", "Xi Jinping", ""),
		"events/c-year.md":  ev("Year", "2001", "", "Vladimir Putin", ""),
		"events/d-range.md": ev("Range", "2024-12-30", "2025-01-02", "Xi Jinping", "status: cancelled\n"),
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, BaseURL: baseURL, Outputs: All})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEventsJSONRoundTrip(t *testing.T) {
	s := exportSite(t, "https://example.org/t/")
	var got []Event
	if err := json.Unmarshal(file(t, s, "data/events.json"), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(s.Events) {
		t.Fatalf("%d events exported, want %d", len(got), len(s.Events))
	}
	for i, e := range s.Events {
		x := got[i]
		if x.ID != e.Slug || x.Title != e.Title || x.Date != e.Span.Start.String() || x.End != e.Span.End.String() ||
			x.URL != "https://example.org/t/"+e.URL() || x.Status != e.Status || len(x.In("people")) != len(e.In("people")) ||
			len(x.Sources) != 1 || x.Sources[0].Title != "A, report" {
			t.Errorf("event %d exported as %+v", i, x)
		}
	}
	day := got[2] // 2024-02-08, oldest first
	people, topics := day.In("people"), day.In("topics")
	if people[0].Name != "Xi Jinping" || people[0].Native != "习近平" || people[0].Role != "President" || topics[0].ID != "trade" {
		t.Errorf("people and topics not resolved: %+v %+v", people, topics)
	}
}

func TestEventsCSVRoundTrip(t *testing.T) {
	s := exportSite(t, "")
	data := file(t, s, "data/events.csv")
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("rows do not end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "id,date,end,type,status,title,place,occasion,people,people_native,topics,summary,documents,sources,url,document_kinds,source_publishers,source_dates,source_langs,source_archives,source_accessed,body" || len(rows) != len(s.Events)+1 {
		t.Fatalf("header %v and %d rows", rows[0], len(rows))
	}
	for i, e := range s.Events {
		r := rows[i+1]
		if r[0] != e.Slug || r[1] != e.Span.Start.String() || r[5] != e.Title || r[11] != "Said: a, b; c." ||
			r[13] != "A, report <https://example.org/r>" {
			t.Errorf("row %d = %q", i+1, r)
		}
	}
	if got := rows[3][8]; got != "Xi Jinping | Vladimir Putin" {
		t.Errorf("people joined as %q", got)
	}
	if got := rows[3][9]; got != "习近平 | Владимир Путин" {
		t.Errorf("people's native names joined as %q", got)
	}
}

// TestEventsCSVNativeNamesPairUp checks that the native names line up with
// the names when some people have none, and that a row with none at all
// has an empty cell.
func TestEventsCSVNativeNamesPairUp(t *testing.T) {
	ev := func(people string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\ndate: 2020\ntype: meeting\npeople: [" + people + "]\nsummary: s\n" +
			"sources: [{title: t, url: \"https://example.org/\"}]\n---\n")}
	}
	fsys := fstest.MapFS{
		"_index.md":     {Data: []byte("---\ntitle: T\n---\n")},
		"people/xi.md":  {Data: []byte("---\nname: Xi Jinping\nnative: 习近平\nlang: zh-Hans\n---\n")},
		"people/ann.md": {Data: []byte("---\nname: Ann\n---\n")},
		"events/a.md":   ev("Ann, Xi Jinping"),
		"events/b.md":   ev("Ann"),
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, Outputs: All})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(file(t, s, "data/events.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][8] != "people" || rows[0][9] != "people_native" || rows[0][10] != "topics" {
		t.Fatalf("header %q", rows[0])
	}
	if got := rows[1][8:10]; got[0] != "Ann | Xi Jinping" || got[1] != " | 习近平" {
		t.Errorf("names and native names %q; want them to pair up", got)
	}
	if got := rows[2][9]; got != "" {
		t.Errorf("native names of an event whose people have none: %q", got)
	}
}

func TestEventsICS(t *testing.T) {
	s := exportSite(t, "https://example.org/t/")
	text := string(file(t, s, "data/events.ics"))
	for _, line := range strings.SplitAfter(text, "\r\n") {
		if len(strings.TrimSuffix(line, "\r\n")) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Error("a line ends without CR")
	}
	unfolded := strings.ReplaceAll(text, "\r\n ", "")
	for _, want := range []string{
		"DTSTART;VALUE=DATE:20240208\r\nDTEND;VALUE=DATE:20240209\r\n", // one day
		"DTSTART;VALUE=DATE:20190601\r\nDTEND;VALUE=DATE:20190701\r\n", // a month
		"DTSTART;VALUE=DATE:20010101\r\nDTEND;VALUE=DATE:20020101\r\n", // a year
		"DTSTART;VALUE=DATE:20241230\r\nDTEND;VALUE=DATE:20250103\r\n", // a range
		"SUMMARY:Встреча в Пекине: переговоры о торговле\\, энергетике и безопасности между лидерами\r\n",
		"DESCRIPTION:Said: a\\, b\\; c.\r\n", "LOCATION:Beijing\\, China\r\n", "STATUS:CANCELLED\r\n",
		"UID:a-day@example.org/t\r\n", "URL:https://example.org/t/events/a-day/\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("events.ics lacks %q", want)
		}
	}
	if !strings.HasPrefix(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") || !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
		t.Error("not a calendar")
	}
}

// TestEventsICSStamp checks that every entry's DTSTAMP is when the
// calendar was made, by the same instant the site's feed gives as its
// last update, not the event's own date.
func TestEventsICSStamp(t *testing.T) {
	s := exportSite(t, "https://example.org/t/")
	var feed struct {
		Updated string `xml:"updated"`
	}
	if err := xml.Unmarshal(file(t, s, "feed.xml"), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Updated != "2024-12-30T00:00:00Z" { // the newest event's start
		t.Fatalf("the feed was updated %q", feed.Updated)
	}
	text := string(file(t, s, "data/events.ics"))
	if n, all := strings.Count(text, "\r\nDTSTAMP:"), strings.Count(text, "\r\nDTSTAMP:20241230T000000Z\r\n"); n != len(s.Events) || all != n {
		t.Errorf("%d entries, %d DTSTAMP lines, %d of them at the feed's 2024-12-30T00:00:00Z:\n%s", len(s.Events), n, all, text)
	}
}

// TestEventsICSWithoutBaseURL checks that without a base URL the entries
// carry no URL, which must be absolute, rather than a relative one.
func TestEventsICSWithoutBaseURL(t *testing.T) {
	s := exportSite(t, "")
	text := string(file(t, s, "data/events.ics"))
	if !strings.Contains(text, "BEGIN:VEVENT") {
		t.Fatalf("no entries:\n%s", text)
	}
	if strings.Contains(text, "\r\nURL:") {
		t.Errorf("an entry has a URL without a base URL:\n%s", text)
	}
}

func TestFoldICSKeepsCharactersWhole(t *testing.T) {
	line := "SUMMARY:" + strings.Repeat("习", 40)
	folded := foldICS(line)
	for _, part := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(part) > 75 || !strings.HasPrefix(part, " ") && !strings.HasPrefix(part, "SUMMARY") {
			t.Errorf("bad fold %q", part)
		}
		if !utf8.ValidString(part) {
			t.Errorf("a character was split: %q", part)
		}
	}
	if strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", "") != line {
		t.Error("unfolding does not give the line back")
	}
}

func TestTimelineJSShapes(t *testing.T) {
	s := exportSite(t, "")
	var doc struct {
		Title struct {
			Text map[string]string `json:"text"`
		} `json:"title"`
		Events []struct {
			StartDate map[string]string `json:"start_date"`
			EndDate   map[string]string `json:"end_date"`
			Text      map[string]string `json:"text"`
			Group     string            `json:"group"`
			UniqueID  string            `json:"unique_id"`
		} `json:"events"`
	}
	if err := json.Unmarshal(file(t, s, "data/timelinejs.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title.Text["headline"] != "Export test" || len(doc.Events) != 4 {
		t.Fatalf("title %v, %d events", doc.Title, len(doc.Events))
	}
	year, month, day, rng := doc.Events[0], doc.Events[1], doc.Events[2], doc.Events[3]
	if year.StartDate["year"] != "2001" || year.StartDate["month"] != "" || year.StartDate["day"] != "" {
		t.Errorf("year-only date as %v", year.StartDate)
	}
	if month.StartDate["month"] != "6" || month.StartDate["day"] != "" {
		t.Errorf("month date as %v", month.StartDate)
	}
	if day.StartDate["day"] != "8" || day.Group != "Meeting" || day.UniqueID != "a-day" ||
		day.Text["text"] != `<p>Said: a, b; c.</p><p><a href="events/a-day/">Full entry and sources</a></p>` {
		t.Errorf("day event as %+v", day)
	}
	if rng.EndDate["year"] != "2025" || rng.EndDate["day"] != "2" || day.EndDate != nil {
		t.Errorf("end dates %v and %v", rng.EndDate, day.EndDate)
	}
}

func TestFeedsAndSitemap(t *testing.T) {
	s := exportSite(t, "https://example.org/t/")
	var feed struct {
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(file(t, s, "feed.xml"), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.ID != "https://example.org/t/" || len(feed.Entries) != 4 || feed.Updated != "2024-12-30T00:00:00Z" {
		t.Fatalf("feed %s updated %s with %d entries", feed.ID, feed.Updated, len(feed.Entries))
	}
	first := feed.Entries[0]
	if first.ID != "https://example.org/t/events/d-range/" || first.Summary != "Said: a, b; c." || !strings.Contains(first.Content, "<p>The ") {
		t.Errorf("newest entry %+v", first)
	}
	var putin struct {
		Entries []struct {
			ID      string  `xml:"id"`
			Summary string  `xml:"summary"`
			Content *string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(file(t, s, "people/putin/feed.xml"), &putin); err != nil || len(putin.Entries) != 2 {
		t.Errorf("Putin's feed: %v, %d entries, want 2", err, len(putin.Entries))
	}
	for _, e := range putin.Entries {
		if e.Summary == "" || e.Content != nil {
			t.Errorf("Putin's feed has %s with summary %q and content %v; want the summary alone", e.ID, e.Summary, e.Content)
		}
	}
	if !bytes.Contains(file(t, s, "people/putin/index.html"), []byte(`<link rel="alternate" type="application/atom+xml" title="Vladimir Putin · Export test" href="../../people/putin/feed.xml">`)) {
		t.Error("Putin's page does not link his feed")
	}
	var sitemap struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(file(t, s, "sitemap.xml"), &sitemap); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, p := range s.Pages {
		if p.Kind != "404" && p.Kind != "print" {
			want++
		}
	}
	if len(sitemap.URLs) != want || sitemap.URLs[0] != "https://example.org/t/" {
		t.Errorf("sitemap lists %d URLs, want %d (all pages but 404 and the print edition)", len(sitemap.URLs), want)
	}
	for _, u := range sitemap.URLs {
		if strings.Contains(u, "/print/") {
			t.Errorf("the sitemap lists the print page %s", u)
		}
	}
	if _, ok := s.File("robots.txt"); ok {
		t.Error("a site in a subfolder has a robots.txt, which crawlers never read there")
	}
	root := exportSite(t, "https://example.org/")
	if !strings.Contains(string(file(t, root, "robots.txt")), "Sitemap: https://example.org/sitemap.xml") {
		t.Error("robots.txt does not name the sitemap")
	}
	if ics := string(file(t, root, "data/events.ics")); !strings.Contains(ics, "UID:a-day@example.org\r\n") {
		t.Errorf("the calendar's UIDs are not qualified by the site's host:\n%s", ics)
	}

	plain := exportSite(t, "")
	for _, name := range []string{"feed.xml", "sitemap.xml", "people/putin/feed.xml"} {
		if _, ok := plain.Files[name]; ok {
			t.Errorf("%s made without a base URL", name)
		}
	}
}

// file is an output file of a site built in memory.
func file(t *testing.T, s *site.Site, name string) []byte {
	t.Helper()
	data, ok := s.File(name)
	if !ok {
		t.Fatalf("the site has no %s", name)
	}
	return data
}

// TestCSVCellsAreNotFormulas: a title, place or summary that a spreadsheet
// would run as a formula is written as text.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: T\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"events/x.md": {Data: []byte("---\ntitle: \"=HYPERLINK(\\\"https://evil.example/\\\")\"\ndate: 2024\ntype: meeting\n" +
			"place: \"@SUM(1+1)\"\npeople: [A]\nsummary: \"-2+3\"\nsources: [{title: t, url: \"https://example.org/\"}]\n---\n")},
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, Outputs: All})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(file(t, s, "data/events.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	for col, want := range map[string]string{"title": `'=HYPERLINK("https://evil.example/")`, "place": "'@SUM(1+1)", "summary": "'-2+3", "type": "meeting"} {
		if row[col] != want {
			t.Errorf("%s = %q, want %q", col, row[col], want)
		}
	}
}

// TestCSVKeepsLineBreaks: a field's line breaks are written as they are
// (LF stays LF), records end with CRLF, and encoding/csv reads the fields
// back as events.json gives them.
func TestCSVKeepsLineBreaks(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: T\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"events/x.md": {Data: []byte("---\ntitle: \"Two\\nlines, \\\"quoted\\\"\"\ndate: 2024\ntype: meeting\npeople: [A]\n" +
			"summary: \"One\\ntwo\\r\\nthree\"\nsources: [{title: t, url: \"https://example.org/\"}]\n---\n")},
	}
	s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, Outputs: All})
	if err != nil {
		t.Fatal(err)
	}
	data := file(t, s, "data/events.csv")
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("records do not end with CRLF")
	}
	if !bytes.Contains(data, []byte("\"One\ntwo\r\nthree\"")) {
		t.Errorf("the summary's line breaks changed in %q", data)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var events []Event
	if err := json.Unmarshal(file(t, s, "data/events.json"), &events); err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	// encoding/csv reads \r\n inside a quoted field as \n, as RFC 4180 readers may.
	if row["title"] != events[0].Title || row["summary"] != strings.ReplaceAll(events[0].Summary, "\r\n", "\n") {
		t.Errorf("CSV gives title %q, summary %q; JSON %q, %q", row["title"], row["summary"], events[0].Title, events[0].Summary)
	}
}

func BenchmarkPlainText(b *testing.B) {
	body := template.HTML(strings.Repeat("<p>Officials from <em>both</em> delegations exchanged views on trade and investment during a working lunch, as <a href=\"https://example.org/\">a statement</a> noted.</p>\n<ul>\n<li>a timetable for expert consultations</li>\n</ul>\n", 30))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		plainText(body)
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<h2 id=\"h-a\">Talks</h2>\n<p>In the <strong>Great</strong> Hall&rsquo;s west room.</p><ul><li>one</li><li>two</li></ul>": "Talks In the Great Hall’s west room. one two",
		"<p>wo<em>r</em>d<br>next &lt;b&gt;</p>":                           "word next <b>",
		"<p>\tтекст,\r\n  且 mixed\u00a0spaces\u2003and\vvertical\ftab</p>": "текст, 且 mixed spaces and vertical tab",
		"<p>\xffbad byte</p>": "\ufffdbad byte",
	} {
		if got := plainText(template.HTML(in)); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

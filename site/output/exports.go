package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"timeline/site"
)

// The data exports, under data/ (documented in README.md):
//
//	events.json      every event with all its fields, people and topics resolved
//	events.csv       one row per event; lists joined with " | "
//	events.ics       an all-day iCalendar entry per event
//	timelinejs.json  Knight Lab TimelineJS3's JSON, partial dates as year/month/day

// Exports names every data file of the site and how to make it.
func Exports(s *site.Site) map[string]func() []byte {
	return map[string]func() []byte{
		"data/events.json":     s.InParts("data/events.json", eventsJSON(s)),
		"data/events.csv":      s.InParts("data/events.csv", eventsCSV(s)),
		"data/events.ics":      s.InParts("data/events.ics", eventsICS(s)),
		"data/timelinejs.json": s.InParts("data/timelinejs.json", timelineJS(s)),
	}
}

// An Event is an event as events.json gives it. Its ID is the
// event's slug, which is stable while the file keeps its name. In JSON,
// Terms are one key per taxonomy, in the site's order, after occasion:
// "people": [...], "topics": [...].
type Event struct {
	ID        string          `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Date      string          `json:"date"`
	End       string          `json:"end,omitempty"`
	Type      string          `json:"type"`
	Status    string          `json:"status"`
	Place     string          `json:"place,omitempty"`
	Occasion  string          `json:"occasion,omitempty"`
	Terms     []Terms         `json:"-"`
	Summary   string          `json:"summary"`
	Documents []site.Document `json:"documents,omitempty"`
	Sources   []Source        `json:"sources"`
	Body      string          `json:"body,omitempty"` // the Markdown, as written
	// Translations are the event's text in each other edition that has
	// it translated, by edition key; in the default edition's export only.
	Translations map[string]Text `json:"translations,omitempty"`
}

// Text is an event's text in one language.
type Text struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Place     string   `json:"place,omitempty"`
	Occasion  string   `json:"occasion,omitempty"`
	Documents []string `json:"documents,omitempty"`
}

// Terms are an event's terms of one taxonomy.
type Terms struct {
	Taxonomy string
	Terms    []Term
}

// In gives the event's terms of the taxonomy key.
func (x Event) In(key string) []Term {
	for _, ts := range x.Terms {
		if ts.Taxonomy == key {
			return ts.Terms
		}
	}
	return nil
}

// eventFields is an Event without its methods, for
// encoding/json to marshal its fields.
type eventFields Event

// MarshalJSON writes the fields in order, with a key per taxonomy
// between occasion and summary.
func (x Event) MarshalJSON() ([]byte, error) {
	fields, err := json.Marshal(eventFields(x))
	if err != nil {
		return nil, err
	}
	var terms []byte
	for _, ts := range x.Terms {
		key, _ := json.Marshal(ts.Taxonomy)
		list, err := json.Marshal(append([]Term{}, ts.Terms...)) // [] rather than null
		if err != nil {
			return nil, err
		}
		terms = append(append(append(append(terms, ','), key...), ':'), list...)
	}
	// summary is never left out, and no string can hold it unescaped.
	at := bytes.Index(fields, []byte(`,"summary":`))
	return slices.Concat(fields[:at], terms, fields[at:]), nil
}

// UnmarshalJSON reads what MarshalJSON writes: every key that is not a
// field is a taxonomy's list of terms, in the order written.
func (x *Event) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, (*eventFields)(x)); err != nil {
		return err
	}
	x.Terms = nil
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.Token() // {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		key, _ := tok.(string)
		if fieldKeys[key] {
			continue
		}
		var terms []Term
		if err := json.Unmarshal(raw, &terms); err != nil {
			return fmt.Errorf("%s: %v", key, err)
		}
		x.Terms = append(x.Terms, Terms{key, terms})
	}
	return nil
}

// fieldKeys are the JSON keys of an Event's fields, from their tags: every
// other key of an event is a taxonomy's.
var fieldKeys = func() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeFor[eventFields]()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "-" {
			keys[name] = true
		}
	}
	return keys
}()

// An Term is a term as events.json names it; a term with roles
// has the one held on the event's date.
type Term struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Native string `json:"native,omitempty"`
	Lang   string `json:"lang,omitempty"`
	Role   string `json:"role,omitempty"`
}

// An Source is a source as events.json gives it.
type Source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Date      string `json:"date,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Archive   string `json:"archive,omitempty"`
	Accessed  string `json:"accessed,omitempty"`
}

func export(s *site.Site, e *site.Event) Event {
	x := Event{ID: e.Slug, URL: s.BaseURL + e.URL(), Title: e.Title, Date: e.Span.Start.String(),
		End: e.Span.End.String(), Type: e.Type.ID, Status: e.Status, Place: e.Place, Occasion: e.Occasion,
		Summary: e.Summary, Documents: e.Documents, Body: strings.Trim(e.Markdown, "\r\n")}
	for _, tx := range s.Taxonomies {
		terms := []Term{}
		for _, t := range e.In(tx.Key) {
			terms = append(terms, Term{ID: t.Slug, Name: t.Name, Native: t.Native, Lang: t.Lang, Role: t.RoleOn(e.Span.Start)})
		}
		x.Terms = append(x.Terms, Terms{tx.Key, terms})
	}
	for _, src := range e.Sources {
		x.Sources = append(x.Sources, Source{src.Title, src.Publisher, src.URL, src.Date.String(), src.Lang, src.Archive, src.Accessed.String()})
	}
	return x
}

// eventJSON gives the item of events.json for the site's event i,
// indented as an item of the list: one level in.
func eventJSON(s *site.Site, i int) []byte {
	e := s.Events[i]
	x := export(s, e)
	for _, t := range s.Translated {
		if te := t.Events[i]; te.Slug == e.Slug && te.Untranslated == "" {
			if x.Translations == nil {
				x.Translations = map[string]Text{}
			}
			tx := Text{Title: te.Title, Summary: te.Summary, Place: te.Place, Occasion: te.Occasion}
			for _, d := range te.Documents {
				tx.Documents = append(tx.Documents, d.Title)
			}
			x.Translations[t.Edition.Key] = tx
		}
	}
	data, _ := x.MarshalJSON() // plain data: it cannot fail
	return indent(make([]byte, 0, len(data)*5/4), data, " ", " ")
}

// eventsJSON gives events.json, the events as MarshalIndent would give
// them, each indented once: through json.Marshal, each event's
// MarshalJSON output would be checked and compacted again.
func eventsJSON(s *site.Site) site.Parts {
	if len(s.Events) == 0 {
		return site.Parts{Head: "[]\n"}
	}
	return site.Parts{Head: "[\n ", Sep: ",\n ", Tail: "\n]\n", N: len(s.Events),
		Key: func(i int) [32]byte {
			key := []string{"events.json"}
			for _, t := range s.Translated {
				k := t.EventKey(t.Events[i])
				key = append(key, t.Edition.Key, string(k[:]))
			}
			return s.EventKey(s.Events[i], key...)
		},
		Make: func(i int) string { return string(eventJSON(s, i)) }}
}

// eventsCSV gives events.csv: columns id, date, end, type, status, title,
// place, occasion, one per taxonomy, summary, documents, sources, url,
// then what the others leave out, so that timeline import can make the
// same files of it: document_kinds, source_publishers, source_dates,
// source_langs, source_archives, source_accessed and body (the Markdown).
// A taxonomy whose terms may have native names (people) has a second
// column, KEY_native, right after its own: the names in their own script,
// in the same order, an empty one for a term without, so that the two
// lists pair up; the document_ and source_ columns pair up with documents
// and sources the same way.
func eventsCSV(s *site.Site) site.Parts {
	header := []string{"id", "date", "end", "type", "status", "title", "place", "occasion"}
	native := map[string]bool{}
	for _, x := range s.Taxonomies {
		header = append(header, x.Key)
		if slices.Contains(x.Fields, "native") {
			native[x.Key] = true
			header = append(header, x.Key+"_native")
		}
	}
	var head bytes.Buffer
	csvWriter{&head}.Write(append(header, "summary", "documents", "sources", "url",
		"document_kinds", "source_publishers", "source_dates", "source_langs", "source_archives", "source_accessed", "body"))
	return site.Parts{Head: head.String(), N: len(s.Events),
		Key:  func(i int) [32]byte { return s.EventKey(s.Events[i], "events.csv") },
		Make: func(i int) string { return eventRow(s, s.Events[i], native) }}
}

// eventRow gives the row of events.csv for event e, native naming the
// taxonomies that have a column of names in their own script.
func eventRow(s *site.Site, e *site.Event, native map[string]bool) string {
	x := export(s, e)
	row := []string{x.ID, x.Date, x.End, x.Type, x.Status, x.Title, x.Place, x.Occasion}
	for _, ts := range x.Terms {
		var names, natives []string
		anyNative := false
		for _, t := range ts.Terms {
			names = append(names, t.Name)
			natives = append(natives, t.Native)
			anyNative = anyNative || t.Native != ""
		}
		row = append(row, strings.Join(names, " | "))
		if native[ts.Taxonomy] {
			if !anyNative {
				natives = nil
			}
			row = append(row, strings.Join(natives, " | "))
		}
	}
	var docs, kinds, sources, publishers, dates, langs, archives, accessed []string
	for _, d := range x.Documents {
		docs = append(docs, d.Title)
		kinds = append(kinds, d.Kind)
	}
	for _, src := range x.Sources {
		sources = append(sources, strings.TrimSpace(src.Title+" <"+src.URL+">"))
		publishers = append(publishers, src.Publisher)
		dates = append(dates, src.Date)
		langs = append(langs, src.Lang)
		archives = append(archives, src.Archive)
		accessed = append(accessed, src.Accessed)
	}
	row = append(row, x.Summary, strings.Join(docs, " | "), strings.Join(sources, " | "), x.URL,
		paired(kinds), paired(publishers), paired(dates), paired(langs), paired(archives), paired(accessed),
		strings.Trim(e.Markdown, "\r\n"))
	for i := range row {
		row[i] = inert(row[i])
	}
	var b bytes.Buffer
	csvWriter{&b}.Write(row)
	return b.String()
}

// paired joins the values of one field of a list's items, in the order of
// the list, so that they pair up with it; empty when no item has one.
func paired(values []string) string {
	for _, v := range values {
		if v != "" {
			return strings.Join(values, " | ")
		}
	}
	return ""
}

// A csvWriter writes RFC 4180 records, each ended by CRLF, and keeps a
// line break inside a field as it is (encoding/csv's CRLF mode would turn
// it into CRLF, changing the text).
type csvWriter struct{ b *bytes.Buffer }

func (w csvWriter) Write(fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.b.WriteByte(',')
		}
		if f == "" || !strings.ContainsAny(f, "\",\r\n") && f[0] != ' ' && f[0] != '\t' {
			w.b.WriteString(f)
			continue
		}
		w.b.WriteByte('"')
		w.b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		w.b.WriteByte('"')
	}
	w.b.WriteString("\r\n")
}

// inert keeps a spreadsheet from running a cell as a formula: a cell
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text (OWASP's advice on CSV
// injection).
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// allDay gives the first day of a date and the day after its last, as
// iCalendar's all-day events want: a month or a year covers all its days.
func allDay(sp site.Span) (start, end time.Time) {
	day := func(d site.Date) time.Time {
		return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
	}
	last := sp.End
	if last.IsZero() {
		last = sp.Start
	}
	end = day(last)
	switch {
	case last.Month == 0:
		end = end.AddDate(1, 0, 0)
	case last.Day == 0:
		end = end.AddDate(0, 1, 0)
	default:
		end = end.AddDate(0, 0, 1)
	}
	return day(sp.Start), end
}

func eventsICS(s *site.Site) site.Parts {
	line := func(b *bytes.Buffer, format string, args ...any) {
		b.WriteString(foldICS(fmt.Sprintf(format, args...)))
	}
	// UIDs are unique worldwide by the site's host (RFC 5545 3.8.4.7),
	// and its path, for sites that share a host.
	host := "timeline"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Host != "" {
		host = u.Host + strings.TrimSuffix(u.Path, "/")
	}
	var head, tail bytes.Buffer
	line(&head, "BEGIN:VCALENDAR")
	line(&head, "VERSION:2.0")
	line(&head, "PRODID:-//timeline//%s//EN", escapeICS(s.Title))
	line(&head, "CALSCALE:GREGORIAN")
	line(&head, "X-WR-CALNAME:%s", escapeICS(s.Title))
	line(&tail, "END:VCALENDAR")
	// DTSTAMP is when the calendar was made (RFC 5545 3.8.7.2). The time
	// of the build would change the file on every build, so it is the
	// instant the site's Atom feed gives as its last update.
	stamp, _ := time.Parse(time.RFC3339, updated(s.Events))
	dtstamp := stamp.UTC().Format("20060102T150405Z")
	return site.Parts{Head: head.String(), Tail: tail.String(), N: len(s.Events),
		Key: func(i int) [32]byte { return s.EventKey(s.Events[i], "events.ics", dtstamp) },
		Make: func(i int) string {
			e := s.Events[i]
			var b bytes.Buffer
			start, end := allDay(e.Span)
			line(&b, "BEGIN:VEVENT")
			line(&b, "UID:%s@%s", e.Slug, host)
			line(&b, "DTSTAMP:%s", dtstamp)
			line(&b, "DTSTART;VALUE=DATE:%s", start.Format("20060102"))
			line(&b, "DTEND;VALUE=DATE:%s", end.Format("20060102"))
			line(&b, "SUMMARY:%s", escapeICS(e.Title))
			line(&b, "DESCRIPTION:%s", escapeICS(e.Summary))
			if e.Place != "" {
				line(&b, "LOCATION:%s", escapeICS(e.Place))
			}
			if e.Status == "cancelled" {
				line(&b, "STATUS:CANCELLED")
			} else if e.Status == "announced" {
				line(&b, "STATUS:TENTATIVE")
			} else {
				line(&b, "STATUS:CONFIRMED")
			}
			// URL must be an absolute URI (RFC 5545 3.8.4.6, 3.3.13):
			// without a base URL there is none to give.
			if s.BaseURL != "" {
				line(&b, "URL:%s", s.BaseURL+e.URL())
			}
			line(&b, "END:VEVENT")
			return b.String()
		}}
}

// escapeICS escapes text for an iCalendar value.
func escapeICS(s string) string { return icsEscaper.Replace(s) }

var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)

// foldICS ends a content line with CRLF, folding it so that no line is
// longer than 75 octets, without splitting a UTF-8 character.
func foldICS(line string) string {
	var b strings.Builder
	width := 75
	for len(line) > width {
		cut := width
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		width = 74 // the leading space of a continuation counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// timelineJS gives the site in TimelineJS3's JSON format: a title slide,
// and a slide per event, whose text (HTML) ends with a link to the
// event's page; without a base URL the link is relative to the site root.
func timelineJS(s *site.Site) site.Parts {
	type text struct {
		Headline string `json:"headline"`
		Text     string `json:"text,omitempty"`
	}
	type date struct {
		Year        string `json:"year"`
		Month       string `json:"month,omitempty"`
		Day         string `json:"day,omitempty"`
		DisplayDate string `json:"display_date,omitempty"`
	}
	type event struct {
		StartDate date   `json:"start_date"`
		EndDate   *date  `json:"end_date,omitempty"`
		Text      text   `json:"text"`
		Group     string `json:"group"`
		UniqueID  string `json:"unique_id"`
	}
	conv := func(d site.Date) date {
		out := date{Year: strconv.Itoa(d.Year), DisplayDate: s.FormatDate(d)}
		if d.Month > 0 {
			out.Month = strconv.Itoa(d.Month)
		}
		if d.Day > 0 {
			out.Day = strconv.Itoa(d.Day)
		}
		return out
	}
	type slide struct {
		Text text `json:"text"`
	}
	// {"title":…,"events":[…]}, as json.Marshal gives it.
	title, _ := json.Marshal(slide{text{Headline: html.EscapeString(s.Title), Text: html.EscapeString(s.Description)}})
	return site.Parts{Head: `{"title":` + string(title) + `,"events":[`, Sep: ",", Tail: "]}\n", N: len(s.Events),
		Key: func(i int) [32]byte { return s.EventKey(s.Events[i], "timelinejs.json") },
		Make: func(i int) string {
			e := s.Events[i]
			// TimelineJS shows text as HTML; each slide links to the event's
			// page, by its absolute URL when the site has one.
			link := `<p><a href="` + html.EscapeString(s.BaseURL+e.URL()) + `">` + html.EscapeString(s.Words.Text("timelinejs.link")) + `</a></p>`
			ev := event{StartDate: conv(e.Span.Start), Text: text{Headline: html.EscapeString(e.Title),
				Text: "<p>" + html.EscapeString(e.Summary) + "</p>" + link}, Group: e.Type.Label, UniqueID: e.Slug}
			if !e.Span.End.IsZero() {
				end := conv(e.Span.End)
				ev.EndDate = &end
			}
			data, _ := json.Marshal(ev)
			return string(data)
		}}
}

package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The data exports, under data/ (documented in README.md):
//
//	events.json      every event with all its fields, people and topics resolved
//	events.csv       one row per event; lists joined with " | "
//	events.ics       an all-day iCalendar entry per event
//	timelinejs.json  Knight Lab TimelineJS3's JSON, partial dates as year/month/day
//	search.json      the compact index the home page's search and filters use

// exports names every data file of the site and how to make it.
func (s *Site) exports() map[string]func() []byte {
	return map[string]func() []byte{
		"data/events.json":     s.eventsJSON,
		"data/events.csv":      s.eventsCSV,
		"data/events.ics":      s.eventsICS,
		"data/timelinejs.json": s.timelineJS,
		"data/search.json":     s.searchIndex,
	}
}

// An ExportedEvent is one event as events.json gives it. Its ID is the
// event's slug, which is stable while the file keeps its name.
type ExportedEvent struct {
	ID        string           `json:"id"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Date      string           `json:"date"`
	End       string           `json:"end,omitempty"`
	Type      string           `json:"type"`
	Status    string           `json:"status"`
	Place     string           `json:"place,omitempty"`
	Occasion  string           `json:"occasion,omitempty"`
	People    []ExportedTerm   `json:"people"`
	Topics    []ExportedTerm   `json:"topics"`
	Summary   string           `json:"summary"`
	Documents []Document       `json:"documents,omitempty"`
	Sources   []ExportedSource `json:"sources"`
}

// An ExportedTerm is a person or topic as events.json names it.
type ExportedTerm struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Native string `json:"native,omitempty"`
	Lang   string `json:"lang,omitempty"`
	Role   string `json:"role,omitempty"` // a person's office on the event's date
}

// An ExportedSource is a source as events.json gives it.
type ExportedSource struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Date      string `json:"date,omitempty"`
	Lang      string `json:"lang,omitempty"`
}

func (s *Site) export(e *Event) ExportedEvent {
	x := ExportedEvent{ID: e.Slug, URL: s.BaseURL + e.URL(), Title: e.Title, Date: e.Span.Start.String(),
		End: e.Span.End.String(), Type: e.Type, Status: e.Status, Place: e.Place, Occasion: e.Occasion,
		Summary: e.Summary, Documents: e.Documents, People: []ExportedTerm{}, Topics: []ExportedTerm{}}
	for _, p := range e.People {
		x.People = append(x.People, ExportedTerm{ID: p.Slug, Name: p.Name, Native: p.Native, Lang: p.Lang, Role: p.RoleOn(e.Span.Start)})
	}
	for _, t := range e.Topics {
		x.Topics = append(x.Topics, ExportedTerm{ID: t.Slug, Name: t.Name})
	}
	for _, src := range e.Sources {
		x.Sources = append(x.Sources, ExportedSource{src.Title, src.Publisher, src.URL, src.Date.String(), src.Lang})
	}
	return x
}

func (s *Site) eventsJSON() []byte {
	all := make([]ExportedEvent, len(s.Events))
	for i, e := range s.Events {
		all[i] = s.export(e)
	}
	data, _ := json.MarshalIndent(all, "", " ") // plain data: it cannot fail
	return append(data, '\n')
}

// csvHeader names the columns of events.csv.
var csvHeader = []string{"id", "date", "end", "type", "status", "title", "place", "occasion",
	"people", "topics", "summary", "documents", "sources", "url"}

func (s *Site) eventsCSV() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // RFC 4180
	w.Write(csvHeader)
	for _, e := range s.Events {
		x := s.export(e)
		var people, topics, docs, sources []string
		for _, p := range x.People {
			people = append(people, p.Name)
		}
		for _, t := range x.Topics {
			topics = append(topics, t.Name)
		}
		for _, d := range x.Documents {
			docs = append(docs, d.Title)
		}
		for _, src := range x.Sources {
			sources = append(sources, strings.TrimSpace(src.Title+" <"+src.URL+">"))
		}
		w.Write([]string{x.ID, x.Date, x.End, x.Type, x.Status, x.Title, x.Place, x.Occasion,
			strings.Join(people, " | "), strings.Join(topics, " | "), x.Summary,
			strings.Join(docs, " | "), strings.Join(sources, " | "), x.URL})
	}
	w.Flush()
	return buf.Bytes()
}

// allDay gives the first day of a date and the day after its last, as
// iCalendar's all-day events want: a month or a year covers all its days.
func allDay(sp Span) (start, end time.Time) {
	day := func(d Date) time.Time {
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

func (s *Site) eventsICS() []byte {
	var b strings.Builder
	line := func(format string, args ...any) { b.WriteString(foldICS(fmt.Sprintf(format, args...))) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//timeline//%s//EN", escapeICS(s.Title))
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:%s", escapeICS(s.Title))
	for _, e := range s.Events {
		start, end := allDay(e.Span)
		line("BEGIN:VEVENT")
		line("UID:%s@timeline", e.Slug)
		line("DTSTAMP:%sT000000Z", start.Format("20060102"))
		line("DTSTART;VALUE=DATE:%s", start.Format("20060102"))
		line("DTEND;VALUE=DATE:%s", end.Format("20060102"))
		line("SUMMARY:%s", escapeICS(e.Title))
		line("DESCRIPTION:%s", escapeICS(e.Summary))
		if e.Place != "" {
			line("LOCATION:%s", escapeICS(e.Place))
		}
		if e.Status == "cancelled" {
			line("STATUS:CANCELLED")
		} else if e.Status == "announced" {
			line("STATUS:TENTATIVE")
		} else {
			line("STATUS:CONFIRMED")
		}
		if s.BaseURL != "" {
			line("URL:%s", s.BaseURL+e.URL())
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
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

// timelineJS gives the site in TimelineJS3's JSON format.
func (s *Site) timelineJS() []byte {
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
	conv := func(d Date) date {
		out := date{Year: strconv.Itoa(d.Year), DisplayDate: d.Human()}
		if d.Month > 0 {
			out.Month = strconv.Itoa(d.Month)
		}
		if d.Day > 0 {
			out.Day = strconv.Itoa(d.Day)
		}
		return out
	}
	doc := struct {
		Title  text    `json:"title"`
		Events []event `json:"events"`
	}{Title: text{Headline: s.Title, Text: s.Description}, Events: []event{}}
	for _, e := range s.Events {
		ev := event{StartDate: conv(e.Span.Start), Text: text{Headline: e.Title, Text: e.Summary},
			Group: typeNames[e.Type], UniqueID: e.Slug}
		if !e.Span.End.IsZero() {
			end := conv(e.Span.End)
			ev.EndDate = &end
		}
		doc.Events = append(doc.Events, ev)
	}
	data, _ := json.Marshal(doc)
	return append(data, '\n')
}

// searchIndex is what the home page's search and filters read: people and
// topics by number, and per event its slug, year, type, people, topics and
// the lower-cased text to search.
func (s *Site) searchIndex() []byte {
	type term struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	index := struct {
		People []term  `json:"people"`
		Topics []term  `json:"topics"`
		Events [][]any `json:"events"` // [slug, year, type, [people], [topics], text]
	}{People: []term{}, Topics: []term{}, Events: [][]any{}}
	number := map[*Term]int{}
	for i, p := range s.People {
		number[p] = i
		index.People = append(index.People, term{p.Slug, p.Name})
	}
	for i, t := range s.Topics {
		number[t] = i
		index.Topics = append(index.Topics, term{t.Slug, t.Name})
	}
	for _, e := range s.Events {
		people, topics := []int{}, []int{}
		words := []string{e.Title, e.Summary, e.Place, e.Occasion}
		for _, p := range e.People {
			people = append(people, number[p])
			words = append(words, p.Name, p.Native)
			words = append(words, p.Aliases...)
		}
		for _, t := range e.Topics {
			topics = append(topics, number[t])
			words = append(words, t.Name)
		}
		index.Events = append(index.Events, []any{e.Slug, e.Span.Start.Year, e.Type, people, topics,
			strings.ToLower(strings.Join(words, " "))})
	}
	data, _ := json.Marshal(index)
	return append(data, '\n')
}

package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// pageKinds are the templates a template folder must have, one per kind of
// page; base.html and partials.html are shared by all.
var pageKinds = []string{"home", "event", "person", "topic", "people", "topics", "year", "404"}

// parseTemplates builds one template set per page kind, and a digest of
// all the template text.
func parseTemplates(tfs fs.FS, dir string, errs *Errors) (map[string]*template.Template, [32]byte) {
	d := newDigester()
	base := template.New("").Funcs(funcs)
	for _, name := range []string{"base.html", "partials.html"} {
		if !parseFile(base, tfs, dir, name, d, errs) {
			return nil, d.sum()
		}
	}
	sets := map[string]*template.Template{}
	for _, kind := range pageKinds {
		t := template.Must(base.Clone())
		if parseFile(t, tfs, dir, kind+".html", d, errs) {
			sets[kind] = t
		}
	}
	if len(sets) < len(pageKinds) {
		return nil, d.sum()
	}
	return sets, d.sum()
}

func parseFile(t *template.Template, tfs fs.FS, dir, name string, d digester, errs *Errors) bool {
	text, err := fs.ReadFile(tfs, name)
	if err != nil {
		errs.add(path.Join(dir, name), 0, 0, "cannot read the template: %v; every template folder needs %s", errors.Unwrap(err), name)
		return false
	}
	d.str(name).str(string(text))
	if _, err := t.New(name).Parse(string(text)); err != nil {
		addTemplateError(errs, dir, name, err)
		return false
	}
	return true
}

// An Entry is what a list entry's template gets: the event, and the root
// of the page that lists it.
type Entry struct {
	Root  string
	Event *Event
}

// entryKey identifies a list entry's output. It holds the templates'
// digest, as a store outlives a build.
type entryKey struct {
	templates  [32]byte
	name, root string
	event      [32]byte
}

// bindEntries gives every template set the "entries" function over one
// store of list entries.
func bindEntries(sets map[string]*template.Template, store *partials, templates [32]byte) {
	for _, t := range sets {
		t.Funcs(template.FuncMap{"entries": func(name, root string, events []*Event) (template.HTML, error) {
			var list strings.Builder
			var buf bytes.Buffer
			for _, e := range events {
				key := entryKey{templates, name, root, e.digest}
				h, ok := store.get(key)
				if !ok {
					buf.Reset()
					if err := t.ExecuteTemplate(&buf, name, Entry{root, e}); err != nil {
						return "", err
					}
					h = template.HTML(buf.String())
					store.set(key, h)
				}
				list.WriteByte('\n')
				list.WriteString(string(h))
			}
			return template.HTML(list.String()), nil
		}})
	}
}

var templatePos = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?:\s*`)

// addTemplateError turns a template error into file:line:col form.
func addTemplateError(errs *Errors, dir, file string, err error) {
	msg := err.Error()
	line, col := 0, 0
	if m := templatePos.FindStringSubmatchIndex(msg); m != nil {
		file = msg[m[2]:m[3]]
		line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		msg = msg[:m[0]] + msg[m[1]:]
	}
	msg = strings.TrimPrefix(msg, "template: ")
	errs.add(path.Join(dir, file), line, col, "%s; fix the template", msg)
}

var typeNames = map[string]string{
	"state-visit": "State visit", "official-visit": "Official visit", "working-visit": "Working visit",
	"meeting": "Meeting", "summit-sideline": "Summit meeting", "phone-call": "Phone call",
	"video-call": "Video call", "ministerial": "Ministerial meeting", "signing": "Signing",
	"statement": "Statement", "other": "Other",
}

var funcs = template.FuncMap{
	// entries executes a template for each event with an Entry, and
	// joins the outputs, each on a line of its own:
	// {{entries "event-row" $.Root (newestFirst .Events)}}. An entry's
	// output is made once for all the pages at the same depth that list
	// it, and, in the preview, kept while the event's file and those of
	// its people and topics are unchanged: so it may show those, but not,
	// say, the event's neighbours. (Bound per render; see bindEntries.)
	"entries": func(string, string, []*Event) (template.HTML, error) {
		return "", fmt.Errorf("entries is only available while rendering")
	},
	// link is a link to an event's, person's, topic's or year's page from
	// a page whose Root is root, with a rel if one is given:
	// {{link $.Root .Older "prev"}}. It makes in one call what
	// <a href="{{$.Root}}{{.URL}}">{{.Title}}</a> makes in five escaped
	// actions, in a quarter of the time; pages hold dozens.
	"link": link,
	// typeName is the reader's name of an event type.
	"typeName": func(t string) string { return typeNames[t] },
	// span gives an event's dates as time elements: one for a single
	// date, two for a range ("<time …>15</time>–<time …>18 May 1989</time>").
	"span": func(s Span) template.HTML {
		first, sep, last := s.parts()
		h := `<time datetime="` + s.Start.String() + `">` + first + `</time>`
		if last != "" {
			h += sep + `<time datetime="` + s.End.String() + `">` + last + `</time>`
		}
		return template.HTML(h)
	},
	// date is a time element for one date.
	"date": func(d Date) template.HTML {
		return template.HTML(`<time datetime="` + d.String() + `">` + d.Human() + `</time>`)
	},
	// roleSpan tells when an office was held: "since 2013", "1999–2008".
	"roleSpan": func(s Span) string {
		switch {
		case s.Start.IsZero() && s.End.IsZero():
			return ""
		case s.End.IsZero():
			return "since " + s.Start.Human()
		case s.Start.IsZero():
			return "until " + s.End.Human()
		}
		return s.Human()
	},
	// newestFirst reverses a list of events kept oldest first.
	"newestFirst": func(events []*Event) []*Event {
		out := slices.Clone(events)
		slices.Reverse(out)
		return out
	},
	// dict bundles values for a partial template: dict "Page" $ "Event" .
	"dict": func(kv ...any) (map[string]any, error) {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys must be strings, not %v", kv[i])
			}
			m[k] = kv[i+1]
		}
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs of key and value")
		}
		return m, nil
	},
	"plural":     plural,
	"types":      func() []string { return EventTypes },
	"countChart": countChart,
	"jsonLD":     jsonLD,
}

func link(root string, to any, rel ...string) (template.HTML, error) {
	var url, text string
	switch to := to.(type) {
	case *Event:
		if to != nil {
			url, text = to.URL(), to.Title
		}
	case *Term:
		if to != nil {
			url, text = to.URL(), to.Name
		}
	case *Year:
		if to != nil {
			url, text = to.URL(), strconv.Itoa(to.Year)
		}
	}
	if url == "" {
		return "", fmt.Errorf("link takes an event, person, topic or year, not %T", to)
	}
	a := `<a href="` + template.HTMLEscapeString(root+url) + `"`
	for _, r := range rel {
		a += ` rel="` + template.HTMLEscapeString(r) + `"`
	}
	return template.HTML(a + ">" + template.HTMLEscapeString(text) + "</a>"), nil
}

// jsonLD describes an event as schema.org sees it, for a JSON-LD script.
// encoding/json escapes <, > and &, so the text cannot end the script.
func jsonLD(p *Page) (template.JS, error) {
	type thing struct {
		Type     string `json:"@type"`
		Name     string `json:"name"`
		JobTitle string `json:"jobTitle,omitempty"`
	}
	e := p.Event
	ld := struct {
		Context     string  `json:"@context"`
		Type        string  `json:"@type"`
		Name        string  `json:"name"`
		Description string  `json:"description"`
		Start       string  `json:"startDate"`
		End         string  `json:"endDate,omitempty"`
		Status      string  `json:"eventStatus"`
		Mode        string  `json:"eventAttendanceMode"`
		Location    *thing  `json:"location,omitempty"`
		Attendees   []thing `json:"attendee"`
		URL         string  `json:"url,omitempty"`
	}{
		Context: "https://schema.org", Type: "Event", Name: e.Title, Description: e.Summary,
		Start: e.Span.Start.String(), Status: "https://schema.org/EventScheduled",
		Mode: "https://schema.org/OfflineEventAttendanceMode", URL: p.Canonical(),
	}
	if !e.Span.End.IsZero() {
		ld.End = e.Span.End.String()
	}
	if e.Status == "cancelled" {
		ld.Status = "https://schema.org/EventCancelled"
	}
	switch {
	case e.Type == "phone-call" || e.Type == "video-call":
		ld.Mode = "https://schema.org/OnlineEventAttendanceMode"
		ld.Location = &thing{Type: "VirtualLocation", Name: typeNames[e.Type]}
	case e.Place != "":
		ld.Location = &thing{Type: "Place", Name: e.Place}
	}
	for _, person := range e.People {
		ld.Attendees = append(ld.Attendees, thing{Type: "Person", Name: person.Name, JobTitle: person.RoleOn(e.Span.Start)})
	}
	data, err := json.Marshal(ld)
	return template.JS(data), err
}

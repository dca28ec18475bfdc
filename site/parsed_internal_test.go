package site

import (
	"html/template"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"timeline/content"
)

// stringStore keeps what a Store on disk keeps: strings and HTML.
type stringStore struct {
	mu     sync.Mutex
	values map[[32]byte]any
}

func newStringStore() *stringStore { return &stringStore{values: map[[32]byte]any{}} }

func (s *stringStore) Get(key [32]byte) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

func (s *stringStore) Put(key [32]byte, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch v.(type) {
	case string, template.HTML:
		s.values[key] = v
	}
}

// TestParsedEventsKept: every event of the default content, and one whose
// file has errors, is read from a Store on disk just as it was parsed,
// with its file's problems; what is cut short is not read at all.
func TestParsedEventsKept(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"_index.md", "events/2024-05-16-putin-state-visit-china.md"} {
		data, err := content.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	bad := strings.Replace(string(fsys["events/2024-05-16-putin-state-visit-china.md"].Data), "url: https://", "url: ftp://", 1)
	fsys["events/bad.md"] = &fstest.MapFile{Data: []byte(bad)}
	store := newStringStore()
	var errs Diagnostics
	first := load(fsys, "content", store, nil, true, &errs)
	if len(first.events) != 2 || len(errs) == 0 {
		t.Fatalf("read %d events with %d problems, want 2 and the bad file's", len(first.events), len(errs))
	}
	kept := 0
	for _, v := range store.values {
		if text, ok := v.(string); ok && strings.Contains(text, "Xi Jinping") {
			kept++
		}
	}
	if kept != 2 {
		t.Fatalf("the store keeps %d parsed events, want 2 (bad.md's too)", kept)
	}
	var again Diagnostics
	second := load(fsys, "content", store, nil, true, &again)
	if !reflect.DeepEqual(first.events, second.events) || again.Error() != errs.Error() {
		t.Errorf("read from the store, the events or the problems differ:\n%v\n%v", errs, again)
	}

	c := first.settings
	for _, e := range readAll(t, c) {
		data := encodeParsed(e, nil)
		got, _, ok := decodeParsed(data, c)
		if !ok || !reflect.DeepEqual(got, e) {
			t.Fatalf("%s does not come back as it was encoded", e.File)
		}
		for n := range len(data) {
			if _, _, ok := decodeParsed(data[:n], c); ok {
				t.Fatalf("%s: %d of its %d bytes are read as an event", e.File, n, len(data))
			}
		}
	}
}

// readAll reads every event of the default content against c.
func readAll(t *testing.T, c *settings) []*Event {
	t.Helper()
	var errs Diagnostics
	all := load(content.FS, "content", newStringStore(), nil, true, &errs)
	var events []*Event
	for _, e := range all.events {
		if e.relink == nil {
			e.Type = c.eventType(e.Type.ID)
			events = append(events, e)
		}
	}
	if len(events) < 100 {
		t.Fatalf("%d events of the default content to encode", len(events))
	}
	return events
}

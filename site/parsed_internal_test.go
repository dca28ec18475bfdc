package site

import (
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"timeline/content"
	"timeline/site/synth"
	"timeline/templates"
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

// opening counts the files of a tree that are opened.
type opening struct {
	fs.StatFS
	mu     sync.Mutex
	opened map[string]int
}

func (o *opening) Open(name string) (fs.File, error) {
	o.mu.Lock()
	o.opened[name]++
	o.mu.Unlock()
	return o.StatFS.Open(name)
}

// TestUnchangedFilesNotRead: with a Store on disk, a build reads no event
// file that is as a build that kept it found it (size, times, inode), and
// reads one that was written since, even with its size and modification
// time as before.
func TestUnchangedFilesNotRead(t *testing.T) {
	defer func(was time.Duration) { settled = was }(settled)
	settled = 0
	dir := t.TempDir()
	if err := os.CopyFS(dir, synth.FS(40, 3)); err != nil {
		t.Fatal(err)
	}
	tree := &opening{StatFS: os.DirFS(dir).(fs.StatFS)}
	store := newStringStore()
	build := func() (*Site, int) {
		t.Helper()
		tree.opened = map[string]int{}
		s, err := Build(Options{Content: tree, Templates: templates.FS, Store: store})
		if err != nil {
			t.Fatal(err)
		}
		read := 0
		for name := range tree.opened {
			if strings.HasPrefix(name, "events/") {
				read++
			}
		}
		return s, read
	}
	first, read := build()
	if read != 40 {
		t.Fatalf("the first build read %d event files, want 40", read)
	}
	if _, read := build(); read != 0 {
		t.Errorf("nothing changed, yet %d event files were read", read)
	}
	e := first.Events[5]
	name := filepath.Join(dir, filepath.FromSlash(e.File))
	data, _ := os.ReadFile(name)
	info, _ := os.Stat(name)
	edited := strings.Replace(string(data), e.Title, strings.ToUpper(e.Title[:1])+strings.ToLower(e.Title[1:]), 1)
	os.WriteFile(name, []byte(edited), 0o644)
	os.Chtimes(name, info.ModTime(), info.ModTime()) // the same size and time: only the change time tells
	s, read := build()
	if read != 1 {
		t.Errorf("one file written, and %d were read", read)
	}
	if got := s.Events[5].Title; got == e.Title {
		t.Errorf("the edited event's title is still %q", got)
	}
}

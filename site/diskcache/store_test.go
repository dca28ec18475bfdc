package diskcache

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func key(s string) (k [32]byte) {
	copy(k[:], s)
	return k
}

// TestStoreAddsWhatIsNew: a build that puts a few entries beside many
// that the store has writes a file of those few only; the files are read
// together, and merged into one once there are many, or one is damaged.
func TestStoreAddsWhatIsNew(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := func() []string {
		names, _ := filepath.Glob(filepath.Join(c.dir, "builds", "*.bodies*"))
		return names
	}
	big := strings.Repeat("x", 100_000)
	s := c.Store("content", "p1")
	for i := range 50 {
		s.Put(key("k"+strconv.Itoa(i)), big)
	}
	if err := s.Save(c); err != nil || len(files()) != 1 {
		t.Fatalf("after the first save: %v, %d files", err, len(files()))
	}
	for step := range 20 {
		s = c.Store("content", "p1")
		for i := range 50 {
			if v, ok := s.Get(key("k" + strconv.Itoa(i))); !ok || v != big {
				t.Fatalf("step %d: entry %d is lost", step, i)
			}
		}
		for i := range step {
			if v, ok := s.Get(key("new" + strconv.Itoa(i))); !ok || v != "value "+strconv.Itoa(i) {
				t.Fatalf("step %d: the entry added at step %d is lost", step, i)
			}
		}
		s.Put(key("new"+strconv.Itoa(step)), "value "+strconv.Itoa(step))
		if err := s.Save(c); err != nil {
			t.Fatal(err)
		}
		names := files()
		if step < maxParts-1 && len(names) != step+2 {
			t.Fatalf("step %d: %d files, want %d", step, len(names), step+2)
		}
		if len(names) > maxParts {
			t.Fatalf("step %d: %d files, more than %d", step, len(names), maxParts)
		}
		if info, _ := os.Stat(names[len(names)-1]); len(names) > 1 && info.Size() > 1000 {
			t.Fatalf("step %d: the added file holds %d bytes for one entry", step, info.Size())
		}
	}

	names := files()
	os.WriteFile(names[len(names)-1], []byte("timeline store 2\nnot what was written"), 0o600)
	s = c.Store("content", "p1")
	if !s.Damaged {
		t.Fatal("a damaged file is not found")
	}
	if _, ok := s.Get(key("k0")); !ok {
		t.Fatal("the undamaged files are not read")
	}
	s.Save(c)
	if n := len(files()); n != 1 {
		t.Fatalf("after a damaged file, %d files, want 1", n)
	}
	if s = c.Store("content", "p2"); len(s.values) != 0 || s.Damaged {
		t.Fatalf("another program's store gives %d entries (damaged: %v)", len(s.values), s.Damaged)
	}
	// A store as an earlier version wrote it (a SHA-256 at its end).
	os.WriteFile(files()[0], []byte("timeline store 1\np1\n"+strings.Repeat("x", 64)), 0o600)
	if s = c.Store("content", "p1"); len(s.values) != 0 || s.Damaged {
		t.Fatalf("an earlier version's store gives %d entries (damaged: %v)", len(s.values), s.Damaged)
	}
}

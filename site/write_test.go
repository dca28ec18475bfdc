package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"testing/fstest"

	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"timeline/templates"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteReplacesOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := &Site{Files: map[string][]byte{
		"index.html": []byte("home"), "events/a/index.html": []byte("a"), "events/b/index.html": []byte("b"),
	}}
	if err := first.Write(dir); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "events/a/index.html"), past, past); err != nil {
		t.Fatal(err)
	}
	second := &Site{Files: map[string][]byte{
		"index.html": []byte("home 2"), "events/a/index.html": []byte("a"), "events/c/index.html": []byte("c"),
	}}
	if err := second.Write(dir); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	want := map[string]string{"index.html": "home 2", "events/a/index.html": "a", "events/c/index.html": "c"}
	if len(got) != len(want) {
		t.Errorf("output has %v, want %v", got, want)
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s = %q, want %q", name, got[name], data)
		}
	}
	info, err := os.Stat(filepath.Join(dir, "events/a/index.html"))
	if err != nil || !info.ModTime().Equal(past) {
		t.Errorf("an unchanged file was rewritten: modified %v, want %v", info.ModTime(), past)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".public.new-*")); len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func TestWriteFailureKeepsOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	good := &Site{Files: map[string][]byte{"index.html": []byte("good")}}
	if err := good.Write(dir); err != nil {
		t.Fatal(err)
	}
	// "a" cannot be both a file and a folder: staging fails half-way.
	bad := &Site{Files: map[string][]byte{"index.html": []byte("bad"), "a": []byte("x"), "a/b": []byte("y")}}
	if err := bad.Write(dir); err == nil {
		t.Fatal("Write succeeded; want an error")
	}
	if got := readTree(t, dir); len(got) != 1 || got["index.html"] != "good" {
		t.Errorf("output after a failed write = %v, want the previous one", got)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".public.new-*")); len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Site{Files: map[string][]byte{"index.html": []byte("home")}}
	err := s.Write(dir)
	if err == nil || !strings.Contains(err.Error(), "not a built site") {
		t.Fatalf("Write into a folder of other files: %v; want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(data) != "years of work" {
		t.Error("the folder's files were touched")
	}
}

// termList is an output of one file per term, naming the term's events.
func termList(s *Site) map[string]func() []byte {
	files := map[string]func() []byte{}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			files[t.URL()+"events.txt"] = func() []byte {
				var b strings.Builder
				for _, e := range t.Events {
					b.WriteString(e.Title + "\n")
				}
				return []byte(b.String())
			}
		}
	}
	return files
}

// TestOutputsAreWritten: the files of the outputs a build names are
// written by BuildTo, with or without a cache, and by Write from a site
// built in memory, with a cache as timeline watch builds it; in memory
// File makes them when asked for.
func TestOutputsAreWritten(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: Watch\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"events/e.md": {Data: []byte(okEvent)},
	}
	opts := func(cache *Cache) Options {
		return Options{Content: fsys, Templates: templates.FS, Outputs: []Output{termList}, Cache: cache}
	}
	check := func(how string, got map[string]string) {
		t.Helper()
		if got["people/a/events.txt"] != "Fine\n" || got["index.html"] == "" {
			t.Errorf("%s: people/a/events.txt = %q, index.html %d bytes", how, got["people/a/events.txt"], len(got["index.html"]))
		}
	}
	for _, cache := range []*Cache{nil, NewCache()} {
		dir := filepath.Join(t.TempDir(), "public")
		if _, err := BuildTo(opts(cache), dir); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("BuildTo with cache %v", cache != nil), readTree(t, dir))

		s, err := Build(opts(cache))
		if err != nil {
			t.Fatal(err)
		}
		if data, ok := s.File("people/a/events.txt"); !ok || string(data) != "Fine\n" {
			t.Errorf("File(people/a/events.txt) = %q, %v", data, ok)
		}
		dir = filepath.Join(t.TempDir(), "public")
		if err := s.Write(dir); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("Write with cache %v", cache != nil), readTree(t, dir))
	}
}

// TestOutputThatIsNoFolder: an output path naming a file, or a symbolic
// link, is refused, and the file (or the link) is left as it was.
func TestOutputThatIsNoFolder(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "public")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	s := &Site{Files: map[string][]byte{"index.html": []byte("home")}}
	for _, out := range []string{notes, link} {
		if err := s.Write(out); err == nil || !strings.Contains(err.Error(), "refusing to replace it") {
			t.Errorf("Write(%s) = %v; want a refusal", out, err)
		}
	}
	if data, _ := os.ReadFile(notes); string(data) != "notes" {
		t.Errorf("notes.txt holds %q after the build; want it untouched", data)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", info, err)
	}
}

// TestStagesOfKilledBuildsAreRemoved: the folders that builds killed
// before they finished left beside the output are gone after the next.
func TestStagesOfKilledBuildsAreRemoved(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	s := &Site{Files: map[string][]byte{"index.html": []byte("home")}}
	if err := s.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, stale := range []string{".public.new-123", ".public.new-456.old"} {
		if err := os.MkdirAll(filepath.Join(parent, stale, "events"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Write(dir); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.new-*")); len(left) > 0 {
		t.Errorf("stages left: %v", left)
	}
}

// TestOutputPutAsideIsRestored: a build killed between the two renames of
// a swap left the output aside; the next build puts it back first, so a
// build that then fails leaves the previous site in place.
func TestOutputPutAsideIsRestored(t *testing.T) {
	parent := t.TempDir()
	aside := filepath.Join(parent, ".public.new-123.old")
	if err := os.MkdirAll(aside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(aside, "index.html"), []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := newStage(filepath.Join(parent, "public"))
	if err != nil {
		t.Fatal(err)
	}
	st.abort()
	if got := readTree(t, filepath.Join(parent, "public")); got["index.html"] != "previous" {
		t.Errorf("output after recovery = %v; want the previous site", got)
	}
}

// TestOutputCheckedAgainAtTheSwap: a folder of the user's put at the
// output while the site was being built is not replaced.
func TestOutputCheckedAgainAtTheSwap(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	st, err := newStage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.put("index.html", []byte("home")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.commit(); err == nil || !strings.Contains(err.Error(), "not a built site") {
		t.Fatalf("commit over a user's folder: %v; want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(data) != "years of work" {
		t.Error("the user's folder was replaced")
	}
}

// TestConcurrentBuildsIntoOneFolder: two builds into one folder at once,
// again and again, leave a whole site each time: every file of one of
// them, and nothing of the other.
func TestConcurrentBuildsIntoOneFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	sites := []*Site{
		{Files: map[string][]byte{"index.html": []byte("A"), "events/a/index.html": []byte("A"), "a.txt": []byte("A")}},
		{Files: map[string][]byte{"index.html": []byte("B"), "events/a/index.html": []byte("B"), "b.txt": []byte("B")}},
	}
	for i := range 50 {
		var wg sync.WaitGroup
		for _, s := range sites {
			wg.Go(func() {
				if err := s.Write(dir); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got := readTree(t, dir)
		whole := false
		for _, s := range sites {
			same := len(got) == len(s.Files)
			for name, data := range s.Files {
				same = same && got[name] == string(data)
			}
			whole = whole || same
		}
		if !whole {
			t.Fatalf("round %d: the output is neither build: %v", i, got)
		}
	}
}

// full is a target whose disk is full.
type full struct{}

func (full) put(string, []byte) error                     { return syscall.ENOSPC }
func (full) keeps() bool                                  { return false }
func (full) has(string, [32]byte) bool                    { return false }
func (full) size(string) (int, error)                     { return 0, fs.ErrNotExist }
func (full) putFrom(string, func(io.Writer)) (int, error) { return 0, syscall.ENOSPC }

// TestWriteFailureIsNotTheContents: a build whose files cannot be written
// fails with a WriteError naming the cause, not with errors that blame
// the content or the templates' assets.
func TestWriteFailureIsNotTheContents(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":   {Data: []byte("---\ntitle: T\n---\n")},
		"people/a.md": {Data: []byte("---\nname: A\n---\n")},
		"events/e.md": {Data: []byte(okEvent)},
	}
	_, err := build(Options{Content: fsys, Templates: templates.FS}, &recording{target: full{}})
	var we *WriteError
	if !errors.As(err, &we) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v; want a WriteError for the full disk", err)
	}
	if strings.Contains(err.Error(), "templates/assets") {
		t.Errorf("the error blames the assets: %v", err)
	}
}

// TestBuildIntoAMountPoint: an output that is a mount point (a container's
// volume), which cannot be renamed, is built into in place: the folder
// stays, its contents are the new site's, and no stage is left in it.
func TestBuildIntoAMountPoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	was := mountPoint
	mountPoint = func(d string) bool { return d == dir }
	t.Cleanup(func() { mountPoint = was })
	before, _ := os.Stat(dir)
	first := &Site{Files: map[string][]byte{"index.html": []byte("one"), "events/a/index.html": []byte("a")}}
	second := &Site{Files: map[string][]byte{"index.html": []byte("two"), "events/b/index.html": []byte("b")}}
	for _, s := range []*Site{first, second} {
		if err := s.Write(dir); err != nil {
			t.Fatal(err)
		}
		got := readTree(t, dir)
		if len(got) != len(s.Files) {
			t.Errorf("output %v, want %v", got, s.Files)
		}
		for name, data := range s.Files {
			if got[name] != string(data) {
				t.Errorf("%s = %q, want %q", name, got[name], data)
			}
		}
	}
	if after, _ := os.Stat(dir); !os.SameFile(before, after) {
		t.Error("the mount point itself was replaced")
	}
}

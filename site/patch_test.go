//go:build linux

package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"timeline/site/synth"
	"timeline/templates"
)

// patchedBuild builds fsys into out with a store and the keys of the last
// such build, as timeline build does with its cache, and gives the keys of
// this one.
func patchedBuild(t *testing.T, fsys fstest.MapFS, out string, before map[string][32]byte) (map[string][32]byte, error) {
	t.Helper()
	return patchedBuildWith(t, fsys, templates.FS, out, before)
}

func patchedBuildWith(t *testing.T, fsys fstest.MapFS, tfs fs.FS, out string, before map[string][32]byte) (map[string][32]byte, error) {
	t.Helper()
	var keys map[string][32]byte
	_, err := BuildTo(Options{Content: fsys, Templates: tfs, Store: NewMemoryStore(),
		Before: before, BeforeStamp: Stamp(out),
		Committed: func(_ string, k map[string][32]byte) { keys = k }}, out)
	return keys, err
}

// sameAsFromNothing builds fsys with tfs into clean, without a store, and
// fails unless out holds the same files, byte for byte.
func sameAsFromNothing(t *testing.T, fsys fstest.MapFS, tfs fs.FS, out, clean string) {
	t.Helper()
	if _, err := BuildTo(Options{Content: fsys, Templates: tfs}, clean); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, clean)
	if len(got) != len(want) {
		t.Errorf("the output has %d files, a build from nothing %d", len(got), len(want))
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s differs from a build from nothing", name)
		}
	}
}

// TestPatchWritesOnlyWhatChanged: after one event's title is edited, a
// build with the last one's keys writes its page, its neighbours' and the
// lists that show it, leaves every other file as it was (not written
// since), and gives what a build from nothing gives; a file put there by
// hand goes.
func TestPatchWritesOnlyWhatChanged(t *testing.T) {
	fsys := synth.FS(300, 1).(fstest.MapFS)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range fsys {
		f.ModTime = stamp
	}
	dir := t.TempDir()
	out, clean := filepath.Join(dir, "public"), filepath.Join(dir, "clean")
	keys, err := patchedBuild(t, fsys, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	written := writtenSince(t, out)
	events, _ := fs.Glob(fsys, "events/*.md")
	event := events[len(events)/2]
	fsys[event] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[event].Data), "title: ", "title: Edited ", 1)), ModTime: stamp.Add(time.Second)}
	os.WriteFile(filepath.Join(out, "stray.html"), []byte("mine"), 0o644)
	before := map[string][32]byte{"stray.html": {}}
	for name, key := range keys {
		before[name] = key
	}
	if _, err := patchedBuild(t, fsys, out, before); err != nil {
		t.Fatal(err)
	}
	sameAsFromNothing(t, fsys, templates.FS, out, clean)
	changed, all := written()
	slug := strings.TrimSuffix(filepath.Base(event), ".md")
	if !changed["events/"+slug+"/index.html"] {
		t.Errorf("the edited event's page was not written")
	}
	if len(changed) == 0 || len(changed) > all/5 {
		t.Errorf("one title edited: %d of %d files written; want the few that show it", len(changed), all)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.*")); len(leftovers) > 0 {
		t.Errorf("left beside the output: %v", leftovers)
	}
}

// TestKeptPartsNotMade: a file of parts that the output has as the last
// build made it is not made again, nor any of its parts; once one part
// changes, only that part is made, the others are copied from the file
// the output has, and the file is what a build from nothing makes.
func TestKeptPartsNotMade(t *testing.T) {
	fsys := synth.FS(50, 1).(fstest.MapFS)
	var made atomic.Int32
	titles := func(s *Site) map[string]func() []byte {
		return map[string]func() []byte{"titles.txt": s.InParts("titles.txt", Parts{Head: "titles:\n", Sep: "\n", Tail: "\n", N: len(s.Events),
			Key:  func(i int) [32]byte { return s.EventKey(s.Events[i], "titles") },
			Make: func(i int) string { made.Add(1); return s.Events[i].Title }})}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build := func(before map[string][32]byte, store Store) map[string][32]byte {
		t.Helper()
		var keys map[string][32]byte
		_, err := BuildTo(Options{Content: fsys, Templates: templates.FS, Store: store, Outputs: []Output{titles},
			Before: before, BeforeStamp: Stamp(out), Committed: func(_ string, k map[string][32]byte) { keys = k }}, out)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	store := NewMemoryStore()
	keys := build(nil, store)
	if n := made.Swap(0); n != 50 {
		t.Fatalf("the first build made %d parts, want 50", n)
	}
	info, _ := os.Stat(filepath.Join(out, "titles.txt"))
	keys = build(keys, store)
	if n := made.Swap(0); n != 0 {
		t.Errorf("nothing changed, yet %d parts were made", n)
	}
	if again, _ := os.Stat(filepath.Join(out, "titles.txt")); !os.SameFile(info, again) {
		t.Error("nothing changed, yet titles.txt was written again")
	}
	events, _ := fs.Glob(fsys, "events/*.md")
	fsys[events[7]] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[events[7]].Data), "title: ", "title: Edited ", 1))}
	keys = build(keys, store)
	if n := made.Load(); n != 1 {
		t.Errorf("a title was edited, and %d parts were made; want the one", n)
	}
	// Another event moved to the front, one gone.
	fsys[events[20]] = &fstest.MapFile{Data: []byte(regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(string(fsys[events[20]].Data), "date: 1901-01-01"))}
	delete(fsys, events[30])
	build(keys, store)
	got, _ := os.ReadFile(filepath.Join(out, "titles.txt"))
	build(nil, nil)
	if want, _ := os.ReadFile(filepath.Join(out, "titles.txt")); string(got) != string(want) || !strings.Contains(string(got), "Edited ") {
		t.Errorf("after the edits titles.txt is\n%.300s\nwant, as from nothing,\n%.300s", got, want)
	}
}

// TestPatchFinishedByNextBuild: a patch stopped half-way (as by a kill
// while the files were being written) is reported as such, and the next
// build into the folder finishes it before it builds.
func TestPatchFinishedByNextBuild(t *testing.T) {
	for _, at := range []int{1, 2, 3, 10} {
		fsys := synth.FS(100, 1).(fstest.MapFS)
		dir := t.TempDir()
		out, clean := filepath.Join(dir, "public"), filepath.Join(dir, "clean")
		keys, err := patchedBuild(t, fsys, out, nil)
		if err != nil {
			t.Fatal(err)
		}
		events, _ := fs.Glob(fsys, "events/*.md")
		event := events[len(events)/2]
		fsys[event] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[event].Data), "title: ", "title: Edited ", 1))}
		n := 0
		stop := errors.New("killed")
		moved = func() error {
			if n++; n == at {
				return stop
			}
			return nil
		}
		_, err = patchedBuild(t, fsys, out, keys)
		moved = nil
		var we *WriteError
		if !errors.As(err, &we) || !we.Partial || !errors.Is(err, stop) {
			t.Fatalf("a patch stopped at file %d: error %v; want a partial WriteError", at, err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".public.patch-*")); len(left) != 1 {
			t.Fatalf("a patch stopped at file %d left %v beside the output; want itself", at, left)
		}
		if _, err := patchedBuild(t, fsys, out, keys); err != nil {
			t.Fatal(err)
		}
		sameAsFromNothing(t, fsys, templates.FS, out, clean)
		if left, _ := filepath.Glob(filepath.Join(dir, ".public.*")); len(left) > 0 {
			t.Errorf("left beside the output: %v", left)
		}
	}
}

// writtenSince sets the modification time of every file in out an hour
// back, and gives a function that tells which files were written since,
// and how many files out has then.
func writtenSince(t *testing.T, out string) func() (map[string]bool, int) {
	t.Helper()
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	walk := func(f func(rel string, info fs.FileInfo)) {
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				info, err := d.Info()
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(out, p)
				f(filepath.ToSlash(rel), info)
			}
			return nil
		})
	}
	walk(func(rel string, _ fs.FileInfo) {
		if err := os.Chtimes(filepath.Join(out, rel), past, past); err != nil {
			t.Fatal(err)
		}
	})
	return func() (map[string]bool, int) {
		changed, all := map[string]bool{}, 0
		walk(func(rel string, info fs.FileInfo) {
			all++
			if !info.ModTime().Equal(past) {
				changed[rel] = true
			}
		})
		return changed, all
	}
}

// TestMostChangedWrittenInPlace: when a template every page uses is
// edited, the build with the last one's keys writes every page over its
// file (the same folder, the same inodes), leaves the files that did not
// change unwritten, and gives what a build from nothing gives; a file of
// the output that is also linked from elsewhere (a copy made with cp -al)
// is replaced, not written through, so the copy keeps the old page; and a
// symbolic link or a file made read-only put in the output by hand is
// replaced, not followed or kept.
func TestMostChangedWrittenInPlace(t *testing.T) {
	fsys := synth.FS(100, 1).(fstest.MapFS)
	tfs := templatesCopy()
	dir := t.TempDir()
	out, clean := filepath.Join(dir, "public"), filepath.Join(dir, "clean")
	keys, err := patchedBuildWith(t, fsys, tfs, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	inode := func(p string) uint64 {
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Sys().(*syscall.Stat_t).Ino
	}
	home, people := filepath.Join(out, "index.html"), filepath.Join(out, "people", "index.html")
	pages, _ := filepath.Glob(filepath.Join(out, "events", "*", "index.html"))
	event, _ := filepath.Rel(out, pages[0])
	folder, page, eventPage := inode(out), inode(home), inode(pages[0])
	copied := filepath.Join(dir, "copy.html")
	if err := os.Link(home, copied); err != nil {
		t.Fatal(err)
	}
	oldHome, _ := os.ReadFile(home)
	elsewhere := filepath.Join(dir, "elsewhere.html")
	os.WriteFile(elsewhere, []byte("not the site's"), 0o644)
	os.Remove(people)
	if err := os.Symlink(elsewhere, people); err != nil {
		t.Fatal(err)
	}
	topics := filepath.Join(out, "topics", "index.html")
	os.Chmod(topics, 0o400)
	before := map[string][32]byte{}
	for name, key := range keys {
		before[name] = key
	}
	before["people/index.html"] = [32]byte{} // changed by hand, as the record would say
	before["topics/index.html"] = [32]byte{}
	written := writtenSince(t, out)
	tfs["base.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(tfs["base.html"].Data), "<head>", "<head>\n<!-- edited -->", 1))}
	if _, err := patchedBuildWith(t, fsys, tfs, out, before); err != nil {
		t.Fatal(err)
	}
	sameAsFromNothing(t, fsys, tfs, out, clean)
	if inode(out) != folder {
		t.Errorf("the output folder was replaced, not written into")
	}
	changed, all := written()
	if changed["assets/style.css"] {
		t.Errorf("an unchanged file was written again")
	}
	if !changed[filepath.ToSlash(event)] || inode(pages[0]) != eventPage {
		t.Errorf("%s: written %v, inode kept %v; want it written over", event, changed[filepath.ToSlash(event)], inode(pages[0]) == eventPage)
	}
	if len(changed) < all/2 {
		t.Errorf("%d of %d files written after an edit of the template every page uses", len(changed), all)
	}
	if got, _ := os.ReadFile(copied); string(got) != string(oldHome) {
		t.Errorf("a copy of the home page linked from outside the output was written through")
	}
	if inode(home) == page {
		t.Errorf("a page linked from outside the output kept its inode; want a file of its own")
	}
	if got, _ := os.ReadFile(elsewhere); string(got) != "not the site's" {
		t.Errorf("a symbolic link in the output was written through: %q", got)
	}
	if info, err := os.Lstat(people); err != nil || !info.Mode().IsRegular() {
		t.Errorf("the symbolic link in the output was not replaced by the page: %v", err)
	}
	if info, err := os.Stat(topics); err != nil || info.Mode().Perm() != fileMode {
		t.Errorf("a page made read-only by hand: %v, %v; want it made anew with mode %v", info.Mode(), err, fileMode)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public.*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

const quiet = 20 * time.Millisecond

// TestEditorSaves feeds the events each editor's way of saving makes, as
// inotify reports them, and checks that only the real file counts.
func TestEditorSaves(t *testing.T) {
	ev := func(op fsnotify.Op, name string) fsnotify.Event { return fsnotify.Event{Name: name, Op: op} }
	const f = "content/events/a.md"
	tests := []struct {
		name   string
		events []fsnotify.Event
		want   []string
	}{
		{"in-place write", []fsnotify.Event{ev(fsnotify.Write, f), ev(fsnotify.Write, f)}, []string{f}},
		{"vim backup and rename", []fsnotify.Event{
			ev(fsnotify.Rename, f), ev(fsnotify.Create, "content/events/a.md~"),
			ev(fsnotify.Create, f), ev(fsnotify.Write, f), ev(fsnotify.Chmod, f),
			ev(fsnotify.Write, "content/events/.a.md.swp"), ev(fsnotify.Remove, "content/events/a.md~"),
		}, []string{f}},
		{"sed -i", []fsnotify.Event{
			ev(fsnotify.Create, "content/events/sedAb12Cd"), ev(fsnotify.Write, "content/events/sedAb12Cd"),
			ev(fsnotify.Chmod, "content/events/sedAb12Cd"), ev(fsnotify.Rename, "content/events/sedAb12Cd"),
			ev(fsnotify.Create, f),
		}, []string{f}},
		{"JetBrains safe write", []fsnotify.Event{
			ev(fsnotify.Create, f+"___jb_tmp___"), ev(fsnotify.Write, f+"___jb_tmp___"),
			ev(fsnotify.Rename, f), ev(fsnotify.Create, f+"___jb_old___"),
			ev(fsnotify.Rename, f+"___jb_tmp___"), ev(fsnotify.Create, f),
			ev(fsnotify.Remove, f+"___jb_old___"),
		}, []string{f}},
		{"VS Code and editors writing a temp file then renaming", []fsnotify.Event{
			ev(fsnotify.Create, "content/events/.a.md.tmp"), ev(fsnotify.Write, "content/events/.a.md.tmp"),
			ev(fsnotify.Rename, "content/events/.a.md.tmp"), ev(fsnotify.Create, f),
		}, []string{f}},
		{"emacs", []fsnotify.Event{
			ev(fsnotify.Create, "content/events/.#a.md"), ev(fsnotify.Create, "content/events/#a.md#"),
			ev(fsnotify.Write, f), ev(fsnotify.Remove, "content/events/#a.md#"), ev(fsnotify.Remove, "content/events/.#a.md"),
		}, []string{f}},
		{"git checkout", []fsnotify.Event{
			ev(fsnotify.Create, "content/.git/index.lock"), ev(fsnotify.Remove, f),
			ev(fsnotify.Create, "content/events/b.md"), ev(fsnotify.Write, "content/events/b.md"),
			ev(fsnotify.Create, "content/people"), ev(fsnotify.Rename, "content/.git/index.lock"),
		}, []string{f, "content/events/b.md", "content/people"}},
		{"permissions only", []fsnotify.Event{ev(fsnotify.Chmod, f)}, nil},
		{"outside the roots", []fsnotify.Event{ev(fsnotify.Write, "elsewhere/a.md")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range tt.events {
				if p, ok := changed(e, []string{"content"}); ok && !slices.Contains(got, p) {
					got = append(got, p)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("changed paths = %q, want %q", got, tt.want)
			}
		})
	}
}

// startDebounce runs debounce on fresh channels inside a synctest bubble.
func startDebounce() (chan<- string, <-chan []string) {
	in, out := make(chan string), make(chan []string)
	go debounce(in, out, quiet, 20*quiet)
	return in, out
}

func TestDebounceBurstIsOneBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := startDebounce()
		start := time.Now()
		for i := range 50 {
			in <- []string{"a.md", "b.md", "c.md"}[i%3]
			time.Sleep(quiet / 4)
		}
		batch := <-out
		if !slices.Equal(batch, []string{"a.md", "b.md", "c.md"}) {
			t.Errorf("batch = %q", batch)
		}
		last := start.Add(49 * quiet / 4)
		if waited := time.Since(last); waited != quiet {
			t.Errorf("batch came %v after the last change, want %v", waited, quiet)
		}
		close(in)
	})
}

func TestDebounceChangeDuringBuildGivesOneMoreBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := startDebounce()
		in <- "a.md"
		if batch := <-out; !slices.Equal(batch, []string{"a.md"}) {
			t.Fatalf("first batch = %q", batch)
		}
		// A build takes 200ms; two saves land during it.
		go func() {
			time.Sleep(50 * time.Millisecond)
			in <- "b.md"
			time.Sleep(50 * time.Millisecond)
			in <- "a.md"
		}()
		time.Sleep(200 * time.Millisecond)
		if batch := <-out; !slices.Equal(batch, []string{"a.md", "b.md"}) {
			t.Errorf("batch after the build = %q, want both files", batch)
		}
		synctest.Wait()
		select {
		case batch := <-out:
			t.Errorf("an extra batch %q", batch)
		case <-time.After(time.Second):
		}
		close(in)
	})
}

func TestDebounceEndlessStreamStillBuilds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := startDebounce()
		stop, stopped := make(chan bool), make(chan bool)
		go func() {
			defer close(stopped)
			for {
				select {
				case in <- "log.md":
					time.Sleep(quiet / 2)
				case <-stop:
					close(in)
					return
				}
			}
		}()
		start := time.Now()
		<-out
		if waited := time.Since(start); waited != 20*quiet {
			t.Errorf("first batch after %v of constant changes, want %v", waited, 20*quiet)
		}
		close(stop)
		<-stopped
	})
}

// watchDir starts a watcher on a temp folder with one file in it.
func watchDir(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "events", "a.md"), "a")
	w, err := New(quiet, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for the next batch, for at most ten seconds.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
		return nil
	}
}

func TestRealRenameOverFile(t *testing.T) {
	dir, w := watchDir(t)
	target := filepath.Join(dir, "events", "a.md")
	write(t, filepath.Join(dir, "events", ".a.md.tmp"), "new")
	if err := os.Rename(filepath.Join(dir, "events", ".a.md.tmp"), target); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w); !slices.Equal(got, []string{target}) {
		t.Errorf("batch = %q, want just %s", got, target)
	}
}

func TestRealNewFolderWithFile(t *testing.T) {
	dir, w := watchDir(t)
	file := filepath.Join(dir, "people", "deep", "x.md")
	write(t, file, "x") // MkdirAll and write at once: the file may beat the watch
	if got := next(t, w); !slices.Contains(got, file) {
		t.Fatalf("batch = %q, want it to hold %s", got, file)
	}
	// The new folder is watched from then on.
	write(t, file, "x2")
	if got := next(t, w); !slices.Equal(got, []string{file}) {
		t.Errorf("batch = %q after writing in the new folder", got)
	}
}

func TestRealDelete(t *testing.T) {
	dir, w := watchDir(t)
	file := filepath.Join(dir, "events", "a.md")
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w); !slices.Equal(got, []string{file}) {
		t.Errorf("batch = %q, want %s", got, file)
	}
}

func TestRealScratchFilesAreQuiet(t *testing.T) {
	dir, w := watchDir(t)
	write(t, filepath.Join(dir, "events", ".a.md.swp"), "swap")
	write(t, filepath.Join(dir, "events", "a.md~"), "backup")
	write(t, filepath.Join(dir, ".git", "index"), "git")
	select {
	case b := <-w.Batches:
		if len(b) > 0 && !strings.Contains(strings.Join(b, ""), ".git") {
			t.Errorf("scratch files made a batch: %q", b)
		}
	case <-time.After(20 * quiet):
	}
}

// TestRealRootReplaced: the watched folder moved away and a new one made
// in its place (mv content content.old; cp -a content.old content) is
// watched from then on; its files count as changed.
func TestRealRootReplaced(t *testing.T) {
	dir, w := watchDir(t)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "events", "a.md")
	write(t, file, "copied")
	deadline := time.After(10 * time.Second)
	for seen := false; !seen; {
		select {
		case b := <-w.Batches:
			seen = slices.Contains(b, file)
		case <-deadline:
			t.Fatal("the new folder's file was never reported")
		}
	}
	// The new folder, not the old one, is watched.
	write(t, file, "edited")
	if got := next(t, w); !slices.Equal(got, []string{file}) {
		t.Errorf("batch = %q after an edit in the new folder", got)
	}
	write(t, filepath.Join(dir+".old", "events", "a.md"), "old")
	select {
	case b := <-w.Batches:
		t.Errorf("an edit in the old folder gave a batch %q", b)
	case <-time.After(30 * quiet):
	}
}

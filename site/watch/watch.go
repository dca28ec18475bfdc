// Package watch tells when files under a set of folders change, in
// batches. It watches every folder recursively, folders made later
// included; drops editors' temporary, swap and backup files (site.Ignored);
// and waits for a quiet moment, so that one save, whatever dance the editor
// does to make it, or a git checkout of hundreds of files, is one batch.
// A batch that arrives while the last one is still being handled is kept,
// and merged with what follows, until it is taken.
package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"timeline/site"
)

// A Watcher reports changes under its folders.
type Watcher struct {
	// Batches delivers the paths changed since the last batch, sorted.
	Batches <-chan []string
	// Errors delivers problems of the watch itself, such as a full queue.
	Errors <-chan error

	fsw     *fsnotify.Watcher
	roots   []string
	changes chan string
	errors  chan error
	done    chan struct{}
}

// New watches the folders and everything under them. A batch is made once
// no change has come for quiet, or at the latest 20×quiet after its first
// change, so that a constant stream of writes cannot hold builds back.
func New(quiet time.Duration, roots ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	batches := make(chan []string)
	w := &Watcher{Batches: batches, fsw: fsw, roots: roots, changes: make(chan string, 64),
		errors: make(chan error, 8), done: make(chan struct{})}
	w.Errors = w.errors
	for _, root := range roots {
		if err := w.addTree(root, nil); err != nil {
			fsw.Close()
			return nil, err
		}
		// The folder above, to see the root itself replaced by another
		// of its name (mv content content.old; cp -a content.old content).
		if parent := filepath.Dir(root); !slices.Contains(fsw.WatchList(), parent) {
			fsw.Add(parent) // without it, replacing the root goes unseen, as before
		}
	}
	go w.pump()
	go func() {
		debounce(w.changes, batches, quiet, 20*quiet)
		close(batches)
	}()
	return w, nil
}

// Close stops the watch and closes Batches.
func (w *Watcher) Close() error {
	err := w.fsw.Close()
	<-w.done
	return err
}

// pump turns fsnotify's events into changed paths.
func (w *Watcher) pump() {
	defer close(w.done)
	defer close(w.changes)
	for {
		select {
		case e, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			path, ok := changed(e, w.roots)
			if !ok {
				continue
			}
			if e.Has(fsnotify.Create) && slices.Contains(w.roots, path) {
				w.rewatch(path)
			} else if e.Has(fsnotify.Create) {
				// A new folder: watch it, and count what it already holds,
				// since files may have landed before the watch began.
				if info, err := os.Lstat(path); err == nil && info.IsDir() {
					w.addTree(path, func(p string) { w.changes <- p })
				}
			}
			w.changes <- path
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errors <- err:
			default: // nobody listens
			}
			// Changes may have gone unseen (the kernel's queue overflowed):
			// every root counts as changed.
			for _, root := range w.roots {
				w.changes <- root
			}
		}
	}
}

// changed tells whether an event under one of the roots is a change to
// input, and of which path. Changes of permission only, and editors'
// scratch files or anything in a hidden folder, are not.
func changed(e fsnotify.Event, roots []string) (string, bool) {
	if e.Op == fsnotify.Chmod {
		return "", false
	}
	for _, root := range roots {
		rel, err := filepath.Rel(root, e.Name)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		if rel == "." {
			return e.Name, true // the root itself, seen from the folder above
		}
		for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
			if site.Ignored(part) {
				return "", false
			}
		}
		return e.Name, true
	}
	return "", false
}

// rewatch watches a root made anew in place of one moved or removed:
// the watches of the old one follow it wherever it went. Every file of
// the new root counts as changed.
func (w *Watcher) rewatch(root string) {
	sep := string(filepath.Separator)
	for _, p := range w.fsw.WatchList() {
		if p == root || strings.HasPrefix(p, root+sep) {
			w.fsw.Remove(p)
		}
	}
	w.addTree(root, func(p string) { w.changes <- p })
}

// addTree watches root and every folder under it, skipping ignored ones;
// found, when not nil, is told of every file.
func (w *Watcher) addTree(root string, found func(string)) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // gone already, or unreadable: the build will say
		}
		if p != root && site.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if found != nil {
				found(p)
			}
			return nil
		}
		if slices.Contains(w.fsw.WatchList(), p) {
			return nil
		}
		return w.fsw.Add(p)
	})
}

// debounce gathers paths from in into batches on out: a batch is ready
// once quiet has passed since the last path, or maxWait since the first.
// A ready batch waits until out takes it, gathering more paths meanwhile.
// It returns when in is closed.
func debounce(in <-chan string, out chan<- []string, quiet, maxWait time.Duration) {
	pending := map[string]bool{}
	var quietTimer, maxTimer <-chan time.Time
	var ready chan<- []string // out, once a batch is ready; nil before
	var batch []string
	overdue := false // maxWait has passed: new paths no longer hold the batch
	for {
		select {
		case p, ok := <-in:
			if !ok {
				return
			}
			if len(pending) == 0 {
				maxTimer = time.After(maxWait)
			}
			pending[p] = true
			quietTimer = time.After(quiet)
			if !overdue {
				ready = nil
			}
		case <-quietTimer:
			quietTimer, ready = nil, out
		case <-maxTimer:
			maxTimer, ready, overdue = nil, out, true
		case ready <- batch:
			pending = map[string]bool{}
			ready, quietTimer, maxTimer, overdue = nil, nil, nil, false
		}
		if ready != nil {
			batch = make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			slices.Sort(batch)
		}
	}
}

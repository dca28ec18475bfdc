package site

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A target receives the files of a build as they are rendered, from
// several goroutines at once.
type target interface {
	put(name string, data []byte) error
	// has reports whether the target holds name, as an earlier build made
	// it under key, so that it need not be made again; a page's key says
	// everything it shows (see Page.key). If not, the put of name that
	// follows is of what key makes.
	has(name string, key [32]byte) bool
	// size gives the size of a file the target has (see has).
	size(name string) (int, error)
	// putFrom puts the file that write writes, as put would, and gives its
	// size: a stage writes it to disk as it comes, where it can.
	putFrom(name string, write func(io.Writer)) (int, error)
	// keeps reports whether put holds on to data, which then must not
	// change after; if not, data may be reused once put returns.
	keeps() bool
}

// memory keeps the files of a build in a map.
type memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memory) keeps() bool { return true }

func (m *memory) has(string, [32]byte) bool { return false }

func (m *memory) size(name string) (int, error) { return 0, fs.ErrNotExist }

func (m *memory) putFrom(name string, write func(io.Writer)) (int, error) {
	var b bytes.Buffer
	write(&b)
	return b.Len(), m.put(name, b.Bytes())
}

func (m *memory) put(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	return nil
}

// A stage is a new output folder being made beside the current one (or,
// for an output that is a mount point, inside it), so that a reader never
// sees half of it. Files whose bytes did not change are
// carried over by hard link and keep their modification time; files the
// site no longer has are gone once the stage is swapped in.
type stage struct {
	dir, tmp string
	fresh    bool   // dir does not exist: no files to carry over
	inPlace  bool   // dir is a mount point: the stage is inside it (see moveIn)
	unlock   func() // releases the output's lock
	// committed, if set, is called once the stage is swapped in, before the
	// lock is released, with keys.
	committed func(dir string, keys map[string][32]byte)
	mu        sync.Mutex
	dirs      map[string]bool
	// keys, when not nil, get every file of the build and the key it was
	// made under: a page's key, or else a hash of its bytes. before, when
	// not nil, has every file in the output and the key the last build
	// made it under (zero where not known): the stage then holds only the
	// files whose key changed, and patches them in (see patch.go).
	keys, before map[string][32]byte
	asked        map[string][32]byte // by has, for the put that follows
	// pack, for a stage that patches, holds the files put, one after
	// another, each where packed says (see patch.go).
	pack   *os.File
	packed []packed
	end    int64 // of the pack
}

// newStage opens a stage for dir, holding the output's lock (a hidden file
// beside it) until the stage is committed or aborted, so that builds into
// one folder take turns. It removes the stages that earlier builds, killed
// before they finished, left beside it, and refuses an output that is not
// one it may replace (see replaceable).
func newStage(dir string) (*stage, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &WriteError{Dir: dir, Err: err}
	}
	release, err := lockOutput(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		return nil, &WriteError{Dir: dir, Err: fmt.Errorf("cannot lock it for the build: %w", err)}
	}
	unlock := sync.OnceFunc(release)
	if err := replaceable(dir); err != nil {
		unlock()
		return nil, err
	}
	// A build killed between commit's two renames left the previous
	// output aside: put it back before the stale stages go.
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if aside, _ := filepath.Glob(filepath.Join(parent, "."+base+".new-*.old")); len(aside) > 0 {
			os.Rename(aside[len(aside)-1], dir)
		}
	}
	// A build killed while patching the output left the rest to do.
	for _, where := range []string{parent, dir} {
		if err := applyPatches(where, dir); err != nil {
			unlock()
			return nil, &WriteError{Dir: dir, Err: fmt.Errorf("cannot finish what an earlier build began: %w", err)}
		}
	}
	stale, _ := filepath.Glob(filepath.Join(parent, "."+base+".new-*"))
	for _, s := range stale {
		os.RemoveAll(s)
	}
	where, inPlace := parent, mountPoint(dir)
	if inPlace {
		where = dir
		stale, _ := filepath.Glob(filepath.Join(dir, "."+base+".new-*"))
		for _, s := range stale {
			os.RemoveAll(s)
		}
	}
	// Under Stop's lock, so that a stage is either made before Stop looks
	// for stages to remove, or not at all.
	stopped.Lock()
	if stopped.yes.Load() {
		stopped.Unlock()
		unlock()
		return nil, errStopped
	}
	tmp, err := os.MkdirTemp(where, "."+base+".new-")
	stopped.Unlock()
	if err == nil {
		if err = os.Chmod(tmp, 0o755); err != nil {
			os.RemoveAll(tmp)
		}
	}
	if err != nil {
		unlock()
		return nil, &WriteError{Dir: dir, Err: err}
	}
	_, err = os.Lstat(dir)
	return &stage{dir: dir, tmp: tmp, fresh: errors.Is(err, fs.ErrNotExist), inPlace: inPlace, unlock: unlock, dirs: map[string]bool{}}, nil
}

// stopped is set by Stop: no stage takes another file or is swapped in.
// Its lock is held while a stage is swapped in, so that Stop comes either
// before a swap or after it.
var stopped struct {
	sync.Mutex
	yes atomic.Bool
}

// errStopped is the failure of a build of a process told to stop.
var errStopped = errors.New("the build was stopped")

// Stop ends every build of the process that writes to disk: from now on
// their stages take no file and none is swapped in. Then it removes the
// stages of builds into dir, as a build told to stop (Ctrl-C) does on its
// way out. An output put aside during a swap is left for the next build
// to put back.
func Stop(dir string) {
	stopped.Lock()
	stopped.yes.Store(true)
	stopped.Unlock()
	removeStages(dir)
}

func removeStages(dir string) {
	dir = filepath.Clean(dir)
	pattern := "." + filepath.Base(dir) + ".new-*"
	beside, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), pattern))
	inside, _ := filepath.Glob(filepath.Join(dir, pattern)) // a mount point's
	for _, s := range append(beside, inside...) {
		if strings.HasSuffix(s, ".old") {
			continue
		}
		// The build may still be writing a file or two into it.
		for range 5 {
			if os.RemoveAll(s) == nil {
				if _, err := os.Lstat(s); errors.Is(err, fs.ErrNotExist) {
					break
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// replaceable says why dir may not be replaced by a build, if it may not:
// it is a file, or a symbolic link, or a folder of files without an
// index.html, which is not a site a build wrote.
func replaceable(dir string, ignore ...string) error {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; refusing to replace it: name the folder it points to as the output", dir)
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder; refusing to replace it: choose another output folder", dir)
	}
	entries, _ := os.ReadDir(dir)
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return slices.Contains(ignore, e.Name()) })
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
			return fmt.Errorf("%s holds files but no index.html, so it is not a built site; "+
				"refusing to replace it: choose another output folder or empty it", dir)
		}
	}
	return nil
}

func (st *stage) keeps() bool { return false }

func (st *stage) has(name string, key [32]byte) bool {
	if st.keys == nil {
		return false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.before != nil && st.before[name] == key {
		st.keys[name] = key
		return true
	}
	st.asked[name] = key
	return false
}

func (st *stage) put(name string, data []byte) error {
	if stopped.yes.Load() {
		return errStopped
	}
	if st.keys != nil {
		st.mu.Lock()
		key, ok := st.asked[name]
		delete(st.asked, name)
		st.mu.Unlock()
		if !ok {
			key = keyOf("bytes", data)
		}
		st.mu.Lock()
		st.keys[name] = key
		same := st.before != nil && st.before[name] == key
		st.mu.Unlock()
		if same {
			return nil // the output has it
		}
	}
	if st.before != nil {
		return st.toPack(name, data)
	}
	dst := filepath.Join(st.tmp, filepath.FromSlash(name))
	if err := st.folder(filepath.Dir(dst)); err != nil {
		return err
	}
	if st.fresh {
		return os.WriteFile(dst, data, 0o644)
	}
	old := filepath.Join(st.dir, filepath.FromSlash(name))
	if info, err := os.Stat(old); err == nil && info.Size() == int64(len(data)) {
		if cur, err := os.ReadFile(old); err == nil && bytes.Equal(cur, data) && os.Link(old, dst) == nil {
			return nil
		}
	}
	return os.WriteFile(dst, data, 0o644)
}

// putFrom writes the file into the stage as it is written, when its
// key is known (see has) or there are no keys, and no older file needs
// comparing with it; else it puts the whole.
func (st *stage) putFrom(name string, write func(io.Writer)) (int, error) {
	var key [32]byte
	known := false
	if st.keys != nil {
		st.mu.Lock()
		key, known = st.asked[name]
		st.mu.Unlock()
	}
	if st.keys != nil && !known || !st.fresh && st.before == nil {
		var b bytes.Buffer
		write(&b)
		return b.Len(), st.put(name, b.Bytes())
	}
	if stopped.yes.Load() {
		return 0, errStopped
	}
	dst := filepath.Join(st.tmp, filepath.FromSlash(name))
	if err := st.folder(filepath.Dir(dst)); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	w := &fileWriter{f: f}
	if was := st.before[name]; was != ([32]byte{}) {
		if old, err := os.Open(filepath.Join(st.dir, filepath.FromSlash(name))); err == nil {
			defer old.Close()
			w.was = &earlierFile{old, was}
		}
	}
	write(w)
	if err := cmp.Or(w.err, f.Close()); err != nil {
		return w.n, err
	}
	if st.keys != nil {
		st.mu.Lock()
		delete(st.asked, name)
		st.keys[name] = key
		st.mu.Unlock()
	}
	return w.n, nil
}

// A fileWriter writes to a file, and keeps the first failure: after it,
// it writes no more. was is the file the output has under its name, as
// the last build made it, if any (see Parts).
type fileWriter struct {
	f   *os.File
	was *earlierFile
	n   int
	err error
}

// ReadFrom copies from r, a file, in the system where it can: so that
// parts copied from the earlier file do not pass through the program.
func (w *fileWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.ReadFrom(r)
	w.n += int(n)
	w.err = err
	return n, err
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.Write(p)
	w.n += n
	w.err = err
	return n, err
}

func (st *stage) size(name string) (int, error) {
	info, err := os.Lstat(filepath.Join(st.dir, filepath.FromSlash(name)))
	if err != nil {
		return 0, err
	}
	return int(info.Size()), nil
}

// folder makes a folder of the stage, if it has not yet.
func (st *stage) folder(dir string) error {
	st.mu.Lock()
	made := st.dirs[dir]
	st.mu.Unlock()
	if made {
		return nil
	}
	// Most folders are one level below one made before: one mkdir.
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if _, err := os.Stat(st.tmp); err != nil {
			return err // the stage is gone: the build was stopped
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	st.mu.Lock()
	st.dirs[dir] = true
	st.mu.Unlock()
	return nil
}

// commit swaps the stage in for the output folder with two renames,
// putting the old folder back if the second fails, or patches the folder
// with it (see patch.go) when the build had what the output held before.
// It checks again that the output may be replaced: something else may
// have been put there while the site was built.
func (st *stage) commit() error {
	defer st.unlock()
	if err := replaceable(st.dir, filepath.Base(st.tmp), filepath.Base(st.tmp)+".pack"); err != nil {
		st.abort()
		return err
	}
	var err error
	if st.before != nil {
		if err := st.patch(); err != nil {
			return err
		}
	} else {
		old, serr := st.swap()
		if serr != nil {
			st.abort()
			return serr
		}
		if old != "" {
			err = os.RemoveAll(old)
		}
	}
	if st.committed != nil {
		st.committed(st.dir, st.keys)
	}
	return err
}

// swap puts the stage in the output's place, and gives where the old
// output went: exchanged in one step where the system can, else by two
// renames, putting the old folder back if the second fails.
func (st *stage) swap() (old string, err error) {
	stopped.Lock()
	defer stopped.Unlock()
	if stopped.yes.Load() {
		return "", errStopped
	}
	if _, err := os.Lstat(st.dir); err != nil {
		return "", os.Rename(st.tmp, st.dir)
	}
	if st.inPlace {
		return st.tmp, st.moveIn()
	}
	if exchange(st.tmp, st.dir) == nil {
		return st.tmp, nil // which now holds the old site
	}
	old = st.tmp + ".old"
	if err := os.Rename(st.dir, old); err != nil {
		return "", fmt.Errorf("cannot replace %s: %w", st.dir, err)
	}
	if err := os.Rename(st.tmp, st.dir); err != nil {
		os.Rename(old, st.dir)
		return "", fmt.Errorf("cannot replace %s: %w", st.dir, err)
	}
	return old, nil
}

// moveIn replaces the contents of the output with the stage's, entry by
// entry, for an output that cannot itself be renamed (a mount point, such
// as a container's volume), whose stage is inside it: not in one step, but
// in place.
func (st *stage) moveIn() error {
	have, err := os.ReadDir(st.dir)
	if err != nil {
		return err
	}
	next, err := os.ReadDir(st.tmp)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, e := range next {
		keep[e.Name()] = true
	}
	for _, e := range have {
		if !keep[e.Name()] && filepath.Join(st.dir, e.Name()) != st.tmp {
			if err := os.RemoveAll(filepath.Join(st.dir, e.Name())); err != nil {
				return err
			}
		}
	}
	for _, e := range next {
		at := filepath.Join(st.dir, e.Name())
		if err := os.RemoveAll(at); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(st.tmp, e.Name()), at); err != nil {
			return err
		}
	}
	return nil
}

// abort throws the stage away; the output folder stays as it was.
func (st *stage) abort() {
	if st.pack != nil {
		st.pack.Close()
		os.Remove(st.pack.Name())
	}
	os.RemoveAll(st.tmp)
	st.unlock()
}

// Write puts an in-memory site into dir, through a stage: if anything
// fails, dir is left as it was. Files made only when asked for are made.
func (s *Site) Write(dir string) error {
	st, err := newStage(dir)
	if err != nil {
		return err
	}
	for _, name := range s.Names() {
		data, _ := s.File(name)
		if err := st.put(name, data); err != nil {
			st.abort()
			return &WriteError{Dir: dir, Err: fmt.Errorf("%s: %w", name, err)}
		}
	}
	if err := st.commit(); err != nil {
		return &WriteError{Dir: dir, Err: err}
	}
	return nil
}

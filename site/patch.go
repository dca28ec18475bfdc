package site

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Patching: a build that knows what the last one left in the output
// folder (Options.Before) stages only the files whose key changed, and
// then, instead of swapping a whole new folder in, writes them over the
// output's files in place and removes the files the site no longer has.
// That costs in proportion to what changed, not to the size of the site;
// and writing over a file is cheap where making one is not: on ext4,
// making the 10,000 folders and files of a site's pages anew and removing
// the old takes seconds, writing over them under half a second. The price is
// that a reader may see some files of the new build beside others of the
// old, and a file half written, for as long as the writes take.
//
// The files put are staged in one file, the pack, one after another; the
// files written as they come (putFrom: the exports) each in a file of the
// stage folder. A patch is made whole before it is applied: a folder
// beside the stage, .OUT.patch-*, holding the list of files to remove
// (gone), the pack and the list of its files (packed), and then, by
// rename, the stage folder itself (files). A build killed while applying
// one leaves it there, and the next build into the folder applies it
// again before anything else, so the output never stays half patched.

// packed is where the pack holds a file.
type packed struct {
	name     string
	off, len int64
}

// toPack puts a file into the pack.
func (st *stage) toPack(name string, data []byte) error {
	st.mu.Lock()
	if st.pack == nil {
		f, err := os.OpenFile(st.tmp+".pack", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			st.mu.Unlock()
			return err
		}
		st.pack = f
	}
	off := st.end
	st.end += int64(len(data))
	st.packed = append(st.packed, packed{name, off, int64(len(data))})
	st.mu.Unlock()
	_, err := st.pack.WriteAt(data, off)
	return err
}

// patch applies the stage to the output folder as a patch.
func (st *stage) patch() error {
	var gone []string
	for name := range st.before {
		if _, ok := st.keys[name]; !ok {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	p := strings.Replace(st.tmp, ".new-", ".patch-", 1)
	err := os.Mkdir(p, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(p, "gone"), []byte(strings.Join(gone, "\n")), 0o644)
	}
	if err == nil && st.pack != nil {
		err = st.pack.Close()
		slices.SortFunc(st.packed, func(a, b packed) int { return strings.Compare(a.name, b.name) })
		var list []byte
		for _, f := range st.packed {
			list = fmt.Appendf(list, "%d %d %s\n", f.off, f.len, f.name)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(p, "packed"), list, 0o644)
		}
		if err == nil {
			err = os.Rename(st.pack.Name(), filepath.Join(p, "pack"))
		}
	}
	if err == nil {
		err = os.Rename(st.tmp, filepath.Join(p, "files"))
	}
	if err != nil {
		os.RemoveAll(p)
		st.abort()
		return err
	}
	stopped.Lock()
	defer stopped.Unlock()
	if stopped.yes.Load() {
		return errStopped // the next build applies it
	}
	if err := applyPatch(p, st.dir); err != nil {
		return &WriteError{Dir: st.dir, Err: err, Partial: true}
	}
	return nil
}

// moved, when set (by tests), is called after each file a patch writes;
// an error stops the patch there, as a kill would.
var moved func() error

// touch moves the output folder's Stamp on, for a build that changed the
// files in it but not the folder itself.
func touch(dir string) error {
	now := time.Now()
	return os.Chtimes(dir, now, now)
}

// applyPatches applies the patches that builds killed while applying them
// left in where, for the output dir, and removes those never completed.
func applyPatches(where, dir string) error {
	patches, _ := filepath.Glob(filepath.Join(where, "."+filepath.Base(dir)+".patch-*"))
	for _, p := range patches {
		if _, err := os.Stat(filepath.Join(p, "files")); err != nil {
			os.RemoveAll(p) // its stage was never moved in: the build did not finish
			continue
		}
		if err := applyPatch(p, dir); err != nil {
			return err
		}
	}
	return nil
}

// applyPatch removes from dir the files that the patch p lists as gone,
// with the folders they leave empty, then writes its files over dir's,
// and removes p. Applying a patch again, whole or after a part of it,
// gives the same.
func applyPatch(p, dir string) error {
	list, err := os.ReadFile(filepath.Join(p, "gone"))
	if err != nil {
		return err
	}
	for name := range strings.SplitSeq(string(list), "\n") {
		if name == "" {
			continue
		}
		at := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.Remove(at); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for up := filepath.Dir(at); up != dir && strings.HasPrefix(up, dir); up = filepath.Dir(up) {
			if os.Remove(up) != nil { // not empty
				break
			}
		}
	}
	if err := applyPack(p, dir); err != nil {
		return err
	}
	files := filepath.Join(p, "files")
	err = filepath.WalkDir(files, func(from string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(files, from)
		f, err := os.Open(from)
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		return writeOver(filepath.Join(dir, rel), f, info.Size())
	})
	if err != nil {
		return err
	}
	if err := touch(dir); err != nil {
		return err
	}
	return os.RemoveAll(p)
}

// applyPack writes the files of the patch p's pack, if it has one, over
// dir's.
func applyPack(p, dir string) error {
	list, err := os.ReadFile(filepath.Join(p, "packed"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	pack, err := os.Open(filepath.Join(p, "pack"))
	if err != nil {
		return err
	}
	defer pack.Close()
	for line := range strings.SplitSeq(strings.TrimSuffix(string(list), "\n"), "\n") {
		offText, rest, _ := strings.Cut(line, " ")
		nText, name, _ := strings.Cut(rest, " ")
		off, err1 := strconv.ParseInt(offText, 10, 64)
		n, err2 := strconv.ParseInt(nText, 10, 64)
		if err := cmp.Or(err1, err2); err != nil || name == "" {
			return fmt.Errorf("%s: a damaged list: %q", filepath.Join(p, "packed"), line)
		}
		if _, err := pack.Seek(off, io.SeekStart); err != nil {
			return err
		}
		if err := writeOver(filepath.Join(dir, filepath.FromSlash(name)), pack, n); err != nil {
			return err
		}
	}
	return nil
}

// writeOver makes the file at hold the next n bytes of from, writing
// over the file there (a page's bytes change, not its file). What is not
// a regular file with one link and the mode the build gives its files (a
// folder, a symbolic link, a file linked from elsewhere, as by cp -al, or
// one whose mode a hand changed) is replaced by a new file instead, so
// that nothing outside the output changes and the file is as a build
// from nothing makes it.
func writeOver(at string, from *os.File, n int64) error {
	var f *os.File
	info, err := os.Lstat(at)
	if err == nil && info.Mode().IsRegular() && soleLink(info) && info.Mode().Perm() == fileMode {
		f, err = os.OpenFile(at, os.O_WRONLY|noFollow, 0)
	} else {
		if err == nil {
			if err := os.RemoveAll(at); err != nil {
				return err
			}
		}
		info = nil
		f, err = os.OpenFile(at, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrNotExist) { // a new folder
			if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
				return err
			}
			f, err = os.OpenFile(at, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		}
	}
	if err != nil {
		return err
	}
	wrote, err := f.ReadFrom(io.LimitReader(from, n))
	if err == nil && wrote < n {
		err = fmt.Errorf("%s: %w", from.Name(), io.ErrUnexpectedEOF)
	}
	if err == nil && info != nil && info.Size() > n {
		err = f.Truncate(n)
	}
	if err := cmp.Or(err, f.Close()); err != nil {
		return err
	}
	if moved != nil {
		return moved()
	}
	return nil
}

package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Patching: a build that knows what the last one left in the output
// folder (Options.Before) writes into its stage only the files whose key
// changed, and then, instead of swapping a whole new folder in, moves
// them into the output one by one and removes the files the site no
// longer has. That costs in proportion to what changed, not to the size
// of the site; the price is that a reader may see some files of the new
// build beside others of the old for as long as the moves take.
//
// A patch is made whole before it is applied: a folder beside the stage,
// .OUT.patch-*, holding the list of files to remove (gone) and then, by
// rename, the stage itself (files). A build killed while applying one
// leaves it there, and the next build into the folder applies it again
// before anything else, so the output never stays half patched.

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

// setAside moves the file at to, which the patch p replaces with its file
// rel (d), out of the way into p, when that file is large. ext4 writes a
// file out to disk before it replaces another by rename (its
// auto_da_alloc), which for an export of 50 MB takes tens of milliseconds:
// it does not when nothing is there. Readers of the output may not find
// the file for the moment between the two renames; a build killed then
// leaves the patch to be applied again, which moves its file in.
func setAside(p, rel string, d fs.DirEntry, to string) error {
	info, err := d.Info()
	if err != nil || info.Size() < setAsideFrom {
		return err
	}
	if _, err := os.Lstat(to); err != nil {
		return nil // nothing to set aside
	}
	aside := filepath.Join(p, "replaced", rel)
	if err := os.MkdirAll(filepath.Dir(aside), 0o755); err != nil {
		return err
	}
	if err := os.Rename(to, aside); err != nil {
		return err
	}
	if moved != nil {
		return moved()
	}
	return nil
}

// setAsideFrom is the size from which a file's patch sets aside the file
// it replaces.
var setAsideFrom int64 = 1 << 20

// moved, when set (by tests), is called after each file a patch moves in
// or sets aside; an error stops the patch there, as a kill would.
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
// with the folders they leave empty, then moves its files in, and removes
// p. Applying a patch again, whole or after a part of it, gives the same.
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
	files := filepath.Join(p, "files")
	err = filepath.WalkDir(files, func(from string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(files, from)
		to := filepath.Join(dir, rel)
		if err := setAside(p, rel, d, to); err != nil {
			return err
		}
		if os.Rename(from, to) == nil {
			if moved != nil {
				return moved()
			}
			return nil
		}
		// A new folder, or a folder where the file goes.
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if info, err := os.Lstat(to); err == nil && info.IsDir() {
			if err := os.RemoveAll(to); err != nil {
				return err
			}
		}
		return os.Rename(from, to)
	})
	if err != nil {
		return err
	}
	if err := touch(dir); err != nil {
		return err
	}
	return os.RemoveAll(p)
}

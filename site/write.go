package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Write puts the site into dir so that a reader never sees half of it: the
// whole output is staged beside dir and then swapped in. Files whose bytes
// did not change are carried over by hard link, so they keep their
// modification time; files the site no longer has are gone. If anything
// fails, dir is left as it was.
//
// Write refuses to replace a folder that holds files but no index.html, as
// that is not a site it wrote.
func (s *Site) Write(dir string) (err error) {
	dir = filepath.Clean(dir)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
			return fmt.Errorf("%s holds files but no index.html, so it is not a built site; "+
				"refusing to replace it: choose another output folder or empty it", dir)
		}
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	for _, name := range s.sortedFiles() {
		if err := stageFile(stage, dir, name, s.Files[name]); err != nil {
			return err
		}
	}
	return swap(stage, dir)
}

func (s *Site) sortedFiles() []string {
	names := make([]string, 0, len(s.Files))
	for name := range s.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// stageFile writes one file into the stage, or links the current one when
// it already has these bytes.
func stageFile(stage, dir, name string, data []byte) error {
	dst := filepath.Join(stage, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	old := filepath.Join(dir, filepath.FromSlash(name))
	if cur, err := os.ReadFile(old); err == nil && bytes.Equal(cur, data) {
		if os.Link(old, dst) == nil {
			return nil
		}
	}
	return os.WriteFile(dst, data, 0o644)
}

// swap replaces dir by stage with two renames, putting dir back if the
// second fails.
func swap(stage, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = stage + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("cannot replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(stage, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

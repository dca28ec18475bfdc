package site

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLeavesTree(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "b", "x.md"), []byte("x"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "abs")))
	must(os.Symlink("../../../"+filepath.Base(outside)+"/secret", filepath.Join(dir, "a", "rel")))
	must(os.Symlink("b/x.md", filepath.Join(dir, "a", "inside")))
	must(os.Symlink("a/inside", filepath.Join(dir, "chain")))
	must(os.Symlink(outside, filepath.Join(dir, "dirlink")))
	must(os.Symlink("loop", filepath.Join(dir, "loop")))
	fsys := os.DirFS(dir)
	for p, want := range map[string]bool{"a/b/x.md": false, "a/inside": false, "chain": false,
		"abs": true, "a/rel": true, "dirlink/secret": true, "loop": false, "missing.md": false} {
		if _, got := leavesTree(fsys, p); got != want {
			t.Errorf("leavesTree(%s) = %v, want %v", p, got, want)
		}
	}
}

package diskcache

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestListingKnowsFolders: a listing that knows the folders as an earlier
// one found them gives what a listing from nothing gives, after files are
// added, removed, renamed and rewritten, and folders added and removed.
func TestListingKnowsFolders(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"index.html", "a/index.html", "a-b/index.html", "events/x/index.html", "events/y/index.html", "data/e.json"} {
		write(name, name)
	}
	if _, recorded, err := Outputs(dir); err != nil || len(recorded) > 0 {
		t.Errorf("folders changed a moment ago are recorded: %v (%v)", recorded, err)
	}
	files, folders, err := listFolders(dir, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, change := range []struct {
		what string
		do   func()
	}{
		{"nothing", func() {}},
		{"a file added", func() { write("events/x/extra.txt", "mine") }},
		{"a file rewritten in place", func() { write("data/e.json", "a longer text than before") }},
		{"a file removed", func() { os.Remove(filepath.Join(dir, "a", "index.html")) }},
		{"a file renamed", func() { os.Rename(filepath.Join(dir, "index.html"), filepath.Join(dir, "home.html")) }},
		{"a folder added", func() { write("events/z/deep/index.html", "new") }},
		{"a folder removed", func() { os.RemoveAll(filepath.Join(dir, "events", "y")) }},
	} {
		change.do()
		gotFiles, gotFolders, err := listFolders(dir, false, newOutline(files, folders))
		if err != nil {
			t.Fatalf("%s: %v", change.what, err)
		}
		files, folders, err = listFolders(dir, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotFiles, files) || !reflect.DeepEqual(gotFolders, folders) {
			t.Errorf("%s: knowing the folders, the listing gives\n%v\n%v\nwant\n%v\n%v", change.what, gotFiles, gotFolders, files, folders)
		}
	}
	// A folder changed a moment ago is not recorded (see settled) while
	// its parent, whose names did not change, is: it is read again.
	for _, left := range []string{"events/x", "events/z", "events/z/deep"} {
		known := slices.DeleteFunc(slices.Clone(folders), func(f File) bool { return f.Name == left })
		got, _, err := listFolders(dir, false, newOutline(files, known))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, files) {
			t.Errorf("with %s not recorded, the listing gives\n%v\nwant\n%v", left, got, files)
		}
	}
}

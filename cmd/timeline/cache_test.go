package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// built runs timeline build with args and gives what it printed; the
// build must succeed.
func built(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	if code := run(append([]string{"build"}, args...), &out, &errs); code != 0 {
		t.Fatalf("timeline build %s: exit %d\n%s", strings.Join(args, " "), code, errs.String())
	}
	return out.String(), errs.String()
}

// smallTree writes the example site of timeline new site into dir: small
// enough to build often.
func smallTree(t *testing.T, dir string) {
	t.Helper()
	tree, _ := fs.Sub(newSite, "newsite/content")
	if err := os.CopyFS(dir, tree); err != nil {
		t.Fatal(err)
	}
}

// edit replaces the first old in a file with new.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil || !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q (%v)", file, old, err)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameFiles fails unless two folders hold the same files, byte for byte.
func sameFiles(t *testing.T, step, a, b string) {
	t.Helper()
	fa, fb := sums(t, a), sums(t, b)
	for name, data := range fa {
		if other, ok := fb[name]; !ok {
			t.Errorf("%s: %s is only in the cached build", step, name)
		} else if data != other {
			t.Errorf("%s: %s differs from a build without a cache", step, name)
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			t.Errorf("%s: %s is missing from the cached build", step, name)
		}
	}
}

// TestBuildCacheIsNeverWrong runs a sequence of builds with one cache,
// changing one thing before each: after every step the output is that of
// a build without a cache, and a build with nothing changed does nothing.
func TestBuildCacheIsNeverWrong(t *testing.T) {
	dir := t.TempDir()
	src, tpl, out, cache := filepath.Join(dir, "content"), filepath.Join(dir, "templates"), filepath.Join(dir, "public"), filepath.Join(dir, "cache")
	smallTree(t, src)
	os.MkdirAll(tpl, 0o755)
	event := filepath.Join(src, "events", "2024-03-14-example-foreign-ministers-meeting.md")
	editing := func(file, old, new string) func() { return func() { edit(t, file, old, new) } }
	baseURL := ""
	otherProgram := filepath.Join(dir, "other-program")
	t.Cleanup(func() { program = os.Executable })
	os.WriteFile(otherProgram, []byte("another version of timeline"), 0o755)
	for _, step := range []struct {
		what   string
		change func()
	}{
		{"the first build", func() {}},
		{"an edit that keeps the file's size and modification time", func() {
			info, _ := os.Stat(event)
			edit(t, event, "meeting", "MEETING")
			os.Chtimes(event, info.ModTime(), info.ModTime())
		}},
		{"a new template file", func() {
			os.WriteFile(filepath.Join(tpl, "404.html"), []byte(`{{define "main"}}<h1>Gone</h1>{{end}}`), 0o644)
		}},
		{"an edited template", editing(filepath.Join(tpl, "404.html"), "Gone", "Lost")},
		{"a new option", func() { baseURL = "https://example.org/t/" }},
		{"a new event file", func() {
			data, _ := os.ReadFile(event)
			os.WriteFile(filepath.Join(src, "events", "2024-03-15-copy.md"), data, 0o644)
		}},
		{"a removed event file", func() { os.Remove(filepath.Join(src, "events", "2024-03-15-copy.md")) }},
		{"an edited title, which every list shows", editing(event, "title: ", "title: Edited ")},
		{"a renamed event file", func() {
			os.Rename(event, filepath.Join(src, "events", "2024-03-14-renamed.md"))
			event = filepath.Join(src, "events", "2024-03-14-renamed.md")
		}},
		{"another version of the program", func() { program = func() (string, error) { return otherProgram, nil } }},
		{"an output file changed by hand", func() { os.WriteFile(filepath.Join(out, "index.html"), []byte("mine"), 0o644) }},
		{"an output file removed by hand", func() { os.Remove(filepath.Join(out, "404.html")) }},
		{"files put into the output by hand", func() {
			os.WriteFile(filepath.Join(out, "mine.html"), []byte("mine"), 0o644)
			os.MkdirAll(filepath.Join(out, "events", "mine"), 0o755)
			os.WriteFile(filepath.Join(out, "events", "mine", "index.html"), []byte("mine"), 0o644)
		}},
		{"an edited body", func() { edit(t, event, "This entry is invented.", "This entry is made up.") }},
		{"an edited source, which the bibliography lists", func() { edit(t, event, "publisher: Example Gazette", "publisher: Example Herald") }},
	} {
		step.change()
		args := []string{"--content", src, "--templates", tpl, "--cache", cache}
		if baseURL != "" {
			args = append(args, "--base-url", baseURL)
		}
		stdout, _ := built(t, append(args, "--out", out)...)
		if strings.Contains(stdout, "as built before") {
			t.Errorf("after %s, the build did nothing", step.what)
		}
		clean := filepath.Join(dir, "clean")
		os.RemoveAll(clean)
		built(t, append(args, "--no-cache", "--out", clean)...)
		sameFiles(t, step.what, out, clean)
		again, _ := built(t, append(args, "--out", out)...)
		if !strings.Contains(again, "as built before") {
			t.Errorf("after %s, a build with nothing changed built again: %s", step.what, again)
		}
		sameFiles(t, step.what+", then nothing", out, clean)
	}
}

// TestBuildCacheDamaged: a record cut short or written over is found,
// reported once and built again; a cache that cannot be written leaves a
// warning and a build like any other.
func TestBuildCacheDamaged(t *testing.T) {
	dir := t.TempDir()
	out, cache, src := filepath.Join(dir, "public"), filepath.Join(dir, "cache"), filepath.Join(dir, "content")
	smallTree(t, src)
	built(t, "--content", src, "--out", out, "--cache", cache)
	records, _ := filepath.Glob(filepath.Join(cache, "builds", "*.record"))
	if len(records) != 1 {
		t.Fatalf("the cache holds %d records after one build, want 1", len(records))
	}
	for _, damage := range []func(data []byte) []byte{
		func(data []byte) []byte { return data[:len(data)/2] },
		func(data []byte) []byte { data[len(data)/3] ^= 1; return data },
		func([]byte) []byte { return []byte("not a record") },
	} {
		data, _ := os.ReadFile(records[0])
		os.WriteFile(records[0], damage(data), 0o644)
		stdout, stderr := built(t, "--content", src, "--out", out, "--cache", cache)
		if strings.Contains(stdout, "as built before") || strings.Count(stderr, "damaged record") != 1 {
			t.Errorf("a damaged record: the build printed\n%s%s", stdout, stderr)
		}
		if stdout, _ := built(t, "--content", src, "--out", out, "--cache", cache); !strings.Contains(stdout, "as built before") {
			t.Errorf("the record written after a damaged one is not used: %s", stdout)
		}
	}
	stores, _ := filepath.Glob(filepath.Join(cache, "builds", "*.bodies"))
	if len(stores) != 1 {
		t.Fatalf("the cache holds %d stores of bodies after builds of one tree, want 1", len(stores))
	}
	for _, damage := range []func(data []byte) []byte{
		func(data []byte) []byte { return data[:len(data)-10] },
		func(data []byte) []byte { return bytes.Replace(data, []byte("<p>"), []byte("<q>"), 1) },
	} {
		data, _ := os.ReadFile(stores[0])
		os.WriteFile(stores[0], damage(data), 0o644)
		edit(t, filepath.Join(src, "_index.md"), "title: ", "title: Again ")
		_, stderr := built(t, "--content", src, "--out", out, "--cache", cache)
		if strings.Count(stderr, "damaged store") != 1 {
			t.Errorf("a damaged store of bodies: the build printed\n%s", stderr)
		}
		clean := filepath.Join(dir, "clean-store")
		os.RemoveAll(clean)
		built(t, "--content", src, "--out", clean, "--no-cache")
		sameFiles(t, "a damaged store", out, clean)
	}
	clean := filepath.Join(dir, "clean")
	built(t, "--content", src, "--out", clean, "--no-cache")
	sameFiles(t, "damaged records", out, clean)

	// A file where the cache's folder would be: it cannot be used.
	blocked := filepath.Join(dir, "blocked")
	os.WriteFile(blocked, nil, 0o644)
	stdout, stderr := built(t, "--content", src, "--out", filepath.Join(dir, "other"), "--cache", blocked)
	if !strings.Contains(stderr, "cannot use the build cache in "+blocked) || !strings.Contains(stdout, "pages in") {
		t.Errorf("a cache that cannot be made: the build printed\n%s%s", stdout, stderr)
	}
}

// TestBuildCacheShared: builds that run at once with one cache, of two
// trees, each into its own folder or all into one, all give what a build
// without a cache gives.
func TestBuildCacheShared(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	trees := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	for i, tree := range trees {
		smallTree(t, tree)
		if i == 1 {
			edit(t, filepath.Join(tree, "_index.md"), "title:", "title: B")
		}
		built(t, "--content", tree, "--out", tree+"-clean", "--no-cache")
	}
	var wg sync.WaitGroup
	for range 2 {
		for _, tree := range trees {
			wg.Go(func() { built(t, "--content", tree, "--out", tree+"-out", "--cache", cache) })
		}
	}
	wg.Wait()
	for _, tree := range trees {
		sameFiles(t, "builds at once", tree+"-out", tree+"-clean")
		built(t, "--content", tree, "--out", tree+"-out", "--cache", cache)
		sameFiles(t, "builds at once, then one more", tree+"-out", tree+"-clean")
	}
	// Both trees into one folder at once: whichever came last is there,
	// and the next build of either is right.
	shared := filepath.Join(dir, "shared")
	for _, tree := range trees {
		wg.Go(func() { built(t, "--content", tree, "--out", shared, "--cache", cache) })
	}
	wg.Wait()
	for _, tree := range trees {
		built(t, "--content", tree, "--out", shared, "--cache", cache)
		sameFiles(t, "two trees into one folder", shared, tree+"-clean")
	}
}

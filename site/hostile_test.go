package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"timeline/templates"
)

const okEvent = "---\ntitle: Fine\ndate: 2024\ntype: meeting\npeople: [A]\nsummary: s\nsources: [{title: t, url: \"https://example.org/\"}]\n---\n"

// unreadable is a tree in which one file cannot be read.
type unreadable struct {
	fstest.MapFS
	name string
}

func (u unreadable) Open(name string) (fs.File, error) {
	if name == u.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return u.MapFS.Open(name)
}

func (u unreadable) ReadFile(name string) ([]byte, error) {
	if name == u.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return u.MapFS.ReadFile(name)
}

// TestHostileInput builds trees that try to break the generator: each
// gives a clear error or a safe page, and a build to disk writes nothing
// outside its output folder and nothing at all when it fails.
// deepList is a list nested 3,000 levels, each a line indented two
// columns more than the last.
var deepList = func() string {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}()

// manyPeople names 10,000 people.
var manyPeople = func() string {
	names := make([]string, 10000)
	for i := range names {
		names[i] = fmt.Sprintf("Person %d", i)
	}
	return strings.Join(names, ", ")
}()

func TestHostileInput(t *testing.T) {
	huge := okEvent + strings.Repeat("A long body line with *emphasis* and a [link](https://example.org/).\n\n", 20<<20/72) + "THE END\n"
	nested := "---\ntitle: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n---\n"
	tests := []struct {
		name  string
		files map[string]string
		fsys  func(fstest.MapFS) fs.FS // wraps the tree, when set
		err   string                   // the build fails with this; else it succeeds
		page  string                   // and then this output file holds want
		want  string
	}{
		{name: "empty file", files: map[string]string{"events/a.md": ""}, err: "content/events/a.md:1:1: the file is empty"},
		{name: "whitespace only", files: map[string]string{"events/a.md": " \n\t\n  "}, err: "content/events/a.md:1:1: the file is empty"},
		{name: "unclosed frontmatter", files: map[string]string{"events/a.md": "---\ntitle: x\n"}, err: "is never closed"},
		{name: "a list where a title belongs", files: map[string]string{"events/a.md": strings.Replace(okEvent, "title: Fine", "title: [a, b]", 1)}, err: "a.md:2:8: title must be text, not a list"},
		{name: "a map where people belong", files: map[string]string{"events/a.md": strings.Replace(okEvent, "people: [A]", "people: {a: 1}", 1)}, err: "each item of people must be a non-empty text"},
		{name: "20 MB body", files: map[string]string{"events/a.md": huge}, page: "events/a/index.html", want: "THE END"},
		{name: "a 5 MB paragraph", files: map[string]string{"events/a.md": okEvent + "Intro.\n\n" + strings.Repeat("word ", 1<<20)},
			err: "content/events/a.md:11:1: this block runs 5.0 MB with no blank line before a new paragraph to cut it at; a block may be at most 4 MB"},
		{name: "a 5 MB body with footnotes", files: map[string]string{"events/a.md": okEvent + "Text[^1].\n\n[^1]: A note.\n\n" + strings.Repeat("More text.\n\n", 1<<19)},
			err: "content/events/a.md:9:1: the body is 6.0 MB and has footnotes, which are numbered across it; such a body may be at most 4 MB"},
		{name: "deeply nested YAML", files: map[string]string{"events/a.md": nested}, err: "content/events/a.md:2:1: invalid YAML"},
		{name: "a 3,000-deep list", files: map[string]string{"events/a.md": okEvent + deepList}, err: "content/events/a.md:3008:1: nests 3000 levels deep; Markdown here may nest at most 100"},
		{name: "10,000 people on one event", files: map[string]string{"events/a.md": strings.Replace(okEvent, "people: [A]", "people: ["+manyPeople+"]", 1)},
			err: "content/events/a.md:5:9: people lists 10000 items; a file may list at most 1000"},
		{name: "BOM and CRLF", files: map[string]string{"events/a.md": "\uFEFF" + strings.ReplaceAll(okEvent, "\n", "\r\n") + "Body\r\n"}, page: "events/a/index.html", want: "<p>Body</p>"},
		{name: "not UTF-8", files: map[string]string{"events/a.md": strings.Replace(okEvent, "summary: s", "summary: \xff\xfe", 1)}, err: "a.md:6:10: the file is not UTF-8 text"},
		{name: "an unreadable file", files: map[string]string{"events/a.md": okEvent},
			fsys: func(m fstest.MapFS) fs.FS { return unreadable{m, "events/a.md"} }, err: "content/events/a.md: cannot read"},
		{name: "names with spaces and other scripts", files: map[string]string{"events/2024 Встреча в Пекине.md": okEvent, "events/Xi’an talks.md": okEvent},
			page: "events/xian-talks/index.html", want: "<h1>Fine</h1>"},
		{name: "references that try to leave the folder", files: map[string]string{"events/a.md": strings.Replace(okEvent, "people: [A]", "people: [A, ../../../etc/passwd]", 1)},
			page: "people/etc-passwd/index.html", want: "../../../etc/passwd"},
		{name: "javascript: in a source", files: map[string]string{"events/a.md": strings.Replace(okEvent, "https://example.org/", "javascript:alert(1)", 1)},
			err: `url "javascript:alert(1)" must be an absolute http or https address`},
		{name: "javascript: in a body link", files: map[string]string{"events/a.md": okEvent + "[click](javascript:alert(1)) <a href=\"javascript:x\">raw</a>"},
			page: "events/a/index.html", want: `<a href="">click</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{
				"_index.md":   {Data: []byte("---\ntitle: Hostile\n---\n")},
				"people/a.md": {Data: []byte("---\nname: A\n---\n")},
			}
			for name, text := range tt.files {
				m[name] = &fstest.MapFile{Data: []byte(text)}
			}
			var fsys fs.FS = m
			if tt.fsys != nil {
				fsys = tt.fsys(m)
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			start := time.Now()
			s, err := BuildTo(Options{Content: fsys, Templates: templates.FS, ContentDir: "content"}, out)
			if took := time.Since(start); took > time.Minute {
				t.Errorf("took %v", took)
			}
			var errs Diagnostics
			switch {
			case tt.err != "" && err == nil:
				t.Fatalf("built; want an error with %q", tt.err)
			case tt.err != "" && (!errors.As(err, &errs) || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error:\n%v\nwant one with %q", err, tt.err)
			case tt.err == "" && err != nil:
				t.Fatalf("build failed: %v", err)
			}
			entries, _ := os.ReadDir(parent)
			if tt.err != "" {
				if len(entries) != 0 {
					t.Errorf("a failed build left %d entries beside the output", len(entries))
				}
				return
			}
			if len(entries) != 1 || entries[0].Name() != "public" {
				t.Errorf("the build left %v beside the output folder", entries)
			}
			data, err := os.ReadFile(filepath.Join(out, tt.page))
			if err != nil || !strings.Contains(string(data), tt.want) {
				t.Errorf("%s: %v; want it to hold %q", tt.page, err, tt.want)
			}
			if len(s.Pages) == 0 {
				t.Error("no pages")
			}
		})
	}
}

// TestSymlinkLoop: links to themselves or to their folder do not hang the
// build or take it outside the tree.
func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("_index.md", "---\ntitle: Links\n---\n")
	write("people/a.md", "---\nname: A\n---\n")
	write("events/a.md", okEvent)
	if err := os.Symlink(".", filepath.Join(dir, "events", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("self.md", filepath.Join(dir, "events", "self.md")); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Content: os.DirFS(dir), Templates: templates.FS, ContentDir: "content"})
	if err == nil || !strings.Contains(err.Error(), "content/events/self.md: cannot read") {
		t.Fatalf("error %v; want one naming the looping link", err)
	}
}

// TestLinksOutOfTheTrees: a content file or a template asset that is a
// symbolic link out of its folder is an error and is never read or
// published; a link to a folder is not read, with a warning.
func TestLinksOutOfTheTrees(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(okEvent+"The secret body.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	content, tmpl := t.TempDir(), t.TempDir()
	for name, text := range map[string]string{"_index.md": "---\ntitle: Links\n---\n", "people/a.md": "---\nname: A\n---\n", "events/a.md": okEvent} {
		os.MkdirAll(filepath.Dir(filepath.Join(content, name)), 0o755)
		if err := os.WriteFile(filepath.Join(content, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(tmpl, "assets"), 0o755)
	for link, target := range map[string]string{filepath.Join(content, "events", "leak.md"): secret,
		filepath.Join(content, "events", "more"): "../people", filepath.Join(tmpl, "assets", "passwd"): "/etc/passwd"} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	opts := Options{Content: os.DirFS(content), Templates: templates.Overlay(os.DirFS(tmpl)), ContentDir: "content", TemplatesDir: "templates"}
	for _, want := range []string{"content/events/leak.md: links outside the content folder", "templates/assets/passwd: links outside the templates folder"} {
		if _, err := Build(opts); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v; want one saying %q", err, want)
		}
		os.Remove(filepath.Join(content, "events", "leak.md")) // then the template asset's
	}
	os.Remove(filepath.Join(tmpl, "assets", "passwd"))
	s, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Warnings.Error(), "is a link to a folder, which is not read") {
		t.Errorf("warnings %v; want one on the linked folder", s.Warnings)
	}
	for _, name := range s.Names() {
		if data, _ := s.File(name); strings.Contains(string(data), "The secret body") {
			t.Errorf("%s shows the linked file's text", name)
		}
	}
}

// BenchmarkHostileInput builds the largest inputs of TestHostileInput and
// reports the heap they take at most: a 50 MB body (5 MB with -short), the
// most people one event may list, and the deepest list allowed.
func BenchmarkHostileInput(b *testing.B) {
	size := 50 << 20
	if testing.Short() {
		size = 5 << 20
	}
	var list strings.Builder
	for i := range maxNesting {
		list.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	names := make([]string, maxItems)
	for i := range names {
		names[i] = fmt.Sprintf("Person %d", i)
	}
	for _, c := range []struct{ name, body string }{
		{fmt.Sprintf("body=%dMB", size>>20), okEvent + strings.Repeat("A short paragraph.\n\n", size/20)},
		{fmt.Sprintf("people=%d", maxItems), strings.Replace(okEvent, "people: [A]", "people: ["+strings.Join(names, ", ")+"]", 1)},
		{fmt.Sprintf("list=%d", maxNesting), okEvent + list.String()},
	} {
		fsys := fstest.MapFS{
			"_index.md":   {Data: []byte("---\ntitle: Hostile\n---\n")},
			"events/a.md": {Data: []byte(c.body)},
		}
		b.Run(c.name, func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeap(func() {
					if _, err := BuildTo(Options{Content: fsys, Templates: templates.FS}, filepath.Join(b.TempDir(), "public")); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// peakHeap runs f and returns the most heap its objects held meanwhile, as
// sampled every millisecond.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			most = max(most, sample[0].Value.Uint64())
			select {
			case <-done:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	return <-peak
}

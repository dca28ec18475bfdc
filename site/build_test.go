package site_test

import (
	"bytes"
	"cmp"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"

	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// TestBuild runs every site fixture in testdata/build. A fixture is a
// txtar archive: its files under content/ (and, optionally, templates/) are
// the input; its comment holds one assertion a line:
//
//	contains PATH TEXT     the output file holds TEXT (spacing is ignored)
//	!contains PATH TEXT    it does not
//	order PATH A | B | C   the texts appear in this order
//	exists PATH, !exists PATH
//	sizes PATH             the data page PATH gives each file's size as it is
//	error TEXT             the build fails and an error line holds TEXT
//	warning TEXT           the build succeeds with a warning holding TEXT
//	nowarnings             the build succeeds with no warning
//	option base-url URL    build with this base URL
//	option drafts          build with drafts
//
// Lines starting with # are comments.
func TestBuild(t *testing.T) {
	files, _ := filepath.Glob("testdata/build/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/build")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := buildArchive(ar)
			checkAssertions(t, string(ar.Comment), s, err)
		})
	}
}

// buildArchive builds the site held in a txtar archive.
func buildArchive(ar *txtar.Archive) (*site.Site, error) {
	content := fstest.MapFS{}
	var tmpl fstest.MapFS
	for _, f := range ar.Files {
		switch dir, name, _ := strings.Cut(f.Name, "/"); dir {
		case "content":
			content[name] = &fstest.MapFile{Data: f.Data}
		case "templates":
			if tmpl == nil {
				tmpl = fstest.MapFS{}
			}
			tmpl[name] = &fstest.MapFile{Data: f.Data}
		}
	}
	opts := site.Options{Content: content, Templates: templates.FS, ContentDir: "content", TemplatesDir: "templates", Outputs: output.All, Listing: output.Listing}
	if tmpl != nil {
		opts.Templates = templates.Overlay(tmpl)
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		switch f := strings.Fields(line); {
		case len(f) == 3 && f[0] == "option" && f[1] == "base-url":
			opts.BaseURL = f[2]
		case len(f) == 2 && f[0] == "option" && f[1] == "drafts":
			opts.Drafts = true
		}
	}
	return site.Build(opts)
}

func checkAssertions(t *testing.T, script string, s *site.Site, buildErr error) {
	t.Helper()
	wantFail := strings.Contains("\n"+script, "\nerror ")
	if buildErr != nil && !wantFail {
		t.Fatalf("build failed:\n%v", buildErr)
	}
	if buildErr == nil && wantFail {
		t.Fatalf("build succeeded; want errors")
	}
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		path, text, _ := strings.Cut(rest, " ")
		file := func() string {
			data, ok := s.File(path)
			if !ok {
				t.Fatalf("%s: no output file %s", line, path)
			}
			return squash(string(data))
		}
		switch verb {
		case "contains":
			if !strings.Contains(file(), squash(text)) {
				t.Errorf("%s: not found in:\n%s", line, file())
			}
		case "!contains":
			if strings.Contains(file(), squash(text)) {
				t.Errorf("%s: found", line)
			}
		case "order":
			got, at := file(), 0
			for _, part := range strings.Split(text, "|") {
				i := strings.Index(got[at:], squash(part))
				if i < 0 {
					t.Errorf("%s: %q missing or out of order", line, strings.TrimSpace(part))
					break
				}
				at += i + 1
			}
		case "sizes":
			checkSizes(t, path, s.File, s.Names())
		case "exists", "!exists":
			if _, ok := s.File(path); ok != (verb == "exists") {
				t.Errorf("%s: false", line)
			}
		case "error":
			if !strings.Contains(buildErr.Error(), rest) {
				t.Errorf("%s: not among the errors:\n%v", line, buildErr)
			}
		case "warning":
			if !strings.Contains(unmarked(s.Warnings), rest) {
				t.Errorf("%s: not among the warnings:\n%v", line, s.Warnings)
			}
		case "nowarnings":
			if len(s.Warnings) > 0 {
				t.Errorf("unexpected warnings:\n%v", s.Warnings)
			}
		case "option":
		default:
			t.Fatalf("unknown assertion %q", line)
		}
	}
}

// squash collapses runs of white space to one space, so that assertions do
// not depend on how templates break lines.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// TestBuildIsDeterministic builds a site whose templates override
// partials, and one page file an entry template, many times over: every
// build gives the same files with the same bytes.
func TestBuildIsDeterministic(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/build/overrides.txtar")
	if err != nil {
		t.Fatal(err)
	}
	first, err := buildArchive(ar)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		again, err := buildArchive(ar)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(first.Names(), again.Names()) {
			t.Fatalf("build %d has other files", i+2)
		}
		for _, name := range first.Names() {
			a, _ := first.File(name)
			b, _ := again.File(name)
			if !bytes.Equal(a, b) {
				t.Fatalf("%s differs in build %d", name, i+2)
			}
		}
	}
}

// unmarked gives each problem as "file:line:col: message", without its
// severity.
func unmarked(ds site.Diagnostics) string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Pos.String() + ": " + d.Msg
	}
	return strings.Join(lines, "\n")
}

// checkSizes holds the sizes a data page shows to the files' lengths, as
// read gives them:
// each row's last <data value> to the file its name links to, or for a
// set named by a pattern (people/*/feed.xml), to the files of the
// edition that match it, in all.
func checkSizes(t *testing.T, page string, read func(string) ([]byte, bool), names []string) {
	t.Helper()
	data, ok := read(page)
	if !ok {
		t.Fatalf("sizes: no page %s", page)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	edition := strings.TrimSuffix(page, "data/index.html")
	rows := 0
	for tr := range doc.Descendants() {
		if tr.Data != "tr" || tr.Parent.Data != "tbody" {
			continue
		}
		rows++
		var name, pattern, shown string
		for n := range tr.Descendants() {
			switch {
			case n.Data == "a" && name == "":
				name = path.Join(path.Dir(page), attr(n, "href"))
			case n.Data == "code" && n.Parent.Data == "th" && n.FirstChild != nil:
				pattern = edition + n.FirstChild.Data
			case n.Data == "data":
				shown = attr(n, "value")
			}
		}
		want := 0
		if name != "" {
			file, ok := read(name)
			if !ok {
				t.Errorf("sizes: %s lists %s, which the site does not have", page, name)
			}
			want = len(file)
		} else {
			matched := 0
			for _, n := range names {
				if ok, _ := path.Match(pattern, n); ok {
					file, _ := read(n)
					want += len(file)
					matched++
				}
			}
			if matched == 0 {
				t.Errorf("sizes: %s lists %s, which matches no file", page, pattern)
			}
		}
		if shown != strconv.Itoa(want) {
			t.Errorf("sizes: %s gives %s as %s bytes; it has %d", page, cmp.Or(name, pattern), shown, want)
		}
	}
	if rows == 0 {
		t.Errorf("sizes: %s lists no files", page)
	}
}

// TestDataPageSizesOnDisk: a site built into a folder, whose files are
// made before the data page and not kept, gives their sizes on it as
// they are on disk, in every edition.
func TestDataPageSizesOnDisk(t *testing.T) {
	content := fixtureContent(t, "testdata/build/data.txtar")
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := site.BuildTo(site.Options{Content: content, Templates: templates.FS, BaseURL: "https://example.org/",
		Outputs: output.All, Listing: output.Listing}, dir); err != nil {
		t.Fatal(err)
	}
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	read := func(name string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		return data, err == nil
	}
	for _, page := range []string{"data/index.html", "ru/data/index.html"} {
		checkSizes(t, page, read, names)
	}
}

// TestNoListingNoDataPage: a build that names no listing (as timeline pdf
// and schema do) has no data page, and its pages do not link to one.
func TestNoListingNoDataPage(t *testing.T) {
	content := fixtureContent(t, "testdata/build/data.txtar")
	s, err := site.Build(site.Options{Content: content, Templates: templates.FS, Outputs: output.All})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.File("data/index.html"); ok {
		t.Error("data/index.html is made without a listing")
	}
	if home, _ := s.File("index.html"); bytes.Contains(home, []byte("Data and feeds")) {
		t.Error("the home page links to a data page that is not there")
	}
}

// fixtureContent is the content tree of a txtar fixture.
func fixtureContent(t *testing.T, file string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	content := fstest.MapFS{}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "content/"); ok {
			content[name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return content
}

package site_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

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
	opts := site.Options{Content: content, Templates: templates.FS, ContentDir: "content", TemplatesDir: "templates", Outputs: output.All}
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

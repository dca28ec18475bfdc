package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// TestPDF renders the print edition of the default timeline with
// Chromium and reads the PDF back with poppler's pdftotext and pdfinfo:
// it holds the first and the last contact and the endnotes, in at most 25
// A4 pages with their numbers.
func TestPDF(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("this test reads the PDF with %s; .ci/setup installs it (poppler-utils): %v", tool, err)
		}
	}
	t.Chdir(t.TempDir()) // no content folder: the built-in timeline
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pdf", "--out", "t.pdf"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	info, err := exec.Command("pdfinfo", "t.pdf").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	pages, _ := strconv.Atoi(string(m[1]))
	if pages == 0 || pages > 25 || !strings.Contains(string(info), "(A4)") {
		t.Errorf("the PDF has %d pages (want at most 25, A4):\n%s", pages, info)
	}
	text, err := exec.Command("pdftotext", "-raw", "t.pdf", "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Compared without white space, as lines wrap inside titles and
	// addresses.
	flat := strings.Join(strings.Fields(string(text)), "")
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	first, last := s.Events[0], s.Events[len(s.Events)-1]
	for _, want := range []string{
		first.Title, last.Title,
		"Sources",            // the endnotes' heading
		first.Sources[0].URL, // the first endnote, in full
		last.Sources[len(last.Sources)-1].URL,
		"Cite as:",                                                                      // on the title page
		"2 / " + strconv.Itoa(pages), strconv.Itoa(pages) + " / " + strconv.Itoa(pages), // page numbers
	} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the PDF's text has no %q", want)
		}
	}
}

// TestPDFWithoutChromium says what to install.
func TestPDFWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CHROMIUM", "")
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pdf"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := "Chromium, which is not installed: on Debian or Ubuntu `sudo apt install chromium`"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	if written, _ := filepath.Glob("*.pdf"); len(written) > 0 {
		t.Errorf("wrote %v", written)
	}
}

package site_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"strings"
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/default.sums from the default build")

// TestDefaultBuildSums holds the default build, with the base URL CI
// publishes it at, to the checksums in testdata/default.sums, so that a
// change to the generator, the templates or the content shows which files
// it changed. After an intended change: go test ./site -run DefaultBuildSums -update.
func TestDefaultBuildSums(t *testing.T) {
	s, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, BaseURL: "https://example.org/china-russia/", Outputs: output.All, Listing: output.Listing})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, name := range s.Names() {
		data, _ := s.File(name)
		sum := sha256.Sum256(data)
		b.WriteString(hex.EncodeToString(sum[:]) + "  " + name + "\n")
	}
	got := b.String()
	if *update {
		if err := os.WriteFile("testdata/default.sums", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/default.sums")
	if err != nil {
		t.Fatalf("%v; make it with -update", err)
	}
	if got == string(want) {
		return
	}
	wantSums := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		wantSums[name] = sum
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		switch w, ok := wantSums[name]; {
		case !ok:
			t.Errorf("new file %s", name)
		case w != sum:
			t.Errorf("%s changed", name)
		}
		delete(wantSums, name)
	}
	for name := range wantSums {
		t.Errorf("%s is gone", name)
	}
	t.Log("if the changes are intended: go test ./site -run DefaultBuildSums -update")
}

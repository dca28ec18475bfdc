package main

import (
	"bytes"
	"os"
	"testing"
)

// TestCLDRDataIsCurrent: site/words/cldr.go is what cldrgen makes from
// the cldr-dates-full package that .ci/setup installs, so that every date
// pattern and month name the words package uses is CLDR's.
func TestCLDRDataIsCurrent(t *testing.T) {
	const dir = "../../../../.ci/tools/node_modules/cldr-dates-full"
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("this test needs the cldr-dates-full package; .ci/setup installs it: %v", err)
	}
	want, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../cldr.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("site/words/cldr.go is not what cldrgen makes from cldr-dates-full; run:\n" +
			"go run ./site/words/internal/cldrgen -cldr .ci/tools/node_modules/cldr-dates-full > site/words/cldr.go")
	}
}

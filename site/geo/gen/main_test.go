package main

import (
	"bytes"
	"os"
	"testing"
)

// TestOutlinesAreGenerated: outlines.go is what gen makes of the
// world-atlas package that .ci/setup installs, byte for byte, so the
// committed outlines are the atlas's and match the projection of package
// geo as it now is.
func TestOutlinesAreGenerated(t *testing.T) {
	const atlas = "../../../.ci/tools/node_modules/world-atlas"
	if _, err := os.Stat(atlas); err != nil {
		t.Fatalf("the world-atlas package is missing; .ci/setup installs it: %v", err)
	}
	want, err := generate(atlas)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../outlines.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("outlines.go is not what gen makes of the atlas; run go generate ./site/geo")
	}
	again, _ := generate(atlas)
	if !bytes.Equal(want, again) {
		t.Errorf("gen gave other bytes the second time")
	}
}

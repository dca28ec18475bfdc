package site_test

import (
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/templates"
)

// BenchmarkBuildDefault builds the default timeline in memory.
func BenchmarkBuildDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS}); err != nil {
			b.Fatal(err)
		}
	}
}

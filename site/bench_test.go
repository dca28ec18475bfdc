package site_test

import (
	"testing"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// BenchmarkBuildDefault builds the default timeline in memory.
func BenchmarkBuildDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(site.Options{Content: content.FS, Templates: templates.FS, Outputs: output.All, Listing: output.Listing}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildDefault rebuilds the default timeline with a warm
// cache, as the preview does when a file was saved unchanged: lazy, from
// files with modification times, as on disk.
func BenchmarkRebuildDefault(b *testing.B) {
	opts := site.Options{Content: mapFS(b, content.FS), Templates: templates.FS, Cache: site.NewCache(), Lazy: true,
		Outputs: output.All, Listing: output.Listing}
	if _, err := site.Build(opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(opts); err != nil {
			b.Fatal(err)
		}
	}
}

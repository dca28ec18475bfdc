package site_test

import (
	"fmt"
	"testing"

	"timeline/site"
	"timeline/site/synth"
	"timeline/templates"
)

// BenchmarkBuildSynthetic builds generated timelines in memory.
func BenchmarkBuildSynthetic(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := synth.FS(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			pages := 0
			for b.Loop() {
				s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS})
				if err != nil {
					b.Fatal(err)
				}
				pages = len(s.Files)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

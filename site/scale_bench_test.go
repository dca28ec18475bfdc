package site_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"timeline/site"
	"timeline/site/output"
	"timeline/site/synth"
	"timeline/templates"
)

// BenchmarkBuildSynthetic builds generated timelines in memory.
func BenchmarkBuildSynthetic(b *testing.B) {
	for _, n := range benchSizes() {
		fsys := synth.FS(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			pages := 0
			for b.Loop() {
				s, err := site.Build(site.Options{Content: fsys, Templates: templates.FS, Outputs: output.All, Listing: output.Listing})
				if err != nil {
					b.Fatal(err)
				}
				pages = len(s.Files)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkBuildSyntheticToDisk builds generated timelines, with a base URL
// (so with feeds and sitemap), into a fresh output folder on disk, as
// timeline build does.
func BenchmarkBuildSyntheticToDisk(b *testing.B) {
	for _, n := range benchSizes() {
		fsys := synth.FS(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			out := filepath.Join(b.TempDir(), "public")
			pages := 0
			for b.Loop() {
				b.StopTimer()
				if err := os.RemoveAll(out); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				s, err := site.BuildTo(site.Options{Content: fsys, Templates: templates.FS,
					BaseURL: "https://example.org/", Outputs: output.All, Listing: output.Listing}, out)
				if err != nil {
					b.Fatal(err)
				}
				pages = len(s.Pages)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// benchSizes are the numbers of events the benchmarks build: 1,000 and
// 10,000, or 200 with -short, as CI runs every benchmark once to see that
// none stops working.
func benchSizes() []int {
	if testing.Short() {
		return []int{200}
	}
	return []int{1000, 10000}
}

// BenchmarkRebuildAfterEdit rebuilds a 10,000-event timeline with a warm
// cache after one event's title changed, as the preview does (lazy: the
// pages are made when asked for).
func BenchmarkRebuildAfterEdit(b *testing.B) {
	fsys := synth.FS(benchSizes()[len(benchSizes())-1], 1).(fstest.MapFS)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range fsys {
		f.ModTime = stamp // as on disk, so unchanged files are not read again
	}
	opts := site.Options{Content: fsys, Templates: templates.FS, Cache: site.NewCache(), Lazy: true, Outputs: output.All, Listing: output.Listing}
	if _, err := site.Build(opts); err != nil {
		b.Fatal(err)
	}
	names, _ := fs.Glob(fsys, "events/2000-01-*.md")
	original := string(fsys[names[0]].Data)
	for i := 0; b.Loop(); i++ {
		edited := strings.Replace(original, "title: ", "title: Edit "+strconv.Itoa(i)+" ", 1)
		fsys[names[0]] = &fstest.MapFile{Data: []byte(edited), ModTime: stamp.Add(time.Duration(i+1) * time.Second)}
		if _, err := site.Build(opts); err != nil {
			b.Fatal(err)
		}
	}
}

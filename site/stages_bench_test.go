package site

import (
	"fmt"
	"io"
	"io/fs"
	"testing"

	"timeline/site/synth"
	"timeline/templates"
)

// discard is a target that drops what it gets.
type discard struct{}

func (discard) put(string, []byte) error  { return nil }
func (discard) keeps() bool               { return false }
func (discard) has(string, [32]byte) bool { return false }
func (discard) size(string) (int, error)  { return 0, fs.ErrNotExist }
func (discard) putFrom(_ string, write func(io.Writer)) (int, error) {
	c := &counter{w: io.Discard}
	write(c)
	return int(c.n), nil
}

// BenchmarkStages times each stage of a build on its own: load (read and
// parse), resolve and index, render (to nowhere), and write (to disk).
func BenchmarkStages(b *testing.B) {
	sizes := []int{1000, 10000}
	if testing.Short() {
		sizes = []int{200} // CI's once-over
	}
	for _, n := range sizes {
		fsys := synth.FS(n, 1)
		prepare := func() (*Site, *contentSet, []*Event) {
			var errs Diagnostics
			c := load(fsys, "", noStore{}, nil, true, &errs)
			s := newEdition(c, c.editions[0], c.editions, "")
			s.loadWords(templates.FS, "", nil, &errs)
			c.name(s.Words)
			resolve(c.events, c, &errs)
			c.translateTerms(s.Edition)
			errs, _ = split(errs)
			numberAll(c.events)
			if len(errs) > 0 {
				b.Fatal(errs)
			}
			return s, c, c.events
		}
		b.Run(fmt.Sprintf("load/%d", n), func(b *testing.B) {
			for b.Loop() {
				var errs Diagnostics
				load(fsys, "", noStore{}, nil, true, &errs)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
		})
		b.Run(fmt.Sprintf("index/%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, _, events := prepare()
				b.StartTimer()
				s.index(events, nil, nil)
			}
		})
		b.Run(fmt.Sprintf("render/%d", n), func(b *testing.B) {
			s, _, events := prepare()
			s.index(events, nil, nil)
			s.wordDates()
			s.Pages = s.pages()
			for b.Loop() {
				var errs Diagnostics
				s.render(templates.FS, "", [32]byte{}, nil, nil, false, false, discard{}, &errs)
			}
			b.ReportMetric(float64(len(s.Pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
		b.Run(fmt.Sprintf("write/%d", n), func(b *testing.B) {
			s, err := Build(Options{Content: fsys, Templates: templates.FS})
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			for i := 0; b.Loop(); i++ {
				if err := s.Write(fmt.Sprintf("%s/%d", dir, i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(s.Files)*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

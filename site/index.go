package site

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"timeline/site/internal/parallel"
)

const (
	maxRelated      = 5
	maxCounterparts = 8
	// relatedWindow is how many of the contacts that share a term, nearest
	// in time, can count as related through it: all of them for a rare term,
	// the nearest for a frequent one, which keeps the ranking linear in the
	// number of events.
	relatedWindow = 32
)

// index orders the events in time and links everything to everything it
// touches: neighbours, years, each term's events, related events, and the
// people and topics that come up together most.
// memo, when not nil, keeps what it can for the next build (a Cache's);
// so does a store kept on disk.
func (s *Site) index(events []*Event, memo *indexMemo, store Store) {
	slices.SortFunc(events, compareEvents) // a total order: slugs are unique
	s.Events = events
	byYear := map[int]*Year{}
	for i, e := range events {
		e.ord = i
		if i > 0 {
			e.Older, events[i-1].Newer = events[i-1], e
		}
		y := byYear[e.Span.Start.Year]
		if y == nil {
			y = &Year{Year: e.Span.Start.Year}
			byYear[y.Year] = y
			s.Years = append(s.Years, y)
		}
		y.Events = append(y.Events, e)
		e.termPos = e.termPos[:0]
		for _, t := range e.all {
			e.termPos = append(e.termPos, len(t.Events))
			t.Events = append(t.Events, e)
		}
	}
	slices.Reverse(s.Years)
	for i, y := range s.Years {
		if i > 0 {
			y.Newer, s.Years[i-1].Older = s.Years[i-1], y
		}
	}
	s.divideYears()
	var terms []*Term
	for _, x := range s.Taxonomies {
		terms = append(terms, x.Terms...)
	}
	key := s.structure(terms)
	stored := keyOf("index", key[:])
	if memo != nil {
		if x, ok := memo.get(key); ok {
			x.restore(events, terms, s.Taxonomies)
			return
		}
	}
	if onDisk(store) {
		if v, ok := store.Get(stored); ok {
			if text, ok := v.(string); ok {
				if x, ok := decodeIndexed(text, len(events), len(terms), s.Taxonomies); ok {
					x.restore(events, terms, s.Taxonomies)
					return
				}
			}
		}
	}
	parallel.For(len(events), func(i int) { events[i].Related = related(events[i], len(events)) })
	parallel.For(len(terms), func(i int) {
		t := terms[i]
		t.Cooccurring = t.Cooccurring[:0]
		for j, o := range s.Taxonomies {
			t.Cooccurring = append(t.Cooccurring, TermCounts{o, cooccurring(t, j)})
		}
	})
	if memo != nil {
		memo.put(key, worked(events, terms))
	}
	if onDisk(store) {
		store.Put(stored, worked(events, terms).encode())
	}
}

// An indexMemo keeps, for the next build of a Cache, what index worked
// out that depends only on the events' order, dates, slugs and terms and
// on the terms' names: each event's related events and each term's
// co-occurring terms, by position, to give again when those are the same
// (an edit of a title or a body changes none of them). Its key is the
// digest of those (structure).
type indexMemo = memo[[32]byte, indexed]

type indexed struct {
	related     [][]int32       // by event, the places of its related events
	cooccurring [][][]termCount // by term, by taxonomy: the co-occurring terms
}

// A termCount is a TermCount by the term's place in its taxonomy.
type termCount struct{ term, count int32 }

// structure digests what related and cooccurring depend on.
func (s *Site) structure(terms []*Term) [32]byte {
	d := newDigester()
	for _, e := range s.Events {
		d.str(e.Slug).int(e.Span.Start.Year*10000 + e.Span.Start.Month*100 + e.Span.Start.Day).
			int(e.Span.End.Year*10000 + e.Span.End.Month*100 + e.Span.End.Day)
		for _, l := range e.Terms {
			d.int(len(l.Terms))
			for _, t := range l.Terms {
				d.str(t.Slug)
			}
		}
	}
	for _, t := range terms {
		d.str(t.Taxonomy.Key).str(t.Slug).str(t.Name)
	}
	return d.sum()
}

// restore gives the events and terms what a build of the same structure
// worked out.
func (x indexed) restore(events []*Event, terms []*Term, taxonomies []*Taxonomy) {
	for i, e := range events {
		e.Related = make([]*Event, len(x.related[i]))
		for j, o := range x.related[i] {
			e.Related[j] = events[o]
		}
	}
	for i, t := range terms {
		t.Cooccurring = t.Cooccurring[:0]
		for j, o := range taxonomies {
			counts := make([]TermCount, len(x.cooccurring[i][j]))
			for k, c := range x.cooccurring[i][j] {
				counts[k] = TermCount{o.Terms[c.term], int(c.count)}
			}
			t.Cooccurring = append(t.Cooccurring, TermCounts{o, counts})
		}
	}
}

// worked gives what index worked out.
func worked(events []*Event, terms []*Term) indexed {
	place := map[*Term]int32{} // in its taxonomy: terms come taxonomy by taxonomy
	n := int32(0)
	for i, t := range terms {
		if i > 0 && t.Taxonomy != terms[i-1].Taxonomy {
			n = 0
		}
		place[t] = n
		n++
	}
	x := indexed{related: make([][]int32, len(events)), cooccurring: make([][][]termCount, len(terms))}
	for i, e := range events {
		for _, o := range e.Related {
			x.related[i] = append(x.related[i], int32(o.ord))
		}
	}
	for i, t := range terms {
		for _, tc := range t.Cooccurring {
			var counts []termCount
			for _, c := range tc.Counts {
				counts = append(counts, termCount{place[c.Term], int32(c.Count)})
			}
			x.cooccurring[i] = append(x.cooccurring[i], counts)
		}
	}
	return x
}

// encode gives x as a Store on disk keeps it: numbers as varints, each
// list after its length.
func (x indexed) encode() string {
	var b []byte
	for _, r := range x.related {
		b = binary.AppendUvarint(b, uint64(len(r)))
		for _, o := range r {
			b = binary.AppendUvarint(b, uint64(o))
		}
	}
	for _, byTaxonomy := range x.cooccurring {
		for _, counts := range byTaxonomy {
			b = binary.AppendUvarint(b, uint64(len(counts)))
			for _, c := range counts {
				b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(c.term)), uint64(c.count))
			}
		}
	}
	return string(b)
}

// decodeIndexed reads what encode wrote for a site of n events, terms
// terms and taxonomies, and tells whether it is whole and fits them.
func decodeIndexed(text string, n, terms int, taxonomies []*Taxonomy) (indexed, bool) {
	b := []byte(text)
	next := func(below int) (int32, bool) {
		v, w := binary.Uvarint(b)
		if w <= 0 || v >= uint64(below) {
			return 0, false
		}
		b = b[w:]
		return int32(v), true
	}
	x := indexed{related: make([][]int32, n), cooccurring: make([][][]termCount, terms)}
	for i := range x.related {
		k, ok := next(maxRelated + 1)
		for ; ok && k > 0; k-- {
			var o int32
			o, ok = next(n)
			x.related[i] = append(x.related[i], o)
		}
		if !ok {
			return indexed{}, false
		}
	}
	for i := range x.cooccurring {
		for _, o := range taxonomies {
			k, ok := next(maxCounterparts + 1)
			var counts []termCount
			for ; ok && k > 0; k-- {
				var c termCount
				if c.term, ok = next(len(o.Terms)); ok {
					c.count, ok = next(math.MaxInt32)
				}
				counts = append(counts, c)
			}
			if !ok {
				return indexed{}, false
			}
			x.cooccurring[i] = append(x.cooccurring[i], counts)
		}
	}
	return x, len(b) == 0
}

// divideYears picks the years the home page lists in full, the newest
// first while their events stay within HomeEvents (the newest always),
// and groups every year by decade.
func (s *Site) divideYears() {
	total := 0
	for i, y := range s.Years {
		total += len(y.Events)
		if i > 0 && total > s.HomeEvents {
			break
		}
		y.Recent = true
		s.Recent = s.Years[:i+1]
	}
	for _, y := range s.Years {
		first := y.Year - y.Year%10
		if n := len(s.Decades); n == 0 || s.Decades[n-1].Decade != first {
			s.Decades = append(s.Decades, &Decade{Decade: first})
		}
		d := s.Decades[len(s.Decades)-1]
		d.Years = append(d.Years, y)
	}
}

// compareEvents orders events by date, then by end, then by slug, so that
// the order never depends on how files were read.
func compareEvents(a, b *Event) int {
	return cmp.Or(a.Span.Start.Compare(b.Span.Start), a.Span.End.Compare(b.Span.End), cmp.Compare(a.Slug, b.Slug))
}

// related ranks the events that share people or topics with e. A shared
// term counts for more the fewer events it has (so sharing a rare topic
// outweighs sharing a leader who is everywhere), and only among the
// relatedWindow events nearest in time that share it; ties go to the
// nearer event in time, then to the slug.
func related(e *Event, n int) []*Event {
	type candidate struct {
		event *Event
		score float64
		apart int
	}
	better := func(a, b candidate) bool { // the slugs only for a tie: cmp.Or would compare them every time
		if a.score != b.score {
			return a.score > b.score
		}
		if a.apart != b.apart {
			return a.apart < b.apart
		}
		return a.event.Slug < b.event.Slug
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if len(sc.slot) < n {
		sc.slot = make([]int32, n) // slot[o.ord] is o's place in cs, plus one
	}
	cs := make([]candidate, 0, 8*relatedWindow)
	defer func() {
		for _, c := range cs {
			sc.slot[c.event.ord] = 0
		}
	}()
	for i, t := range e.all {
		w := math.Log(1 + float64(n)/float64(len(t.Events)))
		lo := max(0, min(e.termPos[i]-relatedWindow/2, len(t.Events)-relatedWindow-1))
		hi := min(len(t.Events), lo+relatedWindow+1)
		for _, o := range t.Events[lo:hi] {
			if o == e {
				continue
			}
			j := sc.slot[o.ord] - 1
			if j < 0 {
				j = int32(len(cs))
				sc.slot[o.ord] = j + 1
				cs = append(cs, candidate{event: o, apart: daysApart(e, o)})
			}
			cs[j].score += w
		}
	}
	// Keep the best few by insertion: cheaper than sorting them all.
	var best []candidate
	for _, c := range cs {
		if len(best) == maxRelated && !better(c, best[maxRelated-1]) {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, c, func(a, b candidate) int {
			if better(a, b) {
				return -1
			}
			return 1
		})
		best = slices.Insert(best, at, c)
		best = best[:min(len(best), maxRelated)]
	}
	out := make([]*Event, len(best))
	for i, c := range best {
		out[i] = c.event
	}
	return out
}

// scratch is related's working memory, reused across calls.
type scratch struct{ slot []int32 }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func daysApart(a, b *Event) int {
	day := func(d Date) int { return d.Year*372 + max(d.Month, 1)*31 + max(d.Day, 1) }
	return abs(day(a.Span.Start) - day(b.Span.Start))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// cooccurring counts the terms of the site's taxonomy x (its place in
// Site.Taxonomies, as in each event's Terms) that appear in t's events,
// most frequent first, then by name.
func cooccurring(t *Term, x int) []TermCount {
	count := map[*Term]int{}
	for _, e := range t.Events {
		for _, o := range e.Terms[x].Terms {
			if o != t {
				count[o]++
			}
		}
	}
	out := make([]TermCount, 0, len(count))
	for o, c := range count {
		out = append(out, TermCount{o, c})
	}
	slices.SortFunc(out, func(a, b TermCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term.Name, b.Term.Name), cmp.Compare(a.Term.Slug, b.Term.Slug))
	})
	return out[:min(len(out), maxCounterparts)]
}

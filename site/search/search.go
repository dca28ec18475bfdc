// Package search makes the full-text index a site's search page reads in
// the browser, split into files so that a query fetches only what it
// needs: at 10,000 events a one-word query reads a few small files, not
// the whole index.
//
// The index is a folder (search/ in each edition) of JSON files:
//
//	meta.json    what every query needs: how the rest is split, the types
//	             and each taxonomy's terms by number, the month of every event
//	w/N.json     the words whose key (their first two letters, see key)
//	             hashes to shard N, each with its postings, or with the
//	             number J of a file of its own, w/N-J.txt, when they are long
//	t/N.json     the text of events N·K to N·K+K-1 (K is meta's "chunk"):
//	             address, date, type, title, the text excerpts are cut from,
//	             and the numbers of its terms
//	             facets.json  every term's events, and every event's type
//
// Events are numbered in the order the site lists them, newest first, so
// that numbers sort by date. A list of event numbers (postings) is a string
// of base-64 digits (see digits): each number is written as its
// difference from the one before, less one, five bits to a digit, low bits
// first, with 32 added to every digit but the last of a number. A word's
// postings carry the word's weight in each event with the difference:
// difference·16 + weight − 1, where the weight (1–16) sums how often the
// word occurs in each field of the event times the field's weight.
package search

import (
	"crypto/sha256"
	"encoding/json"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"timeline/site/internal/parallel"
)

// A Doc is one event as search knows it.
type Doc struct {
	URL   string // from the edition's root
	Date  string // as the edition's pages write it
	Title string
	Type  int     // the number of its type in Meta.Types
	Month int     // year·100 + month, with month 0 for a date of a year only
	Terms [][]int // the numbers of its terms in each of Meta.Taxonomies
	// Fields are the text search finds it by, each with a weight; or
	// Words, when set, are the words Weigh found in them.
	Fields []Field
	Words  string
	// Text is what results show an excerpt of, line by line: the summary,
	// the body and the sources as plain text.
	Text []string
	// Key, if not zero, covers everything of the doc but its Fields and
	// Words: the same Key, the same doc in the text for results.
	Key [32]byte
}

// A Field is text to index and how much a word found in it counts.
type Field struct {
	Text   string
	Weight int
}

// The weights of fields: a word in the title counts most.
const (
	Title   = 6
	Name    = 4 // the names of its terms, its place and occasion
	Summary = 3
	Body    = 1 // the body, documents and sources
)

// Meta describes the site to the search page: it is meta.json, less what
// Build adds.
type Meta struct {
	Types      []Type     `json:"types"`
	Taxonomies []Taxonomy `json:"taxonomies"`
}

// A Type is an event type as filters offer it.
type Type struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// A Taxonomy is a taxonomy as filters offer it: Param names its filter in
// the search page's address (?person=xi-jinping).
type Taxonomy struct {
	Key   string `json:"key"`
	Param string `json:"param"`
	Name  string `json:"name"`
	Terms []Term `json:"terms"`
}

// A Term is one choice of a taxonomy's filter. Results show the names
// by which a query found an event when its text does not have them: a
// name in another script, or an alias.
type Term struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Native  string   `json:"native,omitempty"`
	Lang    string   `json:"lang,omitempty"` // of Native
	Aliases []string `json:"aliases,omitempty"`
}

// Sizes of the files: a shard of words or a chunk of text aims at about
// target bytes before compression, and a word whose postings run longer
// than own gets a file of its own.
const (
	target = 16 << 10
	own    = 4 << 10
	// excerptText is the most text of one event kept for excerpts; all of
	// it is indexed.
	excerptText = 10 << 10
)

// Weigh gives the words of fields, each once with its weight in the
// event (the sum of its fields' weights, at most 16), as Doc.Words holds
// them: each word, a zero byte, the weight as a byte; in order.
func Weigh(fields []Field) string {
	ws := weighing.Get().(*weights)
	defer weighing.Put(ws)
	for _, f := range fields {
		Words(Fold(f.Text), func(w string) { ws.of[w] = min(ws.of[w]+f.Weight, 16) })
	}
	size := 0
	for w := range ws.of {
		ws.sorted = append(ws.sorted, w)
		size += len(w) + 2
	}
	slices.Sort(ws.sorted)
	var b strings.Builder
	b.Grow(size)
	for _, w := range ws.sorted {
		b.WriteString(w)
		b.WriteByte(0)
		b.WriteByte(byte(ws.of[w]))
	}
	clear(ws.of)
	clear(ws.sorted) // so that the pool holds no text
	ws.sorted = ws.sorted[:0]
	return b.String()
}

// weights is what Weigh works in, kept for the next event: a map and a
// slice grown to an event's words.
type weights struct {
	of     map[string]int
	sorted []string
}

var weighing = sync.Pool{New: func() any { return &weights{of: map[string]int{}} }}

// A word's postings, in the events' order: for each event that has the
// word, the gap since the last one's number and the weight, as one number
// of digits; prev is the last one's number.
type postings struct {
	b    []byte
	prev int
}

// join appends the postings of a later run of events to p's.
func (p *postings) join(later *postings) {
	first, n := undigit(later.b) // as from no event before
	event, weight := first/16, first%16
	p.b = append(digits(p.b, (event-p.prev-1)*16+weight), later.b[n:]...)
	p.prev = later.prev
}

// Build makes the index of docs, listed newest first: what makes each of
// its files, by their names within the index's folder. The words, facets
// and meta are made here; each chunk of text when it is asked for. When
// every doc has a Key, so have the chunks: keys gives, by name, a digest
// of the Keys of a chunk's docs.
func Build(meta Meta, docs []Doc) (makers map[string]func() []byte, keys map[string][32]byte) {
	files := map[string][]byte{}
	makers, keys = map[string]func() []byte{}, map[string][32]byte{}
	// Each event's words with their weights, on every core; then their
	// postings, in the events' order.
	weighed := make([]string, len(docs))
	parallel.For(len(docs), func(i int) {
		if weighed[i] = docs[i].Words; weighed[i] == "" {
			weighed[i] = Weigh(docs[i].Fields)
		}
	})
	// Each word's postings, encoded as they come (see digits): the index
	// of tens of thousands of events holds millions of them. The events
	// are split into one run per core, and the runs' postings joined.
	runs := make([]map[string]*postings, min(runtime.GOMAXPROCS(0), max(1, len(docs)/1000)))
	parallel.For(len(runs), func(r int) {
		words := map[string]*postings{}
		for i := r * len(docs) / len(runs); i < (r+1)*len(docs)/len(runs); i++ {
			for ws := weighed[i]; len(ws) > 0; {
				end := strings.IndexByte(ws, 0)
				w, weight := ws[:end], int(ws[end+1])
				ws = ws[end+2:]
				p := words[w]
				if p == nil {
					p = &postings{prev: -1}
					words[w] = p
				}
				p.b = digits(p.b, (i-p.prev-1)*16+weight-1)
				p.prev = i
			}
			weighed[i] = ""
		}
		runs[r] = words
	})
	words := runs[0]
	for _, run := range runs[1:] {
		for w, p := range run {
			if q := words[w]; q != nil {
				q.join(p)
			} else {
				words[w] = p
			}
		}
	}

	// Words by shard; the long postings each in a file of their own.
	list := slices.Sorted(maps.Keys(words))
	inline := 0
	for _, w := range list {
		if b := words[w].b; len(b) <= own {
			inline += len(b) + len(w) + 6
		}
	}
	shards := max(1, (inline+target-1)/target)
	byShard := make([][]string, shards) // each shard's words, in order
	for _, w := range list {
		n := ShardOf(w, shards)
		byShard[n] = append(byShard[n], w)
	}
	// Each shard a JSON object, on every core; a word whose postings are
	// long has them in a file of its own, numbered within the shard.
	shardFiles := make([]map[string][]byte, shards)
	parallel.For(shards, func(n int) {
		out := map[string][]byte{}
		b := []byte{'{'}
		for i, w := range byShard[n] {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendString(b, w), ':')
			if p := words[w].b; len(p) > own {
				b = strconv.AppendInt(b, int64(len(out)), 10)
				out["w/"+strconv.Itoa(n)+"-"+strconv.Itoa(len(out))+".txt"] = p
			} else {
				b = appendString(b, p)
			}
		}
		out["w/"+strconv.Itoa(n)+".json"] = append(b, '}', '\n')
		shardFiles[n] = out
	})
	for _, out := range shardFiles {
		maps.Copy(files, out)
	}

	// The text for results, in chunks of about target bytes.
	size := 0
	for _, d := range docs {
		text := len(d.Text) - 1
		for _, line := range d.Text {
			text += len(line)
		}
		size += len(d.URL) + len(d.Date) + len(d.Title) + min(text, excerptText) + 16
	}
	chunk := 1
	if len(docs) > 0 {
		chunk = max(1, min(100, int(math.Round(float64(target)*float64(len(docs))/float64(max(size, 1))))))
	}
	// Each chunk is made when its file is: a preview makes the few a
	// search shows, and keeps no copy of every event's text.
	keyed := !slices.ContainsFunc(docs, func(d Doc) bool { return d.Key == [32]byte{} })
	for c := 0; c*chunk < len(docs); c++ {
		name, in := "t/"+strconv.Itoa(c)+".json", docs[c*chunk:min((c+1)*chunk, len(docs))]
		makers[name] = func() []byte { return textChunk(in) }
		if keyed {
			h := sha256.New()
			for _, d := range in {
				h.Write(d.Key[:])
			}
			keys[name] = [32]byte(h.Sum(nil))
		}
	}

	// The facets: each term's events, and each event's type.
	facets := struct {
		Types string     `json:"types"`
		Terms [][]string `json:"terms"`
	}{Terms: make([][]string, len(meta.Taxonomies))}
	events := make([][][]int, len(meta.Taxonomies))
	for x, tx := range meta.Taxonomies {
		events[x] = make([][]int, len(tx.Terms))
	}
	var types []byte
	for i, d := range docs {
		types = digits(types, d.Type)
		for x, terms := range d.Terms {
			for _, t := range terms {
				events[x][t] = append(events[x][t], i)
			}
		}
	}
	facets.Types = string(types)
	for x := range events {
		facets.Terms[x] = make([]string, len(events[x]))
		for t, ids := range events[x] {
			var b []byte
			prev := -1
			for _, id := range ids {
				b = digits(b, id-prev-1)
				prev = id
			}
			facets.Terms[x][t] = string(b)
		}
	}
	files["facets.json"] = marshal(facets)

	// meta.json: the months as runs, [month, how many events in a row].
	months := [][2]int{}
	for _, d := range docs {
		if k := len(months) - 1; k >= 0 && months[k][0] == d.Month {
			months[k][1]++
		} else {
			months = append(months, [2]int{d.Month, 1})
		}
	}
	files["meta.json"] = marshal(struct {
		Events int      `json:"events"`
		Chunk  int      `json:"chunk"`
		Shards int      `json:"shards"`
		Months [][2]int `json:"months"`
		Meta
	}{len(docs), chunk, shards, months, meta})
	for name, data := range files {
		makers[name] = func() []byte { return data }
	}
	return makers, keys
}

// textChunk is a file of the text for results: for each of docs, its
// address, date, type, title, at most excerptText bytes of its text, and
// its terms.
func textChunk(docs []Doc) []byte {
	b := []byte{'['}
	for i, d := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(append(b, '['), d.URL)
		b = appendString(append(b, ','), d.Date)
		b = strconv.AppendInt(append(b, ','), int64(d.Type), 10)
		b = appendString(append(b, ','), d.Title)
		b = appendString(append(b, ','), cut(strings.Join(d.Text, "\n"), excerptText)) // made here, not kept
		b = append(b, ",["...)
		for x, terms := range d.Terms {
			if x > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for k, t := range terms {
				if k > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(t), 10)
			}
			b = append(b, ']')
		}
		b = append(b, "]]"...)
	}
	return append(b, ']', '\n')
}

// alphabet holds the base-64 digits of postings.
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// digits appends n ≥ 0 to b, five bits to a digit, low bits first.
func digits(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, alphabet[32+n&31])
		n >>= 5
	}
	return append(b, alphabet[n])
}

// undigit reads the number at the start of b that digits wrote, and
// gives how many digits it took.
func undigit(b []byte) (n, size int) {
	for shift := 0; size < len(b); shift += 5 {
		d := strings.IndexByte(alphabet, b[size])
		size++
		if d < 32 {
			return n | d<<shift, size
		}
		n |= (d - 32) << shift
	}
	return n, size
}

// appendString appends s to b as a JSON string, copying each run of
// bytes that need no escape at once.
func appendString[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, '\\', 'u', '0', '0', alphabet[c>>4], alphabet[c&15])
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// cut shortens s to at most n bytes, at the end of a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return strings.TrimSpace(s[:n]) + "…"
}

func marshal(v any) []byte {
	data, _ := json.Marshal(v) // strings, numbers and maps of them: it cannot fail
	return append(data, '\n')
}

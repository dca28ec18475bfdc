package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Pútin": "putin", "ПУТИН": "путин", "Ёлкин": "елкин", "Çavuşoğlu": "cavusoglu",
		"习近平": "习近平", "TASS": "tass", "naïve Café": "naive cafe",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"xi's visit, 2019-06-05": "xi s visit 2019 06 05",
		"习近平会见普京":                "习近 近平 平会 会见 见普 普京 京",
		"习":                      "习",
		"talks在北京":               "talks 在北 北京 京",
		"東京で会談":                  "東京 京で で会 会談 談",
		"владимир путин":         "владимир путин",
		"x1путин2-ok, lavrovв":   "x1путин2 ok lavrovв",
	} {
		var got []string
		Words(in, func(w string) { got = append(got, w) })
		if strings.Join(got, " ") != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
	// A query needs no lone last character where a pair holds it.
	if got := strings.Join(Query("习近平 Putin 京"), " "); got != "习近 近平 putin 京" {
		t.Errorf("Query = %q", got)
	}
}

// postings reads a list of event numbers and their weights, as search.js does.
func readPostings(t *testing.T, s string) (ids, weights []int) {
	prev := -1
	for i := 0; i < len(s); {
		n, shift := 0, 0
		for {
			d := strings.IndexByte(alphabet, s[i])
			i++
			n |= (d & 31) << shift
			shift += 5
			if d < 32 {
				break
			}
		}
		weights = append(weights, n%16+1)
		prev += n/16 + 1
		ids = append(ids, prev)
	}
	return ids, weights
}

// lookUp finds a word's postings as the search page does: in the shard of
// its key, or in a file of its own.
func lookUp(t *testing.T, files map[string][]byte, word string) string {
	t.Helper()
	var m struct{ Shards int }
	json.Unmarshal(files["meta.json"], &m)
	n := ShardOf(word, m.Shards)
	var shard map[string]any
	if err := json.Unmarshal(files[fmt.Sprintf("w/%d.json", n)], &shard); err != nil {
		t.Fatal(err)
	}
	switch p := shard[word].(type) {
	case string:
		return p
	case float64:
		return string(files[fmt.Sprintf("w/%d-%d.txt", n, int(p))])
	}
	t.Fatalf("%q is not in its shard %d", word, n)
	return ""
}

func TestBuild(t *testing.T) {
	meta := Meta{Types: []Type{{"visit", "Visit"}, {"call", "Call"}},
		Taxonomies: []Taxonomy{{Key: "people", Param: "person", Name: "People", Terms: []Term{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}}}}
	var docs []Doc
	for i := range 5000 {
		d := Doc{URL: fmt.Sprintf("events/e%d/", i), Date: "date", Title: fmt.Sprintf("Contact %d", i), Type: i % 2,
			Month: 202400 + 12 - i/500, Terms: [][]int{{i % 2}}, Text: []string{"text"}}
		d.Fields = []Field{{Text: d.Title, Weight: Title}, {Text: "talks", Weight: Body}}
		if i%1000 == 7 {
			d.Fields = append(d.Fields, Field{Text: "Pútin in Beijing, Beijing", Weight: Summary})
		}
		docs = append(docs, d)
	}
	docs[4321].Text = []string{"a \"quoted\" \\ back\\slash,", "new line, \x01 and \u2028 and <b>&amp;</b>"}
	files := made(Build(meta, docs))
	for name, data := range files {
		if strings.HasSuffix(name, ".json") && !json.Valid(data) {
			t.Errorf("%s is not JSON: %.200s", name, data)
		}
	}
	if again := made(Build(meta, docs)); !sameFiles(files, again) {
		t.Fatal("two builds of one index differ")
	}
	// The events' postings are made in runs, one per core, then joined.
	for _, cores := range []int{1, 3} {
		was := runtime.GOMAXPROCS(cores)
		other := made(Build(meta, docs))
		runtime.GOMAXPROCS(was)
		if !sameFiles(files, other) {
			t.Fatalf("the index built on %d cores differs from the one on %d", cores, was)
		}
	}

	ids, weights := readPostings(t, lookUp(t, files, "beijing"))
	if !slices.Equal(ids, []int{7, 1007, 2007, 3007, 4007}) || !slices.Equal(weights, []int{6, 6, 6, 6, 6}) {
		t.Errorf("beijing: events %v with weights %v, want 7, 1007… each with weight 2·3", ids, weights)
	}
	if ids, _ := readPostings(t, lookUp(t, files, "putin")); len(ids) != 5 {
		t.Errorf("putin, folded from Pútin, is in %d events, want 5", len(ids))
	}
	// "talks" is in every event: too long a list for a shard.
	var shards struct{ Shards, Chunk, Events int }
	json.Unmarshal(files["meta.json"], &shards)
	if !bytes.Contains(files[fmt.Sprintf("w/%d.json", ShardOf("talks", shards.Shards))], []byte(`"talks":0`)) {
		t.Error("the postings of a word in every event are not in a file of their own")
	}
	if ids, weights := readPostings(t, lookUp(t, files, "talks")); len(ids) != 5000 || ids[4999] != 4999 || weights[0] != 1 {
		t.Errorf("talks: %d events, the last %d", len(ids), ids[len(ids)-1])
	}
	if ids, weights := readPostings(t, lookUp(t, files, "contact")); len(ids) != 5000 || weights[0] != 6 {
		t.Errorf("contact, in every title: %d events, weight %d", len(ids), weights[0])
	}

	// The text of event 4321 is in its chunk, at its place.
	var rows [][]any
	if err := json.Unmarshal(files[fmt.Sprintf("t/%d.json", 4321/shards.Chunk)], &rows); err != nil {
		t.Fatal(err)
	}
	if row := rows[4321%shards.Chunk]; row[0] != "events/e4321/" || row[3] != "Contact 4321" || row[4] != strings.Join(docs[4321].Text, "\n") {
		t.Errorf("event 4321's row is %v", row)
	}
	if shards.Events != 5000 || shards.Chunk < 2 {
		t.Errorf("meta gives %d events in chunks of %d", shards.Events, shards.Chunk)
	}
	if !bytes.Contains(files["meta.json"], []byte(`"months":[[202412,500],[202411,500],`)) {
		t.Errorf("meta's months are not runs of events: %.200s", files["meta.json"])
	}
	var facets struct {
		Types string
		Terms [][]string
	}
	json.Unmarshal(files["facets.json"], &facets)
	if !strings.HasPrefix(facets.Types, "0101") || !strings.HasPrefix(facets.Terms[0][1], "1111") {
		t.Errorf("facets: types %.8s, term b %.8s; want every other event", facets.Types, facets.Terms[0][1])
	}
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// Chunks of text have keys when every doc has one, and a doc's new key
// gives its chunk, and only its chunk, a new key.
func TestChunkKeys(t *testing.T) {
	docs := make([]Doc, 1000)
	for i := range docs {
		docs[i] = Doc{URL: fmt.Sprintf("events/e%d/", i), Title: "Contact", Text: []string{strings.Repeat("text ", 100)}}
		docs[i].Key[0], docs[i].Key[1], docs[i].Key[31] = byte(i), byte(i>>8), 1
	}
	makers, keys := Build(Meta{}, docs)
	var chunk struct{ Chunk int }
	json.Unmarshal(makers["meta.json"](), &chunk)
	if n := (len(docs) + chunk.Chunk - 1) / chunk.Chunk; len(keys) != n || chunk.Chunk < 2 {
		t.Fatalf("%d keys for %d chunks of %d docs", len(keys), n, chunk.Chunk)
	}
	docs[500].Key[2] = 1
	_, again := Build(Meta{}, docs)
	for name, key := range keys {
		if changed, want := again[name] != key, name == fmt.Sprintf("t/%d.json", 500/chunk.Chunk); changed != want {
			t.Errorf("%s: key changed %v, want %v", name, changed, want)
		}
	}
	docs[20].Key = [32]byte{}
	if _, none := Build(Meta{}, docs); len(none) != 0 {
		t.Errorf("a doc without a key, yet %d chunks have keys", len(none))
	}
}

// made makes every file of an index.
func made(makers map[string]func() []byte, _ map[string][32]byte) map[string][]byte {
	files := map[string][]byte{}
	for name, make := range makers {
		files[name] = make()
	}
	return files
}

package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// FuzzIndent holds indent to json.Indent on every compact JSON that
// encoding/json writes of a value decoded from the input.
func FuzzIndent(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{}],"b":{"c":"x\"y","d":[]},"e":null}`, `[]`, `{}`, `"a:b,c{"`,
		`[{"title":"A \u003cb\u003e","terms":[["x","y"],[]],"n":-1.5e3}]`, `{"k\\":"v\\\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		compact, err := json.Marshal(v)
		if err != nil {
			return
		}
		var want bytes.Buffer
		json.Indent(&want, compact, " ", "  ")
		if got := indent(nil, compact, " ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent(%s) =\n%s\nwant\n%s", compact, got, want.Bytes())
		}
	})
}

// failing is a writer whose reader went away.
type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

// An export written in pieces stops being made when its writer fails,
// and is made whole into a buffer.
func TestInWindowsStopsWhenTheWriterFails(t *testing.T) {
	var made atomic.Int32
	part := func(i int) string { made.Add(1); return strconv.Itoa(i) }
	inWindows(failing{}, 10000, ",", part)
	if n := made.Load(); n >= 10000 {
		t.Errorf("all %d parts were made for a writer that failed at the first window", n)
	}
	var b bytes.Buffer
	inWindows(&b, 1000, ",", func(i int) string { return strconv.Itoa(i) })
	want := make([]string, 1000)
	for i := range want {
		want[i] = strconv.Itoa(i)
	}
	if b.String() != strings.Join(want, ",") {
		t.Errorf("1,000 parts gave %.40q…, want them in order, joined", b.String())
	}
}

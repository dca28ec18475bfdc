package output

import (
	"bytes"
	"encoding/json"
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

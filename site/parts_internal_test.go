package site

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// failing is a writer whose reader went away.
type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

// A file of parts stops being made when its writer fails,
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

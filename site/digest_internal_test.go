package site

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"testing"
)

// TestDigesterHashesWhatItIsGiven: whether it gathers what it is given or
// streams it, a digester's sum is the SHA-256 of the same bytes in order.
func TestDigesterHashesWhatItIsGiven(t *testing.T) {
	for _, n := range []int{0, 10, 1000, 1024, 1025, 5000, 100_000} {
		text := strings.Repeat("x", n)
		got := newDigester().str("a").bytes([]byte(text)).int(7).str(text).str("end").sum()
		h := sha256.New()
		str := func(s string) {
			h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(s))))
			h.Write([]byte(s))
		}
		str("a")
		h.Write([]byte(text))
		h.Write(binary.LittleEndian.AppendUint64(nil, 7))
		str(text)
		str("end")
		if want := [32]byte(h.Sum(nil)); got != want {
			t.Errorf("with %d bytes of text: %x, want %x", n, got, want)
		}
	}
}

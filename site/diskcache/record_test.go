package diskcache

import (
	"crypto/sha256"
	"reflect"
	"testing"
)

// TestRecordReadsBack: a record reads back as it was written, and no part
// of one, nor one changed in any byte, reads as a record, even where its
// checksum is made to match.
func TestRecordReadsBack(t *testing.T) {
	r := Record{Inputs: "in", Build: "build", Stdout: "timeline: 2 events", Stderr: "a.md:1:1: warning: é\n",
		Outputs: []File{
			{Name: "events/a/index.html", Size: 1200, MTime: 1764633600123456789, Ino: 77, Key: [32]byte{1, 2, 3}},
			{Name: "events/ab/index.html", Size: 0, MTime: -5, Ino: 1 << 63},
			{Name: "index.html", Size: 9, MTime: 1, Ino: 78, Key: [32]byte{31: 9}},
		},
		Folders: []File{{Name: ".", MTime: 2, CTime: 3, Ino: 5}, {Name: "events", MTime: 4, CTime: 6, Ino: 8}},
	}
	data := r.encode()
	got, ok := decodeRecord(data)
	if !ok || !reflect.DeepEqual(got, r) {
		t.Fatalf("the record read back as %+v (%v), want %+v", got, ok, r)
	}
	for n := range len(data) {
		if _, ok := decodeRecord(data[:n]); ok {
			t.Errorf("its first %d of %d bytes read as a record", n, len(data))
		}
		body := data[:len(data)-sha256.Size]
		if n < len(body) {
			cut := body[:n:n]
			sum := sha256.Sum256(cut)
			if _, ok := decodeRecord(append(cut, sum[:]...)); ok {
				t.Errorf("its first %d bytes with their own checksum read as a record", n)
			}
		}
		changed := append([]byte(nil), data...)
		changed[n] ^= 0x10
		if _, ok := decodeRecord(changed); ok {
			t.Errorf("the record with byte %d changed reads as a record", n)
		}
	}
}

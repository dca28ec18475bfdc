package diskcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
)

// A record's file is binary: magic, then Inputs, Build, Stdout and
// Stderr, each its length and bytes, then Outputs and Folders, each their
// count and every File (see appendFile), and last a SHA-256 of all that
// comes before it. Numbers are varints. Most names share a long start
// with the one before them (events/…/index.html), so each gives only how
// much of that it shares and the rest.
const magic = "timeline record\n"

// encode gives r as its file holds it.
func (r *Record) encode() []byte {
	b := []byte(magic)
	for _, s := range []string{r.Inputs, r.Build, r.Stdout, r.Stderr} {
		b = appendString(b, s)
	}
	for _, files := range [][]File{r.Outputs, r.Folders} {
		b = binary.AppendUvarint(b, uint64(len(files)))
		prev := ""
		for _, f := range files {
			b = appendFile(b, f, prev)
			prev = f.Name
		}
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// appendFile appends f to b, its name after the one before it, prev.
func appendFile(b []byte, f File, prev string) []byte {
	shared := 0
	for shared < min(len(prev), len(f.Name)) && prev[shared] == f.Name[shared] {
		shared++
	}
	b = binary.AppendUvarint(b, uint64(shared))
	b = appendString(b, f.Name[shared:])
	b = binary.AppendVarint(b, f.Size)
	b = binary.AppendVarint(b, f.MTime)
	b = binary.AppendVarint(b, f.CTime)
	b = binary.AppendUvarint(b, f.Ino)
	if f.Key == ([32]byte{}) {
		return append(b, 0)
	}
	return append(append(b, 1), f.Key[:]...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeRecord reads a record's file; false if it is damaged: cut short,
// changed, or not a record.
func decodeRecord(data []byte) (Record, bool) {
	if len(data) < len(magic)+sha256.Size || !bytes.HasPrefix(data, []byte(magic)) {
		return Record{}, false
	}
	body := data[:len(data)-sha256.Size]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], data[len(body):]) {
		return Record{}, false
	}
	d := decoder{data: string(body[len(magic):])}
	var r Record
	for _, s := range []*string{&r.Inputs, &r.Build, &r.Stdout, &r.Stderr} {
		*s = d.string()
	}
	for _, files := range []*[]File{&r.Outputs, &r.Folders} {
		n := d.uvarint()
		if n > uint64(len(d.data)) {
			return Record{}, false // more files than bytes left
		}
		*files = make([]File, 0, n)
		prev := ""
		for range n {
			f := d.file(prev)
			*files = append(*files, f)
			prev = f.Name
		}
	}
	return r, !d.bad && d.data == ""
}

// A decoder reads a record's fields from the front of data, and is bad
// once one runs past its end.
type decoder struct {
	data string
	bad  bool
}

func (d *decoder) uvarint() uint64 {
	n, k := uvarint(d.data)
	if k <= 0 {
		d.bad, d.data = true, ""
		return 0
	}
	d.data = d.data[k:]
	return n
}

// varint reads a signed number, as binary.AppendVarint writes it: zigzag
// encoded, then as uvarint.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// next gives the next n bytes.
func (d *decoder) next(n uint64) string {
	if n > uint64(len(d.data)) {
		d.bad, d.data = true, ""
		return ""
	}
	s := d.data[:n]
	d.data = d.data[n:]
	return s
}

func (d *decoder) string() string { return d.next(d.uvarint()) }

// file reads a File written after one named prev.
func (d *decoder) file(prev string) File {
	shared := d.uvarint()
	if shared > uint64(len(prev)) {
		d.bad, d.data = true, ""
		return File{}
	}
	f := File{Name: prev[:shared] + d.string(), Size: d.varint(), MTime: d.varint(), CTime: d.varint(), Ino: d.uvarint()}
	switch d.next(1) {
	case "\x00":
	case "\x01":
		if key := d.next(32); len(key) == 32 {
			f.Key = [32]byte([]byte(key))
		}
	default:
		d.bad, d.data = true, ""
	}
	return f
}

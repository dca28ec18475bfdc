package site

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/fstest"
)

// TestImageSize: the sizes an image tag is given are read from the files
// of each format, and a file that is no image has none.
func TestImageSize(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	encode := func(f func(*bytes.Buffer)) []byte {
		var b bytes.Buffer
		f(&b)
		return b.Bytes()
	}
	// A lossless WebP header: the signature byte, then width-1 and
	// height-1 in 14 bits each.
	webp := []byte("RIFF\x00\x00\x00\x00WEBPVP8L\x05\x00\x00\x00\x2f")
	webp = binary.LittleEndian.AppendUint32(webp, 29|19<<14)
	binary.LittleEndian.PutUint32(webp[4:], uint32(len(webp)-8))
	fsys := fstest.MapFS{
		"a.png":  {Data: encode(func(b *bytes.Buffer) { png.Encode(b, img) })},
		"a.jpg":  {Data: encode(func(b *bytes.Buffer) { jpeg.Encode(b, img, nil) })},
		"a.gif":  {Data: encode(func(b *bytes.Buffer) { gif.Encode(b, img, nil) })},
		"a.webp": {Data: webp},
		"a.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"/>`)},
		"b.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,30,20" width="100%"/>`)},
		"c.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="3cm" height="2cm"/>`)},
		"a.pdf":  {Data: []byte("%PDF-1.4")},
		"d.png":  {Data: []byte("not a PNG")},
	}
	for name, want := range map[string][2]int{"a.png": {30, 20}, "a.jpg": {30, 20}, "a.gif": {30, 20}, "a.webp": {30, 20},
		"a.svg": {30, 20}, "b.svg": {30, 20}, "c.svg": {0, 0}, "a.pdf": {0, 0}, "d.png": {0, 0}} {
		if w, h := imageSize(fsys, name); w != want[0] || h != want[1] {
			t.Errorf("%s: %d×%d, want %d×%d", name, w, h, want[0], want[1])
		}
	}
}

//go:build !linux

package diskcache

import (
	"io"
	"os"
)

// mapFile gives the bytes of f, size bytes long, read into memory.
func mapFile(f *os.File, size int64) ([]byte, error) {
	b := make([]byte, size)
	_, err := io.ReadFull(f, b)
	return b, err
}

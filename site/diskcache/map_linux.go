//go:build linux

package diskcache

import (
	"os"
	"syscall"
)

// mapFile gives the bytes of f, size bytes long, mapped into memory from
// the system's cache of the file rather than read: a store is hundreds
// of megabytes, and copying them into fresh memory cost more than the
// rest of opening it. Nothing rewrites a store file in place (every one
// is written beside and renamed), so the bytes stay as they are; the
// mapping lasts as long as the process.
func mapFile(f *os.File, size int64) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
}

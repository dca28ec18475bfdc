//go:build linux

package site

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths in one step, so that no reader, and no build
// killed half-way, ever finds the output missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// Stamp identifies the state of an output folder: its inode and the
// moment its inode last changed, which every build that changes the
// folder moves on (a swap gives a new folder; a patch touches it). ""
// when the folder is not there.
func Stamp(dir string) string {
	var st unix.Stat_t
	if unix.Stat(dir, &st) != nil {
		return ""
	}
	return fmt.Sprintf("%d:%d.%09d", st.Ino, st.Ctim.Sec, st.Ctim.Nsec)
}

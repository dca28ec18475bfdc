//go:build linux

package site

import "golang.org/x/sys/unix"

// exchange swaps two paths in one step, so that no reader, and no build
// killed half-way, ever finds the output missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

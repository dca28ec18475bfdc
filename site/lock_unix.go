//go:build unix

package site

import (
	"os"
	"syscall"
)

// lockOutput takes the lock of an output folder, a file beside it, waiting
// while another build holds it; the kernel releases it if the process
// dies. unlock removes the file and releases the lock. A build that got
// the lock of a file another then removed takes it anew.
func lockOutput(lockFile string) (unlock func(), err error) {
	for {
		f, err := os.OpenFile(lockFile, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, err
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(lockFile)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return func() {
				os.Remove(lockFile)
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		f.Close()
	}
}

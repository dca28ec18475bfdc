//go:build unix

package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// mountPoint tells whether dir is a mount point (a container's volume,
// say), which cannot be renamed: it is on another device than its parent.
var mountPoint = func(dir string) bool {
	a, err1 := os.Stat(dir)
	b, err2 := os.Stat(filepath.Dir(dir))
	if err1 != nil || err2 != nil {
		return false
	}
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && a.IsDir() && sa.Dev != sb.Dev
}

// changeStamp gives a file's inode number and the time its inode last
// changed, which every write moves on and no tool sets back.
func changeStamp(info fs.FileInfo) (ino uint64, ctime time.Time, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, time.Time{}, false
	}
	return uint64(st.Ino), time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)), true
}

// soleLink tells whether a file has no other name (hard link) than the
// one it was found by.
func soleLink(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && st.Nlink == 1
}

// fileMode is the mode of a file the build makes (0o644 less the umask),
// read once, before the program makes any file.
var fileMode = func() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return 0o644 &^ fs.FileMode(m)
}()

// noFollow makes an open fail on a symbolic link rather than follow it.
const noFollow = syscall.O_NOFOLLOW

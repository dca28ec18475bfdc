//go:build unix

package site

import (
	"os"
	"path/filepath"
	"syscall"
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

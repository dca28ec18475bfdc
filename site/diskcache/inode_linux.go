//go:build linux

package diskcache

import (
	"io/fs"
	"syscall"
)

// inode gives a file's inode number and the time its inode last changed,
// which every write changes and no tool sets back.
func inode(info fs.FileInfo) (ino uint64, ctime int64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino), st.Ctim.Nano()
	}
	return 0, 0
}

// supported: records are trusted where inodes give their change time.
const supported = true

// lstat is the File of name, a path within a listed folder, from the
// file at path, not following a link, and whether it is a folder.
func lstat(path, name string) (f File, dir bool, err error) {
	var st syscall.Stat_t
	for {
		err = syscall.Lstat(path, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return File{}, false, &fs.PathError{Op: "lstat", Path: path, Err: err}
	}
	f = File{Name: name, Size: st.Size, MTime: st.Mtim.Nano(), CTime: st.Ctim.Nano(), Ino: uint64(st.Ino)}
	return f, st.Mode&syscall.S_IFMT == syscall.S_IFDIR, nil
}

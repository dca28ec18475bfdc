//go:build !linux

package diskcache

import (
	"io/fs"
	"os"
)

func inode(fs.FileInfo) (uint64, int64) { return 0, 0 }

// supported: without inodes and their change times, an edit that keeps a
// file's size and modification time would go unseen; no record is used.
const supported = false

// lstat is the File of name, a path within a listed folder, from the
// file at path, not following a link, and whether it is a folder.
func lstat(path, name string) (File, bool, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return File{}, false, err
	}
	return File{Name: name, Size: info.Size(), MTime: info.ModTime().UnixNano()}, info.IsDir(), nil
}

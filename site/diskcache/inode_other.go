//go:build !linux

package diskcache

import "io/fs"

func inode(fs.FileInfo) (uint64, int64) { return 0, 0 }

// supported: without inodes and their change times, an edit that keeps a
// file's size and modification time would go unseen; no record is used.
const supported = false

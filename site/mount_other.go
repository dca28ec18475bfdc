//go:build !unix

package site

import (
	"io/fs"
	"time"
)

// mountPoint cannot tell mount points here: none is assumed.
var mountPoint = func(string) bool { return false }

// changeStamp cannot tell when a file's inode changed here.
func changeStamp(fs.FileInfo) (ino uint64, ctime time.Time, ok bool) { return 0, time.Time{}, false }

// soleLink cannot tell a file's links here: none is taken to have one.
func soleLink(fs.FileInfo) bool { return false }

// fileMode is the mode asked for a file the build makes.
const fileMode fs.FileMode = 0o644

// noFollow is no flag here; soleLink keeps every open from following one.
const noFollow = 0

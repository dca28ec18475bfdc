//go:build !unix

package site

// mountPoint cannot tell mount points here: none is assumed.
var mountPoint = func(string) bool { return false }

//go:build !linux

package site

import "errors"

// exchange is not available here: commit renames twice.
func exchange(a, b string) error { return errors.ErrUnsupported }

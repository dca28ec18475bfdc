//go:build !linux

package site

import "errors"

// exchange is not available here: commit renames twice.
func exchange(a, b string) error { return errors.ErrUnsupported }

// Stamp is "" here, where no stamp shows that a folder is unchanged:
// every build with Before swaps a whole stage in (see Options.Before).
func Stamp(string) string { return "" }

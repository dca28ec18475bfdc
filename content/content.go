// Package content holds the default timeline: a cited chronology of
// high-level contacts between China and Russia. It is embedded so that an
// installed timeline binary can build it anywhere, and it is the main
// end-to-end fixture of the tests. The files follow the content contract
// described in the site package.
package content

import "embed"

// FS holds the default content.
//
//go:embed _index.md events people topics places
var FS embed.FS

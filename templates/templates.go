// Package templates holds the default page templates and assets, embedded
// so that an installed timeline binary works anywhere.
//
// A template folder has base.html (the page frame, defining "base"),
// partials/*.html (shared pieces, one per file), one file per kind of page
// (home, event, term, terms, year, data, 404, search, print), each defining "main",
// messages/LANG.yaml (the words of each language) and an assets/ folder
// copied into the output as it is. A user's template folder is laid over
// these (see Overlay), so it need only hold what it changes. The data each
// template gets is described in the site package.
package templates

import (
	"embed"
	"io/fs"
	"slices"
	"strings"
)

// FS holds the default templates.
//
//go:embed *.html partials assets messages
var FS embed.FS

// Overlay returns a template tree in which the files of dir take the place
// of the default ones with the same name, so a user can change one page
// kind or the stylesheet without copying the rest.
func Overlay(dir fs.FS) fs.FS {
	return overlay{dir, FS}
}

type overlay struct {
	top, base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	return o.base.Open(name)
}

// Lstat describes a file of the top tree without following a link, so
// that a build can tell links that leave it; the default files are never
// links.
func (o overlay) Lstat(name string) (fs.FileInfo, error) {
	if rl, ok := o.top.(fs.ReadLinkFS); ok {
		if info, err := rl.Lstat(name); err == nil {
			return info, nil
		}
	}
	return fs.Stat(o.base, name)
}

// ReadLink reads a link of the top tree.
func (o overlay) ReadLink(name string) (string, error) {
	if rl, ok := o.top.(fs.ReadLinkFS); ok {
		return rl.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

// ReadDir merges the listings of both trees, by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, err1 := fs.ReadDir(o.top, name)
	base, err2 := fs.ReadDir(o.base, name)
	if err1 != nil && err2 != nil {
		return nil, err1
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(top, base...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

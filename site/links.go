package site

import (
	"io/fs"
	"path"
	"strings"
)

// maxLinks is how many symbolic links a path may pass through.
const maxLinks = 40

// leavesTree tells whether the path p of fsys leads, through symbolic
// links of any of its parts, out of the tree, and where to: a build reads
// nothing outside its content and template folders, so that a link to
// /etc/passwd in assets/ is not published. A tree that cannot tell links
// (an embedded one) has none.
func leavesTree(fsys fs.FS, p string) (target string, out bool) {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return "", false
	}
	parts := strings.Split(p, "/")
	cur := "."
	for hops := 0; len(parts) > 0; {
		next := path.Join(cur, parts[0])
		parts = parts[1:]
		info, err := rl.Lstat(next)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			cur = next // missing parts are the reader's to report
			continue
		}
		if hops++; hops > maxLinks {
			return "", false // a loop: the reader reports it
		}
		link, err := rl.ReadLink(next)
		if err != nil {
			return p, true
		}
		if path.IsAbs(link) || strings.HasPrefix(link, `\`) || len(link) > 1 && link[1] == ':' {
			return link, true
		}
		resolved := path.Join(cur, link)
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			return link, true
		}
		parts = append(strings.Split(resolved, "/"), parts...)
		cur = "."
	}
	return "", false
}

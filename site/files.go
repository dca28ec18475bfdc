package site

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the formats whose size an image tag is given
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"math"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	_ "golang.org/x/image/webp"
)

// staticDir is the content folder whose files are all published as they
// are, at the site's root: static/CNAME becomes CNAME, static/img/a.png
// img/a.png.
const staticDir = "static"

// files are the content tree's files other than Markdown: those in
// static/, and those that bodies link to, such as an image or a document
// beside an event, each published once at the place matching its place in
// the content folder.
type files struct {
	fsys fs.FS
	dir  string // how the user knows the content folder
	mu   sync.Mutex
	used map[string]bool     // paths outside static/ that bodies link to
	info map[string]fileInfo // what was found at each path looked at
}

// fileInfo is what a body's link found in the content tree.
type fileInfo struct {
	file    bool   // a file to publish: not missing, not a folder or Markdown
	outside string // where a link in the tree leads, if out of it
	w, h    int    // an image's size in pixels, when its format tells it
}

func newFiles(fsys fs.FS, dir string) *files {
	return &files{fsys: fsys, dir: dir, used: map[string]bool{}, info: map[string]fileInfo{}}
}

// look tells what is at a path of the content tree, reading it once.
func (f *files) look(p string) fileInfo {
	f.mu.Lock()
	info, ok := f.info[p]
	f.mu.Unlock()
	if ok {
		return info
	}
	if target, out := leavesTree(f.fsys, p); out {
		info.outside = target
	} else if st, err := fs.Stat(f.fsys, p); err == nil && st.Mode().IsRegular() && path.Ext(p) != ".md" {
		info.file = true
		info.w, info.h = imageSize(f.fsys, p)
	}
	f.mu.Lock()
	f.info[p] = info
	f.mu.Unlock()
	return info
}

// use records that a body links to the file at p.
func (f *files) use(p string) {
	if strings.HasPrefix(p, staticDir+"/") {
		return // published anyway
	}
	f.mu.Lock()
	f.used[p] = true
	f.mu.Unlock()
}

// published is where a file of the content tree is in the site.
func published(p string) string {
	return strings.TrimPrefix(p, staticDir+"/")
}

// publish puts every file of static/ and every file a body links to in
// out, at its published place; taken is what the build has already put
// there.
func (f *files) publish(out target, taken func(string) bool, errs *Diagnostics) {
	var names []string
	err := fs.WalkDir(f.fsys, staticDir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != staticDir && Ignored(d.Name()) && !hostFile(d.Name()):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.Type()&fs.ModeSymlink != 0:
			if target, out := leavesTree(f.fsys, p); out {
				errs.add(path.Join(f.dir, p), 0, 0, "links outside the content folder (to %s), which a build never publishes; copy the file into the folder instead", target)
			} else if st, err := fs.Stat(f.fsys, p); err == nil && st.Mode().IsRegular() {
				names = append(names, p)
			}
		case !d.IsDir():
			names = append(names, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.add(path.Join(f.dir, staticDir), 0, 0, "cannot read: %v", err)
	}
	for p := range f.used {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		if taken(published(p)) {
			errs.add(path.Join(f.dir, p), 0, 0, "would be published as %s, which the build makes itself; rename or move the file", published(p))
			continue
		}
		data, err := fs.ReadFile(f.fsys, p)
		if err == nil {
			err = out.put(published(p), data)
		}
		if err != nil {
			errs.add(path.Join(f.dir, p), 0, 0, "cannot publish: %v", err)
		}
	}
}

// hostFile reports whether a hidden name in static/ is one a host reads
// (.nojekyll, .well-known/, .htaccess), not a system's or an editor's.
func hostFile(name string) bool {
	return strings.HasPrefix(name, ".") && !strings.HasPrefix(name, ".#") && !Ignored(name[1:]) &&
		name != ".DS_Store" && name != ".git" && name != ".svn" && name != ".hg"
}

// imageSize reads an image's size in pixels from the start of its file:
// PNG, JPEG, GIF, WebP, or SVG with a width and height or a viewBox. It
// gives zeros for other files.
func imageSize(fsys fs.FS, p string) (w, h int) {
	file, err := fsys.Open(p)
	if err != nil {
		return 0, 0
	}
	defer file.Close()
	if strings.EqualFold(path.Ext(p), ".svg") {
		return svgSize(file)
	}
	c, _, err := image.DecodeConfig(file)
	if err != nil {
		return 0, 0
	}
	return c.Width, c.Height
}

// svgSize reads the size an SVG image is drawn at: its root element's width
// and height when both are in pixels, else its viewBox's.
func svgSize(r io.Reader) (w, h int) {
	d := xml.NewDecoder(io.LimitReader(r, 1<<16))
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0
		}
		var width, height, box string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				box = a.Value
			}
		}
		if w, h := pixels(width), pixels(height); w > 0 && h > 0 {
			return w, h
		}
		if f := strings.FieldsFunc(box, func(r rune) bool { return r == ' ' || r == ',' }); len(f) == 4 {
			return pixels(f[2]), pixels(f[3])
		}
		return 0, 0
	}
}

// pixels reads a length such as "120", "120px" or "120.5", rounded; it
// gives 0 for other units, which an img tag's width cannot hold.
func pixels(s string) int {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || v <= 0 || v > 1e6 {
		return 0
	}
	return int(math.Round(v))
}

// mayLink reports whether a body may hold a link or an image with a
// relative address: an inline one is "](" and then not "http://",
// "https://" or "mailto:"; one by reference needs a definition, "]:".
func mayLink(body []byte) bool {
	if bytes.Contains(body, []byte("]:")) {
		return true
	}
	for rest := body; ; {
		i := bytes.Index(rest, []byte("]("))
		if i < 0 {
			return false
		}
		rest = bytes.TrimLeft(rest[i+2:], " <")
		if !bytes.HasPrefix(rest, []byte("https://")) && !bytes.HasPrefix(rest, []byte("http://")) && !bytes.HasPrefix(rest, []byte("mailto:")) {
			return true
		}
	}
}

// links makes a body's links to the content tree's files lead to where
// the files are published, from the body's place, and gives its images
// their size. An image that is not in the tree is an error at its link; a
// link that finds no file there (a page's address, say) stays as written.
type links struct {
	files *files
	src   *source
	root  string // the way from the page to the site's root
	errs  Diagnostics
}

// localize rewrites the links of a body's tree, or of a piece of the body
// that starts at offset start.
func (l *links) localize(doc ast.Node, piece []byte, start int) {
	if l == nil {
		return
	}
	from := 0 // where to look for the next link's address in the piece
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Image:
			dest = &n.Destination
		case *ast.Link:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		at := bytes.Index(piece[from:], *dest)
		if at >= 0 {
			at += from
			from = at + len(*dest)
		} else {
			at = blockStart(n)
		}
		_, image := n.(*ast.Image)
		href, info, problem := l.resolve(string(*dest), image)
		if problem != "" {
			l.errorAt(start+at, problem)
			return ast.WalkContinue, nil
		}
		if href != "" {
			*dest = []byte(href)
		}
		if image && info.w > 0 && info.h > 0 {
			n.SetAttributeString("width", []byte(strconv.Itoa(info.w)))
			n.SetAttributeString("height", []byte(strconv.Itoa(info.h)))
		}
		return ast.WalkContinue, nil
	})
}

// resolve finds the file a body's link leads to and gives the link's new
// address, or "" to keep it; or what is wrong with it.
func (l *links) resolve(dest string, image bool) (href string, info fileInfo, problem string) {
	u, err := url.Parse(dest)
	switch {
	case err != nil:
		if image {
			return "", info, fmt.Sprintf("image %q is not a valid address", dest)
		}
		return "", info, ""
	case u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/"):
		return "", info, "" // another site's, the page's own or the host's: not in the tree
	}
	p := path.Join(path.Dir(l.src.path), u.Path)
	if p == ".." || strings.HasPrefix(p, "../") {
		if image {
			return "", info, fmt.Sprintf("image %q leads outside the content folder; put the file in it", dest)
		}
		return "", info, ""
	}
	info = l.files.look(p)
	switch {
	case info.outside != "":
		return "", info, fmt.Sprintf("%q links outside the content folder (to %s), which a build never publishes; copy the file into the folder instead", dest, info.outside)
	case !info.file && image:
		return "", info, fmt.Sprintf("image %q is missing: there is no file %s; put it there, or correct the address", dest, path.Join(l.files.dir, p))
	case !info.file:
		return "", info, ""
	}
	l.files.use(p)
	href = l.root + (&url.URL{Path: published(p)}).EscapedPath()
	if u.RawQuery != "" {
		href += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		href += "#" + u.EscapedFragment()
	}
	return href, info, ""
}

// errorAt adds a problem at an offset of the body.
func (l *links) errorAt(offset int, problem string) {
	body := l.src.body[:min(offset, len(l.src.body))]
	lineStart := bytes.LastIndexByte(body, '\n') + 1
	l.errs.add(l.src.file, l.src.bodyLine+bytes.Count(body, []byte("\n")), utf8.RuneCount(body[lineStart:])+1, "%s", problem)
}

// blockStart is the offset of the block a node is in, in its piece.
func blockStart(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return 0
}

// Package diskcache remembers builds between runs of timeline build. For
// each content tree and output folder it keeps a record of what the last
// build read (every input file's size, times and inode, the options, and
// the program itself, by a hash of its bytes that is kept by the program
// file's stamp) and of every file it wrote
// (size, modification time, inode and the key the build gave it), with
// the output's folders as it found them. When nothing the build would
// read has changed, and the output folder holds exactly the files it
// wrote, untouched, there is nothing to build: the build says what it
// said last time and stops. When something has, the keys of the files
// still as that build left them tell the next build which it need not
// make again (site.Options.Before). For each content tree a Store keeps
// what the build parsed and worked out of its files.
//
// A record is a binary file under the cache folder (see record.go),
// ending in a SHA-256 of the rest, so that a damaged or truncated record
// is found and ignored; each file of a store ends in a CRC-32C. Every
// file is written to a temporary file and renamed into place, so that
// builds that run at once never see half of one. Records and stores use
// at most Limit bytes in all; the least recently used go first.
package diskcache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limit is how many bytes of records and stores a cache keeps: for
// 10,000 events a record takes about 3 MB and a store 150 MB.
const Limit = 1 << 30

// Default is the cache folder a build uses unless told otherwise: the
// user's cache folder (os.UserCacheDir) with timeline in it.
func Default() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "timeline"), nil
}

// A Cache is a folder of records.
type Cache struct{ dir string }

// Open makes the cache folder if it is not there, and checks that records
// can be written in it.
func Open(dir string) (*Cache, error) {
	builds := filepath.Join(dir, "builds")
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(builds, ".probe-")
	if err != nil {
		return nil, err
	}
	f.Close()
	os.Remove(f.Name())
	return &Cache{dir: dir}, nil
}

// Inputs are what a build reads: the folders of files (the content, and
// the templates where there is a folder of them), the options it was given
// as text, and the program that builds.
type Inputs struct {
	Folders []string
	Options string
	Program string // the path of the program; its bytes are hashed
}

// A Record is what one build read and wrote, and what it printed.
type Record struct {
	Inputs  string // the hash of the inputs (see Fingerprint)
	Build   string // the hash of the options and the program alone
	Outputs []File
	// Folders are output folders as they were when the build began (with
	// the times their inodes last changed; see settled): the next build
	// reads again only those that changed since (see listFolders).
	Folders []File
	Stdout  string
	Stderr  string
}

// A File is one file as the build left it, or one input as it read it.
type File struct {
	Name  string // slash-separated, from its folder
	Size  int64
	MTime int64 // nanoseconds since 1970
	CTime int64 // of inputs only: a write always changes it
	Ino   uint64
	// Key, of outputs only, is what the build said the file holds (see
	// site.Options.Before); zero for none.
	Key [32]byte
}

// ErrDamaged is a record that is not what was written: cut short, changed,
// or not a record at all.
var ErrDamaged = errors.New("the build cache's record is damaged")

// Fingerprint hashes the inputs: the name, size, times and inode of
// every file in the folders, the options, and the program's bytes; and,
// as build, the options and the program alone.
func (c *Cache) Fingerprint(in Inputs) (inputs, build string, err error) {
	prog, err := c.programSum(in.Program)
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "options %q\nprogram %x\n", in.Options, prog)
	build = hex.EncodeToString(h.Sum(nil))
	var b []byte
	for _, dir := range in.Folders {
		files, err := list(dir, true)
		if err != nil {
			return "", "", err
		}
		b = fmt.Appendf(b[:0], "folder %q %d\n", dir, len(files))
		for _, f := range files {
			b = append(f.appendStamp(b), '\n')
			if len(b) > 32<<10 {
				h.Write(b)
				b = b[:0]
			}
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), build, nil
}

// programSum gives the SHA-256 of the program's bytes. The cache keeps
// the sums of the last programs it hashed by their files' stamps (size,
// times and inode), as the records keep inputs: a program file whose stamp
// is the one it had, unchanged for two seconds then, is not read again.
func (c *Cache) programSum(name string) ([32]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return [32]byte{}, err
	}
	stamp := string(stat(name, info, true).appendStamp(nil))
	known := filepath.Join(c.dir, "programs")
	data, _ := os.ReadFile(known)
	lines := strings.FieldsFunc(string(data), func(r rune) bool { return r == '\n' })
	for _, line := range lines {
		was, sum, _ := strings.Cut(line, " sum ")
		if kept, err := hex.DecodeString(sum); err == nil && len(kept) == 32 && was == stamp {
			return [32]byte(kept), nil
		}
	}
	f, err := os.Open(name)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}, err
	}
	sum := [32]byte(h.Sum(nil))
	if _, ctime := inode(info); time.Since(time.Unix(0, ctime)) >= settle {
		lines = append([]string{stamp + " sum " + hex.EncodeToString(sum[:])}, lines[:min(len(lines), keptPrograms-1)]...)
		writeFile(known, []byte(strings.Join(lines, "\n"))) // if it cannot be kept, the next build hashes it again
	}
	return sum, nil
}

// keptPrograms is how many programs' sums the cache keeps.
const keptPrograms = 8

// appendStamp appends the file as text to b: name, size, times and inode.
func (f File) appendStamp(b []byte) []byte {
	b = strconv.AppendQuote(b, f.Name)
	for _, n := range []int64{f.Size, f.MTime, f.CTime} {
		b = strconv.AppendInt(append(b, ' '), n, 10)
	}
	return strconv.AppendUint(append(b, ' '), f.Ino, 10)
}

// list gives every file below dir, in order (filepath.WalkDir's), with or
// without the time its inode last changed. Folders are read on several
// goroutines at once: an output of 10,000 events is 10,000 folders, and
// their reads and stats are most of what a build that changed little
// spends before it starts.
func list(dir string, inputs bool) ([]File, error) {
	files, _, err := listFolders(dir, inputs, nil)
	return files, err
}

// listFolders is list, which also gives every folder below dir and dir
// itself ("."), with the time its inode last changed. A folder that was
// has, with the same times and inode, holds the same names as then (a
// name added, removed or renamed in a folder changes it): it is not read
// again, only its files are looked at.
func listFolders(dir string, inputs bool, was *outline) (files, folders []File, err error) {
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, nil, err
	}
	if !info.IsDir() {
		return []File{stat(".", info, inputs)}, nil, nil
	}
	l := lister{dir: dir, inputs: inputs, was: was, slots: make(chan struct{}, 4*runtime.GOMAXPROCS(0))}
	return l.folder(".", stat(".", info, true))
}

// An outline is what a listing found in each folder, by its name: the
// folder as it was, and the names in it.
type outline struct {
	folders map[string]File
	names   map[string][]entry
}

// An entry is a name in a folder.
type entry struct {
	name string
	dir  bool
}

// newOutline gives the outline of the files and folders of a listing.
// A folder the record leaves out, as it changed a moment before (see
// settled), is still a name in its parent: a listing reads it again.
func newOutline(files, folders []File) *outline {
	o := &outline{folders: map[string]File{}, names: map[string][]entry{}}
	named := map[string]bool{".": true}
	// enter makes the folder d a name in its parent, and so each folder
	// above it.
	enter := func(d string) {
		for ; !named[d]; d = path.Dir(d) {
			named[d] = true
			o.names[path.Dir(d)] = append(o.names[path.Dir(d)], entry{path.Base(d), true})
		}
	}
	for _, f := range folders {
		o.folders[f.Name] = f
		enter(f.Name)
	}
	for _, f := range files {
		enter(path.Dir(f.Name))
		o.names[path.Dir(f.Name)] = append(o.names[path.Dir(f.Name)], entry{path.Base(f.Name), false})
	}
	for _, names := range o.names {
		slices.SortFunc(names, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	}
	return o
}

// folder gives the folder name as the outline has it.
func (o *outline) folder(name string) (File, bool) {
	if o == nil {
		return File{}, false
	}
	f, ok := o.folders[name]
	return f, ok
}

// A lister lists the files below a folder.
type lister struct {
	dir    string
	inputs bool
	was    *outline      // if not nil, folders as an earlier listing found them
	slots  chan struct{} // a goroutine may start for a folder while one is free
}

// folder lists the files and folders below rel, a folder within l.dir
// ("." for dir) that is as me says.
func (l *lister) folder(rel string, me File) ([]File, []File, error) {
	var names []entry
	if was, ok := l.was.folder(rel); ok && was.same(me) && was.CTime == me.CTime {
		names = l.was.names[rel]
	} else {
		entries, err := os.ReadDir(filepath.Join(l.dir, rel))
		if err != nil {
			return nil, nil, err
		}
		for _, d := range entries {
			names = append(names, entry{d.Name(), d.IsDir()})
		}
	}
	// What each entry is, or holds, in the entries' order.
	type found struct {
		file           File // a file's
		isFile         bool
		files, folders []File // a folder's
		err            error
	}
	got := make([]found, len(names))
	var wg sync.WaitGroup
	// now runs f on a goroutine of its own while one is free.
	now := func(f func()) {
		select {
		case l.slots <- struct{}{}:
			wg.Go(func() {
				defer func() { <-l.slots }()
				f()
			})
		default:
			f()
		}
	}
	// The entries are looked at a run at a time: a folder of 10,000 files
	// on every core.
	const run = 256
	for lo := 0; lo < len(names); lo += run {
		now(func() {
			for i := lo; i < min(lo+run, len(names)); i++ {
				name := names[i].name
				if rel != "." {
					name = rel + "/" + name
				}
				f, dir, err := lstat(l.dir+string(filepath.Separator)+filepath.FromSlash(name), name)
				switch {
				case err != nil:
					got[i].err = err
				case !dir:
					if !l.inputs {
						f.CTime = 0 // a hard link to a file changes it, as the next build's stage makes
					}
					got[i].file, got[i].isFile = f, true
				default:
					now(func() { got[i].files, got[i].folders, got[i].err = l.folder(name, f) })
				}
			}
		})
	}
	wg.Wait()
	var errs []error
	nfiles, nfolders := 0, 1
	for _, g := range got {
		if g.err != nil {
			errs = append(errs, g.err)
		}
		nfiles += len(g.files)
		if g.isFile {
			nfiles++
		}
		nfolders += len(g.folders)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	files, folders := make([]File, 0, nfiles), append(make([]File, 0, nfolders), me)
	for _, g := range got {
		if g.isFile {
			files = append(files, g.file)
		}
		files = append(files, g.files...)
		folders = append(folders, g.folders...)
	}
	return files, folders, nil
}

// stat is the File of name, a path within the listed folder.
func stat(name string, info fs.FileInfo, inputs bool) File {
	f := File{Name: name, Size: info.Size(), MTime: info.ModTime().UnixNano()}
	f.Ino, f.CTime = inode(info)
	if !inputs {
		f.CTime = 0 // a hard link to a file changes it, as the next build's stage makes
	}
	return f
}

// entry is the file of the record for a content tree built into out.
func (c *Cache) entry(content, out string) string {
	a, _ := filepath.Abs(content)
	b, _ := filepath.Abs(out)
	sum := sha256.Sum256([]byte(strconv.Quote(a) + " " + strconv.Quote(b)))
	return filepath.Join(c.dir, "builds", hex.EncodeToString(sum[:16])+".record")
}

// A Last is what the cache knows of the last build of a content tree
// into an output folder: its record, and the folder as it is now.
type Last struct {
	Record
	Now     []File // every file in the output folder now, in order
	folders []File // and every folder, as Now found them
	listed  time.Time
	file    string // of the record
}

// Last gives the record of the last build of content into out, with the
// files in out now; read is called once the record is read, before out is
// listed. A damaged record is ErrDamaged; no record is (nil, nil).
func (c *Cache) Last(content, out string, read func(*Record)) (*Last, error) {
	file := c.entry(content, out)
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) || !supported {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, ok := decodeRecord(data)
	if !ok {
		return nil, ErrDamaged
	}
	read(&r)
	l := &Last{Record: r, file: file}
	var was *outline
	if len(l.Folders) > 0 {
		was = newOutline(l.Outputs, l.Folders)
	}
	l.listed = time.Now()
	if l.Now, l.folders, err = listFolders(out, false, was); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return l, nil
}

// Unchanged reports whether the last build read what inputs fingerprints
// and the output folder still holds exactly what it wrote: then this
// build would make what is there.
func (l *Last) Unchanged(inputs string) bool {
	if l.Inputs != inputs || len(l.Now) != len(l.Outputs) {
		return false
	}
	was := l.recorded()
	for _, f := range l.Now {
		if w, ok := was[f.Name]; !ok || !w.same(f) {
			return false
		}
	}
	t := time.Now()
	os.Chtimes(l.file, t, t) // recently used
	return true
}

// recorded gives the record's outputs by name.
func (l *Last) recorded() map[string]File {
	was := make(map[string]File, len(l.Outputs))
	for _, f := range l.Outputs {
		was[f.Name] = f
	}
	return was
}

// same reports whether two listings of a file agree.
func (f File) same(g File) bool {
	return f.Name == g.Name && f.Size == g.Size && f.MTime == g.MTime && f.Ino == g.Ino
}

// After lists the output folder out after a build that gave keys, every
// file in it and the key it was made under, knowing that a file whose key
// is the one it had in before (Keys) and that l listed is as l listed
// it: only the others are looked at again. The folders are those l listed
// that are still there, as l listed them (see settled).
func (l *Last) After(out string, before, keys map[string][32]byte) (files, folders []File, err error) {
	now := map[string]File{}
	for _, f := range l.Now {
		now[f.Name] = f
	}
	files = make([]File, 0, len(keys))
	dirs := map[string]bool{".": true}
	for name, key := range keys {
		f, ok := now[name]
		if old, had := before[name]; !ok || !had || old != key {
			info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				return nil, nil, err
			}
			f = stat(name, info, false)
		}
		files = append(files, f)
		for d := path.Dir(name); !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range l.folders {
		if dirs[f.Name] {
			folders = append(folders, f)
		}
	}
	return files, settled(folders, l.listed), nil
}

// settled gives the folders whose inodes had not changed for two seconds
// at when: only those are recorded. A folder's stamp (times and inode)
// says what names it holds only as they were when it was taken: a stamp
// from before the build began may be older than the names the record
// gives, which only has the next build read the folder again; and as git
// trusts its index, a change in the same tick of the clock as the stamp
// could leave it as it was, which two seconds rule out.
func settled(folders []File, when time.Time) []File {
	return slices.DeleteFunc(folders, func(f File) bool { return when.Sub(time.Unix(0, f.CTime)) < settle })
}

// settle is how long a file or folder must have gone unchanged for the
// cache to know it by its stamp.
var settle = 2 * time.Second

// Keys gives every file in the output folder now with the key the last
// build recorded for it, or zero where the file is not as that build
// left it; nil when that build had other options or another program
// (build, from Fingerprint), whose keys may not mean what this one's do.
func (l *Last) Keys(build string) map[string][32]byte {
	if l.Build != build {
		return nil
	}
	was := l.recorded()
	keys := make(map[string][32]byte, len(l.Now))
	for _, f := range l.Now {
		var key [32]byte
		if w, ok := was[f.Name]; ok && w.same(f) {
			key = w.Key
		}
		keys[f.Name] = key
	}
	return keys
}

// Outputs lists the files of an output folder, as a Record keeps them: to
// be called while no other build can write there.
func Outputs(out string) (files, folders []File, err error) {
	when := time.Now()
	files, folders, err = listFolders(out, false, nil)
	return files, settled(folders, when), err
}

// Save records a build of content into out: r.Inputs is the fingerprint
// taken before it read anything, so that a file changed while it ran is
// built again next time, and r.Outputs what it left in out. Then it drops
// the least recently used records beyond Limit.
func (c *Cache) Save(content, out string, r Record) error {
	if err := writeFile(c.entry(content, out), r.encode()); err != nil {
		return err
	}
	return c.prune(Limit)
}

// prune removes the least recently used records and stores until those
// left take at most limit bytes.
func (c *Cache) prune(limit int64) error {
	entries, err := os.ReadDir(filepath.Join(c.dir, "builds"))
	if err != nil {
		return err
	}
	type rec struct {
		path string
		size int64
		used time.Time
	}
	var recs []rec
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		ext := filepath.Ext(e.Name())
		if ext == ".json" {
			os.Remove(filepath.Join(c.dir, "builds", e.Name())) // a record of an earlier version, never read
		}
		if err != nil || ext != ".record" && !strings.HasPrefix(ext, ".bodies") {
			continue
		}
		recs = append(recs, rec{filepath.Join(c.dir, "builds", e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	slices.SortFunc(recs, func(a, b rec) int { return a.used.Compare(b.used) })
	for _, r := range recs {
		if total <= limit {
			break
		}
		if os.Remove(r.path) == nil {
			total -= r.size
		}
	}
	return nil
}

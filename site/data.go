package site

import (
	"bytes"
	"html/template"

	"timeline/site/cite"
)

// The data page (data/) lists the files of the outputs that a reader may
// take away, the exports, the bibliography and the feeds, each with its
// format, what it holds, how many records and its size in bytes as
// written; and says under what licence, and how to cite them as one
// data set. As it gives the files' sizes it is made after them: written
// once they are, by BuildTo; for a site in memory made when first asked
// for, like the files themselves, so that the preview does not make
// every file of every rebuild to count its bytes (its template's errors
// are still the build's: it is executed once at build time).

// dataURL is where the data page is, from its edition's root.
const dataURL = "data/"

// A Listing says which files of the outputs the data page lists, and
// what each holds. It is called once the site is indexed, before its
// pages are listed and its outputs named; the files no output makes are
// then left out.
type Listing func(*Site) []DataFile

// A DataFile is a file of the outputs, or a set of like files (the feeds
// of a taxonomy's terms), as the data page lists it.
type DataFile struct {
	// Name is the file's path from its edition's root ("data/events.json");
	// for a set, the pattern its names follow ("people/*/feed.xml"), and
	// Files are its files.
	Name  string
	Files []string
	// Shared marks a file that only the default edition has, as the
	// bibliography: every edition lists the default edition's.
	Shared bool
	// Format, About and Count are the reader's words for the file's
	// format ("CSV (RFC 4180, UTF-8)"), for what it holds, and for how
	// many records it holds ("263 contacts"): Records, which for a set
	// counts its files.
	Format, About, Count string
	Records              int

	// URL, for a file, is its path from the page's edition root:
	// "data/events.json", or "../data/sources.json" for a shared file in
	// the edition ru/. Size is its length in bytes, or a set's in all.
	// The site sets both for the data page.
	URL  string
	Size int
}

// A Dataset is what the data page shows: the files, the date their data
// is current to, and how to cite them as one work.
type Dataset struct {
	Files []DataFile
	// Updated is the date of the newest event, at its precision: the
	// instant the feeds give as their last update, and the calendar as
	// its DTSTAMP. A build is never dated by the clock, so that the same
	// content gives the same bytes.
	Updated Date
	// Item is the data set as a CSL item; Chicago and APA are its
	// entries in those styles' bibliographies.
	Item         cite.Item
	Chicago, APA template.HTML
}

// Dataset is what the data page shows; nil for other pages.
func (p *Page) Dataset() *Dataset { return p.dataset }

// DataURL is the path of the data page from the site root; "" for a site
// without one.
func (s *Site) DataURL() string {
	if !s.hasData {
		return ""
	}
	return dataURL
}

// Updated is the date of the newest event, at its precision; zero for a
// site without events.
func (s *Site) Updated() Date {
	var newest Date
	for _, e := range s.Events {
		if e.Span.Start.Compare(newest) > 0 {
			newest = e.Span.Start
		}
	}
	return newest
}

// madeOnly keeps the files of a listing that the outputs make.
func (s *Site) madeOnly(files []DataFile) []DataFile {
	var out []DataFile
	for _, f := range files {
		from := s.owner(f)
		if len(f.Files) == 0 {
			if from.made[f.Name] != nil {
				out = append(out, f)
			}
			continue
		}
		var made []string
		for _, name := range f.Files {
			if from.made[name] != nil {
				made = append(made, name)
			}
		}
		if len(made) > 0 {
			f.Files = made
			out = append(out, f)
		}
	}
	return out
}

// owner is the site whose file f is: the default edition's, for a shared
// one.
func (s *Site) owner(f DataFile) *Site {
	if f.Shared {
		return s.main
	}
	return s
}

// size is the length of an output file: as written, or, for a site in
// memory, as made when first asked for (an export too large to keep is
// not made again to be measured).
func (s *Site) size(name string) int {
	if n, ok := s.sizes[name]; ok {
		return n
	}
	if f, ok := s.lazy[name]; ok {
		return f.length()
	}
	data, _ := s.File(name)
	return len(data)
}

// dataset is what the data page shows, with each file's size if sized
// (or else zero).
func (s *Site) dataset(sized bool) *Dataset {
	ds := &Dataset{Updated: s.Updated()}
	for _, f := range s.listing {
		from := s.owner(f)
		if len(f.Files) == 0 {
			f.URL = f.Name
			if from != s {
				f.URL = s.Edition.up() + f.Name
			}
		}
		if sized {
			names := f.Files
			if len(names) == 0 {
				names = []string{f.Name}
			}
			for _, name := range names {
				f.Size += from.size(name)
			}
		}
		ds.Files = append(ds.Files, f)
	}
	url := ""
	if s.BaseURL != "" {
		url = s.BaseURL + dataURL
	}
	ds.Item = cite.Item{ID: "dataset", Type: "dataset", Title: s.Title, Issued: citeDate(ds.Updated), URL: url,
		Language: s.Language}
	if s.Untranslated != "" {
		ds.Item.Language = s.Untranslated
	}
	ds.Chicago, ds.APA = template.HTML(cite.Chicago(ds.Item)), template.HTML(cite.APA(ds.Item))
	return ds
}

// renderData makes the data page, once the outputs' files are made: for a
// site in memory (lazy), executed once now with no sizes, for the
// template's errors, and made again with them when first asked for.
func (s *Site) renderData(lazy bool, dir string, out target, errs *Diagnostics) {
	var page *Page
	for _, p := range s.Pages {
		if p.Kind == "data" {
			page = p
		}
	}
	if page == nil || s.dataPage == nil {
		return
	}
	render := func(sized bool) ([]byte, error) {
		p := *page // the page of the site stays as it is
		p.dataset = s.dataset(sized)
		var buf bytes.Buffer
		err := s.dataPage.ExecuteTemplate(&buf, "base", &p)
		return buf.Bytes(), err
	}
	if lazy {
		if _, err := render(false); err != nil {
			addTemplateError(errs, dir, page.template, err)
			return
		}
		s.lazy[page.file()] = &lazyFile{make: func() []byte {
			data, err := render(true)
			if err != nil { // only where the template fails on the sizes alone
				return []byte(template.HTMLEscapeString(err.Error()))
			}
			return data
		}}
		return
	}
	data, err := render(true)
	if err != nil {
		addTemplateError(errs, dir, page.template, err)
		return
	}
	if err := out.put(page.file(), data); err != nil {
		errs.add("", 0, 0, "cannot write %s: %v", page.file(), err)
	}
}

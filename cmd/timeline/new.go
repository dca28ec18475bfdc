package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"timeline/site"
	"timeline/site/check"
	"timeline/templates"
)

// newSite is the chronology timeline new site writes: a guide beside the
// content folder, where the build does not read it.
//
//go:embed all:newsite
var newSite embed.FS

const newUsage = `usage: timeline new site DIR
       timeline new event [--content DIR] [--date YYYY-MM-DD] [--type ID] [--KEY a,b...] [TITLE]
       timeline new person|topic|SINGULAR [--content DIR] [NAME]

new site writes a small example chronology into DIR, a new folder; new event and new
person, topic or any taxonomy's singular write one file at its conventional place in the
content folder, with every required key, from the flags or as placeholders ("TODO: ...")
that timeline check reports until they are replaced. No file is ever overwritten.
`

func newCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		fmt.Fprint(w, newUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "site" {
		return newSiteCmd(args[1:], stdout, stderr)
	}
	return newEntryCmd(args[0], args[1:], stdout, stderr)
}

func newSiteCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("timeline new site", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(fl.Output(), newUsage) }
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: timeline new site DIR")
		return 2
	}
	dir := fl.Arg(0)
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		fmt.Fprintf(stderr, "timeline new site: %s is a file; choose a new folder\n", dir)
		return 1
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "timeline new site: %s is not empty; choose a new folder\n", dir)
		return 1
	}
	tree, _ := fs.Sub(newSite, "newsite")
	if err := os.CopyFS(dir, tree); err != nil {
		fmt.Fprintf(stderr, "timeline new site: %v\n", err)
		return 3
	}
	content := filepath.Join(dir, "content")
	fmt.Fprintf(stdout, "timeline: wrote an example site to %s; build it with timeline build --content %s (%s says what goes where)\n",
		dir, content, filepath.Join(dir, "README.md"))
	return 0
}

// shape is what a new file is written against: the types and taxonomies
// of the content folder's site, or the defaults when there is none.
func shape(contentDir string, stderr io.Writer) ([]*site.EventType, []*site.Taxonomy) {
	types := make([]*site.EventType, len(site.DefaultTypes))
	for i := range site.DefaultTypes {
		types[i] = &site.DefaultTypes[i]
	}
	taxonomies := make([]*site.Taxonomy, len(site.DefaultTaxonomies))
	for i := range site.DefaultTaxonomies {
		taxonomies[i] = &site.DefaultTaxonomies[i]
	}
	info, err := os.Stat(filepath.Join(contentDir, "_index.md"))
	if err != nil || info.IsDir() {
		return types, taxonomies
	}
	s, err := site.Build(site.Options{Content: os.DirFS(contentDir), Templates: templates.FS, ContentDir: contentDir})
	if err != nil {
		fmt.Fprintf(stderr, "timeline new: %s does not build (%s; timeline check lists them); writing against the default types and taxonomies\n",
			contentDir, countErrors(err))
		return types, taxonomies
	}
	return s.Types, s.Taxonomies
}

// flagValue finds a flag's value in a command line before it is parsed,
// as the flags of new event depend on the site --content names.
func flagValue(args []string, name, def string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return def
}

func newEntryCmd(kind string, args []string, stdout, stderr io.Writer) int {
	contentDir := flagValue(args, "content", "content")
	types, taxonomies := shape(contentDir, stderr)
	var x *site.Taxonomy
	kinds := []string{"site", "event"}
	for _, t := range taxonomies {
		kinds = append(kinds, t.Singular)
		if t.Singular == kind {
			x = t
		}
	}
	if kind != "event" && x == nil {
		fmt.Fprintf(stderr, "timeline new: %q is not a kind of file here; write one of: %s\n", kind, strings.Join(kinds, ", "))
		return 2
	}
	fl := flag.NewFlagSet("timeline new "+kind, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), newUsage)
		fl.PrintDefaults()
	}
	fl.String("content", "content", "the content `folder` to write into")
	var title, name, date, typ string
	refs := map[string]*string{}
	ids := make([]string, len(types))
	for i, t := range types {
		ids[i] = t.ID
	}
	if x == nil {
		fl.StringVar(&title, "title", "", "the headline (or give it as the argument)")
		fl.StringVar(&date, "date", check.Today().String(), "the `date`: YYYY, YYYY-MM or YYYY-MM-DD")
		def := ids[0]
		if slices.Contains(ids, "other") {
			def = "other"
		}
		fl.StringVar(&typ, "type", def, "the `type`: one of "+strings.Join(ids, ", "))
		for _, t := range taxonomies {
			switch {
			case t.From != "" && fl.Lookup(t.From) == nil:
				refs[t.Key] = fl.String(t.From, "", "the "+t.Singular+", by name, alias or slug")
			case t.From == "" && fl.Lookup(t.Key) == nil:
				refs[t.Key] = fl.String(t.Key, "", "the "+t.Key+" it concerns, by name, alias or slug, separated by commas")
			}
		}
	} else {
		fl.StringVar(&name, "name", "", "the name (or give it as the argument)")
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 1 {
		fmt.Fprintf(stderr, "timeline new %s: unexpected argument %q; quote a name of several words\n", kind, fl.Arg(1))
		return 2
	}
	if fl.NArg() == 1 {
		title, name = fl.Arg(0), fl.Arg(0)
	}
	var file, text string
	if x == nil {
		d, err := site.ParseDate(date)
		if err != nil {
			fmt.Fprintf(stderr, "timeline new event: --date %v\n", err)
			return 2
		}
		if !slices.Contains(ids, typ) {
			fmt.Fprintf(stderr, "timeline new event: --type %q is not one of the site's types: %s\n", typ, strings.Join(ids, ", "))
			return 2
		}
		file = filepath.Join(contentDir, "events", d.String()+"-"+cmpSlug(title, "new-event")+".md")
		text = eventText(title, d.String(), typ, taxonomies, refs)
	} else {
		file = filepath.Join(contentDir, x.Key, cmpSlug(name, "new-"+x.Singular)+".md")
		text = termText(name, x)
	}
	if _, err := os.Lstat(file); err == nil {
		fmt.Fprintf(stderr, "timeline new %s: %s already exists; nothing was written (give another name, or edit that file)\n", kind, file)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "timeline new %s: %v\n", kind, err)
		return 3
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) // never replaces a file
	if err == nil {
		_, err = f.WriteString(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintf(stderr, "timeline new %s: %v\n", kind, err)
		return 3
	}
	fmt.Fprintf(stdout, "timeline: wrote %s; fill in what it leaves as %q, then timeline check\n", file, check.Placeholder)
	return 0
}

// cmpSlug is the slug of a name, or def when it has none.
func cmpSlug(name, def string) string {
	if strings.TrimSpace(name) == "" {
		return def
	}
	return site.Slug(name) // a name of no ASCII letters gets a slug made from its hash
}

// quoted writes a YAML value: the text if given, or else the placeholder.
func quoted(text, placeholder string) string {
	if strings.TrimSpace(text) == "" {
		text = check.Placeholder + " " + placeholder
	}
	return fmt.Sprintf("%q", text)
}

func eventText(title, date, typ string, taxonomies []*site.Taxonomy, refs map[string]*string) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quoted(title, "the headline"))
	fmt.Fprintf(&b, "date: %s               # YYYY, YYYY-MM or YYYY-MM-DD\n", date)
	b.WriteString("# end: YYYY-MM-DD          # the last day of a contact of several days\n")
	fmt.Fprintf(&b, "type: %s\n", typ)
	one := map[string]string{"place": "# place: City, Country\n", "occasion": "# occasion: the larger event it was part of\n"}
	for _, x := range taxonomies {
		if v := refs[x.Key]; x.From != "" && v != nil && strings.TrimSpace(*v) != "" {
			one[x.From] = fmt.Sprintf("%s: %q\n", x.From, strings.TrimSpace(*v))
		}
	}
	b.WriteString(one["place"] + one["occasion"])
	for _, x := range taxonomies {
		if x.From != "" {
			continue // written as its key, above
		}
		var items []string
		if v := refs[x.Key]; v != nil {
			for _, it := range strings.Split(*v, ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, fmt.Sprintf("%q", it))
				}
			}
		}
		switch {
		case len(items) > 0:
			fmt.Fprintf(&b, "%s: [%s]\n", x.Key, strings.Join(items, ", "))
		case x.Required:
			fmt.Fprintf(&b, "%s: [%s]   # by name, alias or slug\n", x.Key, quoted("", "the "+x.Key+" it concerns"))
		default:
			fmt.Fprintf(&b, "# %s: [by name, alias or slug]\n", x.Key)
		}
	}
	fmt.Fprintf(&b, "summary: %s\n", quoted("", "one or two plain sentences on what happened"))
	b.WriteString("# documents:\n#   - {title: what was signed or adopted, kind: treaty}\n")
	b.WriteString("sources:\n")
	fmt.Fprintf(&b, "  - title: %s\n", quoted("", "the headline of a published report"))
	fmt.Fprintf(&b, "    url: %s\n", check.PlaceholderURL)
	b.WriteString("    # publisher: who published it\n    # date: YYYY-MM-DD\n")
	b.WriteString("# status: announced         # held (the default), announced or cancelled\n")
	b.WriteString("---\n")
	return b.String()
}

func termText(name string, x *site.Taxonomy) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "name: %s\n", quoted(name, "the "+x.Singular+"'s name as the site writes it"))
	b.WriteString("# aliases: [other spellings by which events may refer to it]\n")
	lines := map[string]string{
		"summary": "# summary: one plain sentence\n",
		"native":  "# native: the name in its own script\n",
		"lang":    "# lang: the BCP 47 tag of native, such as zh-Hans\n",
		"country": "# country: the country it belongs to\n",
		"roles":   "# roles:\n#   - {title: the office, from: YYYY-MM-DD}   # to: left out while it is held\n",
		"lat":     "# lat: degrees north, such as 39.9075 (south negative)\n",
		"lon":     "# lon: degrees east, such as 116.3972 (west negative)\n",
	}
	for _, f := range x.Fields {
		b.WriteString(lines[f])
	}
	b.WriteString("---\n")
	return b.String()
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"syscall"
	"time"

	"timeline/site"
	"timeline/site/check"
	"timeline/site/diskcache"
	"timeline/site/synth"
	"timeline/templates"
)

func build(args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	var b buildFlags
	var cf cacheFlags
	opts, code := b.parse("build", args, stdout, stderr, cf.register)
	if code != 0 {
		return code
	}
	cache := cf.open(&b, opts, stderr)
	var store *diskcache.Store
	var last *diskcache.Last
	if cache != nil {
		var opened chan *diskcache.Store
		open := func() { // the store, once
			if opened == nil {
				opened = make(chan *diskcache.Store, 1)
				go func() { opened <- cache.Store(b.content, cache.build) }()
			}
		}
		opts.BeforeStamp = site.Stamp(b.out) // before the files are listed
		last = cache.last(&b, stderr, func(r *diskcache.Record) {
			if r.Inputs != cache.inputs {
				open() // there is something to build: while the output is listed
			}
		})
		if last != nil && last.Unchanged(cache.inputs) {
			io.WriteString(stderr, last.Stderr)
			fmt.Fprintf(stdout, "%s in %s, as built before -> %s\n", last.Stdout, time.Since(start).Round(100*time.Microsecond), b.out)
			return 0
		}
		if last != nil {
			opts.Before = last.Keys(cache.build)
		}
		open()
		store = cache.store(<-opened, stderr)
		opts.Store = store
	}
	defer budgetMemory(opts.Content, opts.Store != nil)()
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stopped)
	go func() {
		<-stopped // Ctrl-C or a kill: take the half-made site away
		site.Stop(b.out)
		fmt.Fprintf(stderr, "timeline build: stopped; %s was not changed\n", b.out)
		os.Exit(130)
	}()
	var outputs, folders []diskcache.File
	var keys map[string][32]byte
	var listed error
	if cache != nil {
		opts.Committed = func(dir string, k map[string][32]byte) {
			keys = k
			if last != nil {
				outputs, folders, listed = last.After(dir, opts.Before, k)
			} else {
				outputs, folders, listed = diskcache.Outputs(dir)
			}
		}
	}
	s, err := site.BuildTo(opts, b.out)
	var errs site.Diagnostics
	var we *site.WriteError
	if errors.As(err, &we) {
		fmt.Fprintf(stderr, "timeline build: %v\n", err)
		return 3
	}
	if errors.As(err, &errs) {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "timeline build: %s; %s was not changed\n", countErrors(err), b.out)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "timeline build: %v\n", err)
		return 1
	}
	var warned, said strings.Builder
	printWarnings(&warned, s.Warnings)
	noteNoFeeds(&said, s)
	said.WriteString(summary(s))
	io.WriteString(stderr, warned.String())
	fmt.Fprintf(stdout, "%s in %s -> %s\n", said.String(), s.Elapsed.Round(100*time.Microsecond), b.out)
	if cache != nil {
		cache.save(&b, store, outputs, folders, keys, listed, said.String(), warned.String(), stderr)
	}
	return 0
}

// summary counts what a build made: "timeline: 263 events, 60 people, 37
// topics, 1599 pages in 3 languages".
func summary(s *site.Site) string {
	counts := []string{plural(len(s.Events), "event")}
	for _, x := range s.Taxonomies {
		noun := x.Key
		if len(x.Terms) == 1 {
			noun = x.Singular
		}
		counts = append(counts, fmt.Sprintf("%d %s", len(x.Terms), noun))
	}
	pages := plural(s.PageCount(), "page")
	if len(s.Editions) > 1 {
		pages += fmt.Sprintf(" in %d languages", len(s.Editions))
	}
	return "timeline: " + strings.Join(counts, ", ") + ", " + pages
}

// budgetMemory lets a one-off build collect no garbage until it holds
// 64 MB and eight times the size of its Markdown, or three times for a
// build with a cache: most of what it allocates is either content, kept to
// the end, or garbage of one page. A build without a cache holds up to
// about six times its Markdown, at its end, where the search index and the
// exports are made, and the budget is kept at least half as much again as
// the live heap; a budget of that size from the start costs no more memory
// at the peak and saves the collections while the heap grows. A build with
// a cache reads what it kept from the store, mapped beside the heap, and
// holds much less. GOGC or GOMEMLIMIT, if set, decide instead. stop ends
// the watch on the heap.
func budgetMemory(content fs.FS, cached bool) (stop func()) {
	if cached {
		return budget(content, 3, true)
	}
	return budget(content, 8, true)
}

// boundPreview keeps a preview's heap within 64 MB and five times the
// size of its Markdown, where the collector would let it grow to twice
// what it holds: what a preview holds between rebuilds is about two and a
// half times its Markdown, and making the search index or an export
// holds twice that for a moment. As for a build, the bound is kept at
// least half as much again as the live heap, and GOGC or GOMEMLIMIT, if
// set, decide instead.
func boundPreview(content fs.FS) (stop func()) {
	return budget(content, 5, false)
}

// budget sets the soft memory limit to 64 MB and perByte times the size
// of content's Markdown, or half as much again as the live heap where
// that is more; lazy turns the collector off below the limit. Until the
// Markdown is measured, the collector runs as Go's defaults say.
func budget(content fs.FS, perByte int64, lazy bool) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	tick := time.NewTicker(20 * time.Millisecond)
	done := make(chan struct{})
	go func() { // the build goes on meanwhile, collecting as Go does by default
		var size int64
		fs.WalkDir(content, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && path.Ext(p) == ".md" {
				if info, err := d.Info(); err == nil {
					size += info.Size()
				}
			}
			return nil
		})
		select {
		case <-done:
			return // the build ended first
		default:
		}
		base := 64<<20 + perByte*size
		limit := base
		debug.SetMemoryLimit(limit)
		if lazy {
			debug.SetGCPercent(-1)
		}
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if want := max(base, int64(live[0].Value.Uint64())*3/2); want > limit || !lazy && want < limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() { tick.Stop(); close(done) }
}

func serveCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	var addr string
	var hosts []string
	opts, code := b.parse("serve", args, stdout, stderr, func(fl *flag.FlagSet) {
		fl.StringVar(&addr, "addr", "127.0.0.1:1989", "the `address` to serve at; 127.0.0.1:0 picks a free port")
		fl.Func("host", "a host `name` to answer to besides localhost and addresses (repeat for more)", func(name string) error {
			hosts = append(hosts, name)
			return nil
		})
	})
	if code != 0 {
		return code
	}
	ln, err := listen(addr)
	if err != nil {
		fmt.Fprintf(stderr, "timeline serve: %v\n", err)
		return 1
	}
	defer boundPreview(opts.Content)()
	if !isLoopback(ln) {
		fmt.Fprintf(stderr, "timeline serve: warning: %s takes connections from other machines too\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "timeline: serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: stdout, stderr: stderr, hosts: hosts,
		kept: "still showing the last good build"}
	if err := servePreview(ctx, p, ln); err != nil {
		fmt.Fprintf(stderr, "timeline serve: %v\n", err)
		return 1
	}
	return 0
}

func watchCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	opts, code := b.parse("watch", args, stdout, stderr, nil)
	if code != 0 {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: stdout, stderr: stderr,
		kept: b.out + " keeps the last good build"}
	p.built = func(s *site.Site, err error) {
		if err == nil {
			if err := s.Write(b.out); err != nil {
				fmt.Fprintf(stderr, "timeline watch: %v\n", err)
			}
		}
	}
	if err := p.run(ctx, func() {}); err != nil {
		fmt.Fprintf(stderr, "timeline watch: %v\n", err)
		return 1
	}
	return 0
}

func checkCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	var strict, missing bool
	opts, code := b.parse("check", args, stdout, stderr, func(fl *flag.FlagSet) {
		fl.BoolVar(&strict, "strict", false, "fail on warnings too")
		fl.BoolVar(&missing, "translations", false, "list every file whose text an edition shows untranslated")
	})
	if code != 0 {
		return code
	}
	s, err := site.Build(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "timeline check: %s\n", countErrors(err))
		return 1
	}
	readFile := func(name string) ([]byte, error) {
		return fs.ReadFile(opts.Content, strings.TrimPrefix(name, path.Clean(b.content)+"/"))
	}
	r := check.Site(s, readFile, check.Today())
	warnings := append(slices.Clone(s.Warnings), r.Warnings...)
	for _, e := range r.Errors {
		fmt.Fprintln(stderr, e)
	}
	printWarnings(stderr, warnings)
	for _, c := range check.Translations(s) {
		fmt.Fprintf(stdout, "timeline check: %s translated: %d of %d events, %d of %d bodies, %d of %d terms (list them with --translations)\n",
			c.Edition.Key, c.Events[0], c.Events[1], c.Bodies[0], c.Bodies[1], c.Terms[0], c.Terms[1])
		for _, m := range c.Missing {
			if !missing {
				break
			}
			what := "body"
			if m.Text {
				what = "text"
			}
			fmt.Fprintf(stdout, "%s: no %s translation of its %s\n", m.File, c.Edition.Key, what)
		}
	}
	fmt.Fprintf(stdout, "timeline check: %s, %s in %s\n", plural(len(r.Errors), "error"), plural(len(warnings), "warning"), plural(s.PageCount(), "page"))
	if len(r.Errors) > 0 || strict && len(warnings) > 0 {
		return 1
	}
	return 0
}

// synthCmd writes a synthetic content tree: timeline synth [--events N] [--seed S] DIR.
func synthCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("timeline synth", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "usage: timeline synth [--events N] [--seed S] DIR: write a synthetic content tree into DIR, a new folder")
		fl.PrintDefaults()
	}
	n := fl.Int("events", 10000, "how many `events`")
	seed := fl.Uint64("seed", 1, "the random `seed`; the same events and seed give the same files")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: timeline synth [--events N] [--seed S] DIR")
		return 2
	}
	dir := fl.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "timeline synth: %s is not empty; choose a new folder\n", dir)
		return 1
	}
	if err := os.CopyFS(dir, synth.FS(*n, *seed)); err != nil {
		fmt.Fprintf(stderr, "timeline synth: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "timeline: wrote %s to %s\n", plural(*n, "event"), dir)
	return 0
}

// templatesCmd writes the built-in templates out, all of them or the named
// ones, as the start of a --templates folder, which need hold only what it
// changes. It never replaces a file.
func templatesCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("timeline templates", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), `usage: timeline templates DIR [FILE...]: write the built-in templates (or only the named files,
such as event.html or partials/event-row.html) into DIR, to change them and build with --templates DIR`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() < 1 {
		fl.Usage()
		return 2
	}
	dir, names := fl.Arg(0), fl.Args()[1:]
	var all []string
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			all = append(all, p)
		}
		return err
	})
	if len(names) == 0 {
		names = all
	}
	for _, name := range names {
		if !slices.Contains(all, name) {
			fmt.Fprintf(stderr, "timeline templates: there is no built-in %s%s; the files are:\n  %s\n",
				name, didYouMeanFile(name, all), strings.Join(all, "\n  "))
			return 2
		}
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			fmt.Fprintf(stderr, "timeline templates: %s already exists; nothing was written (move it aside, or name only the files to write)\n",
				filepath.Join(dir, filepath.FromSlash(name)))
			return 1
		}
	}
	for _, name := range names {
		data, _ := fs.ReadFile(templates.FS, name)
		dst := filepath.Join(dir, filepath.FromSlash(name))
		err := os.MkdirAll(filepath.Dir(dst), 0o755)
		if err == nil {
			err = os.WriteFile(dst, data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "timeline templates: %v\n", err)
			return 3
		}
	}
	fmt.Fprintf(stdout, "timeline: wrote %s to %s; build with --templates %s\n", plural(len(names), "file"), dir, dir)
	return 0
}

// didYouMeanFile suggests the built-in file a mistyped name is closest to.
func didYouMeanFile(name string, all []string) string {
	if c := site.Closest(name, all); c != "" {
		return fmt.Sprintf(" (did you mean %s?)", c)
	}
	return ""
}

// pdfCmd renders a page of the print edition to PDF with Chromium: the
// whole timeline, or the print page named by --page.
func pdfCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	var page, file string
	opts, code := b.parse("pdf", args, stdout, stderr, func(fl *flag.FlagSet) {
		fl.StringVar(&file, "out", "timeline.pdf", "the PDF `file` to write")
		fl.StringVar(&page, "page", "print/", "the print `page` to render, such as print/people/xi-jinping/ or print/years/2024/")
	})
	if code != 0 {
		return code
	}
	chromium, err := findChromium()
	if err != nil {
		fmt.Fprintf(stderr, "timeline pdf: %v\n", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "timeline-pdf-")
	if err != nil {
		fmt.Fprintf(stderr, "timeline pdf: %v\n", err)
		return 3
	}
	defer os.RemoveAll(dir)
	opts.Outputs, opts.Listing = nil, nil // the pages are enough
	s, err := site.BuildTo(opts, filepath.Join(dir, "site"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	page = strings.Trim(page, "/") + "/index.html"
	if _, err := os.Stat(filepath.Join(dir, "site", filepath.FromSlash(page))); err != nil {
		fmt.Fprintf(stderr, "timeline pdf: the site has no %s; name a print page such as print/ or print/years/%d/\n", page, s.Years[0].Year)
		return 2
	}
	target, err := filepath.Abs(file)
	if err == nil {
		err = printToPDF(chromium, filepath.Join(dir, "site", filepath.FromSlash(page)), target, dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "timeline pdf: %v\n", err)
		return 3
	}
	fmt.Fprintf(stdout, "timeline: wrote %s from %s\n", file, page)
	return 0
}

// findChromium finds the browser that renders PDFs: $CHROMIUM, or Chromium
// or Chrome on the PATH.
func findChromium() (string, error) {
	if c := os.Getenv("CHROMIUM"); c != "" {
		return c, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("the PDF is made by Chromium, which is not installed: on Debian or Ubuntu `sudo apt install chromium`, on a Mac install Google Chrome, or set CHROMIUM to the browser's path")
}

// printToPDF has headless Chromium print a page to a PDF file, with the
// page's own running heads and numbers, and no network.
func printToPDF(chromium, page, pdf, scratch string) error {
	args := []string{"--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir=" + filepath.Join(scratch, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf=" + pdf, (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()}
	if os.Geteuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...) // Chromium's sandbox refuses root
	}
	out, err := exec.Command(chromium, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", chromium, err, out)
	}
	if info, err := os.Stat(pdf); err != nil || info.Size() == 0 {
		return fmt.Errorf("%s wrote no PDF:\n%s", chromium, out)
	}
	return nil
}

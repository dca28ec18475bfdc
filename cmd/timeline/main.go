// Command timeline builds a static HTML timeline of diplomatic contacts
// from a folder of Markdown files.
//
//	timeline build [--content DIR] [--templates DIR] [--out DIR] [--base-url URL] [--drafts]
//	timeline serve [--addr HOST:PORT] [build flags]
//	timeline watch [build flags]
//	timeline check [build flags] [--strict]
//	timeline synth [--events N] [--seed S] DIR
//
// serve builds the site into memory, serves it with live reload, and
// rebuilds on every change; watch rebuilds into the output folder; synth
// writes a synthetic content tree for benchmarks.
//
// Exit codes: 0 on success, 1 when the content or templates have errors
// (each printed as file:line:col: message), 2 for a wrong command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"timeline/content"
	"timeline/site"
	"timeline/site/check"
	"timeline/site/synth"
	"timeline/templates"
)

const usage = `usage: timeline <command> [flags]

commands:
  build    build the site into the output folder
  serve    serve the site with live reload, rebuilding on every change
  watch    rebuild into the output folder on every change
  check    build in memory and report dead links, likely duplicates and more
  synth    write a synthetic content tree, for benchmarks

Run "timeline <command> -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "watch":
		return watchCmd(args[1:], stdout, stderr)
	case "check":
		return checkCmd(args[1:], stdout, stderr)
	case "synth":
		return synthCmd(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "timeline: unknown command %q\n%s", args[0], usage)
	return 2
}

// buildFlags are the flags of every command that builds.
type buildFlags struct {
	content, templates, out, baseURL string
	drafts                           bool
	set                              map[string]bool
}

func (b *buildFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&b.content, "content", "content", "the content `folder` (the built-in timeline if the default is absent)")
	fl.StringVar(&b.templates, "templates", "templates", "the templates `folder`: its files replace the built-in ones of the same name")
	fl.StringVar(&b.out, "out", "public", "the output `folder`")
	fl.StringVar(&b.baseURL, "base-url", "", "the absolute `URL` the site is published at (overrides base_url in _index.md)")
	fl.BoolVar(&b.drafts, "drafts", false, "include events marked draft")
}

// options opens the content and template folders. A folder left at its
// default name that does not exist is replaced by the built-in one.
func (b *buildFlags) options() (site.Options, error) {
	contentFS, err := b.folder("content", b.content, content.FS)
	if err != nil {
		return site.Options{}, err
	}
	templatesFS, err := b.folder("templates", b.templates, templates.FS)
	if err != nil {
		return site.Options{}, err
	}
	if templatesFS != templates.FS {
		templatesFS = templates.Overlay(templatesFS)
	}
	return site.Options{Content: contentFS, Templates: templatesFS, BaseURL: b.baseURL, Drafts: b.drafts,
		ContentDir: b.content, TemplatesDir: b.templates}, nil
}

func (b *buildFlags) folder(flagName, dir string, builtin fs.FS) (fs.FS, error) {
	info, err := os.Stat(dir)
	switch {
	case err == nil && info.IsDir():
		return os.DirFS(dir), nil
	case err == nil:
		return nil, fmt.Errorf("--%s %s is a file, not a folder", flagName, dir)
	case errors.Is(err, fs.ErrNotExist) && !b.set[flagName]:
		return builtin, nil
	}
	return nil, fmt.Errorf("--%s: %v", flagName, err)
}

// parse reads a command's flags and opens its folders; extra registers
// flags of the command's own. It returns the exit code for a bad command
// line, or 0.
func (b *buildFlags) parse(cmd string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (site.Options, int) {
	fl := flag.NewFlagSet("timeline "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	b.register(fl)
	if extra != nil {
		extra(fl)
	}
	if err := fl.Parse(args); err != nil {
		return site.Options{}, 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "timeline %s: unexpected argument %q\n", cmd, fl.Arg(0))
		return site.Options{}, 2
	}
	b.set = map[string]bool{}
	fl.Visit(func(f *flag.Flag) { b.set[f.Name] = true })
	opts, err := b.options()
	if err != nil {
		fmt.Fprintf(stderr, "timeline %s: %v\n", cmd, err)
		return site.Options{}, 2
	}
	return opts, 0
}

// builtinPages reports whether the page templates are the built-in ones:
// a template folder that overrides none of the .html files.
func (b *buildFlags) builtinPages(opts site.Options) bool {
	if opts.Templates == templates.FS {
		return true
	}
	html, err := fs.Glob(os.DirFS(b.templates), "*.html")
	return err == nil && len(html) == 0
}

// dirs lists the folders on disk that the build reads, for watching.
func (b *buildFlags) dirs(opts site.Options) []string {
	var dirs []string
	if opts.Content != content.FS {
		dirs = append(dirs, b.content)
	}
	if opts.Templates != templates.FS {
		dirs = append(dirs, b.templates)
	}
	return dirs
}

func build(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	opts, code := b.parse("build", args, stderr, nil)
	if code != 0 {
		return code
	}
	s, err := site.BuildTo(opts, b.out)
	var errs site.Errors
	if errors.As(err, &errs) {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "timeline build: %s; %s was not changed\n", countErrors(err), b.out)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "timeline build: %v\n", err)
		return 1
	}
	printWarnings(stderr, s.Warnings)
	noteNoFeeds(stdout, s)
	fmt.Fprintf(stdout, "timeline: %s, %s, %s, %s in %s -> %s\n",
		plural(len(s.Events), "event"), plural(len(s.People), "person"), plural(len(s.Topics), "topic"),
		plural(s.Pages, "page"), s.Elapsed.Round(100*time.Microsecond), b.out)
	return 0
}

func serveCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	var addr string
	opts, code := b.parse("serve", args, stderr, func(fl *flag.FlagSet) {
		fl.StringVar(&addr, "addr", "127.0.0.1:1989", "the `address` to serve at; 127.0.0.1:0 picks a free port")
	})
	if code != 0 {
		return code
	}
	ln, err := listen(addr)
	if err != nil {
		fmt.Fprintf(stderr, "timeline serve: %v\n", err)
		return 1
	}
	if !isLoopback(ln) {
		fmt.Fprintf(stderr, "timeline serve: warning: %s takes connections from other machines too\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "timeline: serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: stdout, stderr: stderr, pagesReusable: b.builtinPages(opts)}
	if err := servePreview(ctx, p, ln); err != nil {
		fmt.Fprintf(stderr, "timeline serve: %v\n", err)
		return 1
	}
	return 0
}

func watchCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	opts, code := b.parse("watch", args, stderr, nil)
	if code != 0 {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := &preview{opts: opts, dirs: b.dirs(opts), stdout: stdout, stderr: stderr, pagesReusable: b.builtinPages(opts)}
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
	var strict bool
	opts, code := b.parse("check", args, stderr, func(fl *flag.FlagSet) {
		fl.BoolVar(&strict, "strict", false, "fail on warnings too")
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
	fmt.Fprintf(stdout, "timeline check: %s, %s in %s\n", plural(len(r.Errors), "error"), plural(len(warnings), "warning"), plural(s.Pages, "page"))
	if len(r.Errors) > 0 || strict && len(warnings) > 0 {
		return 1
	}
	return 0
}

// synthCmd writes a synthetic content tree: timeline synth [--events N] [--seed S] DIR.
func synthCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("timeline synth", flag.ContinueOnError)
	fl.SetOutput(stderr)
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

// noteNoFeeds says why a site has no feeds or sitemap, when it has none.
func noteNoFeeds(w io.Writer, s *site.Site) {
	if s.BaseURL == "" {
		fmt.Fprintln(w, "timeline: no feeds or sitemap, as they need the site's address: set base_url in _index.md or pass --base-url")
	}
}

func countErrors(err error) string {
	var es site.Errors
	if errors.As(err, &es) {
		return plural(len(es), "error")
	}
	return "1 error"
}

func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case noun == "person":
		return fmt.Sprintf("%d people", n)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func printWarnings(w io.Writer, warnings site.Errors) {
	for _, e := range warnings {
		msg := e.Error()
		i := strings.Index(msg, e.Msg)
		fmt.Fprintf(w, "%swarning: %s\n", msg[:i], e.Msg)
	}
}

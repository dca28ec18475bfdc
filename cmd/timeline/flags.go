package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"

	"timeline/content"
	"timeline/site"
	"timeline/site/output"
	"timeline/templates"
)

// buildFlags are the flags of every command that builds.
type buildFlags struct {
	content, templates, out, baseURL string
	drafts                           bool
	set                              map[string]bool
}

func (b *buildFlags) register(fl *flag.FlagSet, writes bool) {
	fl.StringVar(&b.content, "content", "content", "the content `folder` (the built-in timeline if the default is absent)")
	fl.StringVar(&b.templates, "templates", "templates", "the templates `folder`: its files replace the built-in ones of the same name")
	b.out = "public"
	if writes {
		fl.StringVar(&b.out, "out", "public", "the output `folder`")
	}
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
		ContentDir: b.content, TemplatesDir: b.templates, Outputs: output.All, Listing: output.Listing}, nil
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
func (b *buildFlags) parse(cmd string, args []string, stdout, stderr io.Writer, extra func(*flag.FlagSet)) (site.Options, int) {
	fl := flag.NewFlagSet("timeline "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	b.register(fl, cmd == "build" || cmd == "watch")
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
	if b.baseURL != "" {
		if u, err := url.Parse(b.baseURL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			fmt.Fprintf(stderr, "timeline %s: --base-url %q must be an absolute http or https address, such as https://example.org/timeline/\n", cmd, b.baseURL)
			return site.Options{}, 2
		}
	}
	opts, err := b.options()
	if err != nil {
		fmt.Fprintf(stderr, "timeline %s: %v\n", cmd, err)
		return site.Options{}, 2
	}
	if opts.Content == content.FS {
		fmt.Fprintf(stdout, "timeline: no %s folder here; building the built-in China–Russia timeline (--content names yours)\n", b.content)
	}
	return opts, 0
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

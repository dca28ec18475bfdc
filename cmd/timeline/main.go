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
// rebuilds on every change; watch rebuilds into the output folder; check
// builds in memory and reports dead links, likely duplicates and the like;
// synth writes a synthetic content tree for benchmarks.
//
// The files: main.go dispatches, flags.go reads the flags the building
// commands share, commands.go holds each command, preview.go the rebuild
// loop of serve and watch. The generator itself is package site.
//
// Exit codes: 0 on success, 1 when the content or templates have errors
// (each printed as file:line:col: message), 2 for a wrong command line.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"timeline/site"
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

// noteNoFeeds says why a site has no feeds or sitemap, when it has none.
func noteNoFeeds(w io.Writer, s *site.Site) {
	if s.BaseURL == "" {
		fmt.Fprintln(w, "timeline: no feeds or sitemap, as they need the site's address: set base_url in _index.md or pass --base-url")
	}
}

func countErrors(err error) string {
	var es site.Diagnostics
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

func printWarnings(w io.Writer, warnings site.Diagnostics) {
	for _, d := range warnings {
		d := *d
		d.Severity = site.Warning
		fmt.Fprintln(w, d.Error())
	}
}

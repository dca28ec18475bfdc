// Command timeline builds a static HTML timeline of diplomatic contacts
// from a folder of Markdown files.
//
//	timeline build [--content DIR] [--templates DIR] [--out DIR] [--base-url URL] [--drafts] [--cache DIR | --no-cache]
//	timeline serve [--addr HOST:PORT] [build flags]
//	timeline watch [build flags]
//	timeline check [build flags] [--strict]
//	timeline synth [--events N] [--seed S] DIR
//	timeline templates DIR [FILE...]
//	timeline pdf [build flags] [--page print/...] [--out FILE]
//	timeline import [--content DIR] [--dry-run] FILE
//	timeline new site DIR | event|person|topic [flags] [NAME]
//	timeline schema [build flags] [--out DIR] [--print KIND]
//	timeline version
//
// serve builds the site into memory, serves it with live reload, and
// rebuilds on every change; watch rebuilds into the output folder; check
// builds in memory and reports dead links, likely duplicates and the like;
// synth writes a synthetic content tree for benchmarks; templates writes
// the built-in templates out, to change them; pdf renders the print
// edition to PDF with Chromium; new writes an example site, or one new
// entry with placeholders that check reports; schema writes the JSON
// Schemas of the site's frontmatter, for editors.
//
// The files: main.go dispatches, flags.go reads the flags the building
// commands share, cache.go the build cache's, commands.go holds each command but these: new.go (with
// newsite/, the example site it writes), schema.go and import.go;
// preview.go is the rebuild loop of serve and watch. The generator itself
// is package site, the importer package site/importer.
//
// Exit codes: 0 on success, 1 when the content or templates have errors
// (each printed as file:line:col: message), 2 for a wrong command line, 3
// when the site cannot be written.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"timeline/site"
)

const usage = `usage: timeline <command> [flags]

commands:
  build      build the site into the output folder
  serve      serve the site with live reload, rebuilding on every change
  watch      rebuild into the output folder on every change
  check      build in memory and report dead links, likely duplicates and more
  synth      write a synthetic content tree, for benchmarks
  templates  write the built-in templates into a folder, to change them
  pdf        render the print edition to PDF with Chromium
  import     write events (and their people and topics) from CSV, TSV, .xlsx or events.json
  new        write an example site, or a new event, person or topic file
  schema     write JSON Schemas of the frontmatter, for editors
  version    print the version

Run "timeline help <command>" (or "timeline <command> -h") for a command's flags.
`

// commands are the commands by name.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"build": build, "serve": serveCmd, "watch": watchCmd, "check": checkCmd, "synth": synthCmd,
	"templates": templatesCmd, "pdf": pdfCmd, "import": importCmd, "new": newCmd, "schema": schemaCmd,
	"version": func(_ []string, stdout, _ io.Writer) int { fmt.Fprintln(stdout, version()); return 0 },
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name, rest := args[0], args[1:]
	switch {
	case name == "help" && len(rest) > 0 && commands[rest[0]] != nil:
		name, rest = rest[0], []string{"-h"}
		fallthrough
	case commands[name] != nil && len(rest) == 1 && (rest[0] == "-h" || rest[0] == "-help" || rest[0] == "--help"):
		commands[name](rest, stdout, stdout) // the flags, as asked for: on stdout, and no error
		return 0
	case commands[name] != nil:
		return commands[name](rest, stdout, stderr)
	case name == "help" || name == "-h" || name == "-help" || name == "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case name == "--version" || name == "-version":
		fmt.Fprintln(stdout, version())
		return 0
	}
	fmt.Fprintf(stderr, "timeline: unknown command %q%s\n%s", name, didYouMean(name), usage)
	return 2
}

// didYouMean suggests the command a mistyped one is closest to.
func didYouMean(name string) string {
	names := make([]string, 0, len(commands))
	for c := range commands {
		names = append(names, c)
	}
	if c := site.Closest(name, names); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// version names the build of the program, from what the Go tool recorded
// in it: the module version, or the commit and whether it had changes.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "timeline (unknown version)"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", with changes"
			}
		}
	}
	if rev != "" {
		v += fmt.Sprintf(" (commit %.12s%s)", rev, modified)
	}
	return fmt.Sprintf("timeline %s %s", v, info.GoVersion)
}

// noteNoFeeds says why a site has no feeds or sitemap, and its calendar
// entries no links, when it has no address.
func noteNoFeeds(w io.Writer, s *site.Site) {
	if s.BaseURL == "" {
		fmt.Fprintln(w, "timeline: no feeds or sitemap, and no links in the calendar's entries, as they need the site's address: set base_url in _index.md or pass --base-url")
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

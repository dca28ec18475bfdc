package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"timeline/site"
	"timeline/site/importer"
	"timeline/templates"
)

// importCmd makes content files of a spreadsheet or data export:
// timeline import [--content DIR] [--dry-run] FILE.
func importCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("timeline import", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "usage: timeline import [--content DIR] [--dry-run] FILE: make an event file of each row of FILE (.csv, .tsv, .xlsx, or events.json), in the columns of data/events.csv")
		fl.PrintDefaults()
	}
	dir := fl.String("content", "content", "the content `folder` to import into")
	dry := fl.Bool("dry-run", false, "list what would be created, changed or left, and write nothing")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: timeline import [--content DIR] [--dry-run] FILE")
		return 2
	}
	file := fl.Arg(0)
	if info, err := os.Stat(*dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "timeline import: %s is not a content folder; give one with --content (it needs an _index.md)\n", *dir)
		return 2
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "timeline import: %v\n", err)
		return 2
	}
	opts := site.Options{Content: os.DirFS(*dir), ContentDir: *dir, Templates: templates.FS}
	changes, err := importer.Plan(opts, file, data)
	if err != nil {
		fmt.Fprintln(stderr, err)
		var ds site.Diagnostics
		n := "problems"
		if errors.As(err, &ds) {
			n = countErrors(err)
		}
		fmt.Fprintf(stderr, "timeline import: %s; nothing was written\n", n)
		return 1
	}
	count := map[string]int{}
	for _, c := range changes {
		count[c.Action]++
		if *dry || c.Action != importer.Leave {
			fmt.Fprintf(stdout, "%s %s\n", c.Action, c.Path)
		}
	}
	summary := fmt.Sprintf("%d to create, %d to change, %d unchanged", count[importer.Create], count[importer.Update], count[importer.Leave])
	if *dry {
		fmt.Fprintf(stdout, "timeline import: %s in %s (dry run: nothing written)\n", summary, *dir)
		return 0
	}
	if err := importer.Write(*dir, changes); err != nil {
		fmt.Fprintf(stderr, "timeline import: %v\n", err)
		return 3
	}
	fmt.Fprintf(stdout, "timeline import: %d created, %d changed, %d unchanged in %s\n", count[importer.Create], count[importer.Update], count[importer.Leave], *dir)
	return 0
}

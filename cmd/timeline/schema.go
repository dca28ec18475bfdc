package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"timeline/site"
)

// schemaCmd writes the JSON Schemas of the site's frontmatter, for editors:
// one file a kind (event.schema.json, person.schema.json...) into --out,
// or with --print one kind on stdout. The files are made from the site, so
// they are written again, replacing the last ones, whenever its types or
// terms change.
func schemaCmd(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	var dir, kind string
	var note bytes.Buffer // the build flags' notes: on stdout, unless it carries a schema
	opts, code := b.parse("schema", args, &note, stderr, func(fl *flag.FlagSet) {
		fl.StringVar(&dir, "out", "schema", "the `folder` to write KIND.schema.json into, one for events and one for each taxonomy")
		fl.StringVar(&kind, "print", "", "print only the schema of one `kind` (event, or a taxonomy's singular such as person) on stdout")
	})
	if code != 0 {
		return code
	}
	notes := stdout
	if kind != "" {
		notes = stderr
	}
	notes.Write(note.Bytes())
	opts.Outputs, opts.Listing = nil, nil // the schemas need the content, not the exports
	s, err := site.Build(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "timeline schema: %s; no schema was written\n", countErrors(err))
		return 1
	}
	schemas := s.Schemas()
	var names []string
	for _, sc := range schemas {
		names = append(names, sc.Name)
		if sc.Name == kind {
			stdout.Write(sc.JSON)
			return 0
		}
	}
	if kind != "" {
		fmt.Fprintf(stderr, "timeline schema: the site has no kind %q; print one of: %s\n", kind, strings.Join(names, ", "))
		return 2
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "timeline schema: %v\n", err)
		return 3
	}
	for _, sc := range schemas {
		if err := os.WriteFile(filepath.Join(dir, sc.Name+".schema.json"), sc.JSON, 0o644); err != nil {
			fmt.Fprintf(stderr, "timeline schema: %v\n", err)
			return 3
		}
	}
	fmt.Fprintf(stdout, "timeline: wrote the schemas of %s to %s (KIND.schema.json)\n", strings.Join(names, ", "), dir)
	return 0
}

package site

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A Pos is a place in the input: a content file or a template. Line and
// Col count from 1; zero means the whole file (or, for Col, the line).
type Pos struct {
	File      string
	Line, Col int
}

// String gives the place as editors read it: "file:line:col", or "file"
// when the problem is with the whole file.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(max(p.Col, 1))
}

// A Severity tells whether a problem stops the build.
type Severity int

const (
	Error   Severity = iota // the build fails
	Warning                 // the build goes on; timeline check --strict fails
)

// A Diagnostic is a problem with one place in the input, and what to do
// about it.
type Diagnostic struct {
	Pos
	Severity Severity
	Msg      string
}

// Error gives the problem as "file:line:col: msg", and a warning as
// "file:line:col: warning: msg".
func (d *Diagnostic) Error() string {
	msg := d.Msg
	if d.Severity == Warning {
		msg = "warning: " + msg
	}
	if p := d.Pos.String(); p != "" {
		return p + ": " + msg
	}
	return msg
}

// Diagnostics are the problems of a build, in file and position order.
type Diagnostics []*Diagnostic

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// add records an error at a position.
func (ds *Diagnostics) add(file string, line, col int, format string, args ...any) {
	ds.at(Error, file, line, col, format, args...)
}

// warn records a warning at a position.
func (ds *Diagnostics) warn(file string, line, col int, format string, args ...any) {
	ds.at(Warning, file, line, col, format, args...)
}

func (ds *Diagnostics) at(sev Severity, file string, line, col int, format string, args ...any) {
	*ds = append(*ds, &Diagnostic{Pos: Pos{file, line, col}, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Sorted returns the list in file, line, column order, without repeats,
// or nil when empty.
func (ds Diagnostics) Sorted() Diagnostics {
	if len(ds) == 0 {
		return nil
	}
	slices.SortStableFunc(ds, func(a, b *Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(ds, func(a, b *Diagnostic) bool { return *a == *b })
}

package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// An Error is a problem with one place in the input: a content file or a
// template. Line and Col count from 1; zero means the whole file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, max(e.Col, 1), e.Msg)
	}
}

// Errors is every problem of a build, in file and position order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// add records a problem at a position.
func (es *Errors) add(file string, line, col int, format string, args ...any) {
	*es = append(*es, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Sorted returns the list in file, line, column order, without repeats,
// or nil when empty.
func (es Errors) Sorted() Errors {
	if len(es) == 0 {
		return nil
	}
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(es, func(a, b *Error) bool { return *a == *b })
}

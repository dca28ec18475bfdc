package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"timeline/site"
	"timeline/site/output"
)

// A table is a spreadsheet as read: its header, by column name, and its
// rows, each with its number as the spreadsheet shows it (the header is
// row 1).
type table struct {
	file   string
	column map[string]int // 0-based
	names  []string
	rows   []row
}

type row struct {
	n     int
	cells []string
}

func (t *table) cell(r row, name string) string {
	i, ok := t.column[name]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return inert(strings.TrimSpace(r.cells[i]))
}

// inert undoes what the CSV export does to a cell a spreadsheet would run
// as a formula: the apostrophe before it.
func inert(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}

func diag(file string, line, col int, format string, args ...any) *site.Diagnostic {
	return &site.Diagnostic{Pos: site.Pos{File: file, Line: line, Col: col}, Severity: site.Error, Msg: fmt.Sprintf(format, args...)}
}

// readRows reads a CSV, TSV or .xlsx file into its rows.
func readRows(name string, data []byte) ([][]string, site.Diagnostics) {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return readXLSX(name, data)
	case ".tsv", ".tab":
		return readDelimited(name, data, '\t')
	}
	return readDelimited(name, data, ',')
}

func readDelimited(name string, data []byte, comma rune) ([][]string, site.Diagnostics) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // the BOM Excel and others write
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = comma == '\t' // tab-separated exports do not quote
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == nil {
			rows = append(rows, rec)
			continue
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, site.Diagnostics{diag(name, pe.Line, pe.Column, "%v; quote a cell that holds quotes, commas or line breaks, as a spreadsheet's CSV export does", pe.Err)}
		}
		if err.Error() != "EOF" {
			return nil, site.Diagnostics{diag(name, 0, 0, "%v", err)}
		}
		return rows, nil
	}
}

// readXLSX reads the first sheet. A cell holding a date (a number shown
// in a date format) becomes YYYY-MM-DD; every other cell is read as it is
// stored, not as the sheet formats it, so that 2001 stays 2001.
func readXLSX(name string, data []byte) ([][]string, site.Diagnostics) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, site.Diagnostics{diag(name, 0, 0, "is not an Excel workbook (%v); save it as .xlsx, or export it as CSV", err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, site.Diagnostics{diag(name, 0, 0, "has no sheet")}
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, site.Diagnostics{diag(name, 0, 0, "cannot read sheet %q: %v", sheets[0], err)}
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	if len(rows) == 0 {
		return rows, nil
	}
	for c, h := range rows[0] {
		if !dateColumns[strings.ToLower(strings.TrimSpace(h))] {
			continue
		}
		for r := 1; r < len(rows); r++ {
			if c >= len(rows[r]) {
				continue
			}
			serial, err := strconv.ParseFloat(rows[r][c], 64)
			if err != nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if !isDateCell(f, sheets[0], ref) {
				continue
			}
			if t, err := excelize.ExcelDateToTime(serial, date1904); err == nil {
				rows[r][c] = t.Format("2006-01-02")
			}
		}
	}
	return rows, nil
}

var dateColumns = map[string]bool{"date": true, "end": true}

// isDateCell reports whether a cell's number format shows a date: one of
// Excel's built-in date formats, or a custom one with a day, month or
// year outside quotes.
func isDateCell(f *excelize.File, sheet, ref string) bool {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return false
	}
	st, err := f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		quoted := false
		for _, r := range strings.ToLower(*st.CustomNumFmt) {
			switch {
			case r == '"':
				quoted = !quoted
			case !quoted && (r == 'd' || r == 'y' || r == 'm'):
				return true
			}
		}
		return false
	}
	n := st.NumFmt
	return n >= 14 && n <= 17 || n == 22 || n >= 27 && n <= 36 || n >= 50 && n <= 58
}

// readJSON reads timeline's own events.json, each event placed at the
// line and column where its object starts.
func readJSON(name string, data []byte) ([]output.Event, []site.Pos, site.Diagnostics) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	at := func(off int64) site.Pos {
		for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
			off++
		}
		before := data[:off]
		line := bytes.Count(before, []byte("\n")) + 1
		return site.Pos{File: name, Line: line, Col: int(off) - bytes.LastIndexByte(before, '\n')}
	}
	fail := func(off int64, err error) site.Diagnostics {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		p := at(off)
		return site.Diagnostics{diag(name, p.Line, p.Col, "%v; give timeline's own events.json, a list of events", err)}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		if err == nil {
			err = fmt.Errorf("not a list of events")
		}
		return nil, nil, fail(0, err)
	}
	var events []output.Event
	var pos []site.Pos
	for dec.More() {
		off := dec.InputOffset()
		var e output.Event
		if err := dec.Decode(&e); err != nil {
			return nil, nil, fail(off, err)
		}
		events = append(events, e)
		pos = append(pos, at(off))
	}
	return events, pos, nil
}

// parseDate reads a date as spreadsheets write it, into YYYY, YYYY-MM
// or YYYY-MM-DD. Only unambiguous forms are read: ISO 8601 (with a
// midnight time, as some exports add), YYYY/MM/DD, and the month by name
// ("8 February 2024", "February 8, 2024", "Feb 2024"); 2/8/2024 is a
// different day in America and in Europe, and is refused.
func parseDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, midnight := range []string{"T00:00:00Z", "T00:00:00", " 00:00:00", " 0:00:00", " 00:00"} {
		if d, ok := strings.CutSuffix(s, midnight); ok && len(d) == 10 {
			s = d
		}
	}
	if len(s) == 10 && s[4] == '/' && s[7] == '/' || len(s) == 7 && s[4] == '/' {
		s = strings.ReplaceAll(s, "/", "-")
	}
	if d, err := site.ParseDate(s); err == nil {
		return d.String(), nil
	} else if !strings.ContainsAny(s, "/. ,") {
		return "", err
	}
	for _, layout := range []string{"2 January 2006", "January 2, 2006", "January 2 2006", "2 Jan 2006", "Jan 2, 2006", "Jan 2 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	for _, layout := range []string{"January 2006", "Jan 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01"), nil
		}
	}
	if strings.ContainsAny(s, "/.") {
		return "", fmt.Errorf("date %q is ambiguous (day and month could be either way round): write it as YYYY-MM-DD, YYYY-MM or YYYY, or with the month by name (8 February 2024); in a spreadsheet, format the column as yyyy-mm-dd", s)
	}
	return "", fmt.Errorf("date %q is not a date timeline reads: write YYYY-MM-DD, YYYY-MM or YYYY, or with the month by name (8 February 2024)", s)
}

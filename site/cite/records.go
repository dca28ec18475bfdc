package cite

import (
	"bytes"
	"strconv"
	"strings"
)

// RIS is a list of items as RIS records, the format reference managers
// import (tags of two letters, two spaces, a hyphen and a space), each an
// electronic source (ELEC) with its site or newspaper as T2.
func RIS(items ...Item) []byte {
	var b bytes.Buffer
	tag := func(t, v string) {
		if v = oneLine(v); v != "" {
			b.WriteString(t)
			b.WriteString("  - ")
			b.WriteString(v)
			b.WriteString("\r\n")
		}
	}
	for _, it := range items {
		tag("TY", "ELEC") // every item is online; ELEC is where RIS readers take a full date and the site
		tag("ID", it.ID)
		tag("TI", it.Title)
		tag("T2", it.Container)
		tag("PB", it.Publisher)
		if d := it.Issued; d != nil {
			tag("PY", strconv.Itoa(d.part(0)))
			tag("DA", risDate(d))
		}
		if d := it.Accessed; d != nil {
			tag("Y2", risDate(d))
		}
		tag("UR", it.URL)
		tag("LA", it.Language)
		tag("N1", it.Note)
		b.WriteString("ER  - \r\n")
	}
	return b.Bytes()
}

// risDate writes a date as RIS does: YYYY/MM/DD/, with what is unknown left
// empty.
func risDate(d *Date) string {
	s := d.join("/")
	return s + "///"[strings.Count(s, "/"):]
}

// BibTeX is a list of items as BibTeX records: @online for a web page and
// @article for a newspaper's, with the fields biblatex reads (which BibTeX
// ignores where it lacks them). Titles are braced to keep their case.
func BibTeX(items ...Item) []byte {
	var b bytes.Buffer
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		kind := "online"
		if it.Type == "article-newspaper" {
			kind = "article"
		}
		b.WriteString("@" + kind + "{" + bibKey(it.ID) + ",\n")
		field := func(name, v string) {
			if v = oneLine(v); v != "" {
				b.WriteString("  ")
				b.WriteString(name)
				b.WriteString(" = {")
				b.WriteString(v)
				b.WriteString("},\n")
			}
		}
		field("title", "{"+bibEscape(it.Title)+"}")
		if kind == "article" {
			field("journaltitle", bibEscape(it.Container))
		} else {
			field("organization", bibEscape(it.Container))
		}
		field("publisher", bibEscape(it.Publisher))
		if d := it.Issued; d != nil {
			field("date", d.ISO())
			field("year", strconv.Itoa(d.part(0)))
		}
		if d := it.Accessed; d != nil {
			field("urldate", d.ISO())
		}
		field("url", it.URL)
		field("langid", it.Language)
		field("note", bibEscape(it.Note))
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// bibKey makes an id a citation key: letters, digits and -_:.
func bibKey(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_:.", r)) {
			return r
		}
		return '-'
	}, id)
}

// bibEscape escapes what TeX reads as commands in a field's text.
var bibEscape = strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`,
	"&", `\&`, "#", `\#`, "$", `\$`, "_", `\_`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`).Replace

// oneLine joins the lines of a value, as neither format has line breaks
// in a field.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == ' ' && i > 0 && i < len(s)-1 && s[i+1] != ' ') || (c > ' ' && c < 0x80) {
			continue
		}
		return strings.Join(strings.Fields(s), " ") // a space to fold, or a byte that may be one
	}
	return s
}

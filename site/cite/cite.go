// Package cite makes the citations of a timeline: CSL-JSON items for its
// entries and for the sources they cite; the bibliography entries that the
// CSL styles Chicago (notes and bibliography, 18th edition) and APA (7th
// edition) give for them, in the styles' en-US locale; and RIS and BibTeX
// records, which reference managers import.
package cite

import (
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Item is one work in CSL-JSON, the form citation processors read.
type Item struct {
	ID        string `json:"id"`
	Type      string `json:"type"` // "webpage", "article-newspaper" or "dataset"
	Title     string `json:"title"`
	Container string `json:"container-title,omitempty"` // the site, or the newspaper
	Publisher string `json:"publisher,omitempty"`
	Issued    *Date  `json:"issued,omitempty"`
	Accessed  *Date  `json:"accessed,omitempty"`
	URL       string `json:"URL,omitempty"`
	Language  string `json:"language,omitempty"` // BCP 47
	Note      string `json:"note,omitempty"`     // "Archived at URL"
}

// A Date is a CSL date: year, and month and day where known.
type Date struct {
	Parts [][]int `json:"date-parts"`
}

// NewDate is the CSL date of a year, a month (0 if unknown) and a day (0
// if unknown).
func NewDate(year, month, day int) *Date {
	parts := []int{year}
	if month > 0 {
		parts = append(parts, month)
		if day > 0 {
			parts = append(parts, day)
		}
	}
	return &Date{Parts: [][]int{parts}}
}

// Highwire writes the date as citation_publication_date has it, to its
// precision: "2024/02/08", "2024/02", "2024".
func (d *Date) Highwire() string { return d.join("/") }

// ISO writes the date in ISO 8601, to its precision: "2024-02-08".
func (d *Date) ISO() string { return d.join("-") }

func (d *Date) join(sep string) string {
	b := make([]byte, 0, 10)
	for i := 0; i < 3 && (i == 0 || d.part(i) > 0); i++ {
		if i > 0 {
			b = append(b, sep...)
		}
		n, width := d.part(i), 2
		if i == 0 {
			width = 4
		}
		for v := max(n, 1); v < pow10[width-1]; v *= 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b)
}

var pow10 = []int{1, 10, 100, 1000}

func (d *Date) part(i int) int {
	if d == nil || len(d.Parts) == 0 || len(d.Parts[0]) <= i {
		return 0
	}
	return d.Parts[0][i]
}

// JSON is a list of items in CSL-JSON, indented.
func JSON(items ...Item) []byte {
	data, _ := json.MarshalIndent(items, "", "  ") // of strings and ints only: cannot fail
	return append(data, '\n')
}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Chicago is the item's entry in a Chicago notes-and-bibliography
// bibliography, as HTML. A work without an author is listed under its
// container: `Site. "Title." Month D, YYYY. URL.`; a data set, without
// one, under its title (with "n.d." when undated).
func Chicago(it Item) string {
	var b strings.Builder
	if it.Container != "" {
		b.WriteString(html.EscapeString(titleCase(apostrophes(it.Container), it.Language)) + ". ")
	}
	b.WriteString("“" + html.EscapeString(titleCase(apostrophes(it.Title), it.Language)) + ".” ")
	if d := it.Issued; d != nil {
		switch {
		case d.part(2) > 0:
			fmt.Fprintf(&b, "%s %d, %d. ", months[d.part(1)-1], d.part(2), d.part(0))
		case d.part(1) > 0:
			fmt.Fprintf(&b, "%s %d. ", months[d.part(1)-1], d.part(0))
		default:
			fmt.Fprintf(&b, "%d. ", d.part(0))
		}
	} else if it.Type == "dataset" {
		b.WriteString("n.d. ")
	}
	if it.URL != "" {
		b.WriteString(html.EscapeString(it.URL) + ".")
	}
	return strings.TrimSpace(b.String())
}

// APA is the item's entry in an APA reference list, as HTML. A web page
// without an author starts with its title, in italics: `Title. (YYYY,
// Month D). Site. URL`; a data set gives the year only, and says what it
// is: `Title. (YYYY). [Dataset]. URL`.
func APA(it Item) string {
	var b strings.Builder
	title := html.EscapeString(apostrophes(it.Title))
	if it.Type == "webpage" || it.Type == "dataset" {
		title = "<i>" + title + "</i>"
	}
	b.WriteString(title + ". ")
	if d := it.Issued; d != nil {
		switch {
		case it.Type == "dataset":
			fmt.Fprintf(&b, "(%d). ", d.part(0))
		case d.part(2) > 0:
			fmt.Fprintf(&b, "(%d, %s %d). ", d.part(0), months[d.part(1)-1], d.part(2))
		case d.part(1) > 0:
			fmt.Fprintf(&b, "(%d, %s). ", d.part(0), months[d.part(1)-1])
		default:
			fmt.Fprintf(&b, "(%d). ", d.part(0))
		}
	} else {
		b.WriteString("(n.d.). ")
	}
	if it.Type == "dataset" {
		b.WriteString("[Dataset]. ")
	}
	if it.Container != "" {
		container := html.EscapeString(titleCase(apostrophes(it.Container), it.Language))
		if it.Type != "webpage" {
			container = "<i>" + container + "</i>"
		}
		b.WriteString(container + ". ")
	}
	if it.Type == "dataset" && it.Issued == nil && it.URL != "" {
		b.WriteString("Retrieved ") // what an undated work is, where it is now
	}
	b.WriteString(html.EscapeString(it.URL))
	return strings.TrimSpace(b.String())
}

// apostrophes turns straight apostrophes into typographic ones, as the
// styles print them.
var apostrophes = strings.NewReplacer("'", "’").Replace

// stopWords stay in lower case inside a title in title case (CSL 1.0.2,
// text-case "title").
var stopWords = map[string]bool{"a": true, "an": true, "and": true, "as": true, "at": true, "but": true,
	"by": true, "down": true, "for": true, "from": true, "in": true, "into": true, "nor": true, "of": true,
	"on": true, "onto": true, "or": true, "over": true, "so": true, "the": true, "till": true, "to": true,
	"up": true, "via": true, "with": true, "yet": true}

// titleCase writes an English title in title case as CSL processors do:
// each word in lower case gains a capital (each part of a hyphenated one),
// unless it is a stop word that is neither first, last, nor after a colon;
// words with capitals keep them. Titles in other languages are left as
// they are.
func titleCase(s, lang string) string {
	if lang != "" && lang != "en" && !strings.HasPrefix(lang, "en-") {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		if strings.ToLower(w) != w {
			continue // has capitals: an acronym, a name, a word already capitalised
		}
		keep := i == 0 || i == len(words)-1 || strings.HasSuffix(words[max(i-1, 0)], ":")
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if j > 0 || keep || !stopWords[strings.Trim(p, "“”\"'(),.;")] {
				if j == 0 || !stopWords[p] {
					parts[j] = upperFirst(p)
				}
			}
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// upperFirst capitalises the first letter of a word, after any opening
// quote or bracket; a word that starts with a digit ("20th") stays.
func upperFirst(w string) string {
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
			return w[:i] + string(unicode.ToUpper(r)) + w[i+utf8.RuneLen(r):]
		case unicode.IsDigit(r):
			return w
		}
	}
	return w
}

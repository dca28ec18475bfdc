package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slugify makes the URL segment for a name or file stem: lower-case ASCII
// letters and digits joined by single hyphens. Accents are dropped
// ("Khürelsükh" -> "khurelsukh"); a name with no Latin letters at all gets a
// short stable hash so that a slug is never empty.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			hyphen = false
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// combining marks and apostrophes vanish: "Xi’an" -> "xian"
		default:
			hyphen = true
		}
	}
	if b.Len() == 0 {
		sum := sha256.Sum256([]byte(s))
		return "x-" + hex.EncodeToString(sum[:4])
	}
	return b.String()
}

// fold is the form in which references are compared: case and spacing do
// not matter, so "xi jinping", "Xi  Jinping" and "xi-jinping" are one.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	}), " ")
}

// Slug is the slug the build gives a file named s: its URL, and the
// conventional file name of an entry called s.
func Slug(s string) string { return slugify(s) }

package words

import (
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	ru, err := Parse("ru", []byte("contacts: {one: \"{n} контакт\", few: \"{n} контакта\", many: \"{n} контактов\", other: \"{n} контакта\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := Parse("en", []byte("contacts: {one: \"{n} contact\", other: \"{n} contacts\"}\ntitle.year: \"Contacts in {year}\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c    *Catalog
		n    int
		want string
	}{
		{en, 1, "1 contact"}, {en, 0, "0 contacts"}, {en, 2, "2 contacts"},
		{ru, 1, "1 контакт"}, {ru, 3, "3 контакта"}, {ru, 5, "5 контактов"}, {ru, 21, "21 контакт"}, {ru, 12, "12 контактов"},
	} {
		if got := tt.c.Count("contacts", tt.n); got != tt.want {
			t.Errorf("%s: Count(%d) = %q, want %q", tt.c.Lang, tt.n, got, tt.want)
		}
	}
	if got := en.Text("title.year", "year", 2019); got != "Contacts in 2019" {
		t.Errorf("Text = %q", got)
	}
	if got := en.Text("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key gives %q, want the key itself", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"a: x\ncontacts: {one: \"{n} contact\"}\n", `line 2: contacts needs an "other" form`},
		{"contacts: {single: x, other: y}\n", `"single" is not a plural category`},
		{"months: [January]\n", "line 1: months must be a list of the twelve month names"},
		{"- a\n", "a catalog is a set of keys and texts"},
	} {
		_, err := Parse("en", []byte(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tt.text, err, tt.want)
		}
	}
}

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

func TestSize(t *testing.T) {
	units := "size.kB: \"{n} kB\"\nsize.MB: \"{n} MB\"\nsize.GB: \"{n} GB\"\nsize.TB: \"{n} TB\"\n"
	en, err := Parse("en", []byte("size.bytes: {one: \"{n} byte\", other: \"{n} bytes\"}\n"+units))
	if err != nil {
		t.Fatal(err)
	}
	ru, err := Parse("ru", []byte("size.bytes: {one: \"{n} байт\", few: \"{n} байта\", many: \"{n} байт\", other: \"{n} байта\"}\nsize.kB: \"{n} кБ\"\nsize.MB: \"{n} МБ\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Parse("zh-Hans", []byte("size.bytes: {other: \"{n} 字节\"}\n"+units))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c    *Catalog
		n    int
		want string
	}{
		{en, 0, "0 bytes"}, {en, 1, "1 byte"}, {en, 999, "999 bytes"}, {en, 1000, "1 kB"}, {en, 1249, "1.2 kB"},
		{en, 1260, "1.3 kB"}, {en, 45_678, "45.7 kB"}, {en, 999_940, "999.9 kB"}, {en, 999_960, "1 MB"},
		{en, 1_234_567, "1.2 MB"}, {en, 12_345_678_901, "12.3 GB"}, {en, 5e15, "5,000 TB"},
		{ru, 2, "2 байта"}, {ru, 5, "5 байт"}, {ru, 1_234_567, "1,2 МБ"}, {ru, 20_000, "20 кБ"},
		{zh, 7, "7 字节"}, {zh, 1_234_567, "1.2 MB"},
	} {
		if got := tt.c.Size(tt.n); got != tt.want {
			t.Errorf("%s: Size(%d) = %q, want %q", tt.c.Lang, tt.n, got, tt.want)
		}
	}
}

package words

import (
	"math"

	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// sizeUnits are the catalog's keys for sizes past a thousand bytes, each
// unit a thousand times the one before (SI units, as most systems show
// file sizes today).
var sizeUnits = []string{"size.kB", "size.MB", "size.GB", "size.TB"}

// Size gives a number of bytes as a reader reads a file's size: below a
// thousand, by the plural key size.bytes ("512 bytes"); above, in the
// largest unit that keeps the number under a thousand, to one decimal
// place, written as the language writes decimals ("1.2 MB", "1,2 МБ"),
// by the key of the unit (size.kB, size.MB, size.GB, size.TB), whose
// text holds {n}.
func (c *Catalog) Size(n int) string {
	if n < 1000 {
		return c.Count("size.bytes", n)
	}
	v := float64(n)
	for i, unit := range sizeUnits {
		v /= 1000
		// Rounded first, so that 999,960 bytes are 1 MB, not 1,000 kB.
		if r := math.Round(v*10) / 10; r < 1000 || i == len(sizeUnits)-1 {
			return c.Text(unit, "n", message.NewPrinter(c.tag).Sprint(number.Decimal(r, number.MaxFractionDigits(1))))
		}
	}
	return "" // not reached: the last unit takes any size
}

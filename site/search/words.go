package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold is text as search compares it: in Unicode's canonical
// decomposition with the combining marks dropped, in lower case. So
// "Pútin" and "Putin" are one, and "ё" and "е". search.js folds a query
// the same way: s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase().
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if d := norm.NFD.PropertiesString(s[i:]).Decomposition(); d != nil || isHangul(r) {
			b = foldRunes(b, norm.NFD.String(s[i:i+n]))
		} else {
			b = foldRunes(b, s[i:i+n])
		}
		i += n
	}
	return string(b)
}

// foldRunes appends the runes of decomposed text, in lower case, less
// their combining marks.
func foldRunes(b []byte, decomposed string) []byte {
	for _, r := range decomposed {
		if !unicode.Is(unicode.Mn, r) {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return b
}

// isHangul reports whether r is a precomposed Hangul syllable, which NFD
// decomposes by rule rather than from the table.
func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// cjk reports whether r is written without spaces between words: Chinese
// and Japanese text, whose words search finds by pairs of characters.
func cjk(r rune) bool {
	return r >= 0x2E80 && r < 0xF0000 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// wordRune reports whether r belongs to a word: a letter or a number.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// asciiWord reports whether an ASCII character belongs to a word.
func asciiWord(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}

// Words calls emit with each word of folded text: every run of letters and
// numbers, except that a run of Chinese or Japanese characters gives each
// pair of neighbouring characters and then its last character alone
// ("习近平" gives "习近", "近平" and "平"), so that any part of it can be
// found by a prefix.
func Words(folded string, emit func(string)) {
	runs(folded, func(run string, pairs bool) {
		if !pairs {
			emit(run)
			return
		}
		last := eachPair(run, emit)
		emit(run[last:])
	})
}

// Query gives the words search looks up for a query: those of Words,
// less the lone last character of a Chinese or Japanese run of more than
// one, which the pair before it holds. search.js cuts a query the same way.
func Query(q string) []string {
	var words []string
	runs(Fold(q), func(run string, pairs bool) {
		add := func(w string) { words = append(words, w) }
		if !pairs {
			add(run)
		} else if last := eachPair(run, add); last == 0 {
			add(run)
		}
	})
	return words
}

// runs calls f with each run of word characters of s, and whether it is
// Chinese or Japanese. ASCII, most of most text, is read a byte at a time.
func runs(s string, f func(run string, pairs bool)) {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf && !asciiWord(s[i]) {
			i++
			continue
		}
		c, j := false, i
		if s[i] >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !wordRune(r) && !cjk(r) {
				i += n
				continue
			}
			c, j = cjk(r), i+n
		}
		for j < len(s) {
			if b := s[j]; b < utf8.RuneSelf {
				if c || !asciiWord(b) {
					break
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[j:])
			if cjk(r) != c || !c && !wordRune(r) {
				break
			}
			j += n
		}
		f(s[i:j], c)
		i = j
	}
}

// eachPair calls emit with each pair of neighbouring characters of run
// and gives where its last character starts.
func eachPair(run string, emit func(string)) (last int) {
	_, n := utf8.DecodeRuneInString(run)
	for j := n; j < len(run); {
		_, n2 := utf8.DecodeRuneInString(run[j:])
		emit(run[last : j+n2])
		last, j = j, j+n2
	}
	return last
}

// key is the part of a word that chooses its shard: its first two
// characters, or its first for a Chinese or Japanese word, so that the
// words a prefix of two letters can begin are all in one shard.
func key(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if cjk(r) || n == len(w) {
		return w[:n]
	}
	_, n2 := utf8.DecodeRuneInString(w[n:])
	return w[:n+n2]
}

// ShardOf is the number of the shard, of n, that holds word w: FNV-1a
// of the UTF-8 bytes of its key, as search.js computes it.
func ShardOf(w string, n int) int { return shard(key(w), n) }

func shard(k string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}

package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// class is the kind of a run of text.
type class uint8

const (
	classSpace  class = iota // white space: spaces, tabs, line breaks
	classLetter              // letters, in any script
	classDigit               // decimal digits
	classOther               // punctuation, symbols, emoji
)

// zwj is the zero-width joiner, which glues emoji into one picture
// (👩 + ZWJ + 💻 = 👩‍💻).
const zwj = '\u200d'

// joins reports whether r continues whatever comes before it: a combining
// mark (accents, variation selectors) or the zero-width joiner.
func joins(r rune) bool {
	return r == zwj || unicode.Is(unicode.M, r)
}

// classOf returns the class of a rune that does not join its neighbour.
func classOf(r rune) class {
	switch {
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// run is a stretch of text of one class: s[start:end].
type run struct {
	start, end int
	class      class
}

// runs cuts s into maximal runs of one class. A combining mark or joiner
// stays in the run before it, unless that is white space or there is none,
// when it starts (or continues) a run of other characters.
func runs(s string) []run {
	var out []run
	for i, r := range s {
		c := classOf(r)
		if joins(r) {
			c = classOther
			if len(out) > 0 && out[len(out)-1].class != classSpace {
				c = out[len(out)-1].class
			}
		}
		if len(out) > 0 && out[len(out)-1].class == c {
			out[len(out)-1].end = i + utf8.RuneLen(r)
			continue
		}
		out = append(out, run{start: i, end: i + utf8.RuneLen(r), class: c})
	}
	return out
}

// countWords returns the number of words in s: runs of letters or of
// digits.
func countWords(s string) int {
	n := 0
	for _, r := range runs(s) {
		if r.class == classLetter || r.class == classDigit {
			n++
		}
	}
	return n
}

// clusterEnd returns the end of the character cluster that starts at byte
// i of s: one rune, its combining marks, and, after a joiner, the next
// rune and its marks. It is a simplified grapheme cluster, enough to keep
// an accented letter or a joined emoji together.
func clusterEnd(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	i += n
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == zwj:
			i += n
			if i < len(s) {
				_, m := utf8.DecodeRuneInString(s[i:])
				i += m
			}
		case unicode.Is(unicode.M, r):
			i += n
		default:
			return i
		}
	}
	return i
}

// wordSpans cuts s into the units of the word tokenizer and returns their
// byte offsets, end after end: each run of letters and each run of digits
// is one unit; white space and other characters are one unit per
// character cluster (so that "  " is two spaces and "?!" two marks, each
// a common token, rather than rare combinations).
func wordSpans(s string) []int {
	var ends []int
	for _, r := range runs(s) {
		if r.class == classLetter || r.class == classDigit {
			ends = append(ends, r.end)
			continue
		}
		for i := r.start; i < r.end; {
			i = clusterEnd(s[:r.end], i)
			ends = append(ends, i)
		}
	}
	return ends
}

// MaxPieceRunes is the longest piece BPE works on: a run of letters longer
// than 64 characters (no word of Kazakh, Russian or English is) is cut
// into pieces of 64. Encoding a piece takes time quadratic in its length,
// so the cut keeps a pasted wall of text from stalling the server.
const MaxPieceRunes = 64

// Pieces cuts normalised text into the pieces BPE learns and encodes
// separately, in the manner of GPT-2's pre-tokenizer: a run of letters, a
// run of digits, or a run of other characters, each with the one space
// before it if there is one (" градиент", " 2024", " («"); white space
// that does not precede such a run stays a piece of its own ("\n", "  ").
// Pieces never overlap and together spell s exactly. Runs longer than
// MaxPieceRunes are cut.
func Pieces(s string) []string {
	ends := pieceEnds(s)
	out := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		out[i] = s[start:e]
		start = e
	}
	return out
}

// pieceEnds returns the end offsets of the pieces of s (see Pieces).
func pieceEnds(s string) []int {
	rs := runs(s)
	var ends []int
	for k, r := range rs {
		start := r.start
		if r.class == classSpace {
			// A final ' ' before a word-like run goes with that run.
			if k+1 < len(rs) && s[r.end-1] == ' ' {
				if r.end-1 > r.start {
					ends = appendCapped(ends, s, r.start, r.end-1)
				}
				continue
			}
		} else if k > 0 && rs[k-1].class == classSpace && s[r.start-1] == ' ' {
			start = r.start - 1
		}
		ends = appendCapped(ends, s, start, r.end)
	}
	return ends
}

// appendCapped appends the end offsets of s[start:end] cut into pieces of
// at most MaxPieceRunes runes.
func appendCapped(ends []int, s string, start, end int) []int {
	n := 0
	for i := range s[start:end] {
		if n == MaxPieceRunes {
			ends = append(ends, start+i)
			n = 0
		}
		n++
	}
	return append(ends, end)
}

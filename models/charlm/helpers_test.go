package charlm_test

import (
	"math"
	"math/rand/v2"
	"strings"
)

// The syllable grammar of the learning tests. A word is two or three
// syllables, each a consonant and a vowel, sometimes (3 in 10) closed by
// one of n, r, l. Like Kazakh, the words have vowel harmony: every vowel of
// a word is either a back vowel (a, o, u) or a front one (e, i, y), chosen
// once per word. A bigram model sees only the consonant before a vowel and
// cannot know the word's class; a model with a context of 3 sees the
// previous vowel too, which halves its choice from 6 vowels to 3.
const (
	consonants  = "bdgklmnprst"
	backVowels  = "aou"
	frontVowels = "eiy"
	codas       = "nrl"
)

// syllableWords returns n words of the grammar, drawn with rng.
func syllableWords(n int, rng *rand.Rand) []string {
	pick := func(s string) byte { return s[rng.IntN(len(s))] }
	words := make([]string, n)
	for i := range words {
		vowels := backVowels
		if rng.IntN(2) == 1 {
			vowels = frontVowels
		}
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteByte(pick(consonants))
			b.WriteByte(pick(vowels))
		}
		if rng.Float64() < 0.3 {
			b.WriteByte(pick(codas))
		}
		words[i] = b.String()
	}
	return words
}

// bigramLoss returns the cross-entropy in nats per character (each word's
// end counted, as charlm.Model.Loss does) on test of a count-based bigram
// model fitted to train with add-one (Laplace) smoothing:
// P(b | a) = (count(a b) + 1) / (count(a) + V), with V the letters of
// alphabet plus the boundary, and the boundary before each word's first
// letter and after its last.
func bigramLoss(train, test []string, alphabet string) float64 {
	index := map[rune]int{}
	for i, r := range []rune(alphabet) {
		index[r] = i + 1
	}
	v := len(index) + 1
	counts := make([][]float64, v)
	for i := range counts {
		counts[i] = make([]float64, v)
	}
	tokens := func(w string) []int {
		out := []int{0}
		for _, r := range w {
			out = append(out, index[r])
		}
		return append(out, 0)
	}
	for _, w := range train {
		t := tokens(w)
		for i := 1; i < len(t); i++ {
			counts[t[i-1]][t[i]]++
		}
	}
	var sum float64
	var n int
	for _, w := range test {
		t := tokens(w)
		for i := 1; i < len(t); i++ {
			row := counts[t[i-1]]
			var total float64
			for _, c := range row {
				total += c
			}
			sum -= math.Log((row[t[i]] + 1) / (total + float64(v)))
			n++
		}
	}
	return sum / float64(n)
}

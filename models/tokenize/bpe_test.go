package tokenize_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/aisandbox/aisandbox/models/tokenize"
)

// trainBPE trains a BPE tokenizer or fails the test.
func trainBPE(t testing.TB, texts []string, cfg tokenize.Config) *tokenize.BPE {
	t.Helper()
	b, err := tokenize.TrainBPE(context.Background(), texts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// texts returns the Text of every token.
func texts(tokens []tokenize.Token) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = t.Text
	}
	return out
}

// TestBPEHandComputed checks the merges and vocabulary of a tiny corpus
// against a calculation by hand.
func TestBPEHandComputed(t *testing.T) {
	// "ab ab ab abc" is cut into the pieces "ab" ×1, " ab" ×2, " abc" ×1.
	// Characters, weighted by piece counts: a 4, b 4, space 3, c 1, so the
	// vocabulary starts [PAD] [UNK] a b ␣ c (a before b on the tie).
	// Pairs: (a,b) 1+2+1 = 4, (␣,a) 2+1 = 3, (b,c) 1.
	// Merge 1: a+b, count 4 → "ab" (id 6). The pieces are now [ab],
	// [␣ ab] ×2, [␣ ab c]; pairs (␣,ab) 3, (ab,c) 1.
	// Merge 2: ␣+ab, count 3 → " ab" (id 7). Left: (" ab",c) 1.
	// With MinCount 2 training stops there; with MinCount 1 it merges
	// " ab"+c, count 1 → " abc" (id 8).
	corpus := []string{"ab ab ab abc"}
	tests := []struct {
		minCount   int
		wantVocab  []string
		wantMerges []tokenize.Merge
		wantIDs    []int // of "ab abc"
	}{
		{
			2,
			[]string{"[PAD]", "[UNK]", "a", "b", " ", "c", "ab", " ab"},
			[]tokenize.Merge{{Left: "a", Right: "b", Count: 4}, {Left: " ", Right: "ab", Count: 3}},
			[]int{6, 7, 5},
		},
		{
			1,
			[]string{"[PAD]", "[UNK]", "a", "b", " ", "c", "ab", " ab", " abc"},
			[]tokenize.Merge{{Left: "a", Right: "b", Count: 4}, {Left: " ", Right: "ab", Count: 3}, {Left: " ab", Right: "c", Count: 1}},
			[]int{6, 8},
		},
	}
	for _, tt := range tests {
		b := trainBPE(t, corpus, tokenize.Config{MinCount: tt.minCount})
		if got := b.Vocab(); !slices.Equal(got, tt.wantVocab) {
			t.Errorf("MinCount %d: vocabulary %q, want %q", tt.minCount, got, tt.wantVocab)
		}
		if got := b.Merges(); !slices.Equal(got, tt.wantMerges) {
			t.Errorf("MinCount %d: merges %+v, want %+v", tt.minCount, got, tt.wantMerges)
		}
		if got := ids(b.Encode("ab abc")); !slices.Equal(got, tt.wantIDs) {
			t.Errorf("MinCount %d: ids of \"ab abc\" %v, want %v", tt.minCount, got, tt.wantIDs)
		}
	}
}

// TestBPETies checks that pairs of equal count are merged in the byte
// order of their pieces.
func TestBPETies(t *testing.T) {
	// "ab cd": pieces "ab", " cd"; pairs (a,b), (␣,c), (c,d), all once.
	// " " < "a" < "c", so (␣,c) first; then (" c",d) beats (a,b) because
	// " c" < "a"; then (a,b).
	b := trainBPE(t, []string{"ab cd"}, tokenize.Config{MinCount: 1})
	want := []tokenize.Merge{{Left: " ", Right: "c", Count: 1}, {Left: " c", Right: "d", Count: 1}, {Left: "a", Right: "b", Count: 1}}
	if got := b.Merges(); !slices.Equal(got, want) {
		t.Errorf("merges %+v, want %+v", got, want)
	}
}

// TestBPERepeatedLetter checks merges of a pair of equal symbols, which
// overlap in "aaa": they are made from the left.
func TestBPERepeatedLetter(t *testing.T) {
	tr, err := tokenize.NewBPETrainer(context.Background(), []string{"aaaa"}, tokenize.Config{MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	// "aaaa" holds the pair (a,a) at three places.
	if m, ok := tr.Step(); !ok || m != (tokenize.Merge{Left: "a", Right: "a", Count: 3}) {
		t.Fatalf("first merge %+v, %v", m, ok)
	}
	one := tr.Tokenizer()
	// "aaaa" is now [aa aa]: the pair (aa,aa) once.
	if m, ok := tr.Step(); !ok || m != (tokenize.Merge{Left: "aa", Right: "aa", Count: 1}) {
		t.Fatalf("second merge %+v, %v", m, ok)
	}
	if m, ok := tr.Step(); ok {
		t.Fatalf("a third merge %+v from a single word", m)
	}
	two := tr.Tokenizer()
	tests := []struct {
		tok  *tokenize.BPE
		in   string
		want []string
	}{
		{one, "aaa", []string{"aa", "a"}},
		{one, "aaaaa", []string{"aa", "aa", "a"}},
		{two, "aaaaa", []string{"aaaa", "a"}},
		{two, "aaaaaaa", []string{"aaaa", "aa", "a"}},
	}
	for _, tt := range tests {
		if got := texts(tt.tok.Encode(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("%d merges: %q → %q, want %q", len(tt.tok.Merges()), tt.in, got, tt.want)
		}
	}
}

// TestBPEMergesMostFrequentPair checks every merge of the trainer against
// a count from scratch: encode every training piece with the merges learnt
// so far, count every pair of neighbouring tokens, and the next merge must
// be the most frequent pair, with its exact count, ties in byte order.
func TestBPEMergesMostFrequentPair(t *testing.T) {
	corpus := allTexts()
	pieces := make(map[string]int)
	for _, s := range corpus {
		for _, p := range tokenize.Pieces(tokenize.Normalize(s)) {
			pieces[p]++
		}
	}
	const minCount = 2
	tr, err := tokenize.NewBPETrainer(context.Background(), corpus, tokenize.Config{VocabSize: 1000, MinCount: minCount})
	if err != nil {
		t.Fatal(err)
	}
	for step := 1; ; step++ {
		tok := tr.Tokenizer()
		type pair struct{ left, right string }
		counts := make(map[pair]int)
		for p, n := range pieces {
			tokens := tok.Encode(p)
			for i := 0; i+1 < len(tokens); i++ {
				if tokens[i].ID != tokenize.UnkID && tokens[i+1].ID != tokenize.UnkID {
					counts[pair{tokens[i].Text, tokens[i+1].Text}] += n
				}
			}
		}
		var best pair
		bestCount := 0
		for p, n := range counts {
			if n > bestCount || n == bestCount && cmp.Or(cmp.Compare(p.left, best.left), cmp.Compare(p.right, best.right)) < 0 {
				best, bestCount = p, n
			}
		}
		m, ok := tr.Step()
		if bestCount < minCount {
			if ok {
				t.Fatalf("step %d: merged %+v though no pair occurs %d times", step, m, minCount)
			}
			t.Logf("%d merges, vocabulary of %d", step-1, tr.VocabSize())
			return
		}
		want := tokenize.Merge{Left: best.left, Right: best.right, Count: bestCount}
		if !ok || m != want {
			t.Fatalf("step %d: merged %+v (%v), want %+v", step, m, ok, want)
		}
	}
}

// TestBPETrainerSteps checks the step-wise trainer: one entry per step,
// and a tokenizer taken mid-way that later steps do not change.
func TestBPETrainerSteps(t *testing.T) {
	tr, err := tokenize.NewBPETrainer(context.Background(), allTexts(), tokenize.Config{VocabSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	start := tr.VocabSize()
	for i := range 10 {
		if _, ok := tr.Step(); !ok {
			t.Fatalf("stopped after %d merges", i)
		}
	}
	if got := tr.VocabSize(); got != start+10 || len(tr.Merges()) != 10 {
		t.Errorf("after 10 merges: vocabulary %d (from %d), %d merges", got, start, len(tr.Merges()))
	}
	mid := tr.Tokenizer()
	before := mid.Encode(kkTexts[1])
	for {
		if _, ok := tr.Step(); !ok {
			break
		}
	}
	if tr.VocabSize() != 200 {
		t.Errorf("final vocabulary %d, want 200", tr.VocabSize())
	}
	if after := mid.Encode(kkTexts[1]); !slices.Equal(before, after) || mid.VocabSize() != start+10 {
		t.Errorf("training on changed a tokenizer taken after 10 merges")
	}
	if full := tr.Tokenizer(); len(full.Encode(kkTexts[1])) >= len(before) {
		t.Errorf("190 more merges did not shorten %q: %d tokens, %d before", kkTexts[1], len(full.Encode(kkTexts[1])), len(before))
	}
}

// TestBPESmallVocabulary checks a vocabulary smaller than the alphabet:
// only the most frequent characters are kept, no merge is made, and the
// rest are unknown.
func TestBPESmallVocabulary(t *testing.T) {
	b := trainBPE(t, allTexts(), tokenize.Config{VocabSize: 20})
	if b.VocabSize() != 20 || len(b.Merges()) != 0 {
		t.Fatalf("vocabulary %d with %d merges, want 20 and none", b.VocabSize(), len(b.Merges()))
	}
	// The space is the most common character of any text.
	if v := b.Vocab(); v[2] != " " {
		t.Errorf("most frequent character %q, want a space", v[2])
	}
	if s := tokenize.Stats(b, allTexts()); s.Unknown == 0 {
		t.Errorf("no unknown characters with 18 characters in the vocabulary")
	}
}

// TestBPEShortensText checks what BPE is for: the more merges, the fewer
// tokens, down from one per character.
func TestBPEShortensText(t *testing.T) {
	corpus := allTexts()
	prev := tokenize.Stats(train(t, "char", corpus, tokenize.Config{}), corpus).Tokens
	// This corpus runs out of pairs seen twice at about 280 entries.
	for _, size := range []int{150, 200, 250} {
		b := trainBPE(t, corpus, tokenize.Config{VocabSize: size})
		n := tokenize.Stats(b, corpus).Tokens
		t.Logf("vocabulary %d (%d merges): %d tokens", b.VocabSize(), len(b.Merges()), n)
		if b.VocabSize() != size || n >= prev {
			t.Errorf("vocabulary %d of %d: %d tokens, not fewer than %d", b.VocabSize(), size, n, prev)
		}
		prev = n
	}
}

// TestBPEReadablePieces checks that Kazakh words learnt often become one
// readable token with their space.
func TestBPEReadablePieces(t *testing.T) {
	corpus := []string{"қазақ тілі қазақ тілі қазақ тілі", "қазақ тілі"}
	b := trainBPE(t, corpus, tokenize.Config{VocabSize: 100})
	got := texts(b.Encode("қазақ тілі"))
	want := []string{"қазақ", " тілі"}
	if !slices.Equal(got, want) {
		t.Errorf("pieces %q, want %q", got, want)
	}
	if v := tokenize.Visible(got[1]); v != "▁тілі" {
		t.Errorf("Visible(%q) = %q", got[1], v)
	}
}

// TestBPEAlphabet checks that characters given in Config.Alphabet are in
// the vocabulary from the start: a word in a script the training text
// lacks is cut into its letters, not lost as [UNK]; without the alphabet
// it is unknown. The alphabet takes no room from characters the text has.
func TestBPEAlphabet(t *testing.T) {
	train := []string{"ab ab abc", "abc ab"}
	for _, c := range []struct {
		name     string
		alphabet string
		vocab    int
		want     []string
	}{
		{"no alphabet", "", 20, []string{"[UNK]", "[UNK]"}},
		{"Cyrillic letters", "мен", 20, []string{"м", "е"}},
		{"repeated and known letters", "ааab", 20, []string{"[UNK]", "[UNK]"}},
		{"no room left", "ме", 2 + 3, []string{"[UNK]", "[UNK]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := trainBPE(t, train, tokenize.Config{VocabSize: c.vocab, Alphabet: c.alphabet})
			got := texts(b.Encode("ме"))
			for i, tok := range b.Encode("ме") {
				if tok.ID == tokenize.UnkID {
					got[i] = "[UNK]"
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Encode(\"ме\") = %q, want %q", got, c.want)
			}
			if ab := texts(b.Encode("ab")); c.vocab > 5 && !slices.Equal(ab, []string{"ab"}) {
				t.Errorf("Encode(\"ab\") = %q: the alphabet should not stop the merges", ab)
			}
		})
	}
}

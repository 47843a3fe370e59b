package tokenize

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/aisandbox/aisandbox/models"
)

// Word is a word tokenizer: one token per run of letters, per run of
// digits, and per space, line break or punctuation mark.
type Word struct {
	cfg Config
	v   vocab
}

// TrainWord builds a word tokenizer whose vocabulary is [PAD], [UNK] and
// the units of texts (after Normalize; see Word) seen at least
// cfg.MinCount times, most frequent first (ties in byte order), at most
// cfg.VocabSize entries in all.
func TrainWord(ctx context.Context, texts []string, cfg Config) (*Word, error) {
	cfg, err := cfg.withDefaults(KindWord)
	if err != nil {
		return nil, err
	}
	if err := checkTexts(texts); err != nil {
		return nil, err
	}
	counts := make(map[string]int)
	for i, t := range texts {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("tokenize: training stopped: %w", err)
			}
		}
		t = Normalize(t)
		start := 0
		for _, end := range wordSpans(t) {
			counts[t[start:end]]++
			start = end
		}
	}
	return &Word{cfg: cfg, v: newVocab(mostFrequent(counts, cfg.MinCount, cfg.VocabSize-2))}, nil
}

// mostFrequent returns up to limit keys of counts seen at least minCount
// times, most frequent first, ties in byte order.
func mostFrequent(counts map[string]int, minCount, limit int) []string {
	var keys []string
	for k, n := range counts {
		if n >= minCount {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return keys[:min(len(keys), limit)]
}

// Kind returns "word".
func (w *Word) Kind() string { return KindWord }

// VocabSize returns the number of vocabulary entries, specials included.
func (w *Word) VocabSize() int { return len(w.v.pieces) }

// Vocab returns the vocabulary: entry i is the text of id i.
func (w *Word) Vocab() []string { return slices.Clone(w.v.pieces) }

// Encode cuts Normalize(s) into words, numbers, spaces and punctuation.
func (w *Word) Encode(s string) []Token {
	s = Normalize(s)
	ends := wordSpans(s)
	out := make([]Token, len(ends))
	start := 0
	for i, end := range ends {
		id, ok := w.v.ids[s[start:end]]
		if !ok {
			id = UnkID
		}
		out[i] = Token{ID: id, Text: s[start:end], Start: start, End: end}
		start = end
	}
	return out
}

// Decode returns the words of ids; see Tokenizer.
func (w *Word) Decode(ids []int) string { return w.v.decode(ids) }

// Describe returns the kind "tokenizer" with settings type "word",
// vocab_size and min_count; the parameters are the vocabulary entries.
func (w *Word) Describe() models.Description {
	return describe(KindWord, w.cfg, len(w.v.pieces), len(w.v.pieces))
}

// Save writes the tokenizer for Load.
func (w *Word) Save(wr io.Writer) error {
	return save(wr, saved{Type: KindWord, Config: w.cfg, Vocab: w.v.pieces})
}

package tokenize

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/models"
)

// Char is a character tokenizer: one token per Unicode code point.
type Char struct {
	cfg Config
	v   vocab
}

// TrainChar builds a character tokenizer whose vocabulary is [PAD], [UNK]
// and the characters of texts (after Normalize) seen at least cfg.MinCount
// times, most frequent first (ties in code-point order), at most
// cfg.VocabSize entries in all.
func TrainChar(ctx context.Context, texts []string, cfg Config) (*Char, error) {
	cfg, err := cfg.withDefaults(KindChar)
	if err != nil {
		return nil, err
	}
	if err := checkTexts(texts); err != nil {
		return nil, err
	}
	counts := make(map[rune]int)
	for i, t := range texts {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("tokenize: training stopped: %w", err)
			}
		}
		for _, r := range Normalize(t) {
			counts[r]++
		}
	}
	type entry struct {
		r rune
		n int
	}
	var kept []entry
	for r, n := range counts {
		if n >= cfg.MinCount {
			kept = append(kept, entry{r, n})
		}
	}
	slices.SortFunc(kept, func(a, b entry) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.r, b.r)
	})
	kept = kept[:min(len(kept), cfg.VocabSize-2)]
	pieces := make([]string, len(kept))
	for i, e := range kept {
		pieces[i] = string(e.r)
	}
	return &Char{cfg: cfg, v: newVocab(pieces)}, nil
}

// Kind returns "char".
func (c *Char) Kind() string { return KindChar }

// VocabSize returns the number of vocabulary entries, specials included.
func (c *Char) VocabSize() int { return len(c.v.pieces) }

// Vocab returns the vocabulary: entry i is the text of id i.
func (c *Char) Vocab() []string { return slices.Clone(c.v.pieces) }

// Encode returns one token per character of Normalize(s).
func (c *Char) Encode(s string) []Token {
	s = Normalize(s)
	out := make([]Token, 0, utf8.RuneCountInString(s))
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		id, ok := c.v.ids[s[i:end]]
		if !ok {
			id = UnkID
		}
		out = append(out, Token{ID: id, Text: s[i:end], Start: i, End: end})
	}
	return out
}

// Decode returns the characters of ids; see Tokenizer.
func (c *Char) Decode(ids []int) string { return c.v.decode(ids) }

// Describe returns the kind "tokenizer" with settings type "char",
// vocab_size and min_count; the parameters are the vocabulary entries.
func (c *Char) Describe() models.Description {
	return describe(KindChar, c.cfg, len(c.v.pieces), len(c.v.pieces))
}

// Save writes the tokenizer for Load.
func (c *Char) Save(w io.Writer) error {
	return save(w, saved{Type: KindChar, Config: c.cfg, Vocab: c.v.pieces})
}

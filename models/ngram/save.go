package ngram

import (
	"fmt"
	"io"
	"slices"

	"github.com/aisandbox/aisandbox/models"
)

// modelKind and formatVersion label a saved model for models.Save.
const (
	modelKind     = "ngram"
	formatVersion = 1
)

// saved is the form in which a model is saved.
type saved struct {
	Config Config `json:"config"`
	// Vocab holds the word of every id: </s>, <unk>, then the words.
	Vocab []string `json:"vocab"`
	// NGrams holds every n-gram counted: the N−1 context ids (−1 for <s>),
	// the next id, and the count; sorted.
	NGrams [][]int `json:"ngrams"`
}

// Save writes the model for Load.
func (m *Model) Save(w io.Writer) error {
	s := saved{Config: m.cfg, Vocab: m.vocab, NGrams: make([][]int, 0, m.ngrams)}
	n := m.cfg.N
	for k, f := range m.contexts {
		ctx := unkey(k, n-1)
		for i, id := range f.next {
			row := make([]int, 0, n+1)
			for _, c := range ctx {
				row = append(row, int(c))
			}
			s.NGrams = append(s.NGrams, append(row, int(id), f.count[i]))
		}
	}
	slices.SortFunc(s.NGrams, func(a, b []int) int { return slices.Compare(a, b) })
	if err := models.Save(w, modelKind, formatVersion, s); err != nil {
		return fmt.Errorf("ngram: %w", err)
	}
	return nil
}

// Load reads a model written by Save, checking that it is consistent.
func Load(r io.Reader) (*Model, error) {
	var s saved
	if _, err := models.Load(r, modelKind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("ngram: %w", err)
	}
	cfg, err := s.Config.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(s.Vocab) < 2 || s.Vocab[endID] != End || s.Vocab[unkID] != Unknown {
		return nil, fmt.Errorf("ngram: the vocabulary must start with %s and %s", End, Unknown)
	}
	if len(s.Vocab) > MaxVocab {
		return nil, fmt.Errorf("ngram: the vocabulary has %d words, more than %d", len(s.Vocab), MaxVocab)
	}
	m := &Model{cfg: cfg, vocab: s.Vocab, ids: make(map[string]int32, len(s.Vocab)), contexts: make(map[uint64]*followers)}
	for id, w := range s.Vocab {
		if id >= 2 {
			if err := checkToken(w); err != nil {
				return nil, fmt.Errorf("ngram: vocabulary word %d: %w", id, err)
			}
		}
		if _, dup := m.ids[w]; dup {
			return nil, fmt.Errorf("ngram: the word %q appears twice in the vocabulary", w)
		}
		m.ids[w] = int32(id)
	}
	V := len(s.Vocab)
	counts := make(map[uint64]map[int32]int)
	ctx := make([]int32, cfg.N-1)
	for i, row := range s.NGrams {
		if len(row) != cfg.N+1 {
			return nil, fmt.Errorf("ngram: n-gram %d has %d numbers, want %d", i+1, len(row), cfg.N+1)
		}
		for j, id := range row[:cfg.N-1] {
			if id < startID || id >= V {
				return nil, fmt.Errorf("ngram: n-gram %d: context id %d out of range", i+1, id)
			}
			ctx[j] = int32(id)
		}
		next, count := row[cfg.N-1], row[cfg.N]
		if next < 0 || next >= V || count < 1 {
			return nil, fmt.Errorf("ngram: n-gram %d: next id %d or count %d out of range", i+1, next, count)
		}
		k := key(ctx)
		c := counts[k]
		if c == nil {
			c = make(map[int32]int)
			counts[k] = c
		}
		if _, dup := c[int32(next)]; dup {
			return nil, fmt.Errorf("ngram: n-gram %d appears twice", i+1)
		}
		c[int32(next)] = count
	}
	for k, c := range counts {
		m.contexts[k] = newFollowers(c)
		m.ngrams += len(c)
	}
	return m, nil
}

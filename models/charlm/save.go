package charlm

import (
	"fmt"
	"io"
	"strings"

	"github.com/aisandbox/aisandbox/models"
)

// Kind is the model kind written by Save and named by Describe.
const Kind = "charlm"

// formatVersion is the version of the saved form that Save writes.
const formatVersion = 1

// saved is the JSON form of a model.
type saved struct {
	Config   Config    `json:"config"`
	Alphabet string    `json:"alphabet"`
	Params   []float64 `json:"params"` // embeddings, W1, b1, W2, b2, row by row
}

// Describe returns the model's kind, settings and number of learnable
// numbers.
func (m *Model) Describe() models.Description {
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"block_size": m.cfg.BlockSize,
			"embedding":  m.cfg.Embedding,
			"hidden":     m.cfg.Hidden,
			"vocabulary": m.p.vocab,
			"alphabet":   string(m.alphabet),
		},
		Parameters: m.NumParams(),
	}
}

// Save writes the model (shape, alphabet and every learnable number) to w.
func (m *Model) Save(w io.Writer) error {
	return models.Save(w, Kind, formatVersion, saved{Config: m.cfg, Alphabet: string(m.alphabet), Params: m.p.flat})
}

// Load reads a model written by Save. It refuses files of other kinds, of
// unknown format versions (wrapping models.ErrVersion), and models whose
// shape, alphabet or numbers are not valid.
func Load(r io.Reader) (*Model, error) {
	var s saved
	if _, err := models.Load(r, Kind, formatVersion, &s); err != nil {
		return nil, err
	}
	m, err := newModel(s.Config, s.Alphabet)
	if err != nil {
		return nil, fmt.Errorf("charlm: loading: %s", strings.TrimPrefix(err.Error(), "charlm: "))
	}
	if len(s.Params) != len(m.p.flat) {
		return nil, fmt.Errorf("charlm: loading: %d learnable numbers, this shape has %d", len(s.Params), len(m.p.flat))
	}
	for i, v := range s.Params {
		if !finite(v) {
			return nil, fmt.Errorf("charlm: loading: learnable number %d is %v", i, v)
		}
	}
	copy(m.p.flat, s.Params)
	return m, nil
}

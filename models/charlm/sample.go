package charlm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits and defaults of SampleConfig.
const (
	// DefaultMaxLen is the longest word Sample writes when
	// SampleConfig.MaxLen is 0, in letters: longer than nearly every name.
	DefaultMaxLen = 32
	// MaxSampleLen bounds SampleConfig.MaxLen.
	MaxSampleLen = 256
	// MaxTemperature bounds SampleConfig.Temperature: at 10 the choice is
	// already close to uniform, so more only hides mistakes.
	MaxTemperature = 10
)

// SampleConfig sets how Sample draws letters. The zero value is greedy
// sampling (always the likeliest next token) of words of up to 32 letters.
type SampleConfig struct {
	// Temperature reshapes the probabilities before each draw: token t is
	// drawn with probability proportional to p_t^(1/T), that is the softmax
	// of logits/T. 1 draws from the model's own probabilities; below 1 is
	// safer, above 1 wilder; 0 (the zero value) always takes the likeliest
	// token, so that Sample always writes the same word. From 0 to
	// MaxTemperature.
	Temperature float64 `json:"temperature"`
	// TopK, when positive, draws only among the K likeliest tokens (with
	// their probabilities renormalised). Zero means every token.
	TopK int `json:"top_k"`
	// MaxLen is the longest word written, in letters, counting the prompt;
	// a word that reaches it stops there. Zero means DefaultMaxLen; at most
	// MaxSampleLen.
	MaxLen int `json:"max_len"`
}

// Sample writes one word that begins with prompt (which may be empty) by
// drawing one token at a time from the model, until it draws the word's
// end or the word reaches cfg.MaxLen letters, and returns the whole word,
// prompt included. rng supplies the draws; it may be nil when
// cfg.Temperature is 0, which needs none.
func (m *Model) Sample(rng *rand.Rand, prompt string, cfg SampleConfig) (string, error) {
	if !(cfg.Temperature >= 0 && cfg.Temperature <= MaxTemperature) {
		return "", fmt.Errorf("charlm: the temperature must be from 0 to %d, got %v", MaxTemperature, cfg.Temperature)
	}
	if cfg.Temperature > 0 && rng == nil {
		return "", errors.New("charlm: nil random source")
	}
	if cfg.TopK < 0 {
		return "", fmt.Errorf("charlm: top-k must not be negative, got %d", cfg.TopK)
	}
	if cfg.MaxLen < 0 || cfg.MaxLen > MaxSampleLen {
		return "", fmt.Errorf("charlm: the maximum length must be from 1 to %d, got %d", MaxSampleLen, cfg.MaxLen)
	}
	if cfg.MaxLen == 0 {
		cfg.MaxLen = DefaultMaxLen
	}
	ws := m.newWorkspace(1, false)
	if err := m.promptContext(prompt, ws.ctx); err != nil {
		return "", err
	}
	var out strings.Builder
	out.WriteString(prompt)
	n := utf8.RuneCountInString(prompt)
	s := newSampler(m.p.vocab, cfg)
	k := m.cfg.BlockSize
	for ; n < cfg.MaxLen; n++ {
		m.forward(ws)
		t := s.draw(ws.z.RawRowView(0), rng)
		if t == Boundary {
			break
		}
		out.WriteRune(m.alphabet[t-1])
		copy(ws.ctx, ws.ctx[1:])
		ws.ctx[k-1] = int32(t)
	}
	return out.String(), nil
}

// sampler draws a token from a row of logits; it keeps its buffers from
// draw to draw.
type sampler struct {
	cfg   SampleConfig
	p     []float64
	order []int  // tokens by falling logit; nil without top-k
	kept  []bool // kept[t]: t is among the top k
}

func newSampler(vocab int, cfg SampleConfig) *sampler {
	s := &sampler{cfg: cfg, p: make([]float64, vocab)}
	if cfg.TopK > 0 && cfg.TopK < vocab {
		s.order = make([]int, vocab)
		s.kept = make([]bool, vocab)
	}
	return s
}

// draw picks a token given the logits z.
func (s *sampler) draw(z []float64, rng *rand.Rand) int {
	if s.cfg.Temperature == 0 {
		best := 0
		for t, v := range z {
			if v > z[best] {
				best = t
			}
		}
		return best
	}
	// With top-k, every token outside the k largest logits gets
	// probability 0 (ties broken towards the lower token).
	if s.order != nil {
		for i := range s.order {
			s.order[i] = i
		}
		slices.SortStableFunc(s.order, func(a, b int) int {
			switch {
			case z[a] > z[b]:
				return -1
			case z[a] < z[b]:
				return 1
			}
			return 0
		})
		clear(s.kept)
		for _, t := range s.order[:s.cfg.TopK] {
			s.kept[t] = true
		}
	}
	keep := func(t int) bool { return s.kept == nil || s.kept[t] }
	// softmax(z/T) over the kept tokens, stabilised by the largest kept
	// logit (see softmax).
	mx := math.Inf(-1)
	for t, v := range z {
		if keep(t) {
			mx = max(mx, v)
		}
	}
	var sum float64
	for t, v := range z {
		s.p[t] = 0
		if keep(t) {
			s.p[t] = math.Exp((v - mx) / s.cfg.Temperature)
			sum += s.p[t]
		}
	}
	u := rng.Float64() * sum
	last := 0
	for t, w := range s.p {
		if w == 0 {
			continue
		}
		last = t
		if u < w {
			return t
		}
		u -= w
	}
	return last // u ran past the end by rounding
}

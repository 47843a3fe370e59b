package ngram

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// MaxSampleTokens is the most tokens Sample generates at once: 1000 words
// is several pages, more than any lesson shows.
const MaxSampleTokens = 1000

// DefaultSampleTokens is the number of tokens Sample generates when
// SampleConfig.MaxTokens is 0: 20 words, about one long sentence.
const DefaultSampleTokens = 20

// SampleConfig sets how Sample picks words. The zero value is greedy: the
// most probable word every time, at most 20 words.
type SampleConfig struct {
	// Temperature reshapes the probabilities before drawing: each word's
	// probability p becomes proportional to p^(1/Temperature). 1 draws
	// from the model as it is; below 1 favours the likely words (towards
	// always the most likely); above 1 flattens towards a uniform choice.
	// Zero means greedy: always the most probable word (the first in
	// vocabulary order on a tie, which puts </s> first, then words from
	// most to least frequent). Must be finite and not negative.
	Temperature float64 `json:"temperature"`
	// TopK, if positive, draws only among the TopK most probable words.
	// Zero means all words.
	TopK int `json:"top_k"`
	// MaxTokens is the most words to generate, from 1 to MaxSampleTokens;
	// zero means 20. Generation stops earlier when </s> is drawn.
	MaxTokens int `json:"max_tokens"`
}

func (c SampleConfig) withDefaults() (SampleConfig, error) {
	if math.IsNaN(c.Temperature) || math.IsInf(c.Temperature, 0) || c.Temperature < 0 {
		return c, fmt.Errorf("ngram: the temperature must be a number from 0 up, got %v", c.Temperature)
	}
	if c.TopK < 0 {
		return c, fmt.Errorf("ngram: top-k must not be negative, got %d", c.TopK)
	}
	if c.MaxTokens < 0 || c.MaxTokens > MaxSampleTokens {
		return c, fmt.Errorf("ngram: the number of tokens must be from 1 to %d, got %d", MaxSampleTokens, c.MaxTokens)
	}
	if c.MaxTokens == 0 {
		c.MaxTokens = DefaultSampleTokens
	}
	return c, nil
}

// Sample continues prompt word by word, drawing each next word from the
// model given the words before it (the prompt counts as the start of a
// document; an empty prompt starts a new one), until </s> is drawn or
// cfg.MaxTokens words are made. It returns the new words only, without
// </s>. <unk> is never drawn: its probability is shared out among the
// other words. All randomness comes from rng, so the same seed gives the
// same words.
func (m *Model) Sample(rng *rand.Rand, prompt []string, cfg SampleConfig) ([]string, error) {
	if rng == nil {
		return nil, errors.New("ngram: nil random source")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	window := m.contextIDs(prompt)
	var out []string
	var s sampler
	for range cfg.MaxTokens {
		id := s.next(m, rng, window, cfg)
		if id == endID {
			break
		}
		out = append(out, m.vocab[id])
		if len(window) > 0 {
			copy(window, window[1:])
			window[len(window)-1] = id
		}
	}
	return out, nil
}

// sampler holds the buffers of one Sample call.
type sampler struct {
	ids    []int32
	counts []float64
}

// next draws the id of the word after window.
//
// The probability of word w is (c(h,w) + k) / (c(h) + k·V), so among the
// candidates it is proportional to c(h,w) + k: the denominator cancels.
// Every seen follower has c ≥ 1 and so beats every unseen word, whose
// weight is just k; the candidates in order of probability are therefore
// the seen followers by count, then the unseen words in vocabulary order.
func (s *sampler) next(m *Model, rng *rand.Rand, window []int32, cfg SampleConfig) int32 {
	f := m.contexts[key(window)]
	V := len(m.vocab)
	limit := V - 1 // every word but <unk>
	if cfg.TopK > 0 {
		limit = min(limit, cfg.TopK)
	}
	if cfg.Temperature == 0 {
		limit = 1
	}
	s.ids, s.counts = s.ids[:0], s.counts[:0]
	k := m.cfg.K
	if f != nil {
		for _, id := range f.rank {
			if len(s.ids) == limit {
				break
			}
			if id == unkID {
				continue
			}
			s.ids = append(s.ids, id)
			s.counts = append(s.counts, float64(f.countOf(id))+k)
		}
	}
	var seen []int32
	if f != nil {
		seen = f.next
	}
	j := 0
	for id := int32(0); int(id) < V && len(s.ids) < limit; id++ {
		for j < len(seen) && seen[j] < id {
			j++
		}
		if id == unkID || (j < len(seen) && seen[j] == id) {
			continue
		}
		s.ids = append(s.ids, id)
		s.counts = append(s.counts, k)
	}
	if len(s.ids) == 1 {
		return s.ids[0]
	}
	// p^(1/T) in proportion: (w/w_max)^(1/T), computed in logs so that a
	// small temperature cannot overflow; the first candidate is the most
	// probable, so every ratio is at most 1. At T = 1 the weights stay.
	var sum float64
	if cfg.Temperature == 1 {
		for _, w := range s.counts {
			sum += w
		}
	} else {
		top := s.counts[0]
		for i, w := range s.counts {
			s.counts[i] = math.Exp(math.Log(w/top) / cfg.Temperature)
			sum += s.counts[i]
		}
	}
	u := rng.Float64() * sum
	for i, w := range s.counts {
		u -= w
		if u < 0 {
			return s.ids[i]
		}
	}
	return s.ids[len(s.ids)-1] // rounding left u ≥ 0: the last candidate
}

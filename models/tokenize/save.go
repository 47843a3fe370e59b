package tokenize

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/models"
)

// modelKind and formatVersion label a saved tokenizer for models.Save.
const (
	modelKind     = "tokenizer"
	formatVersion = 1
)

// saved is the form in which every tokenizer is saved.
type saved struct {
	// Type is "char", "word" or "bpe".
	Type   string `json:"type"`
	Config Config `json:"config"`
	// Vocab holds the text of every id, [PAD] and [UNK] first.
	Vocab []string `json:"vocab"`
	// Merges holds BPE's merges in the order they were learnt.
	Merges []Merge `json:"merges,omitempty"`
}

func save(w io.Writer, s saved) error {
	if err := models.Save(w, modelKind, formatVersion, s); err != nil {
		return fmt.Errorf("tokenize: %w", err)
	}
	return nil
}

// Load reads a tokenizer written by the Save method of *Char, *Word or
// *BPE, checking that it is consistent.
func Load(r io.Reader) (Tokenizer, error) {
	var s saved
	if _, err := models.Load(r, modelKind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	cfg, err := s.Config.withDefaults(s.Type)
	if err != nil {
		return nil, err
	}
	v, err := fromPieces(s.Vocab)
	if err != nil {
		return nil, err
	}
	if s.Type != KindBPE && len(s.Merges) > 0 {
		return nil, fmt.Errorf("tokenize: a %s tokenizer has no merges", s.Type)
	}
	switch s.Type {
	case KindChar:
		for id, p := range v.pieces[2:] {
			if utf8.RuneCountInString(p) != 1 {
				return nil, fmt.Errorf("tokenize: vocabulary entry %d (%q) of a char tokenizer is not one character", id+2, p)
			}
		}
		return &Char{cfg: cfg, v: v}, nil
	case KindWord:
		return &Word{cfg: cfg, v: v}, nil
	}
	return bpeFromSaved(cfg, v, s.Merges)
}

// describe returns the Description every tokenizer gives.
func describe(kind string, cfg Config, size, params int) models.Description {
	return models.Description{
		Kind: modelKind,
		Settings: map[string]any{
			"type":       kind,
			"vocab_size": size,
			"max_vocab":  cfg.VocabSize,
			"min_count":  cfg.MinCount,
		},
		Parameters: params,
	}
}

// Package models holds what every model family of AI Sandbox shares: how a
// model describes itself, and the versioned envelope its saved form travels
// in. The families live in sub-packages (mlp, knn, tree, bayes, linear, cnn,
// ngram, charlm, tokenize); each is pure: no I/O beyond the io.Reader or
// io.Writer it is handed, no globals, randomness from an injected
// *rand.Rand, cancellation through context.Context.
package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Description is a model's short account of itself, for people: what kind
// of model it is, how it was set up, and how many numbers it learned.
type Description struct {
	// Kind names the family, e.g. "knn" or "mlp".
	Kind string `json:"kind"`
	// Settings holds the settings that shaped the model, by name, e.g.
	// {"k": 5, "distance": "euclidean"}.
	Settings map[string]any `json:"settings"`
	// Parameters counts the numbers the model learned or stores.
	Parameters int `json:"parameters"`
}

// envelope is the saved form of every model: a kind and a format version
// around the family's own JSON.
type envelope struct {
	Format  string          `json:"format"`
	Kind    string          `json:"kind"`
	Version int             `json:"version"`
	Model   json.RawMessage `json:"model"`
}

// formatName marks a file as a saved AI Sandbox model.
const formatName = "aisandbox-model"

// MaxSavedBytes bounds what Load reads: no model of this project is larger.
const MaxSavedBytes = 64 << 20

// Save writes model, a JSON-encodable value, as kind at the given format
// version.
func Save(w io.Writer, kind string, version int, model any) error {
	body, err := json.Marshal(model)
	if err != nil {
		return fmt.Errorf("models: saving %s: %w", kind, err)
	}
	data, err := json.Marshal(envelope{Format: formatName, Kind: kind, Version: version, Model: body})
	if err != nil {
		return fmt.Errorf("models: saving %s: %w", kind, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("models: saving %s: %w", kind, err)
	}
	return nil
}

// ErrVersion is wrapped by Load's error for a model saved in a format
// version this program does not know, e.g. by a newer AI Sandbox.
var ErrVersion = errors.New("models: unknown format version")

// Load reads a model saved by Save as kind, whose format version must be
// from 1 to maxVersion, into model (a pointer), and returns the version
// read, so that a family can upgrade older forms.
func Load(r io.Reader, kind string, maxVersion int, model any) (int, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSavedBytes+1))
	if err != nil {
		return 0, fmt.Errorf("models: loading %s: %w", kind, err)
	}
	if len(data) > MaxSavedBytes {
		return 0, fmt.Errorf("models: loading %s: larger than %d bytes", kind, MaxSavedBytes)
	}
	var e envelope
	if err := json.Unmarshal(data, &e); err != nil || e.Format != formatName {
		return 0, fmt.Errorf("models: loading %s: not a saved AI Sandbox model", kind)
	}
	if e.Kind != kind {
		return 0, fmt.Errorf("models: loading %s: the file holds a %s model", kind, e.Kind)
	}
	if e.Version < 1 || e.Version > maxVersion {
		return 0, fmt.Errorf("%w: this %s model is format version %d, this program reads 1 to %d (a newer AI Sandbox may have saved it)", ErrVersion, kind, e.Version, maxVersion)
	}
	d := json.NewDecoder(bytes.NewReader(e.Model))
	d.DisallowUnknownFields()
	if err := d.Decode(model); err != nil {
		return 0, fmt.Errorf("models: loading %s: %w", kind, err)
	}
	return e.Version, nil
}

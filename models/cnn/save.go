package cnn

import (
	"fmt"
	"io"

	"github.com/aisandbox/aisandbox/models"
)

// formatVersion is the version of the saved form written by Save.
const formatVersion = 1

// saved is the saved form of a network: its shape and every learnable
// number, by name.
type saved struct {
	Config Config   `json:"config"`
	Params []Tensor `json:"params"`
}

// Describe returns the network's kind, settings and parameter count.
func (n *Network) Describe() models.Description {
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"width":   n.cfg.Width,
			"height":  n.cfg.Height,
			"classes": n.cfg.Classes,
			"filters": append([]int(nil), n.cfg.Filters...),
			"kernel":  n.cfg.Kernel,
			"padding": n.cfg.Padding.String(),
			"hidden":  n.cfg.Hidden,
		},
		Parameters: n.NumParams(),
	}
}

// Save writes the network (its shape and every weight and bias) to w, as
// JSON in the models envelope, format version 1. float64s are written in
// their shortest exact form, so a loaded network predicts identically.
func (n *Network) Save(w io.Writer) error {
	if err := models.Save(w, Kind, formatVersion, saved{Config: n.Config(), Params: n.Params()}); err != nil {
		return fmt.Errorf("cnn: %w", err)
	}
	return nil
}

// Load reads a network written by Save. It refuses other kinds of model,
// format versions other than 1, shapes New would refuse, and weights that
// do not match the shape or are not finite.
func Load(r io.Reader) (*Network, error) {
	var s saved
	if _, err := models.Load(r, Kind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("cnn: %w", err)
	}
	n, err := build(s.Config)
	if err != nil {
		return nil, fmt.Errorf("%w (in the saved network)", err)
	}
	if err := n.SetParams(s.Params); err != nil {
		return nil, fmt.Errorf("%w (in the saved network)", err)
	}
	return n, nil
}

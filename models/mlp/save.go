package mlp

// This file gives the classifier, Network, what every model of AI Sandbox
// has: Describe, and a saved form that goes through models.Save and
// models.Load. It mirrors Regressor.Describe, Regressor.Save and
// LoadRegressor in regress.go.

import (
	"fmt"
	"io"

	"github.com/aisandbox/aisandbox/models"
)

// Kind is the model kind of a classifier Network in Describe and in saved
// files. A network without hidden layers (the "logistic" model) is of this
// kind too; its "hidden" setting is then empty.
const Kind = "mlp"

// networkFormat is the version of the saved form written by Network.Save.
const networkFormat = 1

// Describe reports the network's kind ("mlp"), its settings (inputs, hidden
// widths, classes and activation) and its number of weights and biases.
func (n *Network) Describe() models.Description {
	c := n.Config()
	if c.Hidden == nil {
		c.Hidden = []int{}
	}
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"inputs":     c.Inputs,
			"hidden":     c.Hidden,
			"classes":    c.Classes,
			"activation": c.Activation.String(),
		},
		Parameters: n.NumParams(),
	}
}

// savedNetwork is the JSON form of a classifier Network.
type savedNetwork struct {
	Config Config `json:"config"`
	// Params holds every weight and bias, layer after layer: each layer's
	// weight matrix row by row, then its biases.
	Params []float64 `json:"parameters"`
}

// Save writes the network to w as a versioned JSON document (see
// models.Save). Load reads it back. Save must not run while a Trainer is
// changing the network's weights.
func (n *Network) Save(w io.Writer) error {
	if err := models.Save(w, Kind, networkFormat, savedNetwork{
		Config: n.Config(), Params: n.p.flat,
	}); err != nil {
		return fmt.Errorf("mlp: %w", err)
	}
	return nil
}

// Load reads a classifier written by Network.Save. It refuses files of
// another kind (a Regressor's among them) or of an unknown format version
// (the error then wraps models.ErrVersion), and networks whose numbers do
// not fit their shape or are not finite.
func Load(r io.Reader) (*Network, error) {
	var s savedNetwork
	if _, err := models.Load(r, Kind, networkFormat, &s); err != nil {
		return nil, fmt.Errorf("mlp: %w", err)
	}
	net, err := newNetwork(s.Config, false, nil)
	if err != nil {
		return nil, err
	}
	if len(s.Params) != net.NumParams() {
		return nil, fmt.Errorf("mlp: the saved network has %d weights and biases, its shape needs %d", len(s.Params), net.NumParams())
	}
	// JSON cannot spell NaN or ±Inf, and encoding/json refuses numbers
	// beyond float64's range, so this only guards against a future reader
	// that is less strict.
	for i, v := range s.Params {
		if !finite(v) {
			return nil, fmt.Errorf("mlp: the saved network's weight or bias %d is %v", i, v)
		}
	}
	copy(net.p.flat, s.Params)
	return net, nil
}

package mlp_test

// This file checks the regressor's loss and gradients against gorgonia,
// as gorgonia_test.go does for the classifier (with its graph builder and
// checks).

import (
	"fmt"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// buildGorgoniaRegression builds the graph of the mean squared error
// (1/rows)·Σᵢ (zᵢ − tᵢ)² of a network with the given layers and activation
// and one linear output, on the rows X with standardised targets t. As in
// buildGorgonia, every value comes in through G.WithValue and a gorgonia
// panic becomes an error.
func buildGorgoniaRegression(layers []mlp.Layer, act mlp.Activation, X [][]float64, t []float64) (*gorgoniaNet, error) {
	return buildGorgoniaWith(layers, act, X, func(g *G.ExprGraph, z *G.Node) (*G.Node, error) {
		target := gradcheck.Node(g, "t", t, len(X), 1)
		diff, err := G.Sub(z, target)
		if err != nil {
			return nil, fmt.Errorf("z − t: %w", err)
		}
		sq, err := G.HadamardProd(diff, diff)
		if err != nil {
			return nil, fmt.Errorf("square: %w", err)
		}
		total, err := G.Sum(sq)
		if err != nil {
			return nil, fmt.Errorf("sum: %w", err)
		}
		mean, err := G.HadamardDiv(total, G.NewConstant(float64(len(X))))
		if err != nil {
			return nil, fmt.Errorf("mean: %w", err)
		}
		return mean, nil
	})
}

// TestRegressorMatchesGorgonia compares the regressor's loss and every
// gradient with gorgonia's symbolic differentiation of the same graph, to
// the relative 1e-9 of closeRel.
func TestRegressorMatchesGorgonia(t *testing.T) {
	for _, act := range []mlp.Activation{mlp.ReLU, mlp.Tanh, mlp.Sigmoid} {
		for _, hidden := range [][]int{nil, {5}, {5, 4}} {
			t.Run(act.String()+layersName(hidden), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(23, uint64(len(hidden))))
				r, X, y := randomRegression(t, rng, mlp.RegressorConfig{Inputs: 3, Hidden: hidden, Activation: act}, 9)
				loss, grads, err := r.LossAndGradients(X, y)
				if err != nil {
					t.Fatal(err)
				}
				mean, scale := r.TargetScale()
				std := make([]float64, len(y))
				for i, v := range y {
					std[i] = (v - mean) / scale
				}
				gn, err := buildGorgoniaRegression(r.Layers(), act, X, std)
				if err != nil {
					t.Fatal(err)
				}
				checkAgainstGorgonia(t, gn, loss, grads)
			})
		}
	}
}

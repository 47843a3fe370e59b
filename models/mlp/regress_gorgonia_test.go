package mlp_test

// This file checks the regressor's loss and gradients against gorgonia,
// as gorgonia_test.go does for the classifier (and with its mutex and
// helpers).

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aisandbox/aisandbox/models/mlp"
)

// buildGorgoniaRegression builds the graph of the mean squared error
// (1/rows)·Σᵢ (zᵢ − tᵢ)² of a network with the given layers and activation
// and one linear output, on the rows X with standardised targets t. As in
// buildGorgonia, every value comes in through G.WithValue and a gorgonia
// panic becomes an error.
func buildGorgoniaRegression(layers []mlp.Layer, act mlp.Activation, X [][]float64, t []float64) (gn *gorgoniaNet, err error) {
	gorgoniaMu.Lock()
	defer gorgoniaMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gorgonia panicked while building the graph: %v", r)
		}
	}()

	rows, inputs := len(X), len(X[0])
	flat := make([]float64, 0, rows*inputs)
	for _, row := range X {
		flat = append(flat, row...)
	}
	g := G.NewGraph()
	gn = &gorgoniaNet{g: g}
	gn.x = G.NewMatrix(g, tensor.Float64, G.WithShape(rows, inputs), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(rows, inputs), tensor.WithBacking(flat))))
	target := G.NewMatrix(g, tensor.Float64, G.WithShape(rows, 1), G.WithName("t"),
		G.WithValue(tensor.New(tensor.WithShape(rows, 1), tensor.WithBacking(append([]float64(nil), t...)))))

	h := gn.x
	for l, layer := range layers {
		in, out := layer.W.Dims()
		w := G.NewMatrix(g, tensor.Float64, G.WithShape(in, out), G.WithName(fmt.Sprintf("W%d", l+1)),
			G.WithValue(tensor.New(tensor.WithShape(in, out), tensor.WithBacking(mat.DenseCopyOf(layer.W).RawMatrix().Data))))
		b := G.NewVector(g, tensor.Float64, G.WithShape(out), G.WithName(fmt.Sprintf("b%d", l+1)),
			G.WithValue(tensor.New(tensor.WithShape(out), tensor.WithBacking(append([]float64(nil), layer.B...)))))
		gn.learnables = append(gn.learnables, w, b)
		z, err := G.Mul(h, w)
		if err != nil {
			return nil, fmt.Errorf("layer %d: in·W: %w", l+1, err)
		}
		if z, err = G.BroadcastAdd(z, b, nil, []byte{0}); err != nil {
			return nil, fmt.Errorf("layer %d: +b: %w", l+1, err)
		}
		if l == len(layers)-1 {
			h = z // the linear output
			break
		}
		switch act {
		case mlp.ReLU:
			h, err = G.Rectify(z)
		case mlp.Tanh:
			h, err = G.Tanh(z)
		case mlp.Sigmoid:
			h, err = G.Sigmoid(z)
		default:
			err = fmt.Errorf("no gorgonia activation for %v", act)
		}
		if err != nil {
			return nil, fmt.Errorf("layer %d: activation: %w", l+1, err)
		}
	}

	diff, err := G.Sub(h, target)
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
	if gn.cost, err = G.HadamardDiv(total, G.NewConstant(float64(rows))); err != nil {
		return nil, fmt.Errorf("mean: %w", err)
	}
	if gn.grads, err = G.Grad(gn.cost, gn.learnables...); err != nil {
		return nil, fmt.Errorf("grad: %w", err)
	}
	return gn, nil
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
				vm := G.NewTapeMachine(gn.g)
				defer vm.Close()
				if err := run(vm); err != nil {
					t.Fatal(err)
				}
				ref, err := float64s(gn.cost.Value())
				if err != nil {
					t.Fatalf("cost: %v", err)
				}
				if !closeRel(loss, ref[0]) {
					t.Errorf("loss %.17g, gorgonia %.17g", loss, ref[0])
				}
				for l := range grads {
					for k, ours := range [][]float64{grads[l].W.RawMatrix().Data, grads[l].B} {
						name := [...]string{"W", "b"}[k]
						theirs, err := float64s(gn.grads[2*l+k].Value())
						if err != nil {
							t.Fatalf("gradient of %s%d: %v", name, l+1, err)
						}
						if len(theirs) != len(ours) {
							t.Fatalf("gradient of %s%d: %d values, gorgonia %d", name, l+1, len(ours), len(theirs))
						}
						for i := range ours {
							if !closeRel(ours[i], theirs[i]) {
								t.Errorf("∂loss/∂%s%d[%d] = %.17g, gorgonia %.17g", name, l+1, i, ours[i], theirs[i])
							}
						}
					}
				}
			})
		}
	}
}

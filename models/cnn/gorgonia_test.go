package cnn_test

// This file checks our hand-written forward pass and backpropagation
// against gorgonia, which builds the same network as a symbolic graph (its
// own im2col convolution, max pooling and ReLU) and differentiates it
// automatically.

import (
	"fmt"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
)

// gorgoniaNet is our network rebuilt as a gorgonia graph.
type gorgoniaNet struct {
	g          *G.ExprGraph
	learnables G.Nodes // in the order of Network.Params
	grads      G.Nodes // ∂cost/∂learnable, from G.Grad
	cost       *G.Node
}

// buildGorgonia builds the graph of the mean softmax cross-entropy of a
// network of shape cfg (defaults filled in) with parameters ps, on the
// pictures X with labels y. Every value is passed in with G.WithValue; none
// of gorgonia's (clock-seeded) initialisers is used. A gorgonia panic
// becomes an error.
//
// gorgonia's layout, read in its source (nn.go, op_nn.go of v0.9.18):
// Conv2d takes pictures as batch×channels×height×width and filters as
// filters×channels×kh×kw, and its im2col orders a patch by (channel, kernel
// row, kernel column), which is the order of our weight rows; it does not
// flip the kernel. MaxPool2D rounds the output size down and, on a tie,
// keeps the first number in reading order, as ours does.
func buildGorgonia(cfg cnn.Config, ps []cnn.Tensor, X [][]float64, y []int) (*gorgoniaNet, error) {
	rows := len(X)
	onehot, err := gradcheck.OneHot(y, cfg.Classes)
	if err != nil {
		return nil, err
	}
	gn := &gorgoniaNet{}
	g, err := gradcheck.Build(func(g *G.ExprGraph) error {
		learnable := func(t cnn.Tensor) *G.Node {
			n := G.NewTensor(g, tensor.Float64, len(t.Shape), G.WithShape(t.Shape...), G.WithName(t.Name), G.WithValue(gradcheck.Value(t.Values, t.Shape...)))
			gn.learnables = append(gn.learnables, n)
			return n
		}
		h := gradcheck.Node(g, "x", gradcheck.Flatten(X), rows, 1, cfg.Height, cfg.Width)
		target := gradcheck.Node(g, "onehot", onehot, rows, cfg.Classes)

		pad := 0
		if cfg.Padding == cnn.Same {
			pad = (cfg.Kernel - 1) / 2
		}
		i := 0
		for l := range cfg.Filters {
			w, b := learnable(ps[i]), learnable(ps[i+1])
			i += 2
			z, err := G.Conv2d(h, w, tensor.Shape{cfg.Kernel, cfg.Kernel}, []int{pad, pad}, []int{1, 1}, []int{1, 1})
			if err != nil {
				return fmt.Errorf("block %d: conv: %w", l+1, err)
			}
			// Add filter f's bias to every pixel of map f: broadcast the bias
			// vector along the batch, row and column axes.
			if z, err = G.BroadcastAdd(z, b, nil, []byte{0, 2, 3}); err != nil {
				return fmt.Errorf("block %d: +bias: %w", l+1, err)
			}
			if z, err = G.Rectify(z); err != nil {
				return fmt.Errorf("block %d: relu: %w", l+1, err)
			}
			if h, err = G.MaxPool2D(z, tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2}); err != nil {
				return fmt.Errorf("block %d: pool: %w", l+1, err)
			}
		}
		s := h.Shape()
		h, err := G.Reshape(h, tensor.Shape{rows, s[1] * s[2] * s[3]})
		if err != nil {
			return fmt.Errorf("flatten: %w", err)
		}
		for ; i < len(ps); i += 2 {
			w, b := learnable(ps[i]), learnable(ps[i+1])
			z, err := gradcheck.Affine(h, w, b)
			if err != nil {
				return fmt.Errorf("%s: %w", ps[i].Name, err)
			}
			if i+2 < len(ps) {
				if z, err = G.Rectify(z); err != nil {
					return fmt.Errorf("%s: relu: %w", ps[i].Name, err)
				}
			}
			h = z
		}
		if gn.cost, err = gradcheck.CrossEntropy(h, target, rows); err != nil {
			return err
		}
		if gn.grads, err = G.Grad(gn.cost, gn.learnables...); err != nil {
			return fmt.Errorf("grad: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	gn.g = g
	return gn, nil
}

// closeRel reports whether a and b agree to a relative 1e-8, with an
// absolute floor of 1e-14 for values that are 0 up to rounding. The two
// sides add the same products in different orders, which differs by a few
// ulps (~1e-15 relative) over these few hundred operations; 1e-8 is far
// above that and far below any real mistake (a wrong index moves a
// gradient by tens of percent).
func closeRel(a, b float64) bool {
	return gradcheck.Close(a, b, 1e-8, 1e-14)
}

// gradCases are the networks checked against gorgonia and finite
// differences: both paddings, square and non-square pictures, odd map
// sizes whose last row and column pooling drops, one to three blocks, even
// and odd kernels, with and without a hidden layer.
var gradCases = []struct {
	name string
	cfg  cnn.Config
	rows int
}{
	{"6x6 valid 1 block", cnn.Config{Width: 6, Height: 6, Classes: 3, Filters: []int{2}, Kernel: 3}, 4},
	{"6x6 same 1 block hidden", cnn.Config{Width: 6, Height: 6, Classes: 3, Filters: []int{2}, Kernel: 3, Padding: cnn.Same, Hidden: 4}, 4},
	{"9x7 valid k2 odd maps", cnn.Config{Width: 9, Height: 7, Classes: 2, Filters: []int{3}, Kernel: 2}, 3},
	{"11x8 valid 2 blocks", cnn.Config{Width: 11, Height: 8, Classes: 3, Filters: []int{2, 3}, Kernel: 2, Hidden: 5}, 3},
	{"10x10 same k5 2 blocks", cnn.Config{Width: 10, Height: 10, Classes: 4, Filters: []int{3, 2}, Kernel: 5, Padding: cnn.Same}, 3},
	{"16x12 same 3 blocks", cnn.Config{Width: 16, Height: 12, Classes: 3, Filters: []int{2, 3, 2}, Kernel: 3, Padding: cnn.Same}, 2},
}

// randomPictures returns a network of shape cfg drawn from rng, with
// random biases too (New leaves them 0, which would hide a bias mix-up),
// and rows random pictures with random labels.
func randomPictures(t *testing.T, rng *rand.Rand, cfg cnn.Config, rows int) (*cnn.Network, [][]float64, []int) {
	t.Helper()
	net, err := cnn.New(cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	ps := net.Params()
	for _, p := range ps {
		if len(p.Shape) == 1 {
			for i := range p.Values {
				p.Values[i] = 0.2 * rng.NormFloat64()
			}
		}
	}
	if err := net.SetParams(ps); err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, rows)
	y := make([]int, rows)
	for i := range X {
		X[i] = make([]float64, cfg.Width*cfg.Height)
		for j := range X[i] {
			X[i][j] = rng.Float64()
		}
		y[i] = rng.IntN(cfg.Classes)
	}
	return net, X, y
}

func TestMatchesGorgonia(t *testing.T) {
	for k, tc := range gradCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(k)))
			net, X, y := randomPictures(t, rng, tc.cfg, tc.rows)
			loss, grads, err := net.LossAndGradients(X, y)
			if err != nil {
				t.Fatal(err)
			}

			gn, err := buildGorgonia(net.Config(), net.Params(), X, y)
			if err != nil {
				t.Fatal(err)
			}
			vm := G.NewTapeMachine(gn.g)
			defer vm.Close()
			if err := gradcheck.Run(vm); err != nil {
				t.Fatal(err)
			}

			ref, err := gradcheck.Float64s(gn.cost.Value())
			if err != nil {
				t.Fatalf("cost: %v", err)
			}
			if !closeRel(loss, ref[0]) {
				t.Errorf("loss %.17g, gorgonia %.17g", loss, ref[0])
			}
			for i, g := range grads {
				theirs, err := gradcheck.Float64s(gn.grads[i].Value())
				if err != nil {
					t.Fatalf("gradient of %s: %v", g.Name, err)
				}
				if len(theirs) != len(g.Values) {
					t.Fatalf("gradient of %s: %d values, gorgonia %d", g.Name, len(g.Values), len(theirs))
				}
				nonzero := 0
				for j, ours := range g.Values {
					if !closeRel(ours, theirs[j]) {
						t.Errorf("∂loss/∂%s[%d] = %.17g, gorgonia %.17g", g.Name, j, ours, theirs[j])
					}
					if ours != 0 {
						nonzero++
					}
				}
				// A gradient that is all zeros would match trivially.
				if nonzero == 0 {
					t.Errorf("∂loss/∂%s is all zeros", g.Name)
				}
			}
		})
	}
}

package mlp_test

// This file checks our hand-written forward pass, backpropagation and Adam
// against gorgonia, which builds the same network as a symbolic graph and
// differentiates it automatically, and times the two against each other.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// gorgoniaNet is our network rebuilt as a gorgonia graph.
type gorgoniaNet struct {
	g          *G.ExprGraph
	learnables G.Nodes // W1, b1, W2, b2, ... in the order of mlp.Layers
	grads      G.Nodes // ∂cost/∂learnable, from G.Grad
	cost       *G.Node
}

// buildGorgonia builds the graph of mean softmax cross-entropy for a
// network with the given layers and activation, on the rows X with labels
// y and classes classes. Every value is passed in with G.WithValue; none of
// gorgonia's (clock-seeded) initialisers is used. A gorgonia panic becomes
// an error.
func buildGorgonia(layers []mlp.Layer, act mlp.Activation, X [][]float64, y []int, classes int) (*gorgoniaNet, error) {
	onehot, err := gradcheck.OneHot(y, classes)
	if err != nil {
		return nil, err
	}
	return buildGorgoniaWith(layers, act, X, func(g *G.ExprGraph, z *G.Node) (*G.Node, error) {
		target := gradcheck.Node(g, "onehot", onehot, len(X), classes)
		return gradcheck.CrossEntropy(z, target, len(X))
	})
}

// buildGorgoniaWith builds the network with the given layers and
// activation on the rows X as a gorgonia graph, passes the last layer's
// outputs to cost for the cost node, and adds the gradients of the cost.
func buildGorgoniaWith(layers []mlp.Layer, act mlp.Activation, X [][]float64, cost func(g *G.ExprGraph, z *G.Node) (*G.Node, error)) (*gorgoniaNet, error) {
	gn := &gorgoniaNet{}
	g, err := gradcheck.Build(func(g *G.ExprGraph) error {
		h := gradcheck.Node(g, "x", gradcheck.Flatten(X), len(X), len(X[0]))
		for l, layer := range layers {
			in, out := layer.W.Dims()
			w := gradcheck.Node(g, fmt.Sprintf("W%d", l+1), mat.DenseCopyOf(layer.W).RawMatrix().Data, in, out)
			b := gradcheck.Node(g, fmt.Sprintf("b%d", l+1), layer.B, out)
			gn.learnables = append(gn.learnables, w, b)
			z, err := gradcheck.Affine(h, w, b)
			if err != nil {
				return fmt.Errorf("layer %d: %w", l+1, err)
			}
			if l == len(layers)-1 {
				h = z // the output layer has no activation
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
				return fmt.Errorf("layer %d: activation: %w", l+1, err)
			}
		}
		var err error
		if gn.cost, err = cost(g, h); err != nil {
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

// closeRel reports whether a and b agree to a relative 1e-9, with an
// absolute floor of 1e-15 for values that are 0 up to rounding. 1e-9 is far
// above the rounding of these few dozen float64 operations (~1e-15) and far
// below any real mistake, such as a missing factor or a wrong sign.
func closeRel(a, b float64) bool {
	return gradcheck.Close(a, b, 1e-9, 1e-15)
}

// checkAgainstGorgonia runs gn's graph and reports, through t, every
// difference beyond closeRel between gorgonia's cost and gradients and our
// loss and gradients.
func checkAgainstGorgonia(t *testing.T, gn *gorgoniaNet, loss float64, grads []mlp.Layer) {
	t.Helper()
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
	for l := range grads {
		for k, ours := range [][]float64{grads[l].W.RawMatrix().Data, grads[l].B} {
			name := [...]string{"W", "b"}[k]
			theirs, err := gradcheck.Float64s(gn.grads[2*l+k].Value())
			if err != nil {
				t.Fatalf("gradient of %s%d: %v", name, l+1, err)
			}
			bad, err := gradcheck.Compare(ours, theirs, 1e-9, 1e-15)
			if err != nil {
				t.Fatalf("gradient of %s%d: %v", name, l+1, err)
			}
			for _, m := range bad {
				t.Errorf("∂loss/∂%s%d[%d] = %.17g, gorgonia %.17g", name, l+1, m.Index, m.Got, m.Want)
			}
		}
	}
}

func TestMatchesGorgonia(t *testing.T) {
	for _, act := range []mlp.Activation{mlp.ReLU, mlp.Tanh, mlp.Sigmoid} {
		for _, hidden := range [][]int{nil, {5}, {5, 4}} {
			t.Run(act.String()+layersName(hidden), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(21, uint64(len(hidden))))
				net, X, y := randomProblem(t, rng, mlp.Config{Inputs: 3, Hidden: hidden, Classes: 3, Activation: act}, 9)
				loss, grads, err := net.LossAndGradients(X, y)
				if err != nil {
					t.Fatal(err)
				}

				gn, err := buildGorgonia(net.Layers(), act, X, y, 3)
				if err != nil {
					t.Fatal(err)
				}
				checkAgainstGorgonia(t, gn, loss, grads)
			})
		}
	}
}

// TestAdamMatchesGorgonia takes ten full-batch Adam steps with our Trainer
// and with gorgonia's AdamSolver from the same weights, and compares the
// weights after them.
func TestAdamMatchesGorgonia(t *testing.T) {
	const steps, lr = 10, 0.05
	rng := rand.New(rand.NewPCG(31, 0))
	net, X, y := randomProblem(t, rng, mlp.Config{Inputs: 3, Hidden: []int{6}, Classes: 3, Activation: mlp.Tanh}, 12)

	gn, err := buildGorgonia(net.Layers(), mlp.Tanh, X, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(gn.g, G.BindDualValues(gn.learnables...))
	defer vm.Close()
	// Gorgonia's defaults for β1, β2 and ε are ours (Kingma & Ba 2015).
	solver := G.NewAdamSolver(G.WithLearnRate(lr))
	for range steps {
		if err := gradcheck.Run(vm); err != nil {
			t.Fatal(err)
		}
		if err := solver.Step(G.NodesToValueGrads(gn.learnables)); err != nil {
			t.Fatal(err)
		}
		vm.Reset()
	}

	tr, err := mlp.NewTrainer(net, X, y, mlp.TrainConfig{Optimizer: mlp.Adam, LearningRate: lr, BatchSize: len(X)}, rng)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}

	for l, layer := range net.Layers() {
		for k, ours := range [][]float64{layer.W.RawMatrix().Data, layer.B} {
			name := [...]string{"W", "b"}[k]
			theirs, err := gradcheck.Float64s(gn.learnables[2*l+k].Value())
			if err != nil {
				t.Fatalf("%s%d: %v", name, l+1, err)
			}
			for i := range ours {
				if !closeRel(ours[i], theirs[i]) {
					t.Errorf("%s%d[%d] after %d Adam steps = %.17g, gorgonia %.17g", name, l+1, i, steps, ours[i], theirs[i])
				}
			}
		}
	}
}

// stepNetwork returns the network of the step benchmarks, a 2-16-2 ReLU MLP,
// and one batch of 32 rows of two moons (noise 0.1).
func stepNetwork(b *testing.B) (*mlp.Network, [][]float64, []int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 0))
	data := datasets.Moons(32, 0.1, rng)
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2, Activation: mlp.ReLU}, rng)
	if err != nil {
		b.Fatal(err)
	}
	return net, data.X, data.Y
}

// BenchmarkStepBatch32Gonum times one training step (forward, backward,
// Adam update) of our implementation on a batch of 32 rows. The Trainer
// holds exactly those 32 rows with batch size 32, so every Step is one full
// batch and nothing is shuffled.
func BenchmarkStepBatch32Gonum(b *testing.B) {
	net, X, y := stepNetwork(b)
	tr, err := mlp.NewTrainer(net, X, y, mlp.TrainConfig{Optimizer: mlp.Adam, LearningRate: 0.01, BatchSize: 32}, rand.New(rand.NewPCG(2, 0)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStepBatch32Gorgonia times the same step on gorgonia: the graph
// and its gradient are built once, then each step runs the tape machine,
// lets the Adam solver update the weights and resets the machine.
func BenchmarkStepBatch32Gorgonia(b *testing.B) {
	net, X, y := stepNetwork(b)
	gn, err := buildGorgonia(net.Layers(), mlp.ReLU, X, y, 2)
	if err != nil {
		b.Fatal(err)
	}
	vm := G.NewTapeMachine(gn.g, G.BindDualValues(gn.learnables...))
	defer vm.Close()
	solver := G.NewAdamSolver(G.WithLearnRate(0.01))
	model := G.NodesToValueGrads(gn.learnables)
	b.ReportAllocs()
	for b.Loop() {
		if err := gradcheck.Run(vm); err != nil {
			b.Fatal(err)
		}
		if err := solver.Step(model); err != nil {
			b.Fatal(err)
		}
		vm.Reset()
	}
}

// TestGorgoniaBenchmarkLearns makes sure the gorgonia benchmark's loop
// really trains (so that its timing is of real steps): the loss over the
// batch must fall over 200 steps, as ours does.
func TestGorgoniaBenchmarkLearns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	data := datasets.Moons(32, 0.1, rng)
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	gn, err := buildGorgonia(net.Layers(), mlp.ReLU, data.X, data.Y, 2)
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(gn.g, G.BindDualValues(gn.learnables...))
	defer vm.Close()
	solver := G.NewAdamSolver(G.WithLearnRate(0.01))
	var first, last float64
	for i := range 200 {
		if err := gradcheck.Run(vm); err != nil {
			t.Fatal(err)
		}
		c, err := gradcheck.Float64s(gn.cost.Value())
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = c[0]
		}
		last = c[0]
		if err := solver.Step(G.NodesToValueGrads(gn.learnables)); err != nil {
			t.Fatal(err)
		}
		vm.Reset()
	}
	ours, err := mlp.NewTrainer(net, data.X, data.Y, mlp.TrainConfig{BatchSize: 32}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var oursLast float64
	for range 200 {
		if oursLast, err = ours.Epoch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("gorgonia loss %.4f → %.4f; ours → %.4f", first, last, oursLast)
	if !(last < first/2) {
		t.Errorf("gorgonia's loss went from %v to %v in 200 steps, want below half", first, last)
	}
	if !closeRel(last, oursLast) && math.Abs(last-oursLast) > 1e-6 {
		t.Errorf("after 200 identical Adam steps: gorgonia loss %v, ours %v", last, oursLast)
	}
}

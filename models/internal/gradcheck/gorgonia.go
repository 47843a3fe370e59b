package gradcheck

import (
	"fmt"
	"slices"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mu serialises building gorgonia graphs: G.Grad races when graphs are
// built in several goroutines at once (package-level constant nodes cache
// their hash lazily; see DEPENDENCIES.md), and tests may run in parallel.
var mu sync.Mutex

// Build makes a new graph and calls build on it while holding the one
// mutex of this package, so that no two graphs are built at once. A panic
// inside build (gorgonia panics on some shape mistakes) becomes an error.
// Whatever build does runs under the mutex, so a caller that also runs its
// machine inside build serialises the run too.
func Build(build func(g *G.ExprGraph) error) (g *G.ExprGraph, err error) {
	mu.Lock()
	defer mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("gradcheck: gorgonia panicked while building the graph: %v", r)
		}
	}()
	g = G.NewGraph()
	if err := build(g); err != nil {
		return nil, err
	}
	return g, nil
}

// Run executes vm.RunAll, turning a gorgonia panic into an error.
func Run(vm G.VM) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gradcheck: gorgonia panicked while running: %v", r)
		}
	}()
	return vm.RunAll()
}

// Float64s returns the numbers of a float64 value: its backing slice (not
// a copy) or a scalar as a slice of one.
func Float64s(v G.Value) ([]float64, error) {
	if v == nil {
		return nil, errNoValue
	}
	switch d := v.Data().(type) {
	case []float64:
		return d, nil
	case float64:
		return []float64{d}, nil
	}
	return nil, fmt.Errorf("gradcheck: value of type %T, want float64 data", v.Data())
}

// Value returns a float64 tensor of the given shape holding a copy of
// data, to pass to a node with G.WithValue (never gorgonia's clock-seeded
// initialisers). tensor.New panics when len(data) is not the product of
// shape; call it inside Build.
func Value(data []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(slices.Clone(data)))
}

// Node returns a named float64 node of the given shape in g holding a copy
// of data: a vector for one dimension, a matrix for two, a tensor beyond.
func Node(g *G.ExprGraph, name string, data []float64, shape ...int) *G.Node {
	opts := []G.NodeConsOpt{G.WithShape(shape...), G.WithName(name), G.WithValue(Value(data, shape...))}
	switch len(shape) {
	case 1:
		return G.NewVector(g, tensor.Float64, opts...)
	case 2:
		return G.NewMatrix(g, tensor.Float64, opts...)
	}
	return G.NewTensor(g, tensor.Float64, len(shape), opts...)
}

// Affine returns x·w + b, with the vector b added to every row of x·w.
func Affine(x, w, b *G.Node) (*G.Node, error) {
	z, err := G.Mul(x, w)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: x·W: %w", err)
	}
	// Broadcast b along axis 0 (the rows).
	if z, err = G.BroadcastAdd(z, b, nil, []byte{0}); err != nil {
		return nil, fmt.Errorf("gradcheck: +b: %w", err)
	}
	return z, nil
}

// CrossEntropy returns the mean softmax cross-entropy, in nats,
// −(1/rows)·Σ_i Σ_k onehot_ik · logsoftmax(logits)_ik, of the rows×classes
// logits against the one-hot targets of the same shape.
func CrossEntropy(logits, onehot *G.Node, rows int) (*G.Node, error) {
	logp, err := G.LogSoftMax(logits)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: log-softmax: %w", err)
	}
	picked, err := G.HadamardProd(logp, onehot)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: pick the true classes: %w", err)
	}
	total, err := G.Sum(picked)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: sum: %w", err)
	}
	mean, err := G.HadamardDiv(total, G.NewConstant(float64(rows)))
	if err != nil {
		return nil, fmt.Errorf("gradcheck: mean: %w", err)
	}
	cost, err := G.Neg(mean)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: negate: %w", err)
	}
	return cost, nil
}

package mlp_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/models/mlp"
)

// duplicated returns the rows of X (and their labels or targets) with row
// i repeated counts[i] times.
func duplicated[T any](X [][]float64, y []T, counts []int) ([][]float64, []T) {
	var dx [][]float64
	var dy []T
	for i, c := range counts {
		for range c {
			dx = append(dx, X[i])
			dy = append(dy, y[i])
		}
	}
	return dx, dy
}

// layerDiff returns the largest difference between two networks' weights
// and biases.
func layerDiff(a, b []mlp.Layer) float64 {
	var worst float64
	for l := range a {
		r, c := a[l].W.Dims()
		for i := range r {
			for j := range c {
				worst = math.Max(worst, math.Abs(a[l].W.At(i, j)-b[l].W.At(i, j)))
			}
		}
		for j := range a[l].B {
			worst = math.Max(worst, math.Abs(a[l].B[j]-b[l].B[j]))
		}
	}
	return worst
}

// TestWeightsAreDuplicatedRows checks the promise of NewWeightedTrainer:
// trained in one full batch, a network with whole-number weights takes the
// same steps as one trained without weights on the rows repeated that many
// times (a weight of 0 drops the row).
func TestWeightsAreDuplicatedRows(t *testing.T) {
	counts := []int{1, 3, 0, 2, 1, 1, 4, 2, 1, 1, 2, 3}
	weights := make([]float64, len(counts))
	for i, c := range counts {
		weights[i] = float64(c)
	}
	for _, opt := range []mlp.Optimizer{mlp.SGD, mlp.Adam} {
		for _, hidden := range [][]int{nil, {6}} {
			rng := rand.New(rand.NewPCG(7, 0))
			cfg := mlp.Config{Inputs: 3, Hidden: hidden, Classes: 3, Activation: mlp.Tanh}
			a, X, y := randomProblem(t, rng, cfg, len(counts))
			b, err := mlp.New(cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.SetLayers(a.Layers()); err != nil {
				t.Fatal(err)
			}
			dx, dy := duplicated(X, y, counts)
			tc := mlp.TrainConfig{Optimizer: opt, LearningRate: 0.1, BatchSize: 1000}
			ta, err := mlp.NewWeightedTrainer(a, X, y, weights, tc, rand.New(rand.NewPCG(1, 0)))
			if err != nil {
				t.Fatal(err)
			}
			tb, err := mlp.NewTrainer(b, dx, dy, tc, rand.New(rand.NewPCG(1, 0)))
			if err != nil {
				t.Fatal(err)
			}
			for e := range 5 {
				la, err := ta.Epoch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				lb, err := tb.Epoch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				// Sums taken in another order differ in the last bits only.
				if math.Abs(la-lb) > 1e-12 {
					t.Errorf("%v %v epoch %d: weighted loss %v, duplicated rows %v", opt, hidden, e+1, la, lb)
				}
			}
			if d := layerDiff(a.Layers(), b.Layers()); d > 1e-10 {
				t.Errorf("%v %v: weights differ by %g after 5 epochs, want the same", opt, hidden, d)
			}
		}
	}
}

// TestEqualWeightsChangeNothing checks that weights all alike, whatever
// their size, give exactly the unweighted training, batch by batch.
func TestEqualWeightsChangeNothing(t *testing.T) {
	xTrain, yTrain, _, _ := moons(3)
	xTrain, yTrain = xTrain[:100], yTrain[:100]
	weights := make([]float64, len(xTrain))
	for i := range weights {
		weights[i] = 2.5
	}
	run := func(w []float64) []mlp.Layer {
		rng := rand.New(rand.NewPCG(4, 0))
		net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{8}, Classes: 2}, rng)
		if err != nil {
			t.Fatal(err)
		}
		var tr *mlp.Trainer
		if w == nil {
			tr, err = mlp.NewTrainer(net, xTrain, yTrain, mlp.TrainConfig{BatchSize: 16}, rng)
		} else {
			tr, err = mlp.NewWeightedTrainer(net, xTrain, yTrain, w, mlp.TrainConfig{BatchSize: 16}, rng)
		}
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := tr.Epoch(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		return net.Layers()
	}
	if d := layerDiff(run(nil), run(weights)); d != 0 {
		t.Errorf("equal weights moved the network %g away from unweighted training, want 0", d)
	}
}

func TestRegressionWeightsAreDuplicatedRows(t *testing.T) {
	counts := []int{2, 1, 1, 3, 0, 1, 2, 1, 1, 2}
	weights := make([]float64, len(counts))
	for i, c := range counts {
		weights[i] = float64(c)
	}
	rng := rand.New(rand.NewPCG(8, 0))
	cfg := mlp.RegressorConfig{Inputs: 2, Hidden: []int{5}, Activation: mlp.Tanh}
	a, X, y := randomRegression(t, rng, cfg, len(counts))
	b, err := mlp.NewRegressor(cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetLayers(a.Layers()); err != nil {
		t.Fatal(err)
	}
	// A first trainer on the plain rows gives b a's target scale, which
	// later trainers keep.
	if _, err := mlp.NewRegressionTrainer(b, X, y, mlp.TrainConfig{}, rng); err != nil {
		t.Fatal(err)
	}
	dx, dy := duplicated(X, y, counts)
	tc := mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 0.05, BatchSize: 1000}
	ta, err := mlp.NewWeightedRegressionTrainer(a, X, y, weights, tc, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := mlp.NewRegressionTrainer(b, dx, dy, tc, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		la, err := ta.Epoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		lb, err := tb.Epoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(la-lb) > 1e-12 {
			t.Errorf("weighted loss %v, duplicated rows %v", la, lb)
		}
	}
	if d := layerDiff(a.Layers(), b.Layers()); d > 1e-10 {
		t.Errorf("weights differ by %g after 5 epochs, want the same", d)
	}
}

func TestWeightValidation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	net, X, y := randomProblem(t, rng, mlp.Config{Inputs: 2, Classes: 2}, 3)
	reg, RX, Ry := randomRegression(t, rng, mlp.RegressorConfig{Inputs: 2}, 3)
	tests := []struct {
		name string
		w    []float64
		want string
	}{
		{"too few", []float64{1, 1}, "2 weights for 3 rows"},
		{"negative", []float64{1, -1, 1}, "weight of row 1 is -1"},
		{"NaN", []float64{1, 1, math.NaN()}, "weight of row 2 is NaN"},
		{"infinite", []float64{math.Inf(1), 1, 1}, "weight of row 0 is +Inf"},
		{"all zero", []float64{0, 0, 0}, "add up to 0"},
		{"overflowing sum", []float64{math.MaxFloat64, math.MaxFloat64, 1}, "add up to +Inf"},
	}
	for _, tt := range tests {
		_, err := mlp.NewWeightedTrainer(net, X, y, tt.w, mlp.TrainConfig{}, rng)
		checkErr(t, err, tt.want)
		_, err = mlp.NewWeightedRegressionTrainer(reg, RX, Ry, tt.w, mlp.TrainConfig{}, rng)
		checkErr(t, err, tt.want)
	}
}

func TestWeightedEpochDoesNotAllocate(t *testing.T) {
	xTrain, yTrain, _, _ := moons(1)
	w := make([]float64, len(xTrain))
	for i := range w {
		w[i] = float64(1 + i%3)
	}
	rng := rand.New(rand.NewPCG(1, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.NewWeightedTrainer(net, xTrain, yTrain, w, mlp.TrainConfig{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var epochErr error
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := tr.Epoch(context.Background()); err != nil {
			epochErr = err
		}
	})
	if epochErr != nil {
		t.Fatal(epochErr)
	}
	if allocs != 0 {
		t.Errorf("%v allocations per weighted epoch, want 0", allocs)
	}
}

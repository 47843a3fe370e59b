package mlp_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// split returns the first train rows of t as the training set and the rest
// as the test set. The generators draw every row independently, so the
// first rows are as random a sample as any.
func split(t *datasets.Table, train int) (xTrain [][]float64, yTrain []int, xTest [][]float64, yTest []int) {
	return t.X[:train], t.Y[:train], t.X[train:], t.Y[train:]
}

// moons returns the two-moons task of the brief: 1,000 points with noise
// 0.1, split 70/30.
func moons(seed uint64) (xTrain [][]float64, yTrain []int, xTest [][]float64, yTest []int) {
	return split(datasets.Moons(1000, 0.1, rand.New(rand.NewPCG(seed, 0))), 700)
}

func TestMoonsReaches95Percent(t *testing.T) {
	xTrain, yTrain, xTest, yTest := moons(1)
	rng := rand.New(rand.NewPCG(2, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2, Activation: mlp.ReLU}, rng)
	if err != nil {
		t.Fatal(err)
	}
	first := 0
	err = mlp.Train(context.Background(), net, xTrain, yTrain, 200, mlp.TrainConfig{}, rng, func(epoch int, loss float64) {
		if first == 0 && net.Accuracy(xTest, yTest) >= 0.95 {
			first = epoch
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	acc := net.Accuracy(xTest, yTest)
	t.Logf("test accuracy after 200 epochs %.3f; first reached 95%% at epoch %d", acc, first)
	if acc < 0.95 {
		t.Errorf("test accuracy %.3f after 200 epochs, want at least 0.95", acc)
	}
}

// TestLogistic checks the model with no hidden layer: softmax regression
// draws one straight boundary, which separates two blobs but cannot
// separate XOR, whose classes sit in opposite corners.
func TestLogistic(t *testing.T) {
	tests := []struct {
		name     string
		data     *datasets.Table
		min, max float64 // bounds on test accuracy
	}{
		{"blobs are separable", datasets.Blobs(400, 0.1, rand.New(rand.NewPCG(3, 0))), 0.95, 1},
		// A straight line through the square can be right on at most about
		// three quadrants' worth of XOR; in practice it stays near 50%.
		{"xor is not", datasets.XOR(400, 0.1, rand.New(rand.NewPCG(4, 0))), 0, 0.70},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xTrain, yTrain, xTest, yTest := split(tc.data, 280)
			rng := rand.New(rand.NewPCG(5, 0))
			net, err := mlp.New(mlp.Config{Inputs: 2, Classes: 2}, rng)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := net.NumParams(), 2*2+2; got != want {
				t.Errorf("NumParams = %d, want %d", got, want)
			}
			if err := mlp.Train(context.Background(), net, xTrain, yTrain, 100, mlp.TrainConfig{}, rng, nil); err != nil {
				t.Fatal(err)
			}
			acc := net.Accuracy(xTest, yTest)
			t.Logf("test accuracy %.3f", acc)
			if acc < tc.min || acc > tc.max {
				t.Errorf("test accuracy %.3f, want between %.2f and %.2f", acc, tc.min, tc.max)
			}
		})
	}
}

// lossSequence trains a small network from the given seed and returns the
// loss of every epoch.
func lossSequence(t *testing.T, seed uint64, opt mlp.Optimizer) []float64 {
	t.Helper()
	xTrain, yTrain, _, _ := moons(7)
	rng := rand.New(rand.NewPCG(seed, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{8, 8}, Classes: 2, Activation: mlp.Tanh}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	err = mlp.Train(context.Background(), net, xTrain, yTrain, 10, mlp.TrainConfig{Optimizer: opt, BatchSize: 50}, rng,
		func(_ int, loss float64) { losses = append(losses, loss) })
	if err != nil {
		t.Fatal(err)
	}
	return losses
}

func TestDeterminism(t *testing.T) {
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		t.Run(opt.String(), func(t *testing.T) {
			a, b, c := lossSequence(t, 1, opt), lossSequence(t, 1, opt), lossSequence(t, 2, opt)
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
					t.Fatalf("seed 1 twice: epoch %d loss %v then %v, want identical", i+1, a[i], b[i])
				}
			}
			same := true
			for i := range a {
				same = same && a[i] == c[i]
			}
			if same {
				t.Errorf("seeds 1 and 2 gave the same losses %v", a)
			}
		})
	}
}

// TestGradientsFiniteDifference compares LossAndGradients with central
// differences: ∂L/∂θ ≈ (L(θ+h) − L(θ−h)) / 2h, whose error is O(h²)
// (about 1e-10 here) plus rounding of order ε·L/h (about 1e-11 for
// ε = 2.2e-16 and h = 1e-5). The relative error
// |numeric − analytic| / max(|numeric| + |analytic|, 1e-7) must stay below
// 1e-6, the tolerance of the usual gradient check (Stanford CS231n notes);
// the 1e-7 floor keeps gradients that are 0 up to rounding from failing on
// noise alone.
func TestGradientsFiniteDifference(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	for _, act := range []mlp.Activation{mlp.ReLU, mlp.Tanh, mlp.Sigmoid} {
		for _, hidden := range [][]int{nil, {4}, {4, 3}} {
			t.Run(act.String()+layersName(hidden), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(11, uint64(len(hidden))))
				net, X, y := randomProblem(t, rng, mlp.Config{Inputs: 3, Hidden: hidden, Classes: 3, Activation: act}, 6)
				_, grads, err := net.LossAndGradients(X, y)
				if err != nil {
					t.Fatal(err)
				}
				checkLayerGradients(t, net.Layers(), grads, h, tol, func(layers []mlp.Layer) float64 {
					t.Helper()
					if err := net.SetLayers(layers); err != nil {
						t.Fatal(err)
					}
					loss, _, err := net.LossAndGradients(X, y)
					if err != nil {
						t.Fatal(err)
					}
					return loss
				})
			})
		}
	}
}

// checkLayerGradients compares every backprop gradient in grads with the
// central difference of lossAt (which loads the layers it is given, then
// returns the loss) at each weight and bias of layers, nudged by ±h, and
// reports a relative error (floor 1e-7) above tol.
func checkLayerGradients(t *testing.T, layers, grads []mlp.Layer, h, tol float64, lossAt func([]mlp.Layer) float64) {
	t.Helper()
	loss := func() float64 { return lossAt(layers) }
	for l, layer := range layers {
		raw := layer.W.RawMatrix()
		for i := range raw.Rows {
			for j := range raw.Cols {
				checkClose(t, "W", l, i, j, gradcheck.Nudge(&raw.Data[i*raw.Stride+j], h, loss), grads[l].W.At(i, j), tol)
			}
		}
		for j := range layer.B {
			checkClose(t, "b", l, 0, j, gradcheck.Nudge(&layer.B[j], h, loss), grads[l].B[j], tol)
		}
	}
}

func checkClose(t *testing.T, what string, l, i, j int, numeric, analytic, tol float64) {
	t.Helper()
	if rel := gradcheck.RelError(numeric, analytic, 1e-7); rel > tol {
		t.Errorf("layer %d %s(%d,%d): finite difference %.10g, backprop %.10g (relative error %.2g)", l+1, what, i, j, numeric, analytic, rel)
	}
}

func layersName(hidden []int) string {
	if len(hidden) == 0 {
		return "/no-hidden"
	}
	var b strings.Builder
	for _, h := range hidden {
		fmt.Fprintf(&b, "/%d", h)
	}
	return b.String()
}

// randomProblem returns a network of the given shape with random weights
// and biases (biases are 0 after New; random ones exercise their gradient),
// and rows of random inputs and labels.
func randomProblem(t *testing.T, rng *rand.Rand, cfg mlp.Config, rows int) (*mlp.Network, [][]float64, []int) {
	t.Helper()
	net, err := mlp.New(cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	layers := net.Layers()
	for _, layer := range layers {
		for j := range layer.B {
			layer.B[j] = rng.NormFloat64()
		}
	}
	if err := net.SetLayers(layers); err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, rows)
	y := make([]int, rows)
	for i := range X {
		X[i] = make([]float64, cfg.Inputs)
		for j := range X[i] {
			X[i][j] = rng.NormFloat64()
		}
		y[i] = rng.IntN(cfg.Classes)
	}
	return net, X, y
}

// countdownContext is a context whose Err starts reporting cancellation
// after a given number of calls: a deterministic way to cancel in the
// middle of an epoch.
type countdownContext struct {
	context.Context
	left, calls int
}

func (c *countdownContext) Err() error {
	c.calls++
	if c.left == 0 {
		return context.Canceled
	}
	c.left--
	return nil
}

func TestCancellation(t *testing.T) {
	xTrain, yTrain, _, _ := moons(1)
	rng := rand.New(rand.NewPCG(1, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.NewTrainer(net, xTrain, yTrain, mlp.TrainConfig{BatchSize: 10}, rng)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("already cancelled", func(t *testing.T) {
		before := net.Layers()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		loss, err := tr.Epoch(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Epoch on a cancelled context: error %v, want one wrapping context.Canceled", err)
		}
		if loss != 0 {
			t.Errorf("loss %v with the error, want 0", loss)
		}
		if !mat.Equal(before[0].W, net.Layers()[0].W) {
			t.Error("a cancelled epoch changed the weights before its first step")
		}
	})

	t.Run("cancelled mid-epoch", func(t *testing.T) {
		ctx := &countdownContext{Context: context.Background(), left: 5}
		_, err := tr.Epoch(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want one wrapping context.Canceled", err)
		}
		// 70 batches of 10; it must stop at the first check that sees the
		// cancellation, after 5 steps.
		if ctx.calls != 6 {
			t.Errorf("ctx.Err called %d times, want 6 (stop at the first check after cancelling)", ctx.calls)
		}
		if !strings.Contains(err.Error(), "after 50 of 700 rows") {
			t.Errorf("error %q does not say how far the epoch got (50 of 700 rows)", err)
		}
	})

	t.Run("trains on afterwards", func(t *testing.T) {
		loss, err := tr.Epoch(context.Background())
		if err != nil || !(loss > 0) {
			t.Errorf("Epoch after cancellation = %v, %v; want a positive loss and no error", loss, err)
		}
	})
}

// TestDivergence trains ReLU networks with absurd learning rates. (Tanh and
// sigmoid saturate and softmax regression's gradient is bounded, so with
// them a huge rate gives a huge but finite loss, which is not divergence.)
func TestDivergence(t *testing.T) {
	tests := []struct {
		name string
		cfg  mlp.Config
		tc   mlp.TrainConfig
	}{
		{"relu sgd 1e6", mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2}, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 1e6}},
		{"relu adam 1e200", mlp.Config{Inputs: 2, Hidden: []int{16, 16}, Classes: 2}, mlp.TrainConfig{LearningRate: 1e200}},
	}
	xTrain, yTrain, _, _ := moons(1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 0))
			net, err := mlp.New(tc.cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			var losses []float64
			err = mlp.Train(context.Background(), net, xTrain, yTrain, 50, tc.tc, rng, func(_ int, loss float64) {
				losses = append(losses, loss)
			})
			var de *mlp.DivergedError
			if !errors.As(err, &de) {
				t.Fatalf("Train returned %v, want a *DivergedError (epoch losses %v)", err, losses)
			}
			t.Log(err)
			if de.LearningRate != tc.tc.LearningRate || de.Epoch != len(losses)+1 {
				t.Errorf("DivergedError %+v, want learning rate %g and epoch %d", de, tc.tc.LearningRate, len(losses)+1)
			}
			if !strings.Contains(err.Error(), "learning rate") || !strings.HasPrefix(err.Error(), "mlp: ") {
				t.Errorf("error %q should start with mlp: and mention the learning rate", err)
			}
			for _, l := range losses {
				if math.IsNaN(l) || math.IsInf(l, 0) {
					t.Errorf("progress was given a non-finite loss %v", l)
				}
			}
			// The network keeps its last finite weights, so it still predicts.
			for _, layer := range net.Layers() {
				for _, v := range append(layer.W.RawMatrix().Data, layer.B...) {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("a weight is %v after divergence", v)
					}
				}
			}
		})
	}
}

func TestDivergedTrainerStaysStopped(t *testing.T) {
	xTrain, yTrain, _, _ := moons(1)
	rng := rand.New(rand.NewPCG(1, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.NewTrainer(net, xTrain, yTrain, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 1e6}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var first error
	for range 50 {
		if _, first = tr.Epoch(context.Background()); first != nil {
			break
		}
	}
	if first == nil {
		t.Fatal("no divergence in 50 epochs at learning rate 1e6")
	}
	if _, err := tr.Step(); err != first {
		t.Errorf("Step after divergence returned %v, want the same error %v", err, first)
	}
	if _, err := tr.Epoch(context.Background()); err != first {
		t.Errorf("Epoch after divergence returned %v, want the same error %v", err, first)
	}
}

func TestDivergedErrorMessage(t *testing.T) {
	tests := []struct {
		err  mlp.DivergedError
		want string
	}{
		{mlp.DivergedError{Epoch: 3, LearningRate: 50, Loss: math.Inf(1), Optimizer: mlp.Adam},
			"mlp: the loss became infinite at epoch 3 — the learning rate 50 is too large; try 0.01 or smaller"},
		{mlp.DivergedError{Epoch: 1, LearningRate: 0.5, Loss: math.NaN(), Optimizer: mlp.SGD},
			"mlp: the loss became NaN (not a number) at epoch 1 — the learning rate 0.5 is too large; try 0.05 or smaller"},
		{mlp.DivergedError{Epoch: 7, LearningRate: 1e6, Loss: 12, Optimizer: mlp.SGD},
			"mlp: the weights became infinite at epoch 7 — the learning rate 1e+06 is too large; try 0.1 or smaller"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestEpochDoesNotAllocate(t *testing.T) {
	xTrain, yTrain, _, _ := moons(1)
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		for _, hidden := range [][]int{nil, {16}, {16, 8}} {
			rng := rand.New(rand.NewPCG(1, 0))
			net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: hidden, Classes: 2}, rng)
			if err != nil {
				t.Fatal(err)
			}
			// 700 rows in batches of 32 leave a last batch of 28, so both
			// workspaces are used.
			tr, err := mlp.NewTrainer(net, xTrain, yTrain, mlp.TrainConfig{Optimizer: opt}, rng)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			var epochErr error
			allocs := testing.AllocsPerRun(5, func() {
				if _, err := tr.Epoch(ctx); err != nil {
					epochErr = err
				}
			})
			cancel()
			if epochErr != nil {
				t.Fatal(epochErr)
			}
			if allocs != 0 {
				t.Errorf("%v, hidden %v: %v allocations per epoch, want 0", opt, hidden, allocs)
			}
		}
	}
}

func TestStep(t *testing.T) {
	// 10 rows in batches of 4: steps of 4, 4, 2 rows, then a new epoch.
	data := datasets.Blobs(10, 0, rand.New(rand.NewPCG(1, 0)))
	rng := rand.New(rand.NewPCG(2, 0))
	net, err := mlp.New(mlp.Config{Inputs: 2, Classes: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.NewTrainer(net, data.X, data.Y, mlp.TrainConfig{BatchSize: 4}, rng)
	if err != nil {
		t.Fatal(err)
	}
	before, _, err := net.LossAndGradients(data.X, data.Y)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, err := tr.Step(); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
	}
	after, _, err := net.LossAndGradients(data.X, data.Y)
	if err != nil {
		t.Fatal(err)
	}
	if !(after < before) {
		t.Errorf("loss %v after 30 steps, was %v: want lower", after, before)
	}
}

// TestFullBatchMatchesLossAndGradients checks that with one batch holding
// every row, an epoch's loss is the loss LossAndGradients reports, and one
// SGD step moves each parameter by exactly −η·gradient.
func TestFullBatchMatchesLossAndGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	net, X, y := randomProblem(t, rng, mlp.Config{Inputs: 3, Hidden: []int{5}, Classes: 4, Activation: mlp.Sigmoid}, 20)
	loss, grads, err := net.LossAndGradients(X, y)
	if err != nil {
		t.Fatal(err)
	}
	before := net.Layers()
	const lr = 0.5
	tr, err := mlp.NewTrainer(net, X, y, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: lr, BatchSize: 1000}, rng)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tr.Epoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != loss {
		t.Errorf("epoch loss %v, LossAndGradients %v: want equal", got, loss)
	}
	after := net.Layers()
	for l := range after {
		for j, b := range after[l].B {
			if want := before[l].B[j] - lr*grads[l].B[j]; b != want {
				t.Errorf("layer %d bias %d = %v after the step, want %v", l+1, j, b, want)
			}
		}
		var want mat.Dense
		want.Scale(-lr, grads[l].W)
		want.Add(before[l].W, &want)
		if !mat.EqualApprox(&want, after[l].W, 1e-15) {
			t.Errorf("layer %d weights after the step differ from W − η·∂L/∂W", l+1)
		}
	}
}

func TestProbabilities(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 0))
	net, X, _ := randomProblem(t, rng, mlp.Config{Inputs: 3, Hidden: []int{6}, Classes: 4, Activation: mlp.Tanh}, 25)
	probs := net.Probabilities(X)
	pred := net.Predict(X)
	if len(probs) != len(X) || len(pred) != len(X) {
		t.Fatalf("%d probability rows and %d predictions for %d rows", len(probs), len(pred), len(X))
	}
	for i, p := range probs {
		var sum float64
		best := 0
		for k, v := range p {
			if !(v >= 0 && v <= 1) {
				t.Errorf("row %d class %d probability %v, want in [0, 1]", i, k, v)
			}
			sum += v
			if v > p[best] {
				best = k
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("row %d probabilities sum to %v, want 1", i, sum)
		}
		if pred[i] != best {
			t.Errorf("row %d: Predict %d, most probable class %d", i, pred[i], best)
		}
	}
	// Rows one at a time give what the batch gives (to rounding: the
	// matrix product may add in a different order).
	for i := range 5 {
		one := net.Probabilities(X[i : i+1])[0]
		for k := range one {
			if math.Abs(one[k]-probs[i][k]) > 1e-12 {
				t.Errorf("row %d alone: %v, in the batch: %v", i, one, probs[i])
			}
		}
	}
	// Huge logits must not overflow into NaN.
	big := [][]float64{{1e6, -1e6, 1e6}}
	for _, v := range net.Probabilities(big)[0] {
		if math.IsNaN(v) {
			t.Errorf("probabilities of %v contain NaN", big)
		}
	}
	if got := net.Probabilities([][]float64{{1, 2}}); got != nil {
		t.Errorf("Probabilities of a 2-value row for a 3-input network = %v, want nil", got)
	}
	if got := net.Predict([][]float64{{1, 2, 3, 4}}); got != nil {
		t.Errorf("Predict of a 4-value row for a 3-input network = %v, want nil", got)
	}
	if got := net.Probabilities(nil); got == nil || len(got) != 0 {
		t.Errorf("Probabilities(nil) = %#v, want an empty slice", got)
	}
	for _, tc := range []struct {
		name string
		X    [][]float64
		y    []int
	}{{"empty", nil, nil}, {"length mismatch", X, []int{1}}, {"wrong width", [][]float64{{1}}, []int{0}}} {
		if acc := net.Accuracy(tc.X, tc.y); !math.IsNaN(acc) {
			t.Errorf("Accuracy with %s = %v, want NaN", tc.name, acc)
		}
	}
}

// TestStableLoss checks that a confidently wrong network has a large,
// finite loss: computing log(softmax) naively would give log(0) = −Inf.
func TestStableLoss(t *testing.T) {
	net, err := mlp.New(mlp.Config{Inputs: 1, Classes: 2}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	// Logits (1000·x, −1000·x): for x = 1, class 0 is favoured by 2000.
	w := mat.NewDense(1, 2, []float64{1000, -1000})
	if err := net.SetLayers([]mlp.Layer{{W: w, B: []float64{0, 0}}}); err != nil {
		t.Fatal(err)
	}
	loss, grads, err := net.LossAndGradients([][]float64{{1}}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	// −log p_1 = log(e^1000 + e^−1000) + 1000 = 2000 (+ e^−2000, far below rounding).
	if loss != 2000 {
		t.Errorf("loss %v, want 2000", loss)
	}
	// ∂L/∂z = p − onehot = (1, −1); ∂L/∂W = x·(1, −1).
	if g := grads[0].W.RawMatrix().Data; g[0] != 1 || g[1] != -1 {
		t.Errorf("weight gradient %v, want [1 -1]", g)
	}
}

func TestValidation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	newTests := []struct {
		name string
		cfg  mlp.Config
		want string
	}{
		{"no inputs", mlp.Config{Classes: 2}, "inputs must be at least 1"},
		{"one class", mlp.Config{Inputs: 2, Classes: 1}, "classes must be at least 2"},
		{"empty hidden layer", mlp.Config{Inputs: 2, Hidden: []int{4, 0}, Classes: 2}, "hidden layer 2 must have at least 1 unit"},
		{"unknown activation", mlp.Config{Inputs: 2, Classes: 2, Activation: 7}, "unknown activation"},
		{"too many parameters", mlp.Config{Inputs: 2, Hidden: []int{1 << 20, 1 << 20}, Classes: 2}, "more than the limit"},
	}
	for _, tc := range newTests {
		t.Run("New/"+tc.name, func(t *testing.T) {
			_, err := mlp.New(tc.cfg, rng)
			checkErr(t, err, tc.want)
		})
	}
	if _, err := mlp.New(mlp.Config{Inputs: 2, Classes: 2}, nil); err == nil {
		t.Error("New with a nil rng succeeded")
	}

	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{3}, Classes: 3}, rng)
	if err != nil {
		t.Fatal(err)
	}
	good := [][]float64{{0, 1}, {1, 0}}
	dataTests := []struct {
		name string
		X    [][]float64
		y    []int
		cfg  mlp.TrainConfig
		want string
	}{
		{"empty", nil, nil, mlp.TrainConfig{}, "no rows"},
		{"label count", good, []int{0}, mlp.TrainConfig{}, "2 rows but 1 labels"},
		{"ragged", [][]float64{{0, 1}, {1}}, []int{0, 1}, mlp.TrainConfig{}, "row 1 has 1 values, want 2"},
		{"NaN", [][]float64{{0, 1}, {math.NaN(), 0}}, []int{0, 1}, mlp.TrainConfig{}, "row 1, column 0 is NaN"},
		{"Inf", [][]float64{{0, math.Inf(-1)}, {1, 0}}, []int{0, 1}, mlp.TrainConfig{}, "row 0, column 1 is -Inf"},
		{"label too big", good, []int{0, 3}, mlp.TrainConfig{}, "row 1 has label 3, want 0..2"},
		{"negative label", good, []int{-1, 0}, mlp.TrainConfig{}, "row 0 has label -1"},
		{"negative learning rate", good, []int{0, 1}, mlp.TrainConfig{LearningRate: -1}, "learning rate must be a positive number"},
		{"NaN learning rate", good, []int{0, 1}, mlp.TrainConfig{LearningRate: math.NaN()}, "learning rate must be a positive number"},
		{"negative batch", good, []int{0, 1}, mlp.TrainConfig{BatchSize: -2}, "batch size must be positive"},
		{"unknown optimizer", good, []int{0, 1}, mlp.TrainConfig{Optimizer: 9}, "unknown optimizer"},
	}
	for _, tc := range dataTests {
		t.Run("NewTrainer/"+tc.name, func(t *testing.T) {
			_, err := mlp.NewTrainer(net, tc.X, tc.y, tc.cfg, rng)
			checkErr(t, err, tc.want)
			if tc.cfg == (mlp.TrainConfig{}) {
				_, _, err := net.LossAndGradients(tc.X, tc.y)
				checkErr(t, err, tc.want)
			}
		})
	}
	if _, err := mlp.NewTrainer(net, good, []int{0, 1}, mlp.TrainConfig{}, nil); err == nil {
		t.Error("NewTrainer with a nil rng succeeded")
	}
	if _, err := mlp.NewTrainer(nil, good, []int{0, 1}, mlp.TrainConfig{}, rng); err == nil {
		t.Error("NewTrainer with a nil network succeeded")
	}
	err = mlp.Train(context.Background(), net, good, []int{0, 1}, 0, mlp.TrainConfig{}, rng, nil)
	checkErr(t, err, "epochs must be at least 1")

	layers := net.Layers()
	setTests := []struct {
		name   string
		layers []mlp.Layer
		want   string
	}{
		{"too few", layers[:1], "got 1 layers, the network has 2"},
		{"wrong shape", []mlp.Layer{{W: mat.NewDense(3, 3, nil), B: layers[0].B}, layers[1]}, "layer 1 weights are 3×3, want 2×3"},
		{"missing W", []mlp.Layer{{B: layers[0].B}, layers[1]}, "layer 1 has no weight matrix"},
		{"bias count", []mlp.Layer{layers[0], {W: layers[1].W, B: []float64{1}}}, "layer 2 has 1 biases, want 3"},
		{"NaN bias", []mlp.Layer{layers[0], {W: layers[1].W, B: []float64{0, math.NaN(), 0}}}, "layer 2 bias 1 is NaN"},
		{"Inf weight", []mlp.Layer{{W: mat.NewDense(2, 3, []float64{0, 0, 0, 0, math.Inf(1), 0}), B: layers[0].B}, layers[1]}, "layer 1 weight (1, 1) is +Inf"},
	}
	for _, tc := range setTests {
		t.Run("SetLayers/"+tc.name, func(t *testing.T) {
			checkErr(t, net.SetLayers(tc.layers), tc.want)
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !strings.HasPrefix(err.Error(), "mlp: ") || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want one starting with \"mlp: \" and containing %q", err, want)
	}
}

func TestNames(t *testing.T) {
	acts := []struct {
		a    mlp.Activation
		name string
	}{{mlp.ReLU, "relu"}, {mlp.Tanh, "tanh"}, {mlp.Sigmoid, "sigmoid"}}
	for _, tc := range acts {
		if got := tc.a.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		for _, s := range []string{tc.name, strings.ToUpper(tc.name)} {
			if got, err := mlp.ParseActivation(s); err != nil || got != tc.a {
				t.Errorf("ParseActivation(%q) = %v, %v; want %v", s, got, err, tc.a)
			}
		}
		var back mlp.Activation
		text, err := tc.a.MarshalText()
		if err != nil || back.UnmarshalText(text) != nil || back != tc.a {
			t.Errorf("text round trip of %v gave %v (%v)", tc.a, back, err)
		}
	}
	opts := []struct {
		o    mlp.Optimizer
		name string
	}{{mlp.Adam, "adam"}, {mlp.SGD, "sgd"}}
	for _, tc := range opts {
		if got := tc.o.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		if got, err := mlp.ParseOptimizer(tc.name); err != nil || got != tc.o {
			t.Errorf("ParseOptimizer(%q) = %v, %v; want %v", tc.name, got, err, tc.o)
		}
		var back mlp.Optimizer
		text, err := tc.o.MarshalText()
		if err != nil || back.UnmarshalText(text) != nil || back != tc.o {
			t.Errorf("text round trip of %v gave %v (%v)", tc.o, back, err)
		}
	}
	if _, err := mlp.ParseActivation("softplus"); err == nil {
		t.Error("ParseActivation(softplus) succeeded")
	}
	if _, err := mlp.ParseOptimizer("rmsprop"); err == nil {
		t.Error("ParseOptimizer(rmsprop) succeeded")
	}
	if _, err := mlp.Activation(5).MarshalText(); err == nil {
		t.Error("MarshalText of Activation(5) succeeded")
	}
	if var0 := (mlp.Config{}).Activation; var0 != mlp.ReLU {
		t.Errorf("zero Activation is %v, want relu", var0)
	}
}

func TestConfigIsCopied(t *testing.T) {
	hidden := []int{4, 3}
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: hidden, Classes: 2, Activation: mlp.Sigmoid}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	hidden[0] = 100
	cfg := net.Config()
	cfg.Hidden[1] = 100
	if got := net.Config(); got.Hidden[0] != 4 || got.Hidden[1] != 3 || got.Activation != mlp.Sigmoid {
		t.Errorf("Config() = %+v, want hidden [4 3], sigmoid", got)
	}
	// 2·4+4 + 4·3+3 + 3·2+2
	if got, want := net.NumParams(), 35; got != want {
		t.Errorf("NumParams = %d, want %d", got, want)
	}
	layers := net.Layers()
	layers[0].W.Set(0, 0, 42)
	if net.Layers()[0].W.At(0, 0) == 42 {
		t.Error("changing a layer from Layers() changed the network")
	}
}

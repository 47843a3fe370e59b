package cnn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// setParam sets the values of the named tensor of net.
func setParam(t *testing.T, net *cnn.Network, name string, values []float64) {
	t.Helper()
	ps := net.Params()
	for i := range ps {
		if ps[i].Name == name {
			if len(values) != len(ps[i].Values) {
				t.Fatalf("%s has %d values, got %d", name, len(ps[i].Values), len(values))
			}
			copy(ps[i].Values, values)
			if err := net.SetParams(ps); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no tensor %q", name)
}

// TestFeatureMapsByHand checks the convolution, ReLU and pooling on cases
// small enough to work out on paper.
func TestFeatureMapsByHand(t *testing.T) {
	// A 4×4 picture with a bright second row.
	line := []float64{
		0, 0, 0, 0,
		1, 1, 1, 1,
		0, 0, 0, 0,
		0, 0, 0, 0,
	}
	tests := []struct {
		name    string
		cfg     cnn.Config
		weights []float64 // conv1.weights
		bias    []float64 // conv1.bias
		picture []float64
		conv    [][]float64
		pooled  [][]float64
	}{
		{
			// Filter 1 copies the pixel under its centre and subtracts 0.5:
			// centres (1..2, 1..2) give 1−0.5 on the bright row and 0−0.5
			// (ReLU: 0) below it. Filter 2 is +2 on its middle row and −1
			// on the others: centred on the bright row it gives 3·2 = 6;
			// one row lower the bright row meets the −1s: −3, ReLU 0.
			name: "valid 3x3 on 4x4",
			cfg:  cnn.Config{Width: 4, Height: 4, Classes: 2, Filters: []int{2}, Kernel: 3},
			weights: []float64{
				0, 0, 0, 0, 1, 0, 0, 0, 0,
				-1, -1, -1, 2, 2, 2, -1, -1, -1,
			},
			bias:    []float64{-0.5, 0},
			picture: line,
			conv:    [][]float64{{0.5, 0.5, 0, 0}, {6, 6, 0, 0}},
			pooled:  [][]float64{{0.5}, {6}},
		},
		{
			// With same padding the centre-copying filter returns the
			// picture itself, and pooling keeps the largest of each 2×2
			// square.
			name:    "same 3x3 identity",
			cfg:     cnn.Config{Width: 4, Height: 4, Classes: 2, Filters: []int{1}, Kernel: 3, Padding: cnn.Same},
			weights: []float64{0, 0, 0, 0, 1, 0, 0, 0, 0},
			bias:    []float64{0},
			picture: []float64{
				0.1, 0.2, 0.3, 0.4,
				0.5, 0.6, 0.7, 0.8,
				0.9, 0.0, 0.1, 0.2,
				0.3, 0.4, 0.5, 0.6,
			},
			conv: [][]float64{{
				0.1, 0.2, 0.3, 0.4,
				0.5, 0.6, 0.7, 0.8,
				0.9, 0.0, 0.1, 0.2,
				0.3, 0.4, 0.5, 0.6,
			}},
			pooled: [][]float64{{0.6, 0.8, 0.9, 0.6}},
		},
		{
			// Same padding at the border: a filter that adds the pixel to
			// the left of its centre and the one below. At the left column
			// the left neighbour is padding (0); at the bottom row the one
			// below is.
			name:    "same padding border",
			cfg:     cnn.Config{Width: 3, Height: 2, Classes: 2, Filters: []int{1}, Kernel: 3, Padding: cnn.Same},
			weights: []float64{0, 0, 0, 1, 0, 0, 0, 1, 0},
			bias:    []float64{0},
			picture: []float64{
				1, 2, 3,
				4, 5, 6,
			},
			// Top row: left + below = 0+4, 1+5, 2+6; bottom row: left only.
			conv:   [][]float64{{4, 6, 8, 0, 4, 5}},
			pooled: [][]float64{{6}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Pixels above 1 are refused, so scale the picture to [0, 1]
			// and the expected maps with it (the maps are linear in the
			// picture when the biases are 0).
			scale := 1.0
			for _, v := range tc.picture {
				scale = max(scale, v)
			}
			picture := make([]float64, len(tc.picture))
			for i, v := range tc.picture {
				picture[i] = v / scale
			}
			net, err := cnn.New(tc.cfg, rand.New(rand.NewPCG(1, 0)))
			if err != nil {
				t.Fatal(err)
			}
			setParam(t, net, "conv1.weights", tc.weights)
			setParam(t, net, "conv1.bias", tc.bias)
			maps, err := net.FeatureMaps(picture)
			if err != nil {
				t.Fatal(err)
			}
			if len(maps) != 1 {
				t.Fatalf("%d blocks of maps, want 1", len(maps))
			}
			for _, stage := range []struct {
				what       string
				got        [][]float64
				want       [][]float64
				gotW, gotH int
			}{
				{"conv", maps[0].Conv.Values, tc.conv, maps[0].Conv.Width, maps[0].Conv.Height},
				{"pooled", maps[0].Pooled.Values, tc.pooled, maps[0].Pooled.Width, maps[0].Pooled.Height},
			} {
				if len(stage.got) != len(stage.want) {
					t.Fatalf("%s: %d maps, want %d", stage.what, len(stage.got), len(stage.want))
				}
				for f := range stage.want {
					if len(stage.got[f]) != stage.gotW*stage.gotH {
						t.Errorf("%s map %d has %d values for %d×%d", stage.what, f, len(stage.got[f]), stage.gotW, stage.gotH)
					}
					for i, w := range stage.want[f] {
						if math.Abs(stage.got[f][i]*scale-w) > 1e-12 {
							t.Errorf("%s map %d = %v, want %v", stage.what, f, stage.got[f], stage.want[f])
							break
						}
					}
				}
			}
		})
	}
}

// TestProbabilitiesByHand sets every weight of the output layer to 0, so
// that the logits are the output biases whatever the picture.
func TestProbabilitiesByHand(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	net, X, _ := randomPictures(t, rng, cnn.Config{Width: 6, Height: 5, Classes: 3, Filters: []int{2}, Hidden: 3}, 4)
	ps := net.Params()
	clear(ps[len(ps)-2].Values)
	// Biases 0, ln 2, ln 5: the probabilities are 1/8, 2/8 and 5/8.
	copy(ps[len(ps)-1].Values, []float64{0, math.Log(2), math.Log(5)})
	if err := net.SetParams(ps); err != nil {
		t.Fatal(err)
	}
	want := []float64{1.0 / 8, 2.0 / 8, 5.0 / 8}
	probs := net.Probabilities(X)
	if len(probs) != len(X) {
		t.Fatalf("%d rows of probabilities for %d pictures", len(probs), len(X))
	}
	for i, p := range probs {
		for k := range want {
			if math.Abs(p[k]-want[k]) > 1e-15 {
				t.Errorf("picture %d: probabilities %v, want %v", i, p, want)
				break
			}
		}
	}
	if got := net.Predict(X); !reflect.DeepEqual(got, []int{2, 2, 2, 2}) {
		t.Errorf("Predict = %v, want class 2 for all", got)
	}
	if got := net.Accuracy(X, []int{2, 0, 2, 1}); got != 0.5 {
		t.Errorf("Accuracy = %v, want 0.5", got)
	}
}

func TestProbabilities(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	net, X, _ := randomPictures(t, rng, cnn.Config{Width: 8, Height: 8, Classes: 4, Filters: []int{3, 2}, Padding: cnn.Same}, 150)
	probs := net.Probabilities(X)
	if len(probs) != len(X) {
		t.Fatalf("%d rows for %d pictures", len(probs), len(X))
	}
	for i, p := range probs {
		var sum float64
		for _, v := range p {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("picture %d: probability %v", i, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("picture %d: probabilities sum to %v", i, sum)
		}
	}
	// 150 pictures go through in chunks of 64; each must get what it gets
	// alone (bit for bit: the sums run in the same order).
	for _, i := range []int{0, 63, 64, 149} {
		alone := net.Probabilities(X[i : i+1])
		if !reflect.DeepEqual(alone[0], probs[i]) {
			t.Errorf("picture %d: %v alone, %v in a batch", i, alone[0], probs[i])
		}
	}
	if got := net.Probabilities([][]float64{X[0], X[1][:63]}); got != nil {
		t.Errorf("a short picture gave %v, want nil", got)
	}
	if got := net.Predict([][]float64{make([]float64, 65)}); got != nil {
		t.Errorf("Predict of a long picture gave %v, want nil", got)
	}
	if got := net.Probabilities(nil); len(got) != 0 {
		t.Errorf("no pictures gave %v", got)
	}
	nan := append([]float64(nil), X[0]...)
	nan[10] = math.NaN()
	if p := net.Probabilities([][]float64{nan}); p == nil || !math.IsNaN(p[0][0]) {
		t.Errorf("a NaN pixel gave %v, want NaN probabilities", p)
	}
	for _, tc := range []struct {
		X [][]float64
		y []int
	}{{nil, nil}, {X[:2], []int{1}}, {[][]float64{{1}}, []int{0}}} {
		if a := net.Accuracy(tc.X, tc.y); !math.IsNaN(a) {
			t.Errorf("Accuracy(%d pictures, %d labels) = %v, want NaN", len(tc.X), len(tc.y), a)
		}
	}
}

// TestGradientsFiniteDifference compares every gradient with the slope of
// the loss measured by nudging the parameter: (L(θ+h) − L(θ−h))/2h. Its
// error is about h²·L‴ ≈ 1e-10 plus rounding of ε·L/h ≈ 1e-11, so a
// tolerance of 1e-6 leaves a wide margin while catching any wrong factor or
// index. A nudge could cross a ReLU kink or change a pooling winner, which
// would spoil one comparison; with these fixed seeds none does.
func TestGradientsFiniteDifference(t *testing.T) {
	const h = 1e-5
	for k, tc := range gradCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(k)))
			net, X, y := randomPictures(t, rng, tc.cfg, tc.rows)
			_, grads, err := net.LossAndGradients(X, y)
			if err != nil {
				t.Fatal(err)
			}
			lossAt := func(ps []cnn.Tensor) float64 {
				if err := net.SetParams(ps); err != nil {
					t.Fatal(err)
				}
				loss, _, err := net.LossAndGradients(X, y)
				if err != nil {
					t.Fatal(err)
				}
				return loss
			}
			base := net.Params()
			for i, g := range grads {
				for j, analytic := range g.Values {
					ps := cloneTensors(base)
					numeric := gradcheck.Central(h, func(delta float64) float64 {
						ps[i].Values[j] = base[i].Values[j] + delta
						return lossAt(ps)
					})
					if math.Abs(numeric-analytic) > 1e-6*max(1, math.Abs(numeric)) {
						t.Errorf("∂loss/∂%s[%d]: backprop %.10g, finite difference %.10g", g.Name, j, analytic, numeric)
					}
				}
				if err := net.SetParams(base); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// barSplit returns 16×16 bar pictures for training (the first train) and
// testing (the rest), all drawn from one seed.
func barSplit(seed uint64, train, test int, angles []float64) (xTrain [][]float64, yTrain []int, xTest [][]float64, yTest []int) {
	X, y := bars(train+test, 16, angles, 0.1, rand.New(rand.NewPCG(seed, 0)))
	return X[:train], y[:train], X[train:], y[train:]
}

// TestLearnsBars trains on horizontal, vertical and diagonal bars at random
// places with noise. A network that learnt nothing would score about 1/3;
// the issue asks for 95% within a few epochs.
func TestLearnsBars(t *testing.T) {
	xTrain, yTrain, xTest, yTest := barSplit(1, 900, 300, threeBars)
	for _, p := range []cnn.Padding{cnn.Valid, cnn.Same} {
		t.Run(p.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, 0))
			net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Padding: p}, rng)
			if err != nil {
				t.Fatal(err)
			}
			var losses []float64
			err = cnn.Train(context.Background(), net, xTrain, yTrain, 4, mlp.TrainConfig{}, rng, func(_ int, loss float64) {
				losses = append(losses, loss)
			})
			if err != nil {
				t.Fatal(err)
			}
			acc := net.Accuracy(xTest, yTest)
			t.Logf("epoch losses %.4f, test accuracy %.3f", losses, acc)
			if acc < 0.95 {
				t.Errorf("test accuracy %.3f after 4 epochs, want at least 0.95", acc)
			}
			if !(losses[len(losses)-1] < losses[0]) {
				t.Errorf("the loss did not fall: %v", losses)
			}
		})
	}
}

// trainRun trains a fresh network from seed for 3 epochs on 200 bar
// pictures and returns its epoch losses and parameters.
func trainRun(t *testing.T, seed uint64, opt mlp.Optimizer) ([]float64, []cnn.Tensor) {
	t.Helper()
	X, y, _, _ := barSplit(5, 200, 0, threeBars)
	rng := rand.New(rand.NewPCG(seed, 0))
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{4, 6}, Hidden: 8}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	err = cnn.Train(context.Background(), net, X, y, 3, mlp.TrainConfig{Optimizer: opt, BatchSize: 30}, rng, func(_ int, loss float64) {
		losses = append(losses, loss)
	})
	if err != nil {
		t.Fatal(err)
	}
	return losses, net.Params()
}

func TestDeterminism(t *testing.T) {
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		t.Run(opt.String(), func(t *testing.T) {
			l1, p1 := trainRun(t, 9, opt)
			l2, p2 := trainRun(t, 9, opt)
			// Bit for bit: DeepEqual compares float64s with ==.
			if !reflect.DeepEqual(l1, l2) || !reflect.DeepEqual(p1, p2) {
				t.Errorf("two runs from seed 9 differ: losses %v and %v", l1, l2)
			}
			l3, _ := trainRun(t, 10, opt)
			if reflect.DeepEqual(l1, l3) {
				t.Errorf("seeds 9 and 10 gave the same losses %v", l1)
			}
		})
	}
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
	X, y, _, _ := barSplit(1, 200, 0, threeBars)
	rng := rand.New(rand.NewPCG(1, 0))
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{4}}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{BatchSize: 10}, rng)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("already cancelled", func(t *testing.T) {
		before := net.Params()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		loss, err := tr.Epoch(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Epoch on a cancelled context: error %v, want one wrapping context.Canceled", err)
		}
		if loss != 0 {
			t.Errorf("loss %v with the error, want 0", loss)
		}
		if !reflect.DeepEqual(before, net.Params()) {
			t.Error("a cancelled epoch changed the weights before its first step")
		}
	})

	t.Run("cancelled mid-epoch", func(t *testing.T) {
		ctx := &countdownContext{Context: context.Background(), left: 5}
		_, err := tr.Epoch(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want one wrapping context.Canceled", err)
		}
		// 20 batches of 10; it must stop at the first check that sees the
		// cancellation, after 5 steps.
		if ctx.calls != 6 {
			t.Errorf("ctx.Err called %d times, want 6", ctx.calls)
		}
		if !strings.HasPrefix(err.Error(), "cnn: ") || !strings.Contains(err.Error(), "after 50 of 200 pictures") {
			t.Errorf("error %q does not say how far the epoch got (50 of 200 pictures)", err)
		}
	})

	t.Run("trains on afterwards", func(t *testing.T) {
		loss, err := tr.Epoch(context.Background())
		if err != nil || !(loss > 0) {
			t.Errorf("Epoch after cancellation = %v, %v; want a positive loss and no error", loss, err)
		}
	})
}

// TestDivergence trains with absurd learning rates. (With SGD at 1e6 the
// first step kills every ReLU and the loss stays huge but finite, which is
// not divergence; 1e300 makes the weights overflow.)
func TestDivergence(t *testing.T) {
	tests := []struct {
		name string
		tc   mlp.TrainConfig
	}{
		{"sgd 1e300", mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 1e300}},
		{"adam 1e200", mlp.TrainConfig{LearningRate: 1e200}},
	}
	X, y, _, _ := barSplit(1, 200, 0, threeBars)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 0))
			net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{4, 4}, Hidden: 8}, rng)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := cnn.NewTrainer(net, X, y, tc.tc, rng)
			if err != nil {
				t.Fatal(err)
			}
			var first error
			epochs := 0
			for range 20 {
				epochs++
				if _, first = tr.Epoch(context.Background()); first != nil {
					break
				}
			}
			var de *cnn.DivergedError
			if !errors.As(first, &de) {
				t.Fatalf("20 epochs ended with %v, want a *DivergedError", first)
			}
			t.Log(first)
			if de.LearningRate != tc.tc.LearningRate || de.Epoch != epochs || de.Optimizer != tc.tc.Optimizer {
				t.Errorf("DivergedError %+v, want learning rate %g, epoch %d", de, tc.tc.LearningRate, epochs)
			}
			if !strings.HasPrefix(first.Error(), "cnn: ") || !strings.Contains(first.Error(), "learning rate") {
				t.Errorf("error %q should start with cnn: and mention the learning rate", first)
			}
			// The network keeps its last finite weights, so it still predicts.
			for _, p := range net.Params() {
				for _, v := range p.Values {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("%s holds %v after divergence", p.Name, v)
					}
				}
			}
			if _, err := tr.Step(); err != first {
				t.Errorf("Step after divergence returned %v, want the same error", err)
			}
			if _, err := tr.Epoch(context.Background()); err != first {
				t.Errorf("Epoch after divergence returned %v, want the same error", err)
			}
		})
	}
}

func TestDivergedErrorMessage(t *testing.T) {
	tests := []struct {
		err  cnn.DivergedError
		want string
	}{
		{cnn.DivergedError{Epoch: 3, LearningRate: 50, Loss: math.Inf(1), Optimizer: mlp.Adam},
			"cnn: the loss became infinite at epoch 3 — the learning rate 50 is too large; try 0.01 or smaller"},
		{cnn.DivergedError{Epoch: 1, LearningRate: 0.5, Loss: math.NaN(), Optimizer: mlp.SGD},
			"cnn: the loss became NaN (not a number) at epoch 1 — the learning rate 0.5 is too large; try 0.05 or smaller"},
		{cnn.DivergedError{Epoch: 7, LearningRate: 1e6, Loss: 12, Optimizer: mlp.SGD},
			"cnn: the weights became infinite at epoch 7 — the learning rate 1e+06 is too large; try 0.1 or smaller"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestEpochDoesNotAllocate(t *testing.T) {
	// 200 pictures in batches of 32 leave a last batch of 8, so both
	// workspaces are used.
	X, y, _, _ := barSplit(1, 200, 0, threeBars)
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		for _, cfg := range []cnn.Config{
			{Width: 16, Height: 16, Classes: 3},
			{Width: 16, Height: 16, Classes: 3, Filters: []int{4, 4, 4}, Padding: cnn.Same, Hidden: 16},
		} {
			rng := rand.New(rand.NewPCG(1, 0))
			net, err := cnn.New(cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{Optimizer: opt}, rng)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			var epochErr error
			allocs := testing.AllocsPerRun(3, func() {
				if _, err := tr.Epoch(ctx); err != nil {
					epochErr = err
				}
			})
			cancel()
			if epochErr != nil {
				t.Fatal(epochErr)
			}
			if allocs != 0 {
				t.Errorf("%v, %v: %v allocations per epoch, want 0", opt, cfg.Filters, allocs)
			}
		}
	}
}

func TestStep(t *testing.T) {
	// 10 pictures in batches of 4: steps of 4, 4, 2, then a new epoch.
	X, y, _, _ := barSplit(1, 10, 0, threeBars)
	rng := rand.New(rand.NewPCG(2, 0))
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{2}}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{BatchSize: 4}, rng)
	if err != nil {
		t.Fatal(err)
	}
	for i, wantEpoch := range []int{1, 1, 1, 2, 2, 2, 3} {
		loss, err := tr.Step()
		if err != nil || !(loss > 0) {
			t.Fatalf("step %d: %v, %v", i+1, loss, err)
		}
		if tr.Epochs() != wantEpoch {
			t.Errorf("after step %d: epoch %d, want %d", i+1, tr.Epochs(), wantEpoch)
		}
	}
}

// TestFullBatchStep checks one SGD step on the whole data against
// LossAndGradients: θ ← θ − η·g, and the loss it reports.
func TestFullBatchStep(t *testing.T) {
	const lr = 0.3
	rng := rand.New(rand.NewPCG(4, 0))
	net, X, y := randomPictures(t, rng, cnn.Config{Width: 9, Height: 9, Classes: 3, Filters: []int{3, 2}, Padding: cnn.Same, Hidden: 4}, 7)
	loss, grads, err := net.LossAndGradients(X, y)
	if err != nil {
		t.Fatal(err)
	}
	before := net.Params()
	tr, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: lr, BatchSize: 100}, rng)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tr.Epoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-loss) > 1e-14 {
		t.Errorf("epoch loss %v, LossAndGradients %v", got, loss)
	}
	for i, p := range net.Params() {
		for j, v := range p.Values {
			want := before[i].Values[j] - lr*grads[i].Values[j]
			if math.Abs(v-want) > 1e-15*max(1, math.Abs(want)) {
				t.Errorf("%s[%d] = %v after the step, want %v", p.Name, j, v, want)
			}
		}
	}
}

func TestSaveLoad(t *testing.T) {
	xTrain, yTrain, xTest, _ := barSplit(3, 100, 50, threeBars)
	rng := rand.New(rand.NewPCG(3, 0))
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{3, 4}, Kernel: 5, Padding: cnn.Same, Hidden: 6}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := cnn.Train(context.Background(), net, xTrain, yTrain, 1, mlp.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := cnn.Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Config(), net.Config()) || !reflect.DeepEqual(back.Params(), net.Params()) {
		t.Error("the loaded network differs from the saved one")
	}
	if !reflect.DeepEqual(back.Probabilities(xTest), net.Probabilities(xTest)) {
		t.Error("the loaded network predicts differently")
	}
	if !reflect.DeepEqual(back.Describe(), net.Describe()) {
		t.Errorf("Describe: loaded %+v, saved %+v", back.Describe(), net.Describe())
	}

	// Damaged or foreign files, made by editing the saved one.
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal([]byte(saved), &envelope); err != nil {
		t.Fatal(err)
	}
	rewrite := func(key string, value any) string {
		e := map[string]json.RawMessage{}
		for k, v := range envelope {
			e[k] = v
		}
		raw, err := json.Marshal(value)
		if err != nil {
			t.Fatal(err)
		}
		e[key] = raw
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	cfg := net.Config()
	withParams := func(edit func([]cnn.Tensor)) string {
		ps := net.Params()
		edit(ps)
		return rewrite("model", map[string]any{"config": cfg, "params": ps})
	}
	badConfig := cfg
	badConfig.Kernel = 4 // even, with same padding
	for _, tc := range []struct {
		name, data, want string
		version          bool
	}{
		{"newer version", rewrite("version", 2), "format version 2", true},
		{"other kind", rewrite("kind", "mlp"), "holds a mlp model", false},
		{"not a model", "{}", "not a saved AI Sandbox model", false},
		{"bad config", rewrite("model", map[string]any{"config": badConfig, "params": net.Params()}), "odd kernel", false},
		{"short tensor", withParams(func(ps []cnn.Tensor) { ps[0].Values = ps[0].Values[1:] }), "conv1.weights has 74 values, want 75", false},
		{"wrong shape", withParams(func(ps []cnn.Tensor) { ps[2].Shape = []int{4, 3, 25} }), "conv2.weights has shape [4 3 25]", false},
		{"renamed", withParams(func(ps []cnn.Tensor) { ps[4].Name = "dense.weights" }), `tensor 5 is "dense.weights", want "hidden.weights"`, false},
		{"unknown padding", strings.Replace(saved, `"padding":"same"`, `"padding":"full"`, 1), `unknown padding "full"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cnn.Load(strings.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "cnn: ") {
				t.Fatalf("Load: %v, want an error starting cnn: and containing %q", err, tc.want)
			}
			if errors.Is(err, models.ErrVersion) != tc.version {
				t.Errorf("errors.Is(err, models.ErrVersion) = %v, want %v", !tc.version, tc.version)
			}
		})
	}
}

func TestDescribeAndStages(t *testing.T) {
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 10}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	// By hand: conv1 has 8 filters of 3·3·1 weights and 8 biases = 80;
	// conv2 16 filters of 3·3·8 = 72 weights and 16 biases = 1,168; the
	// output layer sees 16 maps of 2×2 = 64 numbers: 64·10 + 10 = 650.
	want := []cnn.Stage{
		{Name: "input", Channels: 1, Height: 16, Width: 16},
		{Name: "conv1", Channels: 8, Height: 14, Width: 14, Params: 80},
		{Name: "pool1", Channels: 8, Height: 7, Width: 7},
		{Name: "conv2", Channels: 16, Height: 5, Width: 5, Params: 1168},
		{Name: "pool2", Channels: 16, Height: 2, Width: 2},
		{Name: "flatten", Channels: 64, Height: 1, Width: 1},
		{Name: "output", Channels: 10, Height: 1, Width: 1, Params: 650},
	}
	if got := net.Stages(); !reflect.DeepEqual(got, want) {
		t.Errorf("Stages() =\n%+v\nwant\n%+v", got, want)
	}
	if net.NumParams() != 80+1168+650 {
		t.Errorf("NumParams() = %d, want %d", net.NumParams(), 80+1168+650)
	}
	d := net.Describe()
	wantD := models.Description{Kind: "cnn", Parameters: 1898, Settings: map[string]any{
		"width": 16, "height": 16, "classes": 10, "filters": []int{8, 16}, "kernel": 3, "padding": "valid", "hidden": 0,
	}}
	if !reflect.DeepEqual(d, wantD) {
		t.Errorf("Describe() = %+v, want %+v", d, wantD)
	}
	var names []string
	for _, p := range net.Params() {
		names = append(names, p.Name)
	}
	if want := []string{"conv1.weights", "conv1.bias", "conv2.weights", "conv2.bias", "output.weights", "output.bias"}; !reflect.DeepEqual(names, want) {
		t.Errorf("tensor names %v, want %v", names, want)
	}
}

func TestConfigIsCopied(t *testing.T) {
	filters := []int{2, 3}
	net, err := cnn.New(cnn.Config{Width: 12, Height: 12, Classes: 2, Filters: filters}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	filters[0] = 50
	c := net.Config()
	c.Filters[1] = 60
	if got := net.Config().Filters; !reflect.DeepEqual(got, []int{2, 3}) {
		t.Errorf("Filters changed to %v through a caller's slice", got)
	}
}

func TestPaddingNames(t *testing.T) {
	for _, p := range []cnn.Padding{cnn.Valid, cnn.Same} {
		text, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back cnn.Padding
		if err := back.UnmarshalText(text); err != nil || back != p {
			t.Errorf("%v → %q → %v, %v", p, text, back, err)
		}
		if q, err := cnn.ParsePadding(strings.ToUpper(p.String())); err != nil || q != p {
			t.Errorf("ParsePadding(%q) = %v, %v", strings.ToUpper(p.String()), q, err)
		}
	}
	if _, err := cnn.ParsePadding("full"); err == nil || !strings.HasPrefix(err.Error(), "cnn: ") {
		t.Errorf("ParsePadding(full): %v", err)
	}
	if _, err := cnn.Padding(7).MarshalText(); err == nil {
		t.Error("Padding(7) marshalled")
	}
	if s := cnn.Padding(7).String(); s != "Padding(7)" {
		t.Errorf("String() = %q", s)
	}
}

func TestValidation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	for _, tc := range []struct {
		name string
		cfg  cnn.Config
		want string
	}{
		{"no width", cnn.Config{Height: 16, Classes: 3}, "from 1×1 to 32×32 pixels, got 0×16"},
		{"too tall", cnn.Config{Width: 16, Height: 33, Classes: 3}, "got 16×33"},
		{"one class", cnn.Config{Width: 16, Height: 16, Classes: 1}, "classes must be at least 2"},
		{"four blocks", cnn.Config{Width: 32, Height: 32, Classes: 3, Filters: []int{1, 1, 1, 1}, Padding: cnn.Same}, "at most 3 blocks"},
		{"zero filters", cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{8, 0}}, "block 2 must have from 1 to 64 filters, got 0"},
		{"too many filters", cnn.Config{Width: 16, Height: 16, Classes: 3, Filters: []int{65}}, "got 65"},
		{"kernel 8", cnn.Config{Width: 16, Height: 16, Classes: 3, Kernel: 8}, "kernel side must be from 1 to 7"},
		{"negative kernel", cnn.Config{Width: 16, Height: 16, Classes: 3, Kernel: -1}, "got -1"},
		{"even same", cnn.Config{Width: 16, Height: 16, Classes: 3, Kernel: 2, Padding: cnn.Same}, "odd kernel side, got 2"},
		{"bad padding", cnn.Config{Width: 16, Height: 16, Classes: 3, Padding: 2}, "unknown padding 2"},
		{"negative hidden", cnn.Config{Width: 16, Height: 16, Classes: 3, Hidden: -1}, "cannot have -1 units"},
		{"too small", cnn.Config{Width: 8, Height: 8, Classes: 3}, "block 2 gets a 3×3 input, too small for a 3×3 kernel"},
		{"tiny", cnn.Config{Width: 1, Height: 5, Classes: 3, Filters: []int{1}, Kernel: 1}, "block 1 gets a 1×5 input"},
		// 64 maps of 16×16 after pooling = 16,384 inputs to 100 hidden units.
		{"too many params", cnn.Config{Width: 32, Height: 32, Classes: 3, Filters: []int{64}, Kernel: 1, Padding: cnn.Same, Hidden: 100}, "1638931 weights and biases, more than the limit of 1000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cnn.New(tc.cfg, rng)
			checkErr(t, err, tc.want)
		})
	}
	if _, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3}, nil); err == nil {
		t.Error("New accepted a nil random source")
	}

	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 3}, rng)
	if err != nil {
		t.Fatal(err)
	}
	X, y, _, _ := barSplit(1, 10, 0, threeBars)
	with := func(i int, pixel int, v float64) [][]float64 {
		out := append([][]float64(nil), X...)
		out[i] = append([]float64(nil), X[i]...)
		out[i][pixel] = v
		return out
	}
	for _, tc := range []struct {
		name string
		X    [][]float64
		y    []int
		cfg  mlp.TrainConfig
		want string
	}{
		{"no pictures", nil, nil, mlp.TrainConfig{}, "no pictures"},
		{"fewer labels", X, y[:9], mlp.TrainConfig{}, "10 pictures but 9 labels"},
		{"short picture", append([][]float64{X[0][:255]}, X[1:]...), y, mlp.TrainConfig{}, "picture 0 has 255 pixels, want 16×16 = 256"},
		{"NaN", with(3, 17, math.NaN()), y, mlp.TrainConfig{}, "picture 3, pixel (1, 1) is NaN"},
		{"infinite", with(2, 0, math.Inf(1)), y, mlp.TrainConfig{}, "pixel (0, 0) is +Inf"},
		{"255", with(4, 40, 255), y, mlp.TrainConfig{}, "pixel (8, 2) is 255; pixels must be from 0 to 1"},
		{"negative", with(4, 40, -0.1), y, mlp.TrainConfig{}, "is -0.1"},
		{"label", X, append(append([]int(nil), y[:9]...), 3), mlp.TrainConfig{}, "picture 9 has label 3, want 0..2"},
		{"negative label", X, append([]int{-1}, y[1:]...), mlp.TrainConfig{}, "label -1"},
		{"optimizer", X, y, mlp.TrainConfig{Optimizer: 9}, "unknown optimizer 9"},
		{"learning rate", X, y, mlp.TrainConfig{LearningRate: math.NaN()}, "learning rate must be a positive number, got NaN"},
		{"negative rate", X, y, mlp.TrainConfig{LearningRate: -1}, "got -1"},
		{"batch", X, y, mlp.TrainConfig{BatchSize: -3}, "batch size must be positive, got -3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cnn.NewTrainer(net, tc.X, tc.y, tc.cfg, rng)
			checkErr(t, err, tc.want)
			if tc.cfg == (mlp.TrainConfig{}) {
				_, _, err := net.LossAndGradients(tc.X, tc.y)
				checkErr(t, err, tc.want)
			}
		})
	}
	if _, err := cnn.NewTrainer(nil, X, y, mlp.TrainConfig{}, rng); err == nil {
		t.Error("NewTrainer accepted a nil network")
	}
	if _, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{}, nil); err == nil {
		t.Error("NewTrainer accepted a nil random source")
	}
	checkErr(t, cnn.Train(context.Background(), net, X, y, 0, mlp.TrainConfig{}, rng, nil), "epochs must be at least 1, got 0")
	_, err = net.FeatureMaps(X[0][:10])
	checkErr(t, err, "picture 0 has 10 pixels")

	// SetParams refuses anything that does not fit, and changes nothing then.
	before := net.Params()
	for _, tc := range []struct {
		name string
		edit func([]cnn.Tensor) []cnn.Tensor
		want string
	}{
		{"missing", func(ps []cnn.Tensor) []cnn.Tensor { return ps[:5] }, "got 5 tensors, the network has 6"},
		{"renamed", func(ps []cnn.Tensor) []cnn.Tensor { ps[1].Name = "bias"; return ps }, `tensor 2 is "bias", want "conv1.bias"`},
		{"reshaped", func(ps []cnn.Tensor) []cnn.Tensor { ps[0].Shape = []int{8, 9}; return ps }, "conv1.weights has shape [8 9], want [8 1 3 3]"},
		{"short", func(ps []cnn.Tensor) []cnn.Tensor { ps[3].Values = ps[3].Values[:2]; return ps }, "conv2.bias has 2 values, want 16"},
		{"NaN", func(ps []cnn.Tensor) []cnn.Tensor { ps[4].Values[7] = math.NaN(); return ps }, "output.weights value 7 is NaN"},
	} {
		t.Run("SetParams "+tc.name, func(t *testing.T) {
			ps := net.Params()
			ps[0].Values[0] = 42 // must not be applied
			checkErr(t, net.SetParams(tc.edit(ps)), tc.want)
			if !reflect.DeepEqual(net.Params(), before) {
				t.Error("a refused SetParams changed the network")
			}
		})
	}
}

// TestBatchTooLarge uses the largest network the limits allow: its buffers
// take about 15 MB a picture, so a batch of 32 is refused, with a batch size
// that fits.
func TestBatchTooLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	net, err := cnn.New(cnn.Config{Width: 32, Height: 32, Classes: 2, Filters: []int{64, 64}, Kernel: 7, Padding: cnn.Same}, rng)
	if err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, 40)
	y := make([]int, 40)
	for i := range X {
		X[i] = make([]float64, 32*32)
		y[i] = i % 2
	}
	_, err = cnn.NewTrainer(net, X, y, mlp.TrainConfig{}, rng)
	checkErr(t, err, "a batch of 32 pictures needs")
	if err != nil && !strings.Contains(err.Error(), "use a batch size of at most 4") {
		t.Errorf("error %q does not suggest a batch size of 4", err)
	}
	_, _, err = net.LossAndGradients(X, y)
	checkErr(t, err, "40 pictures at once need")
	// Prediction works in chunks that fit.
	if p := net.Predict(X[:6]); len(p) != 6 {
		t.Errorf("Predict of 6 pictures gave %v", p)
	}
}

// cloneTensors returns a deep copy of ts.
func cloneTensors(ts []cnn.Tensor) []cnn.Tensor {
	out := make([]cnn.Tensor, len(ts))
	for i, t := range ts {
		out[i] = cnn.Tensor{Name: t.Name, Shape: append([]int(nil), t.Shape...), Values: append([]float64(nil), t.Values...)}
	}
	return out
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !strings.HasPrefix(err.Error(), "cnn: ") || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want one starting cnn: and containing %q", err, want)
	}
}

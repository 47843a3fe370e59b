package mlp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/linear"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// sine returns n points with x evenly spaced on [lo, hi] and y = sin x.
func sine(n int, lo, hi float64) ([][]float64, []float64) {
	X := make([][]float64, n)
	y := make([]float64, n)
	for i := range X {
		x := lo + (hi-lo)*float64(i)/float64(n-1)
		X[i], y[i] = []float64{x}, math.Sin(x)
	}
	return X, y
}

// sineRegressor is the network of the sine tests: two hidden layers of 16
// tanh units.
func sineRegressor(t testing.TB, rng *rand.Rand) *mlp.Regressor {
	t.Helper()
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1, Hidden: []int{16, 16}, Activation: mlp.Tanh}, rng)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mseOf(t testing.TB, r *mlp.Regressor, X [][]float64, y []float64) float64 {
	t.Helper()
	v, err := models.MSE(y, r.PredictValues(X))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRegressorFitsSine is the target of the brief: two hidden layers of 16
// tanh units fit sin x on [−3, 3] to a mean squared error below 0.01 within
// 500 epochs (Adam, learning rate 0.01, batches of 32), measured on 601
// fresh points of the same range, most of them between the 200 training
// points.
func TestRegressorFitsSine(t *testing.T) {
	X, y := sine(200, -3, 3)
	xTest, yTest := sine(601, -3, 3)
	rng := rand.New(rand.NewPCG(1, 0))
	r := sineRegressor(t, rng)
	first := 0
	err := mlp.TrainRegressor(context.Background(), r, X, y, 500, mlp.TrainConfig{}, rng, func(epoch int, _ float64) {
		if first == 0 && epoch%10 == 0 && mseOf(t, r, xTest, yTest) < 0.01 {
			first = epoch
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	test := mseOf(t, r, xTest, yTest)
	t.Logf("test MSE after 500 epochs %.2g; first below 0.01 at epoch %d", test, first)
	if test >= 0.01 {
		t.Errorf("test MSE %.3g after 500 epochs, want below 0.01", test)
	}
	if r2, err := models.R2(yTest, r.PredictValues(xTest)); err != nil || r2 < 0.98 {
		t.Errorf("R² = %v (%v), want at least 0.98", r2, err)
	}

	// Extrapolation: the same network at x = 6, twice as far from 0 as any
	// training point, misses sin 6 by far more than the typical miss inside
	// the range. tanh units saturate, so the network levels off while the
	// sine turns back.
	miss := math.Abs(r.PredictValues([][]float64{{6}})[0] - math.Sin(6))
	inside := math.Sqrt(test)
	t.Logf("miss at x = 6: %.3g; typical miss inside [−3, 3]: %.3g", miss, inside)
	if !(miss > 10*inside && miss > 0.3) {
		t.Errorf("miss at x = 6 is %.3g, want above 0.3 and 10 times the typical miss inside, %.3g", miss, inside)
	}
}

// TestRegressorIsLeastSquares: with no hidden layer the regressor is a
// straight line ŷ = w·x + b, and training it must end at the least-squares
// line, which models/linear computes directly. Full-batch gradient descent
// on this quadratic loss with x in [−2, 2] shrinks the distance to the
// optimum by a factor of at least about 0.8 per step (1 − η·λ_min with
// η = 0.1 and the Hessian's smallest eigenvalue λ_min ≈ 2), so 500 steps
// reach it to rounding; 1e-9 leaves room for that rounding.
func TestRegressorIsLeastSquares(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 0))
	X := make([][]float64, 50)
	y := make([]float64, len(X))
	for i := range X {
		x := -2 + 4*rng.Float64()
		X[i], y[i] = []float64{x}, 5+2*x+0.3*rng.NormFloat64()
	}
	want, err := linear.Fit(X, y, linear.Config{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := mlp.TrainRegressor(context.Background(), r, X, y, 500, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 0.1, BatchSize: len(X)}, rng, nil); err != nil {
		t.Fatal(err)
	}
	// ŷ = mean + scale·(w·x + b): slope scale·w, intercept mean + scale·b.
	mean, scale := r.TargetScale()
	layer := r.Layers()[0]
	got := []float64{mean + scale*layer.B[0], scale * layer.W.At(0, 0)}
	for i, c := range want.Coefficients() {
		if math.Abs(got[i]-c) > 1e-9 {
			t.Errorf("coefficient %d: %.8g, least squares %.8g", i, got[i], c)
		}
	}
}

// TestRegressorGradientsFiniteDifference checks backpropagation of the
// squared error against central differences, with the tolerance and
// reasoning of TestGradientsFiniteDifference. The targets have mean 3 and
// spread 5, so the target scale is exercised.
func TestRegressorGradientsFiniteDifference(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	for _, act := range []mlp.Activation{mlp.ReLU, mlp.Tanh, mlp.Sigmoid} {
		for _, hidden := range [][]int{nil, {4}, {4, 3}} {
			t.Run(act.String()+layersName(hidden), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(13, uint64(len(hidden))))
				r, X, y := randomRegression(t, rng, mlp.RegressorConfig{Inputs: 3, Hidden: hidden, Activation: act}, 6)
				_, grads, err := r.LossAndGradients(X, y)
				if err != nil {
					t.Fatal(err)
				}
				checkLayerGradients(t, r.Layers(), grads, h, tol, func(layers []mlp.Layer) float64 {
					if err := r.SetLayers(layers); err != nil {
						t.Fatal(err)
					}
					l, _, err := r.LossAndGradients(X, y)
					if err != nil {
						t.Fatal(err)
					}
					return l
				})
			})
		}
	}
}

// randomRegression returns a regressor of the given shape with random
// weights and biases, rows of random inputs, and random targets of mean 3
// and spread 5; a trainer (not stepped) has set the target scale from them.
func randomRegression(t *testing.T, rng *rand.Rand, cfg mlp.RegressorConfig, rows int) (*mlp.Regressor, [][]float64, []float64) {
	t.Helper()
	r, err := mlp.NewRegressor(cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	layers := r.Layers()
	for _, layer := range layers {
		for j := range layer.B {
			layer.B[j] = rng.NormFloat64()
		}
	}
	if err := r.SetLayers(layers); err != nil {
		t.Fatal(err)
	}
	X := make([][]float64, rows)
	y := make([]float64, rows)
	for i := range X {
		X[i] = make([]float64, cfg.Inputs)
		for j := range X[i] {
			X[i][j] = rng.NormFloat64()
		}
		y[i] = 3 + 5*rng.NormFloat64()
	}
	if _, err := mlp.NewRegressionTrainer(r, X, y, mlp.TrainConfig{}, rng); err != nil {
		t.Fatal(err)
	}
	if _, scale := r.TargetScale(); scale == 1 {
		t.Fatal("the trainer did not set the target scale")
	}
	return r, X, y
}

// TestRegressorLossByHand checks the loss and the output layer's gradient
// on a network set by hand: no hidden layer, ŷ = 2x + 1, on three points.
// With target scale 1 and mean 0 (never trained), the loss is the plain
// mean squared error.
func TestRegressorLossByHand(t *testing.T) {
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	layers := r.Layers()
	layers[0].W.Set(0, 0, 2)
	layers[0].B[0] = 1
	if err := r.SetLayers(layers); err != nil {
		t.Fatal(err)
	}
	// x = 0, 1, 2: ŷ = 1, 3, 5; y = 1, 2, 7; misses ŷ − y = 0, 1, −2.
	// L = (0 + 1 + 4)/3 = 5/3. ∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/3 = 0, 2/3, −4/3, so
	// ∂L/∂b = their sum = −2/3 and ∂L/∂w = Σ xᵢ·∂L/∂ŷᵢ = 2/3 − 8/3 = −2.
	loss, grads, err := r.LossAndGradients([][]float64{{0}, {1}, {2}}, []float64{1, 2, 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"loss", loss, 5.0 / 3}, {"∂L/∂b", grads[0].B[0], -2.0 / 3}, {"∂L/∂w", grads[0].W.At(0, 0), -2}} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
	if got := r.PredictValues([][]float64{{10}}); got[0] != 21 {
		t.Errorf("PredictValues(10) = %v, want 21", got)
	}
}

// TestRegressionStepMatchesLossAndGradients: the first full-batch step
// reports the loss LossAndGradients computes.
func TestRegressionStepMatchesLossAndGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 0))
	r, X, y := randomRegression(t, rng, mlp.RegressorConfig{Inputs: 2, Hidden: []int{5}, Activation: mlp.Tanh}, 10)
	want, _, err := r.LossAndGradients(X, y)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := mlp.NewRegressionTrainer(r, X, y, mlp.TrainConfig{BatchSize: len(X)}, rng)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("first step's loss %.17g, LossAndGradients %.17g", got, want)
	}
	after, _, err := r.LossAndGradients(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if !(after < want) {
		t.Errorf("loss %v after a step, %v before: want lower", after, want)
	}
}

// TestTargetScale: the first trainer sets the target scale from its targets
// and PredictValues answers in their units; a later trainer keeps it; with
// all targets equal the scale is 1 and the network learns the constant.
func TestTargetScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	// Heights of about 1000 m: y = 1000 + 50·x for x = −1, −0.8, ..., 1:
	// mean 1000, and population standard deviation 50·√0.4, since the mean
	// of x² is 2·(1 + 0.64 + 0.36 + 0.16 + 0.04)/11 = 0.4.
	X := make([][]float64, 11)
	y := make([]float64, len(X))
	for i := range X {
		x := -1 + 0.2*float64(i)
		X[i], y[i] = []float64{x}, 1000+50*x
	}
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1, Hidden: []int{4}, Activation: mlp.Tanh}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if mean, scale := r.TargetScale(); mean != 0 || scale != 1 {
		t.Errorf("before training: target scale %v, %v; want 0, 1", mean, scale)
	}
	if err := mlp.TrainRegressor(context.Background(), r, X, y, 1000, mlp.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	mean, scale := r.TargetScale()
	wantScale := 50 * math.Sqrt(0.4)
	if math.Abs(mean-1000) > 1e-9 || math.Abs(scale-wantScale) > 1e-9 {
		t.Errorf("target scale %v, %v; want 1000, %v", mean, scale, wantScale)
	}
	// 1 m on a range of 100 m: the network has learnt the line in metres.
	got := r.PredictValues([][]float64{{0.5}})[0]
	t.Logf("prediction at x = 0.5: %.4f m (true 1025)", got)
	if math.Abs(got-1025) > 1 {
		t.Errorf("prediction at x = 0.5: %v, want about 1025", got)
	}
	if _, err := mlp.NewRegressionTrainer(r, X[:3], []float64{0, 0, 1}, mlp.TrainConfig{}, rng); err != nil {
		t.Fatal(err)
	}
	if m, s := r.TargetScale(); m != mean || s != scale {
		t.Errorf("a second trainer changed the target scale to %v, %v", m, s)
	}

	flat, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1, Hidden: []int{4}}, rng)
	if err != nil {
		t.Fatal(err)
	}
	same := []float64{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}
	if err := mlp.TrainRegressor(context.Background(), flat, X, same, 500, mlp.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	if m, s := flat.TargetScale(); m != 7 || s != 1 {
		t.Errorf("constant targets: target scale %v, %v; want 7, 1", m, s)
	}
	var worst float64
	for _, p := range flat.PredictValues(X) {
		worst = max(worst, math.Abs(p-7))
	}
	t.Logf("constant targets 7: largest miss %.2g", worst)
	if worst > 0.01 {
		t.Errorf("constant targets 7: a prediction misses by %v, want at most 0.01", worst)
	}
}

// regressionLosses trains the sine network from the given seed for five
// epochs and returns every epoch's loss.
func regressionLosses(t *testing.T, seed uint64, opt mlp.Optimizer) []float64 {
	t.Helper()
	X, y := sine(100, -3, 3)
	rng := rand.New(rand.NewPCG(seed, 0))
	var losses []float64
	err := mlp.TrainRegressor(context.Background(), sineRegressor(t, rng), X, y, 5, mlp.TrainConfig{Optimizer: opt, BatchSize: 16}, rng,
		func(_ int, loss float64) { losses = append(losses, loss) })
	if err != nil {
		t.Fatal(err)
	}
	return losses
}

func TestRegressorDeterminism(t *testing.T) {
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		t.Run(opt.String(), func(t *testing.T) {
			a, b, c := regressionLosses(t, 1, opt), regressionLosses(t, 1, opt), regressionLosses(t, 2, opt)
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
					t.Fatalf("seed 1 twice: epoch %d loss %v then %v, want identical", i+1, a[i], b[i])
				}
			}
			if reflect.DeepEqual(a, c) {
				t.Errorf("seeds 1 and 2 gave the same losses %v", a)
			}
		})
	}
}

func TestRegressorCancellation(t *testing.T) {
	X, y := sine(100, -3, 3)
	rng := rand.New(rand.NewPCG(1, 0))
	r := sineRegressor(t, rng)
	tr, err := mlp.NewRegressionTrainer(r, X, y, mlp.TrainConfig{BatchSize: 10}, rng)
	if err != nil {
		t.Fatal(err)
	}
	// Cancelled before the fourth of ten batches.
	ctx := &countdownContext{Context: context.Background(), left: 3}
	before := r.Layers()
	_, err = tr.Epoch(ctx)
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "mlp: ") {
		t.Fatalf("Epoch: %v, want an error starting \"mlp: \" wrapping context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "after 30 of 100 rows") {
		t.Errorf("error %q, want it to say it stopped after 30 of 100 rows", err)
	}
	if reflect.DeepEqual(before, r.Layers()) {
		t.Error("the three steps before cancellation did not change the weights")
	}
	if err := mlp.TrainRegressor(ctx, r, X, y, 5, mlp.TrainConfig{}, rng, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("TrainRegressor with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestRegressorDivergence: SGD with learning rate 100 on the sine data
// overshoots further at every step until the loss overflows.
func TestRegressorDivergence(t *testing.T) {
	X, y := sine(100, -3, 3)
	rng := rand.New(rand.NewPCG(1, 0))
	r := sineRegressor(t, rng)
	tr, err := mlp.NewRegressionTrainer(r, X, y, mlp.TrainConfig{Optimizer: mlp.SGD, LearningRate: 100}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var derr *mlp.DivergedError
	for epoch := 1; epoch <= 50; epoch++ {
		if _, err = tr.Epoch(context.Background()); err != nil {
			break
		}
	}
	if !errors.As(err, &derr) {
		t.Fatalf("after 50 epochs at learning rate 100: %v, want a *DivergedError", err)
	}
	if derr.LearningRate != 100 || derr.Optimizer != mlp.SGD {
		t.Errorf("DivergedError %+v", derr)
	}
	for _, p := range r.PredictValues(X) {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			t.Fatalf("after divergence the regressor predicts %v; want the last good weights kept", p)
		}
	}
	if _, err2 := tr.Step(); err2 != err {
		t.Errorf("Step after divergence: %v, want the same error %v", err2, err)
	}
}

func TestRegressionEpochDoesNotAllocate(t *testing.T) {
	X, y := sine(100, -3, 3)
	for _, opt := range []mlp.Optimizer{mlp.Adam, mlp.SGD} {
		rng := rand.New(rand.NewPCG(1, 0))
		// 100 rows in batches of 32 leave a last batch of 4.
		tr, err := mlp.NewRegressionTrainer(sineRegressor(t, rng), X, y, mlp.TrainConfig{Optimizer: opt}, rng)
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
			t.Errorf("%v: %v allocations per epoch, want 0", opt, allocs)
		}
	}
}

func TestRegressorValidation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	newTests := []struct {
		name string
		cfg  mlp.RegressorConfig
		want string
	}{
		{"no inputs", mlp.RegressorConfig{}, "inputs must be at least 1"},
		{"empty hidden layer", mlp.RegressorConfig{Inputs: 1, Hidden: []int{0}}, "hidden layer 1 must have at least 1 unit"},
		{"unknown activation", mlp.RegressorConfig{Inputs: 1, Activation: 5}, "unknown activation"},
		{"too many parameters", mlp.RegressorConfig{Inputs: 1, Hidden: []int{1 << 20, 1 << 20}}, "more than the limit"},
	}
	for _, tc := range newTests {
		t.Run("NewRegressor/"+tc.name, func(t *testing.T) {
			_, err := mlp.NewRegressor(tc.cfg, rng)
			checkErr(t, err, tc.want)
		})
	}
	if _, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1}, nil); err == nil {
		t.Error("NewRegressor with a nil rng succeeded")
	}

	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 2, Hidden: []int{3}}, rng)
	if err != nil {
		t.Fatal(err)
	}
	good := [][]float64{{0, 1}, {1, 0}}
	dataTests := []struct {
		name string
		X    [][]float64
		y    []float64
		cfg  mlp.TrainConfig
		want string
	}{
		{"empty", nil, nil, mlp.TrainConfig{}, "no rows"},
		{"target count", good, []float64{0}, mlp.TrainConfig{}, "2 rows but 1 targets"},
		{"ragged", [][]float64{{0, 1}, {1}}, []float64{0, 1}, mlp.TrainConfig{}, "row 1 has 1 values, want 2"},
		{"NaN input", [][]float64{{0, 1}, {math.NaN(), 0}}, []float64{0, 1}, mlp.TrainConfig{}, "row 1, column 0 is NaN"},
		{"Inf target", good, []float64{0, math.Inf(1)}, mlp.TrainConfig{}, "target 1 is +Inf"},
		{"negative learning rate", good, []float64{0, 1}, mlp.TrainConfig{LearningRate: -1}, "learning rate must be a positive number"},
		{"negative batch", good, []float64{0, 1}, mlp.TrainConfig{BatchSize: -2}, "batch size must be positive"},
	}
	for _, tc := range dataTests {
		t.Run("NewRegressionTrainer/"+tc.name, func(t *testing.T) {
			_, err := mlp.NewRegressionTrainer(r, tc.X, tc.y, tc.cfg, rng)
			checkErr(t, err, tc.want)
			if tc.cfg == (mlp.TrainConfig{}) {
				_, _, err := r.LossAndGradients(tc.X, tc.y)
				checkErr(t, err, tc.want)
			}
		})
	}
	if mean, scale := r.TargetScale(); mean != 0 || scale != 1 {
		t.Errorf("refused data changed the target scale to %v, %v", mean, scale)
	}
	huge := []float64{1e308, -1e308}
	_, err = mlp.NewRegressionTrainer(r, good, huge, mlp.TrainConfig{}, rng)
	checkErr(t, err, "too large to standardise")
	if _, err := mlp.NewRegressionTrainer(r, good, []float64{0, 1}, mlp.TrainConfig{}, nil); err == nil {
		t.Error("NewRegressionTrainer with a nil rng succeeded")
	}
	_, err = mlp.NewRegressionTrainer(nil, good, []float64{0, 1}, mlp.TrainConfig{}, rng)
	checkErr(t, err, "nil regressor")
	err = mlp.TrainRegressor(context.Background(), r, good, []float64{0, 1}, 0, mlp.TrainConfig{}, rng, nil)
	checkErr(t, err, "epochs must be at least 1")
	if got := r.PredictValues([][]float64{{1}}); got != nil {
		t.Errorf("PredictValues of a row with 1 value for 2 inputs = %v, want nil", got)
	}
	if got := r.PredictValues(nil); got == nil || len(got) != 0 {
		t.Errorf("PredictValues(nil) = %#v, want an empty slice", got)
	}
}

func TestRegressorDescribe(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 2, Hidden: []int{4, 3}, Activation: mlp.Tanh}, rng)
	if err != nil {
		t.Fatal(err)
	}
	// 2·4 + 4 + 4·3 + 3 + 3·1 + 1 = 31 weights and biases.
	want := models.Description{
		Kind: "mlp-regressor",
		Settings: map[string]any{
			"inputs": 2, "hidden": []int{4, 3}, "activation": "tanh",
			"target_mean": 0.0, "target_scale": 1.0,
		},
		Parameters: 31,
	}
	if got := r.Describe(); !reflect.DeepEqual(got, want) {
		t.Errorf("Describe() = %+v, want %+v", got, want)
	}
	cfg := r.Config()
	cfg.Hidden[0] = 99
	if r.Config().Hidden[0] != 4 {
		t.Error("changing the Hidden slice of Config() changed the regressor")
	}
}

func TestRegressorSaveLoad(t *testing.T) {
	X, y := sine(50, -3, 3)
	rng := rand.New(rand.NewPCG(1, 0))
	r := sineRegressor(t, rng)
	if err := mlp.TrainRegressor(context.Background(), r, X, y, 20, mlp.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := mlp.LoadRegressor(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	xTest, _ := sine(77, -4, 4)
	a, b := r.PredictValues(xTest), back.PredictValues(xTest)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("prediction %d: %v before saving, %v after loading", i, a[i], b[i])
		}
	}
	if !reflect.DeepEqual(r.Describe(), back.Describe()) {
		t.Errorf("after loading %+v, before %+v", back.Describe(), r.Describe())
	}
	// A loaded regressor keeps its target scale when trained further.
	mean, scale := back.TargetScale()
	if _, err := mlp.NewRegressionTrainer(back, X[:5], []float64{9, 8, 7, 6, 5}, mlp.TrainConfig{}, rng); err != nil {
		t.Fatal(err)
	}
	if m, s := back.TargetScale(); m != mean || s != scale {
		t.Errorf("training a loaded regressor changed its target scale from %v, %v to %v, %v", mean, scale, m, s)
	}

	var v2 bytes.Buffer
	if err := models.Save(&v2, mlp.RegressorKind, 2, map[string]int{}); err != nil {
		t.Fatal(err)
	}
	if _, err := mlp.LoadRegressor(&v2); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading format version 2: %v, want an error wrapping models.ErrVersion", err)
	}
	broken := []struct{ name, from, to, want string }{
		{"extra parameter", `"parameters":[`, `"parameters":[1,`, "has 322 weights and biases, its shape needs 321"},
		{"unknown field", `"target_scale":`, `"ignored":0,"target_scale":`, "unknown field"},
		// The saved scale's value now follows a second "target_mean" key,
		// which wins (encoding/json keeps the last of repeated keys).
		{"negative scale", `"target_scale":`, `"target_scale":-1,"target_mean":`, "target scale is -1"},
		{"bad activation", `"activation":"tanh"`, `"activation":"swish"`, "unknown activation"},
		{"no inputs", `"inputs":1`, `"inputs":0`, "inputs must be at least 1"},
		{"wrong kind", `"kind":"mlp-regressor"`, `"kind":"linear"`, "holds a linear model"},
	}
	for _, tc := range broken {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(saved, tc.from, tc.to, 1)
			if changed == saved {
				t.Fatalf("%q not found in the saved regressor", tc.from)
			}
			_, err := mlp.LoadRegressor(strings.NewReader(changed))
			checkErr(t, err, tc.want)
		})
	}
}

// A network with two hidden layers of 16 tanh units learns sin x from 200
// points on [−3, 3], and is good inside that range but not outside it.
func ExampleTrainRegressor() {
	var X [][]float64
	var y []float64
	for i := range 200 {
		x := -3 + 6*float64(i)/199
		X = append(X, []float64{x})
		y = append(y, math.Sin(x))
	}
	rng := rand.New(rand.NewPCG(1, 0))
	r, err := mlp.NewRegressor(mlp.RegressorConfig{Inputs: 1, Hidden: []int{16, 16}, Activation: mlp.Tanh}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := mlp.TrainRegressor(context.Background(), r, X, y, 300, mlp.TrainConfig{}, rng, nil); err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range []float64{1, 6} {
		fmt.Printf("x = %v: sin x = %.2f, network %.2f\n", x, math.Sin(x), r.PredictValues([][]float64{{x}})[0])
	}
	// Output:
	// x = 1: sin x = 0.84, network 0.83
	// x = 6: sin x = -0.28, network -1.44
}

// BenchmarkRegressorEpoch700 times one epoch of Adam with batches of 32 on
// 700 points of sin x on [−3, 3], for the network of two hidden layers of
// 16 tanh units: 22 steps, the last of 28 rows.
func BenchmarkRegressorEpoch700(b *testing.B) {
	X, y := sine(700, -3, 3)
	rng := rand.New(rand.NewPCG(2, 0))
	tr, err := mlp.NewRegressionTrainer(sineRegressor(b, rng), X, y, mlp.TrainConfig{}, rng)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Epoch(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

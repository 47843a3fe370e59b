package linear_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/linear"
)

// poly returns c[0] + c[1]·x + … + c[d]·x^d by Horner's rule.
func poly(c []float64, x float64) float64 {
	v := 0.0
	for i := len(c) - 1; i >= 0; i-- {
		v = v*x + c[i]
	}
	return v
}

// sample returns n points with x evenly spaced on [lo, hi] and
// y = poly(c, x) plus normal noise of standard deviation noise drawn from
// rng (nil for none).
func sample(c []float64, n int, lo, hi, noise float64, rng *rand.Rand) ([][]float64, []float64) {
	X := make([][]float64, n)
	y := make([]float64, n)
	for i := range n {
		x := lo + (hi-lo)*float64(i)/float64(n-1)
		X[i] = []float64{x}
		y[i] = poly(c, x)
		if rng != nil {
			y[i] += noise * rng.NormFloat64()
		}
	}
	return X, y
}

func fit(t testing.TB, X [][]float64, y []float64, cfg linear.Config) *linear.Model {
	t.Helper()
	m, err := linear.Fit(X, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mse(t testing.TB, m *linear.Model, X [][]float64, y []float64) float64 {
	t.Helper()
	v, err := models.MSE(y, m.PredictValues(X))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRecoversCoefficients fits noiseless polynomials of degrees 1 to 5 and
// compares the coefficients in the original units of x with the formula's.
// x runs over [−2, 5], off-centre, so that turning the rescaled fit back
// into powers of x (the binomial expansion) is exercised. The tolerance,
// 1e-9 relative to max(1, |c|), is far above the rounding of these
// well-conditioned fits (about 1e-13 measured) and far below any real
// mistake. Fitting a degree higher than the data's must give 0 for the
// extra powers.
func TestRecoversCoefficients(t *testing.T) {
	all := []float64{2, 3, -0.5, 0.25, -0.125, 0.0625}
	const tol = 1e-9
	for deg := 1; deg <= 5; deg++ {
		for _, extra := range []int{0, 2} {
			t.Run(fmt.Sprintf("degree%d/fit%d", deg, deg+extra), func(t *testing.T) {
				want := append([]float64(nil), all[:deg+1]...)
				X, y := sample(want, 40, -2, 5, 0, nil)
				m := fit(t, X, y, linear.Config{Degree: deg + extra})
				got := m.Coefficients()
				want = append(want, make([]float64, extra)...)
				if len(got) != len(want) {
					t.Fatalf("%d coefficients, want %d", len(got), len(want))
				}
				for p := range want {
					if math.Abs(got[p]-want[p]) > tol*max(1, math.Abs(want[p])) {
						t.Errorf("coefficient of x^%d = %.15g, want %g", p, got[p], want[p])
					}
				}
			})
		}
	}
}

// TestSeveralFeatures fits y = 1 + 2·x1 − 3·x2 + 0.5·x2² with per-feature
// powers of degree 2; the coefficient of x1² must come out 0.
func TestSeveralFeatures(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	X := make([][]float64, 50)
	y := make([]float64, len(X))
	for i := range X {
		x1, x2 := 10*rng.Float64(), -1+3*rng.Float64()
		X[i] = []float64{x1, x2}
		y[i] = 1 + 2*x1 - 3*x2 + 0.5*x2*x2
	}
	m := fit(t, X, y, linear.Config{Degree: 2})
	want := []float64{1, 2, 0, -3, 0.5} // c₀, x1, x1², x2, x2²
	got := m.Coefficients()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("coefficient %d = %.15g, want %g", i, got[i], want[i])
		}
	}
	if eq, want := m.Equation(), "y = 1.00 + 2.00·x1 − 3.00·x2 + 0.500·x2²"; eq != want {
		t.Errorf("Equation() = %q, want %q", eq, want)
	}
	// Degree 1 with two features is a plane: multiple linear regression.
	plane := fit(t, X, y, linear.Config{})
	if n := len(plane.Coefficients()); n != 3 {
		t.Errorf("a plane has %d coefficients, want 3", n)
	}
}

// TestDegree12IsStable fits a degree-12 polynomial to noiseless data of
// the same degree with x from 0 to 100, where x¹² reaches 10²⁴: raw powers
// would lose every digit, the rescaled ones must reproduce the curve.
// The rescaled columns have condition number about 1.4e4 (measured with
// mat.QR's Cond), so rounding costs about 4 of float64's 16 digits; 1e-10
// of the curve's spread is a generous bound (the miss measured is 2e-14).
func TestDegree12IsStable(t *testing.T) {
	// The polynomial with roots at 0, 8, 16, ..., 80 and 100 (twelve of
	// them) wiggles over the whole range, so every power matters.
	f := func(x float64) float64 {
		v := x - 100
		for r := 0.0; r <= 80; r += 8 {
			v *= (x - r) / 10
		}
		return v
	}
	X := make([][]float64, 200)
	y := make([]float64, len(X))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range X {
		x := 100 * float64(i) / float64(len(X)-1)
		X[i], y[i] = []float64{x}, f(x)
		lo, hi = min(lo, y[i]), max(hi, y[i])
	}
	m := fit(t, X, y, linear.Config{Degree: 12})
	// Check between the training points too.
	var worst float64
	for i := range 333 {
		x := 100 * float64(i) / 332
		worst = max(worst, math.Abs(m.PredictValues([][]float64{{x}})[0]-f(x)))
	}
	t.Logf("largest miss %.3g of a spread of %.3g", worst, hi-lo)
	if worst > 1e-10*(hi-lo) {
		t.Errorf("largest miss %.3g, want below %.3g", worst, 1e-10*(hi-lo))
	}
}

// TestRidgeShrinks checks that a larger ridge penalty gives a curve closer
// to the flat line at the mean of y: the predictions' spread around that
// mean must shrink as λ grows, and with an enormous λ the curve is flat at
// the mean (not at 0, since the intercept is not penalised). The exact
// statement, that the penalised coefficients shrink, is tested inside the
// package.
func TestRidgeShrinks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 0))
	X, y := sample([]float64{10, 3, -0.5, 0.2}, 30, -3, 4, 0.5, rng)
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	spread := func(m *linear.Model) float64 {
		var s float64
		for _, p := range m.PredictValues(X) {
			s += (p - mean) * (p - mean)
		}
		return math.Sqrt(s / float64(len(X)))
	}
	prev := math.Inf(1)
	for _, lambda := range []float64{0, 0.01, 0.1, 1, 10, 100, 1000} {
		m := fit(t, X, y, linear.Config{Degree: 5, Ridge: lambda})
		s := spread(m)
		if !(s < prev) {
			t.Errorf("λ = %g: spread of the curve %.6g, want below %.6g (that of the smaller λ)", lambda, s, prev)
		}
		prev = s
	}
	flat := fit(t, X, y, linear.Config{Degree: 5, Ridge: 1e12})
	for i, p := range flat.PredictValues(X) {
		// λ = 1e12 shrinks the coefficients by a factor of about 1e11
		// against the columns' sums of squares (30); 1e-6 is generous.
		if math.Abs(p-mean) > 1e-6*math.Abs(mean) {
			t.Fatalf("λ = 1e12: prediction %d is %v, want the mean of y %v", i, p, mean)
		}
	}
}

// overfitData returns the overfitting lesson's data: 13 noisy training
// points of y = 1 + 2x − x² on [0, 3] (noise 0.2), and 300 noisy test
// points from the same curve and range.
func overfitData() (xTrain [][]float64, yTrain []float64, xTest [][]float64, yTest []float64) {
	c := []float64{1, 2, -1}
	rng := rand.New(rand.NewPCG(12, 0))
	xTrain, yTrain = sample(c, 13, 0, 3, 0.2, rng)
	for range 300 {
		x := 3 * rng.Float64()
		xTest = append(xTest, []float64{x})
		yTest = append(yTest, poly(c, x)+0.2*rng.NormFloat64())
	}
	return xTrain, yTrain, xTest, yTest
}

// TestOverfitting is the lesson of the degree slider: a degree-12 curve
// through 13 noisy points passes through every one of them (training error
// about 0) but swings between them, so on new points from the same range it
// does much worse than a parabola, whose training error is about the noise
// (0.2² = 0.04).
func TestOverfitting(t *testing.T) {
	xTrain, yTrain, xTest, yTest := overfitData()
	m2 := fit(t, xTrain, yTrain, linear.Config{Degree: 2})
	m12 := fit(t, xTrain, yTrain, linear.Config{Degree: 12})
	train2, test2 := mse(t, m2, xTrain, yTrain), mse(t, m2, xTest, yTest)
	train12, test12 := mse(t, m12, xTrain, yTrain), mse(t, m12, xTest, yTest)
	t.Logf("degree 2: train MSE %.3g, test MSE %.3g; degree 12: train MSE %.3g, test MSE %.3g", train2, test2, train12, test12)
	// 1e-12: 13 equations in 13 unknowns are solved exactly up to rounding.
	if train12 > 1e-12 {
		t.Errorf("degree 12 on 13 points: training MSE %.3g, want about 0", train12)
	}
	if !(train2 > 0.01 && test2 < 0.1) {
		t.Errorf("degree 2: training MSE %.3g and test MSE %.3g, want both about the noise variance 0.04", train2, test2)
	}
	if !(test12 > 10*test2) {
		t.Errorf("degree 12: test MSE %.3g, want more than 10 times the parabola's %.3g", test12, test2)
	}
	// A ridge penalty tames the same degree-12 curve.
	r := fit(t, xTrain, yTrain, linear.Config{Degree: 12, Ridge: 0.1})
	if testR := mse(t, r, xTest, yTest); !(testR < test12/10) {
		t.Errorf("degree 12 with ridge 0.1: test MSE %.3g, want below a tenth of %.3g", testR, test12)
	}
}

// TestExtrapolation: inside the training range the parabola is right;
// far outside it, the degree-12 curve is wildly wrong.
func TestExtrapolation(t *testing.T) {
	xTrain, yTrain, _, _ := overfitData()
	m12 := fit(t, xTrain, yTrain, linear.Config{Degree: 12})
	truth := poly([]float64{1, 2, -1}, 5)
	if got := m12.PredictValues([][]float64{{5}})[0]; !(math.Abs(got-truth) > 100) {
		t.Errorf("degree 12 at x = 5 (training range 0..3): %v, true %v; want a miss above 100", got, truth)
	}
}

func TestEquation(t *testing.T) {
	tests := []struct {
		name  string
		c     []float64
		lo    float64
		cfg   linear.Config
		want  string
		coefs int
	}{
		{"parabola", []float64{2, 3, -0.5}, -2, linear.Config{Degree: 2}, "y = 2.00 + 3.00·x − 0.500·x²", 3},
		{"falling ball", []float64{0, 0, 4.9}, 0, linear.Config{Degree: 2, Features: []string{"t"}, Target: "s"}, "s = 4.90·t²", 3},
		{"line fitted by a cubic", []float64{-1.5, 0.25}, -2, linear.Config{Degree: 3}, "y = −1.50 + 0.250·x", 4},
		{"negative slope only", []float64{0, -2}, -2, linear.Config{}, "y = −2.00·x", 2},
		{"large and small", []float64{1.5e7, 0.000123}, -2, linear.Config{}, "y = 1.50×10⁷ + 0.000123·x", 2},
		{"tiny", []float64{2.5e-6, 0, 1}, -2, linear.Config{Degree: 2}, "y = 2.50×10⁻⁶ + 1.00·x²", 3},
		{"flat", []float64{0, 0}, -2, linear.Config{}, "y = 0", 2},
		{"rounds up", []float64{9.996, 99999.7}, -2, linear.Config{}, "y = 10.0 + 100000·x", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			X, y := sample(tc.c, 20, tc.lo, 3, 0, nil)
			m := fit(t, X, y, tc.cfg)
			if got := m.Equation(); got != tc.want {
				t.Errorf("Equation() = %q, want %q (coefficients %v)", got, tc.want, m.Coefficients())
			}
			if n := len(m.Coefficients()); n != tc.coefs {
				t.Errorf("%d coefficients, want %d", n, tc.coefs)
			}
		})
	}
}

func TestValidation(t *testing.T) {
	line := [][]float64{{0}, {1}, {2}, {3}}
	ys := []float64{1, 2, 3, 4}
	tests := []struct {
		name string
		X    [][]float64
		y    []float64
		cfg  linear.Config
		want string
	}{
		{"empty", nil, nil, linear.Config{}, "no rows"},
		{"target count", line, ys[:3], linear.Config{}, "4 rows but 3 targets"},
		{"no features", [][]float64{{}, {}}, []float64{1, 2}, linear.Config{}, "rows have no features"},
		{"ragged", [][]float64{{0}, {1, 2}, {2}, {3}}, ys, linear.Config{}, "row 1 has 2 values, want 1"},
		{"NaN feature", [][]float64{{0}, {math.NaN()}, {2}, {3}}, ys, linear.Config{}, "row 1, column 0 is NaN"},
		{"Inf target", line, []float64{1, 2, math.Inf(1), 4}, linear.Config{}, "target 2 is +Inf"},
		{"degree 13", line, ys, linear.Config{Degree: 13}, "degree must be from 1 to 12, got 13"},
		{"degree -1", line, ys, linear.Config{Degree: -1}, "degree must be from 1 to 12, got -1"},
		{"negative ridge", line, ys, linear.Config{Ridge: -0.1}, "ridge penalty must be a number ≥ 0"},
		{"NaN ridge", line, ys, linear.Config{Ridge: math.NaN()}, "ridge penalty must be a number ≥ 0"},
		{"constant feature", [][]float64{{2}, {2}, {2}}, []float64{1, 2, 3}, linear.Config{}, "feature x is 2 in every row"},
		{"too few points", line, ys, linear.Config{Degree: 4}, "a degree-4 polynomial has 5 coefficients and needs at least 5 points, got 4"},
		{"too few points, two features", [][]float64{{0, 1}, {1, 0}, {2, 2}, {3, 1}}, ys, linear.Config{Degree: 2}, "2 features of degree 2 have 5 coefficients"},
		{"too few values", [][]float64{{0}, {1}, {0}, {1}, {2}, {2}}, []float64{1, 2, 3, 4, 5, 6}, linear.Config{Degree: 3}, "feature x has only 3 different values; a degree-3 curve needs at least 4"},
		{"copied feature", [][]float64{{0, 0}, {1, 2}, {2, 4}, {3, 6}}, ys, linear.Config{}, "nearly copies of each other"},
		{"names", line, ys, linear.Config{Features: []string{"a", "b"}}, "2 feature names for 1 features"},
		{"empty name", line, ys, linear.Config{Features: []string{" "}}, "feature name 0 is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := linear.Fit(tc.X, tc.y, tc.cfg)
			if err == nil {
				t.Fatalf("Fit succeeded (%s), want an error containing %q", m.Equation(), tc.want)
			}
			if !strings.HasPrefix(err.Error(), "linear: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one starting with \"linear: \" and containing %q", err, tc.want)
			}
		})
	}
	// A ridge penalty makes an underdetermined fit unique.
	for _, cfg := range []linear.Config{{Degree: 4, Ridge: 0.01}, {Degree: 12, Ridge: 1}} {
		if _, err := linear.Fit(line, ys, cfg); err != nil {
			t.Errorf("%+v on 4 points: %v, want a fit", cfg, err)
		}
	}
	m := fit(t, line, ys, linear.Config{})
	if got := m.PredictValues([][]float64{{1, 2}}); got != nil {
		t.Errorf("PredictValues of a row with 2 values for a 1-feature model = %v, want nil", got)
	}
	if got := m.PredictValues([][]float64{{math.NaN()}}); len(got) != 1 || !math.IsNaN(got[0]) {
		t.Errorf("PredictValues of NaN = %v, want [NaN]", got)
	}
}

// TestDeterminism: a fit involves no randomness, so the same data give
// the same coefficients, bit for bit.
func TestDeterminism(t *testing.T) {
	X, y := sample([]float64{1, 2, 3, 4}, 50, -1, 2, 0.1, rand.New(rand.NewPCG(1, 0)))
	a := fit(t, X, y, linear.Config{Degree: 7, Ridge: 0.5}).Coefficients()
	b := fit(t, X, y, linear.Config{Degree: 7, Ridge: 0.5}).Coefficients()
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("coefficient %d: %v then %v", i, a[i], b[i])
		}
	}
}

func TestDescribe(t *testing.T) {
	X, y := sample([]float64{1, 2, 3}, 10, 0, 1, 0, nil)
	m := fit(t, X, y, linear.Config{Degree: 2, Ridge: 0.5, Features: []string{"t"}, Target: "s"})
	got := m.Describe()
	want := models.Description{
		Kind:       "linear",
		Settings:   map[string]any{"degree": 2, "ridge": 0.5, "features": []string{"t"}, "target": "s", "rows": 10},
		Parameters: 3,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Describe() = %+v, want %+v", got, want)
	}
	if cfg := m.Config(); cfg.Degree != 2 || cfg.Target != "s" || cfg.Features[0] != "t" {
		t.Errorf("Config() = %+v", cfg)
	}
}

func TestSaveLoad(t *testing.T) {
	xTrain, yTrain, xTest, _ := overfitData()
	m := fit(t, xTrain, yTrain, linear.Config{Degree: 9, Ridge: 0.01, Features: []string{"t"}})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := linear.Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.PredictValues(xTest), back.PredictValues(xTest)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("prediction %d: %v before saving, %v after loading", i, a[i], b[i])
		}
	}
	if m.Equation() != back.Equation() || !reflect.DeepEqual(m.Describe(), back.Describe()) {
		t.Errorf("after loading: %q, %+v; before: %q, %+v", back.Equation(), back.Describe(), m.Equation(), m.Describe())
	}

	var other bytes.Buffer
	if err := models.Save(&other, "linear", 2, map[string]int{}); err != nil {
		t.Fatal(err)
	}
	if _, err := linear.Load(&other); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading format version 2: %v, want an error wrapping models.ErrVersion", err)
	}
	broken := []struct{ name, from, to, want string }{
		{"short beta", `"beta":[`, `"beta":[1,`, "coefficients"},
		{"extra range", `"half_range":[`, `"half_range":[1,`, "centres"},
		{"degree", `"degree":9`, `"degree":30`, "degree must be from 1 to 12"},
		{"unknown field", `"rows":`, `"extra":1,"rows":`, "unknown field"},
	}
	for _, tc := range broken {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(saved, tc.from, tc.to, 1)
			if changed == saved {
				t.Fatalf("%q not found in the saved model", tc.from)
			}
			_, err := linear.Load(strings.NewReader(changed))
			if err == nil || !strings.HasPrefix(err.Error(), "linear: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v, want an error starting \"linear: \" and containing %q", err, tc.want)
			}
		})
	}
}

// A ball dropped from rest: the height fallen s (m) after t seconds,
// measured with a little noise. A parabola recovers s = g/2·t² with
// g/2 = 4.9 m/s².
func ExampleFit() {
	rng := rand.New(rand.NewPCG(1, 0))
	var X [][]float64
	var s []float64
	for t := 0.0; t <= 2; t += 0.1 {
		X = append(X, []float64{t})
		s = append(s, 4.9*t*t+0.01*rng.NormFloat64())
	}
	m, err := linear.Fit(X, s, linear.Config{Degree: 2, Features: []string{"t"}, Target: "s"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Equation())
	fmt.Printf("after 3 s: %.1f m\n", m.PredictValues([][]float64{{3}})[0])
	// Output:
	// s = −0.000109 − 0.00969·t + 4.91·t²
	// after 3 s: 44.1 m
}

// BenchmarkFitDegree12Points1k times a degree-12 fit to 1,000 noisy points.
func BenchmarkFitDegree12Points1k(b *testing.B) {
	X, y := sample([]float64{1, 2, -1}, 1000, 0, 3, 0.2, rand.New(rand.NewPCG(1, 0)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := linear.Fit(X, y, linear.Config{Degree: 12}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitLinearPoints1k times a straight-line fit to the same points.
func BenchmarkFitLinearPoints1k(b *testing.B) {
	X, y := sample([]float64{1, 2, -1}, 1000, 0, 3, 0.2, rand.New(rand.NewPCG(1, 0)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := linear.Fit(X, y, linear.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

package optim_test

import (
	"math"
	"testing"

	"github.com/aisandbox/aisandbox/models/optim"
)

// near reports whether got and want differ by at most 1e-9: the hand-worked
// numbers below are rounded to 9 or 10 decimals, and float64 rounding of
// these few operations is far smaller.
func near(got, want float64) bool { return math.Abs(got-want) <= 1e-9 }

// TestAdamSteps checks two Adam steps (learning rate 0.1) on three
// parameters against numbers worked out by hand from Kingma & Ba 2015,
// Algorithm 1, with β1 = 0.9, β2 = 0.999, ε = 1e-8.
//
// Step 1, grads (0.5, −4, 0): 1−β1 = 0.1, 1−β2 = 0.001, so m̂ = g and
// v̂ = g², and each parameter moves by 0.1·g/(|g|+1e-8):
//
//	θ0 = 1 − 0.1·0.5/0.50000001 = 0.900000002
//	θ1 = −2 + 0.1·4/4.00000001 = −1.90000000025
//	θ2 = 0 (no gradient, no move)
//
// Step 2, grads (0.25, 2, 1): 1−β1² = 0.19, 1−β2² = 0.001999.
//
//	θ0: m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225,
//	    m̂ = 0.368421053, v̂ = 0.156203102, step 0.1·0.368421053/0.395225391 = 0.0932179615
//	    θ0 = 0.900000002 − 0.0932179615 = 0.8067820405
//	θ1: m = 0.9·(−0.4) + 0.1·2 = −0.16, v = 0.999·0.016 + 0.001·4 = 0.019984,
//	    m̂ = −0.842105263, v̂ = 9.996998499, step −0.1·0.842105263/3.161803046 = −0.026633704
//	    θ1 = −1.90000000025 + 0.026633704 = −1.873366296
//	θ2: m = 0.1, v = 0.001, m̂ = 0.526315789, v̂ = 0.500250125,
//	    step 0.1·0.526315789/0.707283624 = 0.074413681, θ2 = −0.074413681
func TestAdamSteps(t *testing.T) {
	params := []float64{1, -2, 0}
	a := optim.NewAdam(len(params), 0.1)
	steps := []struct {
		grads, want []float64
	}{
		{[]float64{0.5, -4, 0}, []float64{0.900000002, -1.90000000025, 0}},
		{[]float64{0.25, 2, 1}, []float64{0.8067820405, -1.873366296, -0.074413681}},
	}
	for s, st := range steps {
		a.Step(params, st.grads)
		for i := range params {
			if !near(params[i], st.want[i]) {
				t.Errorf("step %d: θ%d = %.12g, want %.9g", s+1, i, params[i], st.want[i])
			}
		}
	}
}

// TestAdamFirstStepIsRate checks the property Kingma & Ba 2015 (section
// 2.1) point out: thanks to the bias correction, the first step of every
// parameter is the learning rate in size, whatever the gradient's scale
// (as long as it is well above ε = 1e-8).
func TestAdamFirstStepIsRate(t *testing.T) {
	for _, g := range []float64{1e-3, 0.5, -7, 1e6} {
		p := []float64{0}
		optim.NewAdam(1, 0.01).Step(p, []float64{g})
		if want := -0.01 * math.Copysign(1, g); math.Abs(p[0]-want) > 1e-7 {
			t.Errorf("gradient %g: first step %g, want %g", g, p[0], want)
		}
	}
}

func TestSGDStep(t *testing.T) {
	tests := []struct {
		name                string
		rate                float64
		params, grads, want []float64
	}{
		{"against the gradient", 0.1, []float64{1, -2, 3}, []float64{2, -4, 0}, []float64{0.8, -1.6, 3}},
		{"rate 1", 1, []float64{0.5}, []float64{0.25}, []float64{0.25}},
		{"empty", 0.1, nil, nil, nil},
	}
	for _, tt := range tests {
		s := &optim.SGD{Rate: tt.rate}
		s.Step(tt.params, tt.grads)
		for i := range tt.want {
			if !near(tt.params[i], tt.want[i]) {
				t.Errorf("%s: θ%d = %g, want %g", tt.name, i, tt.params[i], tt.want[i])
			}
		}
	}
}

func TestAllFinite(t *testing.T) {
	tests := []struct {
		xs   []float64
		want bool
	}{
		{nil, true},
		{[]float64{0, -1, math.MaxFloat64, math.SmallestNonzeroFloat64}, true},
		{[]float64{1, math.NaN()}, false},
		{[]float64{math.Inf(1), 2}, false},
		{[]float64{math.Inf(-1)}, false},
	}
	for _, tt := range tests {
		if got := optim.AllFinite(tt.xs); got != tt.want {
			t.Errorf("AllFinite(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
}

// TestGuard checks that a step that keeps every parameter finite is kept,
// and one that overflows is undone.
func TestGuard(t *testing.T) {
	tests := []struct {
		name          string
		s             optim.Settings
		params, grads []float64
		wantOK        bool
		want          []float64
	}{
		{"sgd finite", optim.Settings{SGD: true, Rate: 0.5}, []float64{1, 2}, []float64{2, 2}, true, []float64{0, 1}},
		// 1e308 − 1e308·(−10) overflows float64 (largest about 1.8e308).
		{"sgd overflow", optim.Settings{SGD: true, Rate: 1e308}, []float64{1, 2}, []float64{0, -10}, false, []float64{1, 2}},
		{"sgd nan gradient", optim.Settings{SGD: true, Rate: 0.1}, []float64{1, 2}, []float64{math.NaN(), 0}, false, []float64{1, 2}},
		// Adam's first step is about the rate in size: 1e309 is infinite.
		{"adam overflow", optim.Settings{Rate: math.MaxFloat64}, []float64{-math.MaxFloat64, 0}, []float64{1, 0}, false, []float64{-math.MaxFloat64, 0}},
		{"adam finite", optim.Settings{Rate: 0.1}, []float64{1, 0}, []float64{3, 0}, true, []float64{0.9, 0}},
	}
	for _, tt := range tests {
		g := optim.New(tt.s, len(tt.params))
		if ok := g.Step(tt.params, tt.grads); ok != tt.wantOK {
			t.Errorf("%s: Step = %v, want %v", tt.name, ok, tt.wantOK)
		}
		for i := range tt.want {
			if !near(tt.params[i], tt.want[i]) {
				t.Errorf("%s: θ%d = %g, want %g", tt.name, i, tt.params[i], tt.want[i])
			}
		}
	}
}

// TestStepDoesNotAllocate checks that a step allocates nothing, so that
// the trainers' epochs stay allocation-free.
func TestStepDoesNotAllocate(t *testing.T) {
	const n = 1000
	params, grads := make([]float64, n), make([]float64, n)
	for i := range grads {
		grads[i] = float64(i%7) - 3
	}
	for _, s := range []optim.Settings{{Rate: 0.01}, {SGD: true, Rate: 0.1}} {
		g := optim.New(s, n)
		if a := testing.AllocsPerRun(100, func() { g.Step(params, grads) }); a != 0 {
			t.Errorf("%+v: %v allocations per step, want 0", s, a)
		}
	}
}

// BenchmarkAdamStep10k times one guarded Adam step on 10,000 parameters,
// about the size of the lessons' larger networks.
func BenchmarkAdamStep10k(b *testing.B) {
	const n = 10000
	params, grads := make([]float64, n), make([]float64, n)
	for i := range grads {
		grads[i] = float64(i%7) - 3
	}
	g := optim.New(optim.Settings{Rate: 0.001}, n)
	b.ReportAllocs()
	for b.Loop() {
		g.Step(params, grads)
	}
}

package gradcheck_test

import (
	"math"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
)

func TestCentralAndNudge(t *testing.T) {
	// For f(x) = x³ the central difference is exactly 3x² + h²: at x = 2,
	// h = 0.5 it is ((2.5)³ − (1.5)³)/1 = 15.625 − 3.375 = 12.25.
	x := 2.0
	if got := gradcheck.Nudge(&x, 0.5, func() float64 { return x * x * x }); got != 12.25 {
		t.Errorf("Nudge = %v, want 12.25", got)
	}
	if x != 2 {
		t.Errorf("Nudge left x = %v, want it put back to 2", x)
	}
	// at(δ) = (1 + δ)² gives ((1.25)² − (0.75)²)/0.5 = (1.5625 − 0.5625)/0.5 = 2.
	if got := gradcheck.Central(0.25, func(d float64) float64 { return (1 + d) * (1 + d) }); got != 2 {
		t.Errorf("Central = %v, want 2", got)
	}
}

func TestRelErrorAndClose(t *testing.T) {
	tests := []struct {
		a, b, floor float64
		rel         float64 // hand-computed |a−b| / max(|a|+|b|, floor)
	}{
		{1, 3, 1e-7, 0.5},     // 2/4
		{-1, 1, 1e-7, 1},      // 2/2
		{0, 0, 1e-7, 0},       // 0/1e-7
		{1e-9, 0, 1e-7, 0.01}, // 1e-9/1e-7, the floor wins
	}
	for _, tc := range tests {
		if got := gradcheck.RelError(tc.a, tc.b, tc.floor); math.Abs(got-tc.rel) > 1e-12 {
			t.Errorf("RelError(%v, %v, %v) = %v, want %v", tc.a, tc.b, tc.floor, got, tc.rel)
		}
	}
	closeTests := []struct {
		a, b, rel, abs float64
		want           bool
	}{
		{100, 100.5, 1e-2, 0, true},   // 0.5 ≤ 0.01·100.5
		{100, 102, 1e-2, 0, false},    // 2 > 1.02
		{0, 1e-16, 1e-9, 1e-15, true}, // the absolute floor
		{0, 1e-14, 1e-9, 1e-15, false},
	}
	for _, tc := range closeTests {
		if got := gradcheck.Close(tc.a, tc.b, tc.rel, tc.abs); got != tc.want {
			t.Errorf("Close(%v, %v, %v, %v) = %v, want %v", tc.a, tc.b, tc.rel, tc.abs, got, tc.want)
		}
	}
	bad, err := gradcheck.Compare([]float64{1, 2, 3}, []float64{1, 2.5, 3}, 1e-9, 0)
	if err != nil || len(bad) != 1 || bad[0] != (gradcheck.Mismatch{Index: 1, Got: 2, Want: 2.5}) {
		t.Errorf("Compare = %v, %v; want one mismatch at 1", bad, err)
	}
	if _, err := gradcheck.Compare([]float64{1}, nil, 1e-9, 0); err == nil {
		t.Error("Compare of lengths 1 and 0 gave no error")
	}
}

func TestFlattenOneHot(t *testing.T) {
	if got := gradcheck.Flatten([][]float64{{1, 2}, {3, 4}}); !slices.Equal(got, []float64{1, 2, 3, 4}) {
		t.Errorf("Flatten = %v", got)
	}
	got, err := gradcheck.OneHot([]int{2, 0}, 3)
	if err != nil || !slices.Equal(got, []float64{0, 0, 1, 1, 0, 0}) {
		t.Errorf("OneHot = %v, %v", got, err)
	}
	if _, err := gradcheck.OneHot([]int{3}, 3); err == nil {
		t.Error("OneHot of label 3 of 3 classes gave no error")
	}
}

// TestCrossEntropyGraph builds one row of logits (0, ln 3) with true class
// 1: softmax is (1/4, 3/4), so the loss is −ln(3/4) ≈ 0.2877 and its
// gradient with respect to the logits is softmax − onehot = (1/4, −1/4).
func TestCrossEntropyGraph(t *testing.T) {
	var cost *G.Node
	var grads G.Nodes
	g, err := gradcheck.Build(func(g *G.ExprGraph) error {
		x := gradcheck.Node(g, "x", []float64{1}, 1, 1)
		w := gradcheck.Node(g, "w", []float64{0, math.Log(3)}, 1, 2)
		b := gradcheck.Node(g, "b", []float64{0, 0}, 2)
		z, err := gradcheck.Affine(x, w, b) // 1·w + 0, the same logits
		if err != nil {
			return err
		}
		if cost, err = gradcheck.CrossEntropy(z, gradcheck.Node(g, "y", []float64{0, 1}, 1, 2), 1); err != nil {
			return err
		}
		grads, err = G.Grad(cost, w)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := gradcheck.Run(vm); err != nil {
		t.Fatal(err)
	}
	c, err := gradcheck.Float64s(cost.Value())
	if err != nil || math.Abs(c[0]+math.Log(0.75)) > 1e-12 {
		t.Errorf("cost %v (%v), want %v", c, err, -math.Log(0.75))
	}
	d, err := gradcheck.Float64s(grads[0].Value())
	if err != nil || len(d) != 2 || math.Abs(d[0]-0.25) > 1e-12 || math.Abs(d[1]+0.25) > 1e-12 {
		t.Errorf("∂cost/∂w = %v (%v), want [0.25 -0.25]", d, err)
	}
}

// TestBuildRecoversPanic: a backing of 3 numbers for a 2×2 tensor makes
// tensor.New panic; Build must return that as an error.
func TestBuildRecoversPanic(t *testing.T) {
	_, err := gradcheck.Build(func(g *G.ExprGraph) error {
		gradcheck.Node(g, "bad", []float64{1, 2, 3}, 2, 2)
		return nil
	})
	if err == nil {
		t.Fatal("Build of a wrong shape gave no error")
	}
	if _, err := gradcheck.Float64s(nil); err == nil {
		t.Error("Float64s(nil) gave no error")
	}
}

package autograd_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models/autograd"
)

// linePoints returns five points on y = 2x + 1 at x = −2, −1, 0, 1, 2.
func linePoints() []autograd.Point {
	var pts []autograd.Point
	for x := -2.0; x <= 2; x++ {
		pts = append(pts, autograd.Point{X: x, Y: 2*x + 1})
	}
	return pts
}

// TestFitLine checks the mean loss and mean gradient of a line fit against
// the formulas, one point's graph against hand values, and that gradient
// descent finds the line.
func TestFitLine(t *testing.T) {
	pts := linePoints()
	f, err := autograd.NewFit("w*x + b", []autograd.Var{{Name: "w", Value: 0}, {Name: "b", Value: 0}}, pts)
	if err != nil {
		t.Fatal(err)
	}
	// With w = b = 0, the residual of each point is r = −y:
	// loss = mean(y²), ∂loss/∂w = mean(2·r·x), ∂loss/∂b = mean(2·r).
	var loss, gw, gb float64
	for _, p := range pts {
		r := -p.Y
		loss += r * r / 5
		gw += 2 * r * p.X / 5
		gb += 2 * r / 5
	}
	if !closeTo(f.Loss(), loss, 1e-12) {
		t.Errorf("loss %v, want %v", f.Loss(), loss)
	}
	if g := f.Gradient(); !closeTo(g[0], gw, 1e-12) || !closeTo(g[1], gb, 1e-12) {
		t.Errorf("gradient %v, want [%v %v]", g, gw, gb)
	}

	// Point 4 is (2, 5): the model gives 0, the residual is −5, the loss
	// 25, and ∂/∂w = 2·(−5)·2 = −20, ∂/∂b = −10.
	g, err := f.Graph(4)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"w": {0, -20}, "x": {2, 0}, "b": {0, -10}, "y": {5, 10}}
	for _, n := range g.Nodes {
		if w, ok := want[n.Label]; ok && n.Kind != autograd.Op {
			if n.Value != w[0] || !closeTo(n.Grad, w[1], 1e-12) {
				t.Errorf("point 4, node %s: value %v grad %v, want %v", n.Label, n.Value, n.Grad, w)
			}
			delete(want, n.Label)
		}
	}
	if len(want) != 0 {
		t.Errorf("nodes missing from the graph: %v", want)
	}
	if out := g.Nodes[g.Output]; out.Value != 25 || out.Label != "^" || out.Pos != 0 {
		t.Errorf("output %+v, want the added ^ with value 25", out)
	}

	// Full-batch gradient descent. The loss's curvature is 2·mean(x²) = 4
	// for w and 2 for b, so a rate of 0.1 shrinks the error by 0.6 and 0.8
	// a step: after 100 steps it is below 1e-9.
	first := f.Loss()
	for range 100 {
		if _, err := f.Step(0.1); err != nil {
			t.Fatal(err)
		}
	}
	ps := f.Params()
	if math.Abs(ps[0].Value-2) > 1e-6 || math.Abs(ps[1].Value-1) > 1e-6 || !(f.Loss() < first*1e-9) {
		t.Errorf("after 100 steps w = %v, b = %v, loss %v; want 2, 1 and almost 0", ps[0].Value, ps[1].Value, f.Loss())
	}
	ys, err := f.Predict([]float64{-1, 0, 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range []float64{-1, 0, 3} {
		if math.Abs(ys[i]-(2*x+1)) > 1e-5 {
			t.Errorf("Predict(%v) = %v, want %v", x, ys[i], 2*x+1)
		}
	}
}

// TestFitConstant fits a model without x: the best constant under squared
// error is the mean of the y values.
func TestFitConstant(t *testing.T) {
	pts := []autograd.Point{{X: 0, Y: 1}, {X: 5, Y: 2}, {X: 9, Y: 6}}
	f, err := autograd.NewFit("c", []autograd.Var{{Name: "c", Value: 0}}, pts)
	if err != nil {
		t.Fatal(err)
	}
	for range 60 {
		if _, err := f.Step(0.25); err != nil {
			t.Fatal(err)
		}
	}
	if c := f.Params()[0].Value; math.Abs(c-3) > 1e-9 {
		t.Errorf("c = %v after 60 steps, want the mean 3", c)
	}
}

// TestFitLargeRate shows the lesson of a too large rate: the loss of a line
// fit grows step after step instead of falling (the rate 0.6 is beyond the
// stable limit 2/4 = 0.5 set by w's curvature).
func TestFitLargeRate(t *testing.T) {
	f, err := autograd.NewFit("w*x + b", []autograd.Var{{Name: "w", Value: 0}, {Name: "b", Value: 0}}, linePoints())
	if err != nil {
		t.Fatal(err)
	}
	prev := f.Loss()
	for i := range 5 {
		loss, err := f.Step(0.6)
		if err != nil {
			t.Fatal(err)
		}
		if !(loss > prev) {
			t.Errorf("step %d: loss %v → %v, want it to grow", i+1, prev, loss)
		}
		prev = loss
	}
}

func TestFitErrors(t *testing.T) {
	pts := linePoints()
	w := []autograd.Var{{Name: "w", Value: 1}}
	tests := []struct {
		name   string
		model  string
		params []autograd.Var
		points []autograd.Point
		want   string
	}{
		{"target in model", "w*x + y", w, pts, "at 7: y is each point's target"},
		{"x as parameter", "w*x", []autograd.Var{{Name: "w", Value: 1}, {Name: "x", Value: 1}}, pts, "x is set by the data points"},
		{"missing parameter", "w*x + b", w, pts, "at 7: b has no value"},
		{"no points", "w*x", w, nil, "no data points"},
		{"too many points", "w*x", w, make([]autograd.Point, autograd.MaxPoints+1), "at most 200"},
		{"NaN point", "w*x", w, []autograd.Point{{X: math.NaN(), Y: 1}}, "data point 1"},
		{"log of a negative x", "log(w*x)", w, pts, "with the data points"},
		{"syntax", "w*(x", w, pts, `at 5: expected ")"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := autograd.NewFit(tt.model, tt.params, tt.points)
			if err == nil || !strings.HasPrefix(err.Error(), "autograd: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}

	f, err := autograd.NewFit("exp(w*x)", w, pts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Graph(5); err == nil {
		t.Error("Graph(5) of 5 points: no error")
	}
	if _, err := f.Predict([]float64{math.Inf(1)}); err == nil {
		t.Error("Predict(+Inf): no error")
	}
	before := f.Params()[0].Value
	var de *autograd.DivergedError
	if _, err := f.Step(1000); !errors.As(err, &de) {
		t.Errorf("a step of rate 1000 on exp(w*x): error %v, want a *DivergedError", err)
	}
	if f.Params()[0].Value != before {
		t.Error("a failed step changed w")
	}
	if err := f.Set("w", 0.5); err != nil || f.Params()[0].Value != 0.5 {
		t.Errorf("Set(w, 0.5): %v", err)
	}
	if err := f.Set("x", 0.5); err == nil {
		t.Error("Set(x): no error; x is data")
	}
}

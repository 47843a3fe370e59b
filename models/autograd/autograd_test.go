package autograd_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/aisandbox/aisandbox/models/autograd"
)

// sigmoid is 1/(1+e^−z), for the hand derivatives.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// gradCase is an expression, its variables, and its value and gradients
// worked out by hand.
type gradCase struct {
	expr string
	vars []autograd.Var
	// value and grad compute the expression and ∂expr/∂v for every
	// variable from the values v, by the rules of calculus.
	value func(v map[string]float64) float64
	grad  func(v map[string]float64) map[string]float64
}

func vars(pairs ...any) []autograd.Var {
	var out []autograd.Var
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, autograd.Var{Name: pairs[i].(string), Value: pairs[i+1].(float64), Param: true})
	}
	return out
}

var gradCases = []gradCase{
	{
		expr: "(w*x + b - y)^2",
		vars: vars("w", 0.5, "x", 2.0, "b", 0.1, "y", 3.0),
		value: func(v map[string]float64) float64 {
			r := v["w"]*v["x"] + v["b"] - v["y"]
			return r * r
		},
		grad: func(v map[string]float64) map[string]float64 {
			r := v["w"]*v["x"] + v["b"] - v["y"]
			return map[string]float64{"w": 2 * r * v["x"], "x": 2 * r * v["w"], "b": 2 * r, "y": -2 * r}
		},
	},
	{
		expr:  "sigmoid(w*x + b)",
		vars:  vars("w", -0.7, "x", 1.5, "b", 0.3),
		value: func(v map[string]float64) float64 { return sigmoid(v["w"]*v["x"] + v["b"]) },
		grad: func(v map[string]float64) map[string]float64 {
			s := sigmoid(v["w"]*v["x"] + v["b"])
			d := s * (1 - s) // σ' = σ(1−σ)
			return map[string]float64{"w": d * v["x"], "x": d * v["w"], "b": d}
		},
	},
	{
		expr:  "tanh(a*b + c)",
		vars:  vars("a", 0.8, "b", -1.2, "c", 0.5),
		value: func(v map[string]float64) float64 { return math.Tanh(v["a"]*v["b"] + v["c"]) },
		grad: func(v map[string]float64) map[string]float64 {
			t := math.Tanh(v["a"]*v["b"] + v["c"])
			d := 1 - t*t // tanh' = 1 − tanh²
			return map[string]float64{"a": d * v["b"], "b": d * v["a"], "c": d}
		},
	},
	{
		expr:  "exp(a) / b",
		vars:  vars("a", 0.4, "b", 2.5),
		value: func(v map[string]float64) float64 { return math.Exp(v["a"]) / v["b"] },
		grad: func(v map[string]float64) map[string]float64 {
			e := math.Exp(v["a"])
			return map[string]float64{"a": e / v["b"], "b": -e / (v["b"] * v["b"])}
		},
	},
	{
		expr:  "log(a*b)",
		vars:  vars("a", 1.5, "b", 0.4),
		value: func(v map[string]float64) float64 { return math.Log(v["a"] * v["b"]) },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"a": 1 / v["a"], "b": 1 / v["b"]}
		},
	},
	{
		expr:  "sin(a) * cos(b)",
		vars:  vars("a", 0.9, "b", -2.1),
		value: func(v map[string]float64) float64 { return math.Sin(v["a"]) * math.Cos(v["b"]) },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"a": math.Cos(v["a"]) * math.Cos(v["b"]), "b": -math.Sin(v["a"]) * math.Sin(v["b"])}
		},
	},
	{
		expr:  "relu(a - b)",
		vars:  vars("a", 1.0, "b", 0.25),
		value: func(v map[string]float64) float64 { return max(v["a"]-v["b"], 0) },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"a": 1, "b": -1}
		},
	},
	{
		expr:  "relu(a - b)", // below the bend: flat, so no gradient
		vars:  vars("a", 0.25, "b", 1.0),
		value: func(v map[string]float64) float64 { return 0 },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"a": 0, "b": 0}
		},
	},
	{
		expr:  "-a^2 + a^3 - 2^a",
		vars:  vars("a", -1.3),
		value: func(v map[string]float64) float64 { a := v["a"]; return -a*a + a*a*a - math.Pow(2, a) },
		grad: func(v map[string]float64) map[string]float64 {
			a := v["a"]
			return map[string]float64{"a": -2*a + 3*a*a - math.Pow(2, a)*math.Ln2}
		},
	},
	{
		expr:  "a / b - a * a", // a is used three times: its gradients add up
		vars:  vars("a", 0.6, "b", -1.6),
		value: func(v map[string]float64) float64 { return v["a"]/v["b"] - v["a"]*v["a"] },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"a": 1/v["b"] - 2*v["a"], "b": -v["a"] / (v["b"] * v["b"])}
		},
	},
	{
		expr:  "w*x + w*x", // gorgonia merges the two w*x into one node
		vars:  vars("w", 1.5, "x", -0.5),
		value: func(v map[string]float64) float64 { return 2 * v["w"] * v["x"] },
		grad: func(v map[string]float64) map[string]float64 {
			return map[string]float64{"w": 2 * v["x"], "x": 2 * v["w"]}
		},
	},
	{
		expr:  "ә × x₁ ** 2 − 1 ÷ ә", // typographic signs and non-Latin names
		vars:  vars("ә", 2.0, "x₁", 0.5),
		value: func(v map[string]float64) float64 { return v["ә"]*v["x₁"]*v["x₁"] - 1/v["ә"] },
		grad: func(v map[string]float64) map[string]float64 {
			a, x := v["ә"], v["x₁"]
			return map[string]float64{"ә": x*x + 1/(a*a), "x₁": 2 * a * x}
		},
	},
}

func valuesOf(vs []autograd.Var) map[string]float64 {
	m := map[string]float64{}
	for _, v := range vs {
		m[v.Name] = v.Value
	}
	return m
}

// closeTo reports whether got is within tol of want, relative to
// max(1, |want|).
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// TestGradients checks the value and the gradient with respect to every
// variable against the hand derivatives (to 1e-12: both are exact up to a
// few roundings) and against central finite differences, (f(v+h) −
// f(v−h))/2h with h = 1e-6: its truncation error is about h² times the third derivative / 6 ≈
// 1e-12 and its rounding error about 1e-16·f/h ≈ 1e-10, so 1e-6 is a safe
// bound that a wrong derivative still fails by far.
func TestGradients(t *testing.T) {
	for _, tc := range gradCases {
		t.Run(tc.expr, func(t *testing.T) {
			e, err := autograd.New(tc.expr, tc.vars)
			if err != nil {
				t.Fatal(err)
			}
			v := valuesOf(tc.vars)
			if want := tc.value(v); !closeTo(e.Value(), want, 1e-12) {
				t.Errorf("value %.17g, by hand %.17g", e.Value(), want)
			}
			hand := tc.grad(v)
			grads := e.Gradient()
			for i, vr := range e.Vars() {
				if !closeTo(grads[i], hand[vr.Name], 1e-12) {
					t.Errorf("∂/∂%s = %.17g, by hand %.17g", vr.Name, grads[i], hand[vr.Name])
				}
				const h = 1e-6
				at := func(x float64) float64 {
					e2, err := autograd.New(tc.expr, tc.vars)
					if err != nil {
						t.Fatal(err)
					}
					if err := e2.Set(vr.Name, x); err != nil {
						t.Fatal(err)
					}
					return e2.Value()
				}
				fd := (at(vr.Value+h) - at(vr.Value-h)) / (2 * h)
				if !closeTo(grads[i], fd, 1e-6) {
					t.Errorf("∂/∂%s = %.17g, finite difference %.17g", vr.Name, grads[i], fd)
				}
			}
			// The variables' nodes carry the same gradients.
			g := e.Graph()
			for i, vr := range e.Vars() {
				found := false
				for _, n := range g.Nodes {
					if n.Label == vr.Name && n.Kind != autograd.Op {
						found = true
						if n.Grad != grads[i] || n.Value != vr.Value {
							t.Errorf("node %s has value %v grad %v, want %v and %v", n.Label, n.Value, n.Grad, vr.Value, grads[i])
						}
					}
				}
				if !found {
					t.Errorf("no node for variable %s", vr.Name)
				}
			}
		})
	}
}

// TestGraphShape checks the nodes of (w*x + b - y)^2 one by one: labels,
// kinds, inputs, positions, and the value and gradient of every step,
// worked out by hand with w = 0.5, x = 2, b = 0.1, y = 3.
func TestGraphShape(t *testing.T) {
	e, err := autograd.New("(w*x + b - y)^2", []autograd.Var{
		{Name: "w", Value: 0.5, Param: true}, {Name: "x", Value: 2},
		{Name: "b", Value: 0.1, Param: true}, {Name: "y", Value: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	// r = w*x + b − y = 1 + 0.1 − 3 = −1.9; the output r² = 3.61, and
	// every node on the way to r has gradient 2r = −3.8.
	want := []autograd.Node{
		{ID: 0, Label: "w", Kind: autograd.Param, Value: 0.5, Grad: -3.8 * 2, Pos: 2},
		{ID: 1, Label: "x", Kind: autograd.Input, Value: 2, Grad: -3.8 * 0.5, Pos: 4},
		{ID: 2, Label: "*", Kind: autograd.Op, Value: 1, Grad: -3.8, Inputs: []int{0, 1}, Pos: 3},
		{ID: 3, Label: "b", Kind: autograd.Param, Value: 0.1, Grad: -3.8, Pos: 8},
		{ID: 4, Label: "+", Kind: autograd.Op, Value: 1.1, Grad: -3.8, Inputs: []int{2, 3}, Pos: 6},
		{ID: 5, Label: "y", Kind: autograd.Input, Value: 3, Grad: 3.8, Pos: 12},
		{ID: 6, Label: "-", Kind: autograd.Op, Value: -1.9, Grad: -3.8, Inputs: []int{4, 5}, Pos: 10},
		{ID: 7, Label: "2", Kind: autograd.Const, Value: 2, Grad: 0, Pos: 15},
		{ID: 8, Label: "^", Kind: autograd.Op, Value: 3.61, Grad: 1, Inputs: []int{6, 7}, Pos: 14},
	}
	g := e.Graph()
	if g.Output != 8 || len(g.Nodes) != len(want) {
		t.Fatalf("output %d of %d nodes, want 8 of %d", g.Output, len(g.Nodes), len(want))
	}
	for i, w := range want {
		n := g.Nodes[i]
		if n.ID != w.ID || n.Label != w.Label || n.Kind != w.Kind || n.Pos != w.Pos ||
			!closeTo(n.Value, w.Value, 1e-12) || !closeTo(n.Grad, w.Grad, 1e-12) ||
			len(n.Inputs) != len(w.Inputs) {
			t.Errorf("node %d = %+v, want %+v", i, n, w)
			continue
		}
		for k := range w.Inputs {
			if n.Inputs[k] != w.Inputs[k] {
				t.Errorf("node %d inputs %v, want %v", i, n.Inputs, w.Inputs)
			}
		}
	}
	// Graph returns a copy.
	g.Nodes[0].Inputs = append(g.Nodes[0].Inputs, 99)
	g.Nodes[0].Value = 42
	if g2 := e.Graph(); len(g2.Nodes[0].Inputs) != 0 || g2.Nodes[0].Value != 0.5 {
		t.Error("changing the returned graph changed the expression")
	}
}

// TestSharedNodes checks the merging the package documents: a variable
// used twice is one node, identical sub-expressions are one node with two
// arrows out, and equal numbers stay separate.
func TestSharedNodes(t *testing.T) {
	tests := []struct {
		expr   string
		labels []string
		output []int // the output's inputs
	}{
		{"w*x + w*x", []string{"w", "x", "*", "+"}, []int{2, 2}},
		{"a*a", []string{"a", "*"}, []int{0, 0}},
		{"2*a + 2*a", []string{"2", "a", "*", "2", "*", "+"}, []int{2, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			var vs []autograd.Var
			for _, name := range []string{"w", "x", "a"} {
				if strings.Contains(tt.expr, name) {
					vs = append(vs, autograd.Var{Name: name, Value: 1.5, Param: true})
				}
			}
			e, err := autograd.New(tt.expr, vs)
			if err != nil {
				t.Fatal(err)
			}
			g := e.Graph()
			var labels []string
			for _, n := range g.Nodes {
				labels = append(labels, n.Label)
			}
			if strings.Join(labels, " ") != strings.Join(tt.labels, " ") {
				t.Errorf("nodes %q, want %q", labels, tt.labels)
			}
			if got := g.Nodes[g.Output].Inputs; len(got) != len(tt.output) || got[0] != tt.output[0] || got[1] != tt.output[1] {
				t.Errorf("output inputs %v, want %v", got, tt.output)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		expr string
		pos  int
		want string
	}{
		{"(w*x + b", 9, `expected ")"`},
		{"sin(x", 6, `expected ")"`},
		{"w*x +", 6, "expected a number, a name or"},
		{"w * * x", 5, `found "*"`},
		{"2x", 2, "expected an operator"},
		{"(w)(x)", 4, "expected an operator"},
		{"w)", 2, `unexpected ")"`},
		{"()", 2, `found ")"`},
		{"foo(x)", 1, `unknown function "foo"`},
		{"exp + 1", 1, "exp is a function"},
		{"w # x", 3, "unexpected character '#'"},
		{"1e999 * x", 1, "too large"},
		{"x^", 3, "found the end"},
		{"q*x", 1, "q has no value"},
		{"x + абвгдеёжзийклмноп", 5, "longer than 16"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			var vs []autograd.Var
			for _, name := range varsUsed(tt.expr) {
				vs = append(vs, autograd.Var{Name: name, Value: 1})
			}
			_, err := autograd.New(tt.expr, vs)
			var se *autograd.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a *SyntaxError", err)
			}
			if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.want) {
				t.Errorf("error at %d %q, want at %d containing %q", se.Pos, se.Msg, tt.pos, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "autograd: at ") {
				t.Errorf("error text %q does not start with \"autograd: at \"", err)
			}
		})
	}
}

// varsUsed returns which of x, w, b appear in expr, in that order, so
// that TestParseErrors passes exactly the variables an expression has
// (an unused variable is an error of its own).
func varsUsed(expr string) []string {
	var out []string
	for _, name := range []string{"x", "w", "b"} {
		if strings.Contains(expr, name) {
			out = append(out, name)
		}
	}
	return out
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		expr string
		vars []autograd.Var
		want string
	}{
		{"empty", "  ", nil, "empty"},
		{"unused variable", "w", vars("w", 1.0, "z", 2.0), "z does not appear"},
		{"variable twice", "w", vars("w", 1.0, "w", 2.0), "given twice"},
		{"bad name", "w", vars("w", 1.0, "2w", 2.0), `"2w" cannot be a variable name`},
		{"function as name", "w", vars("w", 1.0, "exp", 2.0), `"exp" cannot be a variable name`},
		{"NaN value", "w", vars("w", math.NaN()), "finite"},
		{"log of negative", "log(x)", vars("x", -1.0), "at 1: the value of log(...) is not a number"},
		{"division by zero", "1/x", vars("x", 0.0), "at 2: the value of / is infinite"},
		{"infinite gradient", "x^0.5", vars("x", 0.0), "gradient of x is infinite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := autograd.New(tt.expr, tt.vars)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.want)
			}
			if e != nil {
				t.Error("an expression came back with the error")
			}
			if !strings.HasPrefix(err.Error(), "autograd: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with \"autograd: \" and contain %q", err, tt.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	ones := func(n int) string { return "1" + strings.Repeat("+1", n-1) } // 2n−1 nodes, 2n−1 characters
	tests := []struct {
		name string
		expr string
		want string // "" for no error
	}{
		{"50 nodes", "-(" + ones(25) + ")", ""},
		{"51 nodes", ones(26), "more than 50 parts"},
		{"200 characters", ones(25) + strings.Repeat(" ", 200-49), ""},
		{"201 characters", ones(25) + strings.Repeat(" ", 201-49), "201 characters, at most 200"},
		{"16-letter name", "abcdefghijklmnop", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vs []autograd.Var
			if tt.name == "16-letter name" {
				vs = vars("abcdefghijklmnop", 1.0)
			}
			_, err := autograd.New(tt.expr, vs)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestStep checks one gradient-descent step on (w*x + b − y)^2 with x = 2
// against the exact formula. With r = w·x + b − y, the step moves w by
// −lr·2r·x and b by −lr·2r, so the new r is r·(1 − 2·lr·(x² + 1)) =
// r·(1 − 10·lr) and the new loss is the old one times (1 − 10·lr)². A
// small rate (0.01: factor 0.81) lowers the loss; a large one (0.3:
// factor 4) overshoots the minimum and raises it, which is the lesson.
func TestStep(t *testing.T) {
	for _, lr := range []float64{0.01, 0.05, 0.2, 0.3} {
		e, err := autograd.New("(w*x + b - y)^2", []autograd.Var{
			{Name: "w", Value: 0.5, Param: true}, {Name: "x", Value: 2},
			{Name: "b", Value: 0, Param: true}, {Name: "y", Value: 3},
		})
		if err != nil {
			t.Fatal(err)
		}
		before := e.Value()
		after, err := e.Step(lr)
		if err != nil {
			t.Fatal(err)
		}
		factor := (1 - 10*lr) * (1 - 10*lr)
		if !closeTo(after, before*factor, 1e-12) || after != e.Value() {
			t.Errorf("lr %v: loss %v → %v, want %v", lr, before, after, before*factor)
		}
		if (factor < 1) != (after < before) {
			t.Errorf("lr %v: loss %v → %v; want it to %s", lr, before, after, map[bool]string{true: "fall", false: "rise"}[factor < 1])
		}
		for _, v := range e.Vars() {
			if !v.Param && v.Value != map[string]float64{"x": 2, "y": 3}[v.Name] {
				t.Errorf("lr %v: the input %s changed to %v", lr, v.Name, v.Value)
			}
		}
	}
}

func TestStepErrors(t *testing.T) {
	e, err := autograd.New("exp(w*w)", vars("w", 2.0))
	if err != nil {
		t.Fatal(err)
	}
	// ∂/∂w = 2w·e^{w²} ≈ 218, so a step of rate 1000 sends w to about
	// −2·10⁵ and w² to 5·10¹⁰, whose exp overflows.
	before := e.Graph()
	_, err = e.Step(1000)
	var de *autograd.DivergedError
	if !errors.As(err, &de) || de.LearningRate != 1000 || !strings.Contains(err.Error(), "infinite") {
		t.Fatalf("error %v, want a *DivergedError about an infinite value", err)
	}
	if after := e.Graph(); after.Nodes[0].Value != before.Nodes[0].Value || after.Nodes[2].Value != before.Nodes[2].Value {
		t.Error("a failed step changed the values")
	}
	for _, lr := range []float64{0, -1, math.NaN(), math.Inf(1), 1001} {
		if _, err := e.Step(lr); err == nil || !strings.Contains(err.Error(), "learning rate") {
			t.Errorf("Step(%v): error %v, want one about the learning rate", lr, err)
		}
	}
	inputsOnly, err := autograd.New("x*2", []autograd.Var{{Name: "x", Value: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inputsOnly.Step(0.1); !errors.Is(err, autograd.ErrNoParams) {
		t.Errorf("step without parameters: error %v, want ErrNoParams", err)
	}
}

func TestSet(t *testing.T) {
	e, err := autograd.New("log(x) * w", []autograd.Var{{Name: "x", Value: math.E}, {Name: "w", Value: 3, Param: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(e.Value(), 3, 1e-15) {
		t.Errorf("value %v, want 3", e.Value())
	}
	if err := e.Set("x", 1); err != nil || e.Value() != 0 {
		t.Errorf("after x = 1: value %v, error %v; want 0 and none", e.Value(), err)
	}
	if err := e.Set("x", -1); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("x = -1: error %v, want one about NaN", err)
	}
	if v := e.Vars()[0].Value; v != 1 || e.Value() != 0 {
		t.Errorf("after a failed Set: x = %v, value %v; want the old 1 and 0", v, e.Value())
	}
	if err := e.Set("q", 1); err == nil {
		t.Error("Set of an unknown variable: no error")
	}
	if err := e.Set("x", math.Inf(1)); err == nil {
		t.Error("Set to infinity: no error")
	}
	if e.String() != "log(x) * w" {
		t.Errorf("String() = %q", e.String())
	}
}

func TestPresets(t *testing.T) {
	for _, p := range autograd.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			e, err := autograd.New(p.Expr, p.Vars)
			if err != nil {
				t.Fatal(err)
			}
			before := e.Value()
			// A step lowers the output of every preset: each is a
			// neuron's output or a loss, and its rate is small.
			after, err := e.Step(0.01)
			if err != nil {
				t.Fatal(err)
			}
			if !(after < before) {
				t.Errorf("output %v → %v after a small step, want lower", before, after)
			}
		})
	}
	a, b := autograd.Presets(), autograd.Presets()
	a[0].Vars[0].Value = 99
	if b[0].Vars[0].Value == 99 {
		t.Error("Presets returns shared slices")
	}
	// The two-input neuron: tanh(−3·2 + 1·0 + 6.9) = tanh(0.9).
	e, err := autograd.New(b[0].Expr, b[0].Vars)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(e.Value(), math.Tanh(0.9), 1e-12) {
		t.Errorf("neuron-tanh gives %v, want tanh(0.9) = %v", e.Value(), math.Tanh(0.9))
	}
}

func TestKindJSON(t *testing.T) {
	g := autograd.Graph{Nodes: []autograd.Node{{Label: "w", Kind: autograd.Param, Value: 1}}}
	data, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"kind":"param"`) {
		t.Errorf("JSON %s, want the kind as a name", data)
	}
	var back autograd.Graph
	if err := json.Unmarshal(data, &back); err != nil || back.Nodes[0].Kind != autograd.Param {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	for k, name := range []string{"op", "param", "input", "const"} {
		if autograd.Kind(k).String() != name {
			t.Errorf("Kind(%d) = %q, want %q", k, autograd.Kind(k), name)
		}
	}
	if _, err := autograd.Kind(7).MarshalText(); err == nil {
		t.Error("no error for an unknown kind")
	}
}

// TestConcurrent builds and steps expressions in several goroutines at
// once; run with -race, it checks the package's locking around gorgonia.
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			p := autograd.Presets()[i%len(autograd.Presets())]
			e, err := autograd.New(p.Expr, p.Vars)
			if err != nil {
				errs <- err
				return
			}
			for range 5 {
				if _, err := e.Step(0.01); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestTrivial checks the smallest expressions: a lone variable (its own
// output, gradient 1) and numbers only (no variables, nothing to step).
func TestTrivial(t *testing.T) {
	e, err := autograd.New("w", vars("w", 2.5))
	if err != nil {
		t.Fatal(err)
	}
	if g := e.Graph(); len(g.Nodes) != 1 || g.Nodes[0].Grad != 1 || e.Value() != 2.5 {
		t.Errorf("graph of w: %+v", g)
	}
	if after, err := e.Step(0.1); err != nil || after != 2.4 {
		t.Errorf("a step of 0.1 on w = 2.5: %v, %v; want 2.4", after, err)
	}
	n, err := autograd.New("2*3 - 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := n.Graph()
	if n.Value() != 5 || len(g.Nodes) != 5 || g.Nodes[2].Grad != 1 || g.Nodes[2].Label != "*" {
		t.Errorf("graph of 2*3 - 1: value %v, %+v", n.Value(), g)
	}
	if _, err := n.Step(0.1); !errors.Is(err, autograd.ErrNoParams) {
		t.Errorf("step without variables: %v", err)
	}
}

package autograd_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/aisandbox/aisandbox/models/autograd"
)

// One neuron's squared error, its graph with every value and gradient, and
// a step of gradient descent that lowers it.
func ExampleNew() {
	e, err := autograd.New("(w*x + b - y)^2", []autograd.Var{
		{Name: "w", Value: 0.5, Param: true},
		{Name: "x", Value: 2},
		{Name: "b", Value: 0, Param: true},
		{Name: "y", Value: 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range e.Graph().Nodes {
		fmt.Printf("%-5s %-6s value %5.2f  grad %5.2f  inputs %v\n", n.Label, n.Kind, n.Value, n.Grad, n.Inputs)
	}
	loss, err := e.Step(0.05)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("after one step: w = %.2f, b = %.2f, loss %.2f\n", e.Vars()[0].Value, e.Vars()[2].Value, loss)
	// Output:
	// w     param  value  0.50  grad -8.00  inputs []
	// x     input  value  2.00  grad -2.00  inputs []
	// *     op     value  1.00  grad -4.00  inputs [0 1]
	// b     param  value  0.00  grad -4.00  inputs []
	// +     op     value  1.00  grad -4.00  inputs [2 3]
	// y     input  value  3.00  grad  4.00  inputs []
	// -     op     value -2.00  grad -4.00  inputs [4 5]
	// 2     const  value  2.00  grad  0.00  inputs []
	// ^     op     value  4.00  grad  1.00  inputs [6 7]
	// after one step: w = 0.90, b = 0.20, loss 1.00
}

// A parse error says where the problem is.
func ExampleSyntaxError() {
	_, err := autograd.New("tanh(a*b + c", []autograd.Var{{Name: "a"}, {Name: "b"}, {Name: "c"}})
	fmt.Println(err)
	// Output:
	// autograd: at 13: expected ")"
}

// Fitting a line to three points by gradient descent on the mean squared
// error.
func ExampleNewFit() {
	points := []autograd.Point{{X: 0, Y: 1}, {X: 1, Y: 3}, {X: 2, Y: 5}}
	f, err := autograd.NewFit("w*x + b", []autograd.Var{{Name: "w"}, {Name: "b"}}, points)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("start: loss %.3f\n", f.Loss())
	for range 500 {
		if _, err := f.Step(0.1); err != nil {
			fmt.Println(err)
			return
		}
	}
	p := f.Params()
	fmt.Printf("after 500 steps: w = %.3f, b = %.3f, loss %.3f\n", p[0].Value, p[1].Value, math.Abs(f.Loss()))
	// Output:
	// start: loss 11.667
	// after 500 steps: w = 2.000, b = 1.000, loss 0.000
}

// BenchmarkExpressionNew times reading, building, differentiating and
// computing a one-neuron loss: what a student's new formula costs.
func BenchmarkExpressionNew(b *testing.B) {
	p := autograd.Presets()[3] // neuron-loss
	b.ReportAllocs()
	for b.Loop() {
		if _, err := autograd.New(p.Expr, p.Vars); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExpressionStep times one hand step on the same formula.
func BenchmarkExpressionStep(b *testing.B) {
	p := autograd.Presets()[3]
	e, err := autograd.New(p.Expr, p.Vars)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Step(1e-6); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitStep50 times one step of a line fit to 50 points: 50 runs
// of the graph.
func BenchmarkFitStep50(b *testing.B) {
	var pts []autograd.Point
	for i := range 50 {
		x := float64(i) / 10
		pts = append(pts, autograd.Point{X: x, Y: 2*x + 1 + 0.1*math.Sin(float64(i))})
	}
	f, err := autograd.NewFit("w*x + b", []autograd.Var{{Name: "w"}, {Name: "b"}}, pts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Step(1e-6); err != nil {
			b.Fatal(err)
		}
	}
}

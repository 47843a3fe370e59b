package autograd

import (
	"errors"
	"fmt"
)

// Point is one data point of a Fit: an input x and the value y the model
// should give for it.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// MaxPoints is the largest number of data points a Fit accepts. Every step
// runs the graph once per point (40 to 60 µs each for a line on the 2-core
// server: BenchmarkFitStep50), so 200 points keep a step near 10 ms; a
// scatter plot a student can read has far fewer.
const MaxPoints = 200

// Fit fits a model, an expression in the input x and some parameters, to
// data points by gradient descent on the mean squared error
//
//	loss = (1/n) Σ_i (model(x_i) − y_i)²
//
// For a straight line the model is w*x + b. The gradient of a mean is the
// mean of the gradients, so each point's graph contributes one n-th of
// every parameter's gradient.
//
// The drawing is of one point at a time (Graph(i)): the graph of that
// point's own loss (model − y)^2, with x and y set to the point's values,
// so that its nodes show numbers a student can check by hand. Loss and
// Gradient are the means over all points, and Step uses them. Like an
// Expression, one Fit must not be changed while another goroutine uses it.
type Fit struct {
	model  string
	eng    *engine // the graph of (model − y)^2
	modelN int     // node ID of the model's output inside it
	params []Var   // in the order the model first uses them
	points []Point
	// index[k] is where the engine's k-th variable comes from: i ≥ 0 is
	// params[i], -1 is x and -2 is y.
	index []int
	loss  float64
	grad  []float64 // ∂loss/∂params[i]
}

// Names of the input and the target in a Fit's model.
const (
	inputName  = "x"
	targetName = "y"
)

// NewFit reads model, an expression that may use the input x and must not
// use y, and prepares to fit it to points. Every other variable of the
// model is a parameter and needs exactly one entry in params (their Param
// field is ignored: all are parameters). A model without x fits a constant:
// the mean of the y values is its best value.
func NewFit(model string, params []Var, points []Point) (*Fit, error) {
	t, err := parse(model)
	if err != nil {
		return nil, err
	}
	if _, pos := variables(t); pos[targetName] > 0 {
		return nil, &SyntaxError{Pos: pos[targetName], Msg: "y is each point's target value; the model cannot use it"}
	}
	if len(points) == 0 {
		return nil, errors.New("autograd: no data points")
	}
	if len(points) > MaxPoints {
		return nil, fmt.Errorf("autograd: %d data points, at most %d are allowed", len(points), MaxPoints)
	}
	for i, p := range points {
		if !finite(p.X) || !finite(p.Y) {
			return nil, fmt.Errorf("autograd: data point %d is (%v, %v); both numbers must be finite", i+1, p.X, p.Y)
		}
	}
	ps := make([]Var, len(params))
	for i, p := range params {
		p.Param = true
		ps[i] = p
	}
	// The loss (model − y)^2 around the model's tree. Its nodes have no
	// position in what the student wrote (Pos 0).
	loss := &term{op: "^", text: "^", args: []*term{
		{op: "-", text: "-", args: []*term{t, {op: "var", text: targetName}}},
		{op: "num", text: "2", num: 2},
	}}
	reserved := map[string]Kind{inputName: Input, targetName: Input}
	kinds, err := checkVars(loss, ps, reserved)
	if err != nil {
		return nil, err
	}
	eng, err := build(loss, kinds)
	if err != nil {
		return nil, err
	}
	f := &Fit{model: model, eng: eng, points: append([]Point(nil), points...)}
	// The model's output is the first input of the "-" node, which is
	// the first input of the output "^".
	out := eng.shape.Nodes[eng.shape.Output]
	f.modelN = eng.shape.Nodes[out.Inputs[0]].Inputs[0]
	byName := map[string]Var{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	for _, name := range eng.names {
		switch name {
		case inputName:
			f.index = append(f.index, -1)
		case targetName:
			f.index = append(f.index, -2)
		default:
			f.index = append(f.index, len(f.params))
			f.params = append(f.params, byName[name])
		}
	}
	if err := f.compute(); err != nil {
		return nil, err
	}
	return f, nil
}

// assignment returns the engine's variable values for point p.
func (f *Fit) assignment(p Point) []float64 {
	vals := make([]float64, len(f.index))
	for k, i := range f.index {
		switch i {
		case -1:
			vals[k] = p.X
		case -2:
			vals[k] = p.Y
		default:
			vals[k] = f.params[i].Value
		}
	}
	return vals
}

// compute finds the mean loss and the mean gradient over all points.
func (f *Fit) compute() error {
	assign := make([][]float64, len(f.points))
	for i, p := range f.points {
		assign[i] = f.assignment(p)
	}
	var loss float64
	grad := make([]float64, len(f.params))
	err := f.eng.evaluate(assign, func(row int, values, grads []float64) error {
		loss += values[f.eng.shape.Output]
		for k, i := range f.index {
			if i >= 0 {
				grad[i] += grads[f.eng.leaves[k]]
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w (with the data points)", err)
	}
	n := float64(len(f.points))
	f.loss = loss / n
	for i := range grad {
		grad[i] /= n
	}
	f.grad = grad
	return nil
}

// Model returns the model as it was written.
func (f *Fit) Model() string { return f.model }

// Points returns a copy of the data points.
func (f *Fit) Points() []Point { return append([]Point(nil), f.points...) }

// Loss returns the mean squared error over all points for the current
// parameters.
func (f *Fit) Loss() float64 { return f.loss }

// Params returns the parameters with their current values, in the order
// the model first uses them.
func (f *Fit) Params() []Var { return append([]Var(nil), f.params...) }

// Gradient returns ∂loss/∂p for each parameter p, in the order of Params:
// the mean over the points of each point's gradient.
func (f *Fit) Gradient() []float64 { return append([]float64(nil), f.grad...) }

// Graph returns the graph of point i's own loss (model − y)^2 (i from 0),
// with x and y set to that point and every node's value and gradient.
// Its parameter gradients are that point's alone; Gradient gives their
// mean over all points.
func (f *Fit) Graph(i int) (Graph, error) {
	if i < 0 || i >= len(f.points) {
		return Graph{}, fmt.Errorf("autograd: no data point %d; there are %d, counted from 0", i, len(f.points))
	}
	var g Graph
	err := f.eng.evaluate([][]float64{f.assignment(f.points[i])}, func(_ int, values, grads []float64) error {
		g = f.eng.fill(values, grads)
		return nil
	})
	return g, err
}

// Predict returns the model's value at each x, for drawing the fitted
// curve over the points.
func (f *Fit) Predict(xs []float64) ([]float64, error) {
	assign := make([][]float64, len(xs))
	for i, x := range xs {
		if !finite(x) {
			return nil, fmt.Errorf("autograd: x = %v is not a finite number", x)
		}
		assign[i] = f.assignment(Point{X: x})
	}
	out := make([]float64, len(xs))
	err := f.eng.evaluate(assign, func(row int, values, _ []float64) error {
		out[row] = values[f.modelN]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Set changes the value of the parameter name and recomputes. If the new
// value makes a value or gradient not finite at some point, the old value
// is kept and the error says where.
func (f *Fit) Set(name string, value float64) error {
	if !finite(value) {
		return fmt.Errorf("autograd: the value of %s must be a finite number, got %v", name, value)
	}
	for i := range f.params {
		if f.params[i].Name == name {
			old := f.params[i].Value
			f.params[i].Value = value
			if err := f.compute(); err != nil {
				f.params[i].Value = old
				return err
			}
			return nil
		}
	}
	return fmt.Errorf("autograd: no parameter %s in %s", name, f.model)
}

// Step takes one step of gradient descent on the mean loss: every
// parameter p becomes p − lr·∂loss/∂p, using the mean gradient over all
// points. It returns the new loss. If the step would make a value or
// gradient not finite, nothing changes and a *DivergedError says so.
func (f *Fit) Step(lr float64) (float64, error) {
	if err := checkRate(lr); err != nil {
		return 0, err
	}
	if len(f.params) == 0 {
		return 0, ErrNoParams
	}
	old := f.Params()
	oldLoss, oldGrad := f.loss, f.grad
	for i := range f.params {
		f.params[i].Value -= lr * f.grad[i]
	}
	err := checkStepped(f.params)
	if err == nil {
		err = f.compute()
	}
	if err != nil {
		copy(f.params, old)
		f.loss, f.grad = oldLoss, oldGrad
		return 0, &DivergedError{LearningRate: lr, Err: err}
	}
	return f.loss, nil
}

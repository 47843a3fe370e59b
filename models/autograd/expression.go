package autograd

import (
	"errors"
	"fmt"
	"strings"
)

// Expression is a formula with named variables, its graph, and the values
// and gradients of every node for the variables' current values. Different
// Expressions may be used from different goroutines at once; one
// Expression must not be changed (Set, Step) while another goroutine uses
// it.
type Expression struct {
	src   string
	eng   *engine
	vars  []Var // in the order of e.eng.names
	graph Graph // for the current values
}

// New reads expr and computes it, with its gradients, for the given
// variables. Every variable of expr needs exactly one entry in vars, and
// every entry must be used in expr. The output is the whole expression;
// every node's Grad is the derivative of the output with respect to it.
//
// Errors from reading expr are *SyntaxError values carrying the position
// of the problem.
func New(expr string, vars []Var) (*Expression, error) {
	t, err := parse(expr)
	if err != nil {
		return nil, err
	}
	kinds, err := checkVars(t, vars, nil)
	if err != nil {
		return nil, err
	}
	eng, err := build(t, kinds)
	if err != nil {
		return nil, err
	}
	byName := map[string]Var{}
	for _, v := range vars {
		byName[v.Name] = v
	}
	e := &Expression{src: expr, eng: eng}
	for _, name := range eng.names {
		e.vars = append(e.vars, byName[name])
	}
	if err := e.compute(); err != nil {
		return nil, err
	}
	return e, nil
}

// checkVars checks vars against the variables of t: names valid, none
// twice, every value finite, every variable of t given a value and every
// entry used; reserved names (Fit's x and y) may not be in vars. It returns
// each variable's Kind.
func checkVars(t *term, vars []Var, reserved map[string]Kind) (map[string]Kind, error) {
	names, pos := variables(t)
	kinds := map[string]Kind{}
	for name, k := range reserved {
		kinds[name] = k
	}
	for _, v := range vars {
		if !validName(v.Name) {
			return nil, fmt.Errorf("autograd: %q cannot be a variable name: use a letter followed by letters, digits or _, at most %d characters, and not a function name", v.Name, MaxNameLength)
		}
		if _, ok := reserved[v.Name]; ok {
			return nil, fmt.Errorf("autograd: %s is set by the data points and cannot be a parameter", v.Name)
		}
		if _, ok := kinds[v.Name]; ok {
			return nil, fmt.Errorf("autograd: the variable %s is given twice", v.Name)
		}
		if !finite(v.Value) {
			return nil, fmt.Errorf("autograd: the value of %s is %v; it must be a finite number", v.Name, v.Value)
		}
		if _, used := pos[v.Name]; !used {
			return nil, fmt.Errorf("autograd: the variable %s does not appear in the expression", v.Name)
		}
		kinds[v.Name] = Input
		if v.Param {
			kinds[v.Name] = Param
		}
	}
	for _, name := range names {
		if _, ok := kinds[name]; !ok {
			return nil, &SyntaxError{Pos: pos[name], Msg: fmt.Sprintf("%s has no value", name)}
		}
	}
	return kinds, nil
}

// compute runs the forward and backward passes for the current values.
func (e *Expression) compute() error {
	vals := make([]float64, len(e.vars))
	for i, v := range e.vars {
		vals[i] = v.Value
	}
	return e.eng.evaluate([][]float64{vals}, func(_ int, values, grads []float64) error {
		e.graph = e.eng.fill(values, grads)
		return nil
	})
}

// String returns the expression as it was written.
func (e *Expression) String() string { return e.src }

// Graph returns the expression's graph with every node's value and
// gradient for the current values. The caller may change it.
func (e *Expression) Graph() Graph { return e.graph.clone() }

// Value returns the output: the value of the whole expression.
func (e *Expression) Value() float64 { return e.graph.Nodes[e.graph.Output].Value }

// Vars returns the variables with their current values, in the order they
// first appear in the expression.
func (e *Expression) Vars() []Var { return append([]Var(nil), e.vars...) }

// Gradient returns ∂output/∂v for each variable v, in the order of Vars.
func (e *Expression) Gradient() []float64 {
	out := make([]float64, len(e.vars))
	for i, id := range e.eng.leaves {
		out[i] = e.graph.Nodes[id].Grad
	}
	return out
}

// Set changes the value of the variable name and recomputes. If the new
// value makes a value or gradient not finite, the old value is kept and
// the error says which node failed.
func (e *Expression) Set(name string, value float64) error {
	if !finite(value) {
		return fmt.Errorf("autograd: the value of %s must be a finite number, got %v", name, value)
	}
	for i := range e.vars {
		if e.vars[i].Name == name {
			old := e.vars[i].Value
			e.vars[i].Value = value
			if err := e.compute(); err != nil {
				e.vars[i].Value = old
				return err
			}
			return nil
		}
	}
	return fmt.Errorf("autograd: no variable %s in %s", name, e.src)
}

// ErrNoParams is returned by Step when the expression has no parameter to
// change.
var ErrNoParams = errors.New("autograd: no parameter to change: mark a variable as a parameter")

// Step takes one step of gradient descent on the output: every parameter p
// becomes p − lr·∂output/∂p, then everything is recomputed. It returns the
// new value of the output. Inputs and numbers do not change. If the step
// would make a value or gradient not finite, nothing changes and the error
// says so: the learning rate was too large.
func (e *Expression) Step(lr float64) (float64, error) {
	if err := checkRate(lr); err != nil {
		return 0, err
	}
	old := e.Vars()
	grad := e.Gradient()
	moved := false
	for i := range e.vars {
		if e.vars[i].Param {
			e.vars[i].Value -= lr * grad[i]
			moved = true
		}
	}
	if !moved {
		return 0, ErrNoParams
	}
	err := checkStepped(e.vars)
	if err == nil {
		err = e.compute()
	}
	if err != nil {
		copy(e.vars, old)
		return 0, &DivergedError{LearningRate: lr, Err: err}
	}
	return e.Value(), nil
}

// checkStepped returns an error if a variable's value is no longer finite.
func checkStepped(vars []Var) error {
	for _, v := range vars {
		if !finite(v.Value) {
			return fmt.Errorf("autograd: %s would become %s", v.Name, describeBad(v.Value))
		}
	}
	return nil
}

// DivergedError reports a step that was not taken because it would have
// made a value or a gradient infinite or not a number: the learning rate
// was far too large for where the parameters are.
type DivergedError struct {
	// LearningRate is the rate of the step.
	LearningRate float64
	// Err says what would have gone wrong.
	Err error
}

// Error says what happened and what to try.
func (e *DivergedError) Error() string {
	return fmt.Sprintf("autograd: the step with learning rate %g went too far (%s); nothing changed: try a learning rate 10 times smaller",
		e.LearningRate, strings.TrimPrefix(e.Err.Error(), "autograd: "))
}

// Unwrap returns the underlying error.
func (e *DivergedError) Unwrap() error { return e.Err }

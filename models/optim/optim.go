// Package optim holds the update rules that turn gradients into changes of
// a model's learnable numbers, shared by the trainers of packages mlp, cnn
// and charlm. Every rule works on one flat []float64 of parameters and the
// matching flat []float64 of gradients, and allocates nothing per step.
//
// SGD (plain stochastic gradient descent) moves every parameter θ against
// its gradient g by the learning rate η:
//
//	θ ← θ − η·g
//
// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization",
// Algorithm 1) keeps, for every parameter, a running average m of its
// gradient and a running average v of its squared gradient. At step t
// (counting from 1):
//
//	m ← β1·m + (1−β1)·g        running average of the gradient
//	v ← β2·v + (1−β2)·g²       running average of its square
//	m̂ = m/(1−β1^t)             bias correction: m and v start at 0, so
//	v̂ = v/(1−β2^t)             early on they are too small
//	θ ← θ − η·m̂/(√v̂ + ε)
//
// with the paper's defaults β1 = 0.9, β2 = 0.999 and ε = 10⁻⁸. A step is
// then about η in size whatever the scale of the gradient.
//
// Guard adds the check the trainers need when a learning rate is too large:
// after a step it looks for a parameter that became NaN or infinite and, if
// it finds one, puts back the parameters from before the step.
package optim

import "math"

// Adam's decay rates and its guard against division by zero: the defaults
// of Kingma & Ba 2015, Algorithm 1.
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// Stepper is an update rule: Step changes params in place by one step
// against grads, which has the same length.
type Stepper interface {
	Step(params, grads []float64)
}

// SGD is plain stochastic gradient descent: θ ← θ − η·g.
type SGD struct {
	// Rate is the learning rate η (no unit: parameters change by Rate
	// times their gradient).
	Rate float64
}

// Step moves every parameter against its gradient by Rate times the
// gradient. params and grads must have the same length.
func (s *SGD) Step(params, grads []float64) {
	params = params[:len(grads)]
	lr := s.Rate
	for i, g := range grads {
		params[i] -= lr * g
	}
}

// Adam is the Adam update rule (Kingma & Ba 2015, Algorithm 1; see the
// package comment) for a fixed number of parameters. Make one with
// NewAdam.
type Adam struct {
	rate           float64
	m, v           []float64 // running averages of g and g², one per parameter
	beta1t, beta2t float64   // β1^t and β2^t after t steps
}

// NewAdam returns Adam for n parameters with learning rate rate, its
// running averages at 0 and no steps taken.
func NewAdam(n int, rate float64) *Adam {
	return &Adam{
		rate:   rate,
		m:      make([]float64, n),
		v:      make([]float64, n),
		beta1t: 1,
		beta2t: 1,
	}
}

// Step takes one Adam step. params and grads must both have the length
// given to NewAdam.
func (a *Adam) Step(params, grads []float64) {
	a.beta1t *= adamBeta1
	a.beta2t *= adamBeta2
	c1, c2 := 1-a.beta1t, 1-a.beta2t
	lr := a.rate
	params = params[:len(grads)]
	m, v := a.m[:len(grads)], a.v[:len(grads)]
	for i, g := range grads {
		m[i] = adamBeta1*m[i] + (1-adamBeta1)*g
		v[i] = adamBeta2*v[i] + (1-adamBeta2)*g*g
		mHat, vHat := m[i]/c1, v[i]/c2
		params[i] -= lr * mHat / (math.Sqrt(vHat) + adamEps)
	}
}

// Finite reports whether x is neither NaN nor ±Inf.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// AllFinite reports whether every value of xs is neither NaN nor ±Inf.
func AllFinite(xs []float64) bool {
	for _, x := range xs {
		if !Finite(x) {
			return false
		}
	}
	return true
}

// Guard wraps a Stepper so that a step that makes a parameter NaN or
// infinite is undone: the parameters keep their last finite values. Make
// one with NewGuard.
type Guard struct {
	s      Stepper
	backup []float64 // the parameters before the current step
}

// NewGuard returns a Guard around s for n parameters.
func NewGuard(s Stepper, n int) *Guard {
	return &Guard{s: s, backup: make([]float64, n)}
}

// Step copies params, takes one step of the wrapped rule and reports
// whether every parameter is still finite. If one is not, it restores
// params to their values before the step and returns false. params must
// have the length given to NewGuard.
func (g *Guard) Step(params, grads []float64) (ok bool) {
	copy(g.backup, params)
	g.s.Step(params, grads)
	if !AllFinite(params) {
		copy(params, g.backup)
		return false
	}
	return true
}

// Settings chooses an update rule, from plain values a trainer already
// has (package optim knows nothing of the trainers' config types).
type Settings struct {
	// SGD selects plain SGD; false selects Adam.
	SGD bool
	// Rate is the learning rate η; the trainers check that it is positive
	// and finite before they get here.
	Rate float64
}

// New returns the rule s asks for, for n parameters, inside a Guard.
func New(s Settings, n int) *Guard {
	if s.SGD {
		return NewGuard(&SGD{Rate: s.Rate}, n)
	}
	return NewGuard(NewAdam(n, s.Rate), n)
}

// Package autograd is the engine of the "autograd view": a student writes a
// small formula such as (w*x + b - y)^2 or tanh(a*b + c), gives every name a
// value, and sees the formula as a graph of small steps, each with its value
// and its gradient. Then the student nudges the parameters against their
// gradients by hand and watches the result fall.
//
// # What a computational graph is
//
// Any formula can be computed one small step at a time. (w*x + b - y)^2 is:
// multiply w by x; add b; subtract y; square. Each step is a node of a graph,
// with arrows from the numbers it uses. The numbers at the left edge are the
// variables and constants the student wrote; the node at the right edge is
// the result, the output. Computing every node from left to right is the
// forward pass.
//
// # What a gradient is, and how the graph finds it
//
// The gradient of a node is how much the output would change, per unit,
// if that node's value were nudged up a little: ∂output/∂node. The output's
// own gradient is 1. Every step knows its local slope: for z = a·b,
// ∂z/∂a = b and ∂z/∂b = a; for z = a + b both slopes are 1; for z = tanh a,
// ∂z/∂a = 1 − z². The chain rule says that the gradient of a node is the
// gradient of the node it feeds times the local slope of that step; when a
// node feeds several steps (a variable used twice), the contributions add
// up. Walking the graph from right to left, multiplying slopes, gives every
// gradient in one pass: that is backpropagation, the backward pass.
//
// # Learning by hand
//
// Parameters (Kind Param, such as the weights w and b) are the numbers a
// model learns; inputs (Kind Input, such as x and the target y) are data and
// stay fixed. When the output is a loss (how wrong the model is), moving
// every parameter a small step against its gradient, p ← p − lr·∂loss/∂p,
// lowers the loss: Expression.Step does exactly that and recomputes. A
// learning rate lr that is too large overshoots, and the loss grows instead:
// that is worth trying too.
//
// Fit does the same for a model fitted to several data points (x, y): its
// loss is the mean over the points of (model − y)², and its step uses the
// mean of the points' gradients.
//
// # How it is built
//
// The formula is read by a small recursive-descent parser written here
// (parse.go) into a tree, and every node of the tree becomes one node of a
// gorgonia graph (gorgonia.org/gorgonia), which runs the forward pass and
// differentiates the graph symbolically (G.Grad). gorgonia is slow for big
// models but exact and well tested, which is what a lesson about gradients
// needs; the values are float64 scalars.
//
// # What a student can write
//
// Numbers (3, 0.5, .5, 1e-3), variable names (w, x1, x₁, b_0, or Kazakh and
// Russian letters such as ә), + - * / and ^ for powers (also ** and the
// signs × · ÷ −), a minus sign in front (-x), parentheses, and the
// functions exp, log, tanh, sigmoid, relu, sin and cos, each with one
// argument in parentheses. ^ binds tighter than the minus sign, so -x^2 is
// -(x^2), and groups to the right: a^b^c is a^(b^c). A product needs its
// sign: 2*x, not 2x. At most MaxLength characters and MaxNodes parts.
//
// # Simplifications and quirks
//
//   - Scalars only: every value is one float64.
//   - Functions take one argument: exp, log (natural), tanh, sigmoid, relu,
//     sin, cos. Powers a^b accept any exponent; a negative base needs a
//     whole-number exponent, or the value is not a number.
//   - gorgonia merges identical sub-formulas: in w*x + w*x, w*x is computed
//     once, so the graph has one w*x node with two arrows out, and its
//     gradient is the sum over both uses. A variable used twice is likewise
//     one node. Numbers are never merged: each number written is its own
//     node.
//   - relu's slope at exactly 0 is taken to be 1 (gorgonia computes relu as
//     x·[x ≥ 0]).
//   - Constants have no gradient shown (Grad is 0): nobody can change them.
//   - A value or gradient that is not a finite number (log of a negative
//     number, a division by 0, an overflow) is an error naming the node, since
//     a drawing or a step cannot use it.
//
// Different Expressions and Fits may be used from different goroutines at
// once: each holds its own graph, and every use of gorgonia is serialised by
// one package-level mutex, because gorgonia shares constant nodes between
// graphs and races when graphs are built or differentiated at the same
// time. gorgonia panics are recovered and returned as errors.
package autograd

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// Limits on what a student may write, so that one request cannot keep the
// server busy and the drawing stays readable (a 600 px wide drawing holds
// about 20 boxes comfortably, 50 at most).
const (
	// MaxLength is the longest expression accepted, in characters (runes).
	MaxLength = 200
	// MaxNodes is the largest number of parts (numbers, variables,
	// operators and function calls) an expression may have.
	MaxNodes = 50
	// MaxNameLength is the longest variable name, in characters.
	MaxNameLength = 16
)

// Kind says what a node of the graph is.
type Kind int

const (
	// Op is a step of the computation: an operator or a function call.
	Op Kind = iota
	// Param is a parameter: a variable the model learns, changed by Step.
	Param
	// Input is a variable holding fixed data, such as x or a target y.
	Input
	// Const is a number written in the expression.
	Const
)

var kindNames = [...]string{Op: "op", Param: "param", Input: "input", Const: "const"}

// String returns "op", "param", "input" or "const".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (k Kind) MarshalText() ([]byte, error) {
	if k < 0 || int(k) >= len(kindNames) {
		return nil, fmt.Errorf("autograd: unknown node kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(text []byte) error {
	for i, name := range kindNames {
		if strings.EqualFold(string(text), name) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("autograd: unknown node kind %q", text)
}

// Node is one node of an expression's graph.
type Node struct {
	// ID is the node's index in Graph.Nodes.
	ID int `json:"id"`
	// Label is what the node shows: the operator ("+", "-", "*", "/", "^";
	// "-" with one input is a minus sign), the function name ("tanh"), the
	// variable's name ("w") or the number as written ("0.5").
	Label string `json:"label"`
	// Kind says whether the node is a step, a parameter, an input or a
	// constant.
	Kind Kind `json:"kind"`
	// Value is the node's value in the forward pass.
	Value float64 `json:"value"`
	// Grad is ∂output/∂node, the gradient of the graph's output with respect
	// to this node: 1 for the output itself, 0 for constants.
	Grad float64 `json:"grad"`
	// Inputs holds the IDs of the nodes this one is computed from, in order
	// (left operand first); empty for variables and constants.
	Inputs []int `json:"inputs"`
	// Pos is the position (in characters, from 1) in the expression of the
	// operator, name or number the node stands for; 0 for a node that Fit
	// adds around the model (the loss).
	Pos int `json:"pos"`
}

// Graph is an expression as a graph of nodes with their values and
// gradients. Nodes are in an order in which every node comes after its
// inputs; the output is last.
type Graph struct {
	// Nodes holds every node; Nodes[i].ID == i.
	Nodes []Node `json:"nodes"`
	// Output is the ID of the output node, the value being differentiated.
	Output int `json:"output"`
}

// clone returns a deep copy of g.
func (g Graph) clone() Graph {
	out := Graph{Nodes: make([]Node, len(g.Nodes)), Output: g.Output}
	for i, n := range g.Nodes {
		n.Inputs = append([]int(nil), n.Inputs...)
		out.Nodes[i] = n
	}
	return out
}

// Var is a named variable of an expression and its value.
type Var struct {
	// Name is the variable's name as written in the expression: a letter
	// or '_' followed by letters, digits (subscripts such as x₁ too) and
	// '_', at most MaxNameLength characters.
	Name string `json:"name"`
	// Value is its value; it must be finite.
	Value float64 `json:"value"`
	// Param marks a parameter, which Step changes; otherwise the variable
	// is an input, which stays fixed.
	Param bool `json:"param"`
}

// SyntaxError reports a problem at a place in the expression, such as a
// missing parenthesis or an unknown name. The web page can underline Pos.
type SyntaxError struct {
	// Pos is the position of the problem in characters, counting from 1;
	// one past the last character for a problem at the end.
	Pos int
	// Msg says what is wrong.
	Msg string
}

// Error returns "autograd: at Pos: Msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("autograd: at %d: %s", e.Pos, e.Msg)
}

// mu serialises every use of gorgonia: building a graph, differentiating
// it and running it. gorgonia adds package-level constant nodes (its 0 and
// 1) to every graph and caches their hashes lazily, so two graphs built at
// once race (see /work/shared/DEPENDENCIES.md). The computations here take
// microseconds, so serialising them costs nothing noticeable.
var mu sync.Mutex

// maxRate bounds the learning rate of a step. Rates from 0.001 to about 1
// are what a lesson uses; 1000 lets a student see a step explode without
// letting an absurd number through.
const maxRate = 1000

// checkRate returns an error unless lr is a usable learning rate.
func checkRate(lr float64) error {
	if !(lr > 0 && lr <= maxRate) {
		return fmt.Errorf("autograd: the learning rate must be above 0 and at most %d, got %v", maxRate, lr)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// describeBad names a non-finite number for an error message.
func describeBad(v float64) string {
	if math.IsNaN(v) {
		return "not a number (NaN)"
	}
	return "infinite"
}

// Package gradcheck holds what the gradient tests of the model packages
// (mlp, cnn, charlm) share: central finite differences, relative
// comparisons, and the pieces for rebuilding a network as a gorgonia graph
// that gorgonia differentiates symbolically. It is for tests only; it does
// not import testing, so every helper returns a value or an error and the
// test decides what fails.
package gradcheck

import (
	"errors"
	"fmt"
	"math"
)

// Central returns the central difference (at(h) − at(−h)) / 2h, the slope
// of a loss at a parameter, where at(δ) is the loss with that parameter
// moved by δ (in the parameter's own units). Its error is O(h²) plus
// rounding of order ε·L/h; at(h) is called before at(−h).
func Central(h float64, at func(delta float64) float64) float64 {
	up := at(h)
	down := at(-h)
	return (up - down) / (2 * h)
}

// Nudge returns the central difference of loss at the number *p: it sets
// *p to its value + h, then − h, calls loss after each, and puts the value
// back. loss must read *p (directly or by copying it into the model).
func Nudge(p *float64, h float64, loss func() float64) float64 {
	keep := *p
	d := Central(h, func(delta float64) float64 {
		*p = keep + delta
		return loss()
	})
	*p = keep
	return d
}

// RelError returns |a − b| / max(|a| + |b|, floor), the relative error of
// the usual gradient check; floor (> 0) keeps two numbers that are both 0
// up to rounding from looking far apart.
func RelError(a, b, floor float64) float64 {
	return math.Abs(a-b) / max(math.Abs(a)+math.Abs(b), floor)
}

// Close reports whether a and b agree to the relative tolerance rel
// (|a − b| ≤ rel·max(|a|, |b|)) or, for numbers that are 0 up to rounding,
// to the absolute tolerance abs.
func Close(a, b, rel, abs float64) bool {
	return math.Abs(a-b) <= rel*max(math.Abs(a), math.Abs(b)) || math.Abs(a-b) <= abs
}

// Mismatch is one number on which two slices disagree.
type Mismatch struct {
	Index     int     // position in the slices
	Got, Want float64 // the two numbers
}

// Compare returns the places where got and want are not Close with rel and
// abs, in order, or an error when their lengths differ.
func Compare(got, want []float64, rel, abs float64) ([]Mismatch, error) {
	if len(got) != len(want) {
		return nil, fmt.Errorf("gradcheck: %d values, want %d", len(got), len(want))
	}
	var out []Mismatch
	for i := range got {
		if !Close(got[i], want[i], rel, abs) {
			out = append(out, Mismatch{Index: i, Got: got[i], Want: want[i]})
		}
	}
	return out, nil
}

// Flatten returns the rows of X one after another (row-major), as a new
// slice.
func Flatten(X [][]float64) []float64 {
	n := 0
	for _, row := range X {
		n += len(row)
	}
	flat := make([]float64, 0, n)
	for _, row := range X {
		flat = append(flat, row...)
	}
	return flat
}

// OneHot returns the len(labels)×classes matrix (row-major) with a 1 in row
// i at column labels[i] and 0 elsewhere, or an error for a label outside
// [0, classes).
func OneHot(labels []int, classes int) ([]float64, error) {
	out := make([]float64, len(labels)*classes)
	for i, c := range labels {
		if c < 0 || c >= classes {
			return nil, fmt.Errorf("gradcheck: label %d of row %d is outside [0, %d)", c, i, classes)
		}
		out[i*classes+c] = 1
	}
	return out, nil
}

// errNoValue is returned by Float64s for a node that has no value yet.
var errNoValue = errors.New("gradcheck: no value")

package datasets

import (
	"math"
	"slices"
)

// Scaler standardizes features: each value x of column j becomes
// (x − Mean[j]) / Std[j], so that on the data it was fitted to every column
// has mean 0 and standard deviation 1. Models that learn by gradient descent
// or measure distances then treat all columns alike, whatever their units.
//
// Fit a Scaler on the training split only and apply it to both splits. If
// the test rows helped choose Mean and Std, facts about the test set would
// leak into training, and the test score would no longer measure how the
// model does on data it has never seen.
type Scaler struct {
	// Mean holds the mean of each column, in the column's own units.
	Mean []float64 `json:"mean"`
	// Std holds the standard deviation of each column, in the column's own
	// units; 1 for a column whose values are all equal.
	Std []float64 `json:"std"`
}

// FitScaler returns the Scaler of t's feature columns. Std is the
// population standard deviation (dividing by the number of rows, not one
// less), the same convention as scikit-learn's StandardScaler. A column
// whose values are all equal gets Std 1, so that it becomes all zeros
// instead of a division by zero; a table with no rows gets Mean 0 and Std 1
// for every column.
func FitScaler(t *Table) Scaler {
	d := len(t.Features)
	s := Scaler{Mean: make([]float64, d), Std: make([]float64, d)}
	n := float64(t.Len())
	for j := range d {
		s.Std[j] = 1
		if t.Len() == 0 {
			continue
		}
		first, constant, scale := t.X[0][j], true, 0.0
		for _, row := range t.X {
			constant = constant && row[j] == first
			scale = max(scale, math.Abs(row[j]))
		}
		if constant {
			// The exact value, free of the rounding in a sum divided by n.
			s.Mean[j] = first
			continue
		}
		// The sums run over values divided by the largest magnitude, so they
		// cannot overflow even for values near the largest float64 (a CSV
		// file may hold 1e308).
		var sum float64
		for _, row := range t.X {
			sum += row[j] / scale
		}
		mean := sum / n
		// A second pass over the deviations is more accurate than the
		// one-pass formula E[x²] − E[x]², which cancels badly when the mean is
		// large compared with the spread.
		var ss float64
		for _, row := range t.X {
			dev := row[j]/scale - mean
			ss += dev * dev
		}
		s.Mean[j] = mean * scale
		if sd := math.Sqrt(ss/n) * scale; sd > 0 {
			s.Std[j] = sd
		}
	}
	return s
}

// Transform returns the standardized copy of the feature vector x. Values
// of x beyond the columns the scaler knows are copied unchanged.
func (s Scaler) Transform(x []float64) []float64 {
	z := slices.Clone(x)
	for j := range min(len(z), len(s.Mean), len(s.Std)) {
		z[j] = (z[j] - s.Mean[j]) / s.Std[j]
	}
	return z
}

// Invert undoes Transform: it returns the copy of the standardized vector z
// in the columns' own units. Values beyond the columns the scaler knows are
// copied unchanged.
func (s Scaler) Invert(z []float64) []float64 {
	x := slices.Clone(z)
	for j := range min(len(x), len(s.Mean), len(s.Std)) {
		x[j] = x[j]*s.Std[j] + s.Mean[j]
	}
	return x
}

// Apply returns a new table holding t's rows standardized by s. X, Y,
// Targets and the attributes' values are copied, so t is left as it was;
// attributes are not scaled. The name, column, class and attribute names
// and the card are shared with t.
func (s Scaler) Apply(t *Table) *Table {
	u := &Table{
		Name:     t.Name,
		Features: t.Features,
		Classes:  t.Classes,
		X:        make([][]float64, len(t.X)),
		Y:        slices.Clone(t.Y),
		Card:     t.Card,
		// Targets stay in their own units: only features are scaled.
		Targets:    slices.Clone(t.Targets),
		TargetName: t.TargetName,
		Attributes: cloneAttributes(t.Attributes),
	}
	for i, row := range t.X {
		u.X[i] = s.Transform(row)
	}
	return u
}

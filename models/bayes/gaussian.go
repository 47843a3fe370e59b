package bayes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/aisandbox/aisandbox/models"
)

// DefaultVarSmoothing is the variance floor's factor when
// GaussianConfig.VarSmoothing is 0: ε = 1e-9 × the largest variance of any
// feature over all the training rows. It is scikit-learn's var_smoothing
// default. Tying ε to the data's own largest variance keeps it negligible
// whatever the features' units (millimetres or kilometres), where a fixed
// number would be huge for one and invisible for the other.
const DefaultVarSmoothing = 1e-9

// GaussianConfig sets up Gaussian naive Bayes. The zero value takes the
// number of classes from the labels and uses a variance floor of 1e-9
// times the largest feature variance.
type GaussianConfig struct {
	// Classes is the number of classes, from 1 to MaxClasses; labels run
	// from 0 to Classes−1. Zero means one more than the largest label.
	Classes int `json:"classes"`
	// VarSmoothing sets the variance floor ε added to every variance, as a
	// fraction of the largest variance of any feature over all the training
	// rows. It must be positive and finite; zero means DefaultVarSmoothing
	// (1e-9). If every feature is constant, ε is 1 (see FitGaussian).
	VarSmoothing float64 `json:"var_smoothing"`
}

// Gaussian is a trained Gaussian naive Bayes classifier. Its methods only
// read it, so they may be called from several goroutines at once.
//
// Within class c, feature j is taken to be normally distributed with mean
// μ_cj and variance σ²_cj, both measured on the class's training rows:
//
//	μ_cj  = (1/n_c) Σ x_ij                 over the class's rows i
//	σ²_cj = (1/n_c) Σ (x_ij − μ_cj)² + ε   (divided by n_c, not n_c − 1)
//
// and the log-likelihood of a value is the log of the normal density:
//
//	log P(x_j | c) = −½·log(2π·σ²_cj) − (x_j − μ_cj)² / (2·σ²_cj)
//
// ε, the variance floor, matters when a feature does not vary within a
// class (a class with one row, or a feature that only takes a few whole
// values): its variance is 0, and the density would divide by 0. A tiny ε
// keeps it finite while barely changing the others.
type Gaussian struct {
	cfg      GaussianConfig // defaults filled in
	counts   []int          // training rows of each class
	means    [][]float64    // means[c][j] = μ_cj
	vars     [][]float64    // vars[c][j] = σ²_cj, without ε
	epsilon  float64        // the variance floor ε
	logPrior []float64      // log P(c)
	// logNorm[c][j] = −½·log(2π·(σ²_cj + ε)), the density's constant part,
	// and inv2v[c][j] = 1/(2·(σ²_cj + ε)), computed once.
	logNorm, inv2v [][]float64
}

// FitGaussian fits Gaussian naive Bayes to the rows of X (each with the
// same number of finite values, at least one row) with labels y: it counts
// the rows of each class and measures each feature's mean and variance in
// each class. It checks ctx every 1,024 rows and returns an error wrapping
// ctx.Err() when ctx is done. It keeps no reference to X or y.
func FitGaussian(ctx context.Context, X [][]float64, y []int, cfg GaussianConfig) (*Gaussian, error) {
	if math.IsNaN(cfg.VarSmoothing) || math.IsInf(cfg.VarSmoothing, 0) || cfg.VarSmoothing < 0 {
		return nil, fmt.Errorf("bayes: the variance smoothing must be a positive number, got %v", cfg.VarSmoothing)
	}
	if cfg.VarSmoothing == 0 {
		cfg.VarSmoothing = DefaultVarSmoothing
	}
	classes, err := classCount(cfg.Classes, y)
	if err != nil {
		return nil, err
	}
	cfg.Classes = classes
	if err := checkShape(X, y, classes, false); err != nil {
		return nil, err
	}
	d := len(X[0])
	g := &Gaussian{cfg: cfg, counts: make([]int, classes), means: grid(classes, d), vars: grid(classes, d)}

	// Two passes over the rows: sums for the means, then squared
	// deviations from them. The one-pass formula E[x²] − E[x]² loses every
	// digit when the mean is large compared with the spread.
	for pass := range 2 {
		for i, row := range X {
			if i%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("bayes: stopped after %d of %d rows: %w", i, len(X), err)
				}
			}
			c := y[i]
			if pass == 0 {
				g.counts[c]++
				for j, v := range row {
					g.means[c][j] += v
				}
				continue
			}
			for j, v := range row {
				dev := v - g.means[c][j]
				g.vars[c][j] += dev * dev
			}
		}
		for c, n := range g.counts {
			if n == 0 {
				continue // no rows: mean 0, variance 0; never predicted
			}
			for j := range d {
				if pass == 0 {
					g.means[c][j] /= float64(n)
				} else {
					g.vars[c][j] /= float64(n)
				}
			}
		}
	}

	for c := range classes {
		for j := range d {
			if !finite(g.means[c][j]) || !finite(g.vars[c][j]) {
				return nil, fmt.Errorf("bayes: the values of column %d are too large to average (near the largest float64)", j)
			}
		}
	}

	// ε = VarSmoothing × the largest variance of a whole column.
	var largest float64
	for j := range d {
		constant := true
		for _, row := range X {
			constant = constant && row[j] == X[0][j]
		}
		if constant {
			continue // variance exactly 0, free of the rounding of a mean
		}
		var mean, ss float64
		for _, row := range X {
			mean += row[j]
		}
		mean /= float64(len(X))
		for _, row := range X {
			ss += (row[j] - mean) * (row[j] - mean)
		}
		largest = max(largest, ss/float64(len(X)))
	}
	g.epsilon = cfg.VarSmoothing * largest
	if !(g.epsilon > 0) || math.IsInf(g.epsilon, 0) {
		// Every column is constant (or its variance overflowed), so every
		// class has the same means and the features say nothing: the priors
		// alone should decide. Any floor gives every class the same
		// likelihood term; a tiny one would make that term so large (x − μ
		// over 1e-9) that it swamps the log priors in rounding, while 1
		// keeps it on their scale.
		g.epsilon = 1
	}
	g.prepare()
	return g, nil
}

func grid(rows, cols int) [][]float64 {
	flat := make([]float64, rows*cols)
	out := make([][]float64, rows)
	for i := range out {
		out[i] = flat[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return out
}

// prepare computes the log priors and the densities' constants.
func (g *Gaussian) prepare() {
	g.logPrior = logPriors(g.counts)
	classes, d := len(g.counts), len(g.means[0])
	g.logNorm, g.inv2v = grid(classes, d), grid(classes, d)
	for c := range classes {
		for j := range d {
			v := g.vars[c][j] + g.epsilon
			g.logNorm[c][j] = -0.5 * math.Log(2*math.Pi*v)
			g.inv2v[c][j] = 1 / (2 * v)
		}
	}
}

// Config returns the classifier's settings, with defaults filled in.
func (g *Gaussian) Config() GaussianConfig { return g.cfg }

// Inputs returns the number of features a row must have.
func (g *Gaussian) Inputs() int { return len(g.means[0]) }

// ClassCounts returns how many training rows each class had.
func (g *Gaussian) ClassCounts() []int { return slices.Clone(g.counts) }

// Means returns each class's mean of each feature: Means()[c][j] is μ_cj.
func (g *Gaussian) Means() [][]float64 { return cloneGrid(g.means) }

// Variances returns each class's variance of each feature, floor ε
// included: Variances()[c][j] is σ²_cj + ε.
func (g *Gaussian) Variances() [][]float64 {
	out := cloneGrid(g.vars)
	for _, row := range out {
		for j := range row {
			row[j] += g.epsilon
		}
	}
	return out
}

// VarianceFloor returns ε, the number added to every variance.
func (g *Gaussian) VarianceFloor() float64 { return g.epsilon }

func cloneGrid(m [][]float64) [][]float64 {
	out := grid(len(m), len(m[0]))
	for i := range m {
		copy(out[i], m[i])
	}
	return out
}

// NumParams returns how many numbers the classifier learned: a mean and a
// variance per class and feature, and a prior per class.
func (g *Gaussian) NumParams() int { return len(g.counts) * (2*g.Inputs() + 1) }

// Describe returns the classifier's kind ("gaussian_nb"), settings and size.
func (g *Gaussian) Describe() models.Description {
	return models.Description{
		Kind: GaussianKind,
		Settings: map[string]any{
			"classes":        g.cfg.Classes,
			"inputs":         g.Inputs(),
			"var_smoothing":  g.cfg.VarSmoothing,
			"variance_floor": g.epsilon,
		},
		Parameters: g.NumParams(),
	}
}

// LogJoint returns, for each row of X, log P(c) + log P(x | c) for every
// class c: the log posterior before dividing by P(x). −Inf for a class with
// no training rows. It returns nil if a row does not have Inputs() values
// or holds NaN or an infinity.
func (g *Gaussian) LogJoint(X [][]float64) [][]float64 {
	d := g.Inputs()
	for i, row := range X {
		if checkRow(i, row, d, false) != nil {
			return nil
		}
	}
	out := grid(len(X), len(g.counts))
	for i, x := range X {
		for c, lp := range g.logPrior {
			s := lp
			norm, inv := g.logNorm[c], g.inv2v[c]
			for j, mu := range g.means[c] {
				dev := x[j] - mu
				s += norm[j] - dev*dev*inv[j]
			}
			out[i][c] = s
		}
	}
	return out
}

// Probabilities returns, for each row of X, the posterior P(c | x) of every
// class; each returned row sums to 1. It returns nil if a row does not
// have Inputs() values or holds NaN or an infinity.
func (g *Gaussian) Probabilities(X [][]float64) [][]float64 {
	out := g.LogJoint(X)
	for _, row := range out {
		softmax(row)
	}
	return out
}

// Predict returns the most probable class of each row of X (the first on a
// tie). It returns nil if a row is not usable by Probabilities.
func (g *Gaussian) Predict(X [][]float64) []int {
	logs := g.LogJoint(X)
	if logs == nil {
		return nil
	}
	out := make([]int, len(logs))
	for i, row := range logs {
		out[i] = argmax(row)
	}
	return out
}

// Accuracy returns the fraction of rows of X whose predicted class is the
// label in y, between 0 and 1. It returns NaN if X is empty, if X and y
// differ in length, or if Predict returns nil.
func (g *Gaussian) Accuracy(X [][]float64, y []int) float64 {
	if len(X) == 0 || len(X) != len(y) {
		return math.NaN()
	}
	return accuracy(g.Predict(X), len(X), y)
}

// GaussianKind is the kind name of Gaussian naive Bayes in descriptions and
// saved files.
const GaussianKind = "gaussian_nb"

// formatVersion is the version of the saved forms written by Save.
const formatVersion = 1

// savedGaussian is the form a Gaussian classifier is saved in; the log
// priors (−Inf for an empty class, which JSON cannot hold) are recomputed
// from the counts.
type savedGaussian struct {
	Config    GaussianConfig `json:"config"`
	Counts    []int          `json:"counts"`
	Means     [][]float64    `json:"means"`
	Variances [][]float64    `json:"variances"`
	Floor     float64        `json:"variance_floor"`
}

// Save writes the classifier to w as format version 1 of kind
// "gaussian_nb" (see models.Save).
func (g *Gaussian) Save(w io.Writer) error {
	s := savedGaussian{Config: g.cfg, Counts: g.counts, Means: g.means, Variances: g.vars, Floor: g.epsilon}
	if err := models.Save(w, GaussianKind, formatVersion, s); err != nil {
		return fmt.Errorf("bayes: %w", err)
	}
	return nil
}

// LoadGaussian reads a classifier written by Gaussian.Save and checks it.
// It refuses format versions other than 1 with an error wrapping
// models.ErrVersion.
func LoadGaussian(r io.Reader) (*Gaussian, error) {
	var s savedGaussian
	if _, err := models.Load(r, GaussianKind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("bayes: %w", err)
	}
	if err := checkSaved(s.Config.Classes, s.Counts, s.Means, s.Variances); err != nil {
		return nil, err
	}
	if !(s.Config.VarSmoothing > 0) || math.IsInf(s.Config.VarSmoothing, 0) || !(s.Floor > 0) || math.IsInf(s.Floor, 0) {
		return nil, errors.New("bayes: loading: the variance smoothing and floor must be positive numbers")
	}
	g := &Gaussian{cfg: s.Config, counts: s.Counts, means: s.Means, vars: s.Variances, epsilon: s.Floor}
	g.prepare()
	return g, nil
}

// checkSaved checks the shape of a loaded model: classes from 1 to
// MaxClasses, a non-negative count per class with at least one row in
// all, and two per-class tables of the same positive width holding finite
// numbers, those of the second table not negative.
func checkSaved(classes int, counts []int, first, second [][]float64) error {
	if classes < 1 || classes > MaxClasses {
		return fmt.Errorf("bayes: loading: %d classes, want 1 to %d", classes, MaxClasses)
	}
	if len(counts) != classes || len(first) != classes || len(second) != classes {
		return fmt.Errorf("bayes: loading: %d classes but %d counts and %d, %d table rows", classes, len(counts), len(first), len(second))
	}
	total := 0
	for _, c := range counts {
		if c < 0 {
			return errors.New("bayes: loading: a negative class count")
		}
		total += c
	}
	if total == 0 {
		return errors.New("bayes: loading: no training rows")
	}
	d := len(first[0])
	if d == 0 {
		return errors.New("bayes: loading: no features")
	}
	for c := range classes {
		if len(first[c]) != d || len(second[c]) != d {
			return fmt.Errorf("bayes: loading: class %d has %d and %d values, want %d", c, len(first[c]), len(second[c]), d)
		}
		for j := range d {
			if !finite(first[c][j]) || !finite(second[c][j]) || second[c][j] < 0 {
				return fmt.Errorf("bayes: loading: class %d, feature %d holds %v and %v", c, j, first[c][j], second[c][j])
			}
		}
	}
	return nil
}

// Package knn is a k-nearest-neighbours classifier, written so that it can
// be read as a lesson.
//
// # How it works
//
// A k-nearest-neighbours classifier does not learn any numbers. "Training"
// only stores the labelled rows. To classify a new point it:
//
//  1. measures the distance from the point to every stored row,
//  2. takes the k rows with the smallest distances: the point's neighbours,
//  3. lets the neighbours vote: each neighbour votes for its own class, and
//     the class with the most votes wins.
//
// The share of the votes each class gets is the model's "probability" for
// that class: with k = 5, four neighbours of class A and one of class B give
// 0.8 for A and 0.2 for B.
//
// A small k follows every noisy point and draws a ragged boundary (with
// k = 1 every training point is classified correctly, which says nothing
// about new points); a large k smooths the boundary until, with k equal to
// the number of rows, every point gets the majority class.
//
// # Distances
//
// Euclidean distance is the straight-line distance, √(Σ_j (a_j − b_j)²).
// Manhattan distance is the distance walking along a city grid,
// Σ_j |a_j − b_j|. Both treat every feature alike, so a feature measured in
// thousands outweighs one measured in fractions: standardise the features
// first when their scales differ.
//
// # Votes
//
// With uniform votes (the default) every neighbour has one vote. With
// distance-weighted votes a neighbour at distance d has 1/d votes, so close
// neighbours count for more. A neighbour at distance 0 (the point itself is
// in the training data) would have infinitely many votes; then only the
// neighbours at distance 0 vote, one vote each.
//
// # Ties, broken the same way every time
//
//   - Neighbours: when several rows are equally far, the one stored earlier
//     (smaller index in the training data) is the nearer, so the k
//     neighbours are always the same rows.
//   - Votes: when several classes have the most votes, the winner is the
//     tied class of the nearest neighbour among them. With k = 4 and
//     neighbours A, B, B, A (nearest first) the vote is 2 to 2 and A wins,
//     because the nearest neighbour is an A. Probabilities still shows the
//     tie (0.5 and 0.5); only Predict breaks it.
//
// # Simplifications
//
//   - Every query is compared with every stored row (brute force). That is
//     fast for the few thousand rows of a lesson (about 3 µs a query against
//     1,000 rows of two features); large data would call for a k-d tree or
//     a ball tree.
//   - There is no randomness anywhere: the same data gives the same answers.
//   - If there are fewer than k stored rows, all of them vote.
package knn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/internal/enum"
)

// Distance is how the distance between two points is measured.
type Distance int

const (
	// Euclidean is the straight-line distance √(Σ_j (a_j − b_j)²).
	Euclidean Distance = iota
	// Manhattan is the city-block distance Σ_j |a_j − b_j|.
	Manhattan
)

// distanceNames names the Distance values, for String, ParseDistance,
// MarshalText, UnmarshalText and valid.
var distanceNames = enum.Names[Distance]{
	Pkg: "knn", Type: "Distance", What: "distance",
	Names: []string{Euclidean: "euclidean", Manhattan: "manhattan"},
}

// String returns the distance's name: "euclidean" or "manhattan".
func (d Distance) String() string { return distanceNames.String(d) }

// ParseDistance returns the distance named s ("euclidean" or "manhattan",
// in any case).
func ParseDistance(s string) (Distance, error) { return distanceNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (d Distance) MarshalText() ([]byte, error) { return distanceNames.Marshal(d) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDistance.
func (d *Distance) UnmarshalText(text []byte) error { return distanceNames.Unmarshal(text, d) }

func (d Distance) valid() bool { return distanceNames.Valid(d) }

// Weighting is how much each neighbour's vote counts.
type Weighting int

const (
	// Uniform gives every neighbour one vote.
	Uniform Weighting = iota
	// InverseDistance gives a neighbour at distance d 1/d votes; if some
	// neighbours are at distance 0, only they vote, one vote each.
	InverseDistance
)

// weightingNames names the Weighting values, for String, ParseWeighting,
// MarshalText, UnmarshalText and valid.
var weightingNames = enum.Names[Weighting]{
	Pkg: "knn", Type: "Weighting", What: "weighting",
	Names: []string{Uniform: "uniform", InverseDistance: "distance"},
}

// String returns the weighting's name: "uniform" or "distance".
func (w Weighting) String() string { return weightingNames.String(w) }

// ParseWeighting returns the weighting named s ("uniform" or "distance", in
// any case).
func ParseWeighting(s string) (Weighting, error) { return weightingNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (w Weighting) MarshalText() ([]byte, error) { return weightingNames.Marshal(w) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseWeighting.
func (w *Weighting) UnmarshalText(text []byte) error { return weightingNames.Unmarshal(text, w) }

func (w Weighting) valid() bool { return weightingNames.Valid(w) }

// DefaultK is the number of neighbours when Config.K is 0: 5, scikit-learn's
// default for KNeighborsClassifier. It is odd, so two classes cannot tie
// under uniform votes.
const DefaultK = 5

// MaxK is the largest K accepted: every query keeps its k nearest rows in a
// sorted list, and beyond a thousand neighbours the vote is a plain
// majority count of a lesson's data anyway.
const MaxK = 1000

// MaxClasses is the largest number of classes accepted. Every query keeps
// one vote total per class; a thousand classes is far beyond any lesson's
// table, and the limit stops a stray label such as 1e9 from asking for
// gigabytes.
const MaxClasses = 1000

// Config sets up a classifier. The zero value is k = 5, Euclidean distance,
// uniform votes, and the number of classes taken from the labels.
type Config struct {
	// K is the number of neighbours that vote, from 1 to MaxK; zero means
	// DefaultK (5).
	K int `json:"k"`
	// Distance is how distances are measured; the zero value is Euclidean.
	Distance Distance `json:"distance"`
	// Weighting is how votes count; the zero value is Uniform.
	Weighting Weighting `json:"weighting"`
	// Classes is the number of classes, at least 1; labels run from 0 to
	// Classes−1. Zero means one more than the largest label given to Fit.
	Classes int `json:"classes"`
}

// withDefaults returns c with its zero fields replaced by their defaults, or
// an error if a field is invalid. Classes stays 0 if it was 0.
func (c Config) withDefaults() (Config, error) {
	if c.K < 0 || c.K > MaxK {
		return c, fmt.Errorf("knn: k must be from 1 to %d, got %d", MaxK, c.K)
	}
	if c.K == 0 {
		c.K = DefaultK
	}
	if !c.Distance.valid() {
		return c, fmt.Errorf("knn: unknown distance %d", int(c.Distance))
	}
	if !c.Weighting.valid() {
		return c, fmt.Errorf("knn: unknown weighting %d", int(c.Weighting))
	}
	if c.Classes < 0 || c.Classes > MaxClasses {
		return c, fmt.Errorf("knn: classes must be from 1 to %d, got %d", MaxClasses, c.Classes)
	}
	return c, nil
}

// Classifier is a k-nearest-neighbours classifier: the stored rows and how
// to vote. After Fit its methods may be called from several goroutines at
// once.
type Classifier struct {
	cfg Config    // with defaults filled in
	d   int       // features per row
	x   []float64 // the stored rows, one after another (d values each)
	y   []int     // the label of each stored row
}

// Fit returns a classifier that stores copies of the rows of X (each with
// the same number of finite values, at least one row) and their labels y.
// The caller may change X and y afterwards.
func Fit(X [][]float64, y []int, cfg Config) (*Classifier, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(X) == 0 {
		return nil, errors.New("knn: no rows of data")
	}
	if len(X) != len(y) {
		return nil, fmt.Errorf("knn: %d rows but %d labels", len(X), len(y))
	}
	d := len(X[0])
	if d == 0 {
		return nil, errors.New("knn: rows have no values")
	}
	if cfg.Classes == 0 {
		for _, label := range y {
			cfg.Classes = max(cfg.Classes, label+1)
		}
		if cfg.Classes > MaxClasses {
			return nil, fmt.Errorf("knn: the largest label is %d; at most %d classes are allowed", cfg.Classes-1, MaxClasses)
		}
	}
	c := &Classifier{cfg: cfg, d: d, x: make([]float64, 0, len(X)*d), y: append([]int(nil), y...)}
	for i, row := range X {
		if len(row) != d {
			return nil, fmt.Errorf("knn: row %d has %d values, want %d", i, len(row), d)
		}
		for j, v := range row {
			if !finite(v) {
				return nil, fmt.Errorf("knn: row %d, column %d is %v", i, j, v)
			}
		}
		if y[i] < 0 || y[i] >= cfg.Classes {
			return nil, fmt.Errorf("knn: row %d has label %d, want 0..%d", i, y[i], cfg.Classes-1)
		}
		c.x = append(c.x, row...)
	}
	return c, nil
}

// Config returns the classifier's settings, with defaults filled in.
func (c *Classifier) Config() Config { return c.cfg }

// Inputs returns the number of features a row must have.
func (c *Classifier) Inputs() int { return c.d }

// Len returns the number of stored rows.
func (c *Classifier) Len() int { return len(c.y) }

// NumParams returns how many numbers the classifier stores: every value of
// every stored row and every label. They are its whole memory.
func (c *Classifier) NumParams() int { return len(c.x) + len(c.y) }

// Describe returns the classifier's kind ("knn"), settings and size.
func (c *Classifier) Describe() models.Description {
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"k":         c.cfg.K,
			"distance":  c.cfg.Distance.String(),
			"weighting": c.cfg.Weighting.String(),
			"classes":   c.cfg.Classes,
			"rows":      len(c.y),
			"inputs":    c.d,
		},
		Parameters: c.NumParams(),
	}
}

// Neighbor is one of the stored rows nearest to a query.
type Neighbor struct {
	// Index is the row's position in the data given to Fit.
	Index int `json:"index"`
	// Label is the row's class.
	Label int `json:"label"`
	// Distance is the row's distance from the query, in the features' units.
	Distance float64 `json:"distance"`
}

// Neighbors returns the k stored rows nearest to x (all of them if there are
// fewer than k), nearest first; equally distant rows come in the order they
// were stored. It lets a lesson show which points vote.
func (c *Classifier) Neighbors(x []float64) ([]Neighbor, error) {
	if err := c.checkRow(0, x); err != nil {
		return nil, err
	}
	s := c.newSearch()
	s.find(c, x)
	out := make([]Neighbor, s.m)
	for i := range s.m {
		out[i] = Neighbor{Index: s.idx[i], Label: c.y[s.idx[i]], Distance: c.trueDistance(s.dist[i])}
	}
	return out, nil
}

// search holds the buffers of one query: the nearest rows found so far,
// sorted by (distance, index), and the votes. One search is reused for all
// the rows of a batch, so that a batch allocates only its answers.
type search struct {
	k     int
	m     int       // neighbours found so far, at most k
	dist  []float64 // their distances as compared (squared for Euclidean)
	idx   []int     // their row indices
	votes []float64 // votes per class
}

func (c *Classifier) newSearch() *search {
	k := min(c.cfg.K, len(c.y))
	return &search{k: k, dist: make([]float64, k), idx: make([]int, k), votes: make([]float64, c.cfg.Classes)}
}

// find fills s with the k stored rows of c nearest to x.
//
// For Euclidean distance it compares squared distances: the square root is
// slow and does not change which of two distances is smaller. The list is
// kept sorted by insertion; a row is inserted only if it is strictly nearer
// than the current k-th, and after any rows equally near, so of equally
// distant rows the earlier stored one always ranks first.
func (s *search) find(c *Classifier, x []float64) {
	s.m = 0
	d, k := c.d, s.k
	manhattan := c.cfg.Distance == Manhattan
	for i, label := 0, 0; label < len(c.y); i, label = i+d, label+1 {
		row := c.x[i : i+d : i+d]
		var dist float64
		if manhattan {
			for j, v := range row {
				dist += math.Abs(v - x[j])
			}
		} else {
			for j, v := range row {
				diff := v - x[j]
				dist += diff * diff
			}
		}
		if s.m == k {
			if dist >= s.dist[k-1] {
				continue
			}
			s.m-- // the k-th nearest drops out
		}
		// Shift the farther rows up one place and insert.
		p := s.m
		for p > 0 && s.dist[p-1] > dist {
			s.dist[p], s.idx[p] = s.dist[p-1], s.idx[p-1]
			p--
		}
		s.dist[p], s.idx[p] = dist, label
		s.m++
	}
}

// trueDistance turns a distance as compared in find into the distance
// itself.
func (c *Classifier) trueDistance(compared float64) float64 {
	if c.cfg.Distance == Euclidean {
		return math.Sqrt(compared)
	}
	return compared
}

// vote fills s.votes with each class's share of the votes of the neighbours
// find left in s (the shares add up to 1), and returns the winning class,
// ties broken towards the class of the nearest tied neighbour.
func (s *search) vote(c *Classifier) int {
	clear(s.votes)
	weighted := c.cfg.Weighting == InverseDistance && s.dist[0] > 0
	// If the nearest neighbour is at distance 0, the weighted vote is left
	// to the neighbours at distance 0, one vote each (1/0 is infinite).
	var total float64
	for i := range s.m {
		w := 1.0
		if weighted {
			w = 1 / c.trueDistance(s.dist[i])
		} else if c.cfg.Weighting == InverseDistance && s.dist[i] > 0 {
			break // distance-weighted with some neighbours at 0: only they vote
		}
		s.votes[c.y[s.idx[i]]] += w
		total += w
	}
	top := 0.0
	for _, v := range s.votes {
		top = max(top, v)
	}
	best := -1
	for i := range s.m {
		if label := c.y[s.idx[i]]; s.votes[label] == top {
			best = label
			break
		}
	}
	for k := range s.votes {
		s.votes[k] /= total
	}
	return best
}

// ProbabilitiesContext returns, for each row of X, each class's share of
// the votes of the row's k nearest neighbours; each returned row sums to 1.
// It checks ctx every 256 rows and returns an error wrapping ctx.Err() when
// ctx is done, and an error for a row of the wrong width or one holding NaN
// or an infinity.
func (c *Classifier) ProbabilitiesContext(ctx context.Context, X [][]float64) ([][]float64, error) {
	for i, row := range X {
		if err := c.checkRow(i, row); err != nil {
			return nil, err
		}
	}
	classes := c.cfg.Classes
	flat := make([]float64, len(X)*classes) // one backing array for every answer
	out := make([][]float64, len(X))
	s := c.newSearch()
	for i, row := range X {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("knn: stopped after %d of %d rows: %w", i, len(X), err)
			}
		}
		s.find(c, row)
		s.vote(c)
		out[i] = flat[i*classes : (i+1)*classes : (i+1)*classes]
		copy(out[i], s.votes)
	}
	return out, nil
}

// checkEvery is how many query rows ProbabilitiesContext and PredictContext
// answer between looks at their context: 256 rows against 1,000 stored
// rows take under a millisecond, so a cancelled request stops at once.
const checkEvery = 256

// Probabilities returns, for each row of X, each class's share of the votes
// of its k nearest neighbours; each returned row sums to 1. It returns nil
// if a row does not have Inputs() values or holds NaN or an infinity.
func (c *Classifier) Probabilities(X [][]float64) [][]float64 {
	p, err := c.ProbabilitiesContext(context.Background(), X)
	if err != nil {
		return nil
	}
	return p
}

// PredictContext returns the winning class of each row of X (see the
// package comment for how ties are broken). It checks ctx every 256 rows
// and returns an error wrapping ctx.Err() when ctx is done, and an error
// for a row of the wrong width or one holding NaN or an infinity.
func (c *Classifier) PredictContext(ctx context.Context, X [][]float64) ([]int, error) {
	for i, row := range X {
		if err := c.checkRow(i, row); err != nil {
			return nil, err
		}
	}
	out := make([]int, len(X))
	s := c.newSearch()
	for i, row := range X {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("knn: stopped after %d of %d rows: %w", i, len(X), err)
			}
		}
		s.find(c, row)
		out[i] = s.vote(c)
	}
	return out, nil
}

// Predict returns the winning class of each row of X. It returns nil if a
// row does not have Inputs() values or holds NaN or an infinity.
func (c *Classifier) Predict(X [][]float64) []int {
	p, err := c.PredictContext(context.Background(), X)
	if err != nil {
		return nil
	}
	return p
}

// Accuracy returns the fraction of rows of X whose predicted class is the
// label in y, between 0 and 1. It returns NaN if X is empty, if X and y
// differ in length, or if a row is not usable by Predict.
func (c *Classifier) Accuracy(X [][]float64, y []int) float64 {
	if len(X) == 0 || len(X) != len(y) {
		return math.NaN()
	}
	pred := c.Predict(X)
	if pred == nil {
		return math.NaN()
	}
	right := 0
	for i, p := range pred {
		if p == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

func (c *Classifier) checkRow(i int, row []float64) error {
	if len(row) != c.d {
		return fmt.Errorf("knn: row %d has %d values, want %d", i, len(row), c.d)
	}
	for j, v := range row {
		if !finite(v) {
			return fmt.Errorf("knn: row %d, column %d is %v", i, j, v)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Kind is the kind name of this family in descriptions and saved files.
const Kind = "knn"

// formatVersion is the version of the saved form written by Save.
const formatVersion = 1

// saved is the form a classifier is saved in.
type saved struct {
	Config Config      `json:"config"`
	X      [][]float64 `json:"x"`
	Y      []int       `json:"y"`
}

// Save writes the classifier (its settings and every stored row) to w, as
// format version 1 of kind "knn" (see models.Save).
func (c *Classifier) Save(w io.Writer) error {
	s := saved{Config: c.cfg, X: make([][]float64, len(c.y)), Y: c.y}
	for i := range s.X {
		s.X[i] = c.x[i*c.d : (i+1)*c.d]
	}
	if err := models.Save(w, Kind, formatVersion, s); err != nil {
		return fmt.Errorf("knn: %w", err)
	}
	return nil
}

// Load reads a classifier written by Save, checking it as Fit checks its
// data. It refuses format versions other than 1 with an error wrapping
// models.ErrVersion.
func Load(r io.Reader) (*Classifier, error) {
	var s saved
	if _, err := models.Load(r, Kind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("knn: %w", err)
	}
	if s.Config.Classes < 1 {
		return nil, fmt.Errorf("knn: loading: classes must be at least 1, got %d", s.Config.Classes)
	}
	c, err := Fit(s.X, s.Y, s.Config)
	if err != nil {
		return nil, fmt.Errorf("knn: loading: %w", err)
	}
	return c, nil
}

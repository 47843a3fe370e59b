// Package linear fits straight lines and polynomial curves to data by least
// squares, so that a physics or maths lesson can find the formula behind
// measurements: y = a + b·x, or y = a + b·x + c·x² for a falling ball.
//
// # What the model computes
//
// With one input feature x and degree d, the model is the polynomial
//
//	ŷ = c₀ + c₁·x + c₂·x² + … + c_d·x^d.
//
// Degree 1 is a straight line. With several features x₁, x₂, …, every
// feature gets its own powers and the terms are added up:
//
//	ŷ = c₀ + c₁₁·x₁ + c₁₂·x₁² + … + c₂₁·x₂ + c₂₂·x₂² + …
//
// There are no cross terms such as x₁·x₂: with degree 1 this is ordinary
// multiple linear regression, and with a higher degree each feature's
// effect may bend, but the effects of the features only add up.
//
// # How it learns
//
// Least squares chooses the coefficients that make the sum of squared
// misses Σ (yᵢ − ŷᵢ)² over the training points as small as possible. Unlike
// a neural network, this needs no training loop: the best coefficients
// solve a system of linear equations, which is solved once, exactly (up to
// rounding).
//
// Ridge regression adds a penalty λ·Σ β² on the size of the coefficients
// (not on the intercept c₀, which only moves the curve up or down). A
// larger λ gives a smoother, flatter curve that fits the training points
// less closely but often predicts new points better. λ = 0 is plain least
// squares.
//
// # Why a degree-12 curve does not fall apart
//
// Powers of raw numbers are hopeless to compute with: for x between 0 and
// 100, x¹² runs from 0 to 10²⁴, and the equations for the coefficients
// would lose every significant digit. So Fit works on rescaled numbers:
//
//  1. each feature x is mapped onto [−1, 1] by u = (x − centre)/halfRange,
//     where centre is the middle of the training values and halfRange half
//     their spread; powers of u stay between −1 and 1;
//  2. each column of powers u^p is standardised: its mean over the training
//     points is subtracted and it is divided by its standard deviation;
//     the targets y are centred too. Centring takes care of the intercept,
//     which is then just the mean of y, and is why the intercept escapes
//     the ridge penalty;
//  3. the least-squares problem on those columns A, with the ridge
//     penalty written as √λ·I rows appended below A (and zeros below y),
//     is solved by a QR factorisation (gonum's mat.QR). QR works on A
//     itself; the other common route, solving the normal equations
//     AᵀA·β = Aᵀy by Cholesky, squares A's condition number and so loses
//     twice as many digits.
//
// For 200 evenly spaced x from 0 to 100 and degree 12, the rescaled
// columns have condition number about 1.4·10⁴ (so rounding costs about 4
// of float64's 16 significant digits), where raw powers of x would be
// beyond 10²⁴.
//
// Predictions are computed in the same rescaled form. Coefficients and
// Equation turn the result back into powers of the original x (by the
// binomial theorem), so that a student can compare them with a formula.
// Because of step 2 the ridge penalty does not depend on the units of x:
// metres or millimetres give the same curve.
//
// # Simplifications
//
//   - Polynomials only: no logarithms, exponentials or other basis
//     functions, and no cross terms between features.
//   - No uncertainty: coefficients come without error bars or p-values.
//   - Squared error only, so a single wild outlier can pull the curve a long
//     way.
//   - High-degree coefficients in the original units of x can be enormous
//     and of alternating sign when x is far from 0; they are correct, but
//     much less readable than the curve itself.
package linear

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/aisandbox/aisandbox/models"
)

// MaxDegree is the highest polynomial degree Fit accepts. Degree 12 is
// already enough to show overfitting (a curve through 13 points that
// swings wildly between them); higher degrees teach nothing more, and
// their original-unit coefficients become unreadable.
const MaxDegree = 12

// maxCond is the largest condition number of the rescaled least-squares
// problem Fit accepts. Solving loses about log10(cond) of float64's 16
// significant digits, so 1e12 leaves about 4: enough for any curve a lesson
// draws. A larger condition number means that two features (or powers) are
// nearly copies of each other, and the coefficients are not determined by
// the data.
const maxCond = 1e12

// Config sets what kind of curve Fit draws. The zero value is a straight
// line (degree 1) by plain least squares.
type Config struct {
	// Degree is the highest power of each feature, from 1 to MaxDegree.
	// Zero means 1, a straight line (a plane with several features).
	Degree int `json:"degree"`
	// Ridge is the penalty λ ≥ 0 on the squared coefficients of the
	// standardised powers (see the package comment), added to the sum of
	// squared misses. It has no units. Zero means plain least squares.
	Ridge float64 `json:"ridge"`
	// Features names the input features for Equation, e.g. ["t"]. Empty
	// means "x" for a single feature and "x1", "x2", ... for several.
	Features []string `json:"features,omitempty"`
	// Target names the predicted quantity for Equation, e.g. "s". Empty
	// means "y".
	Target string `json:"target,omitempty"`
}

// Model is a fitted polynomial. Its methods may be called from several
// goroutines at once.
type Model struct {
	cfg      Config // with defaults filled in and names set
	features int
	// centre[j] and halfRange[j] map feature j onto [−1, 1]:
	// u = (x − centre)/halfRange.
	centre, halfRange []float64
	// Column k = j·Degree + (p−1) holds u_j^p. colMean[k] and colScale[k]
	// standardise it, and beta[k] is its coefficient in the rescaled fit.
	colMean, colScale, beta []float64
	// yMean is the mean of the training targets, the intercept of the
	// rescaled fit; ySpread is their standard deviation (1 if they are all
	// equal), used only to decide which coefficients Equation shows as 0.
	yMean, ySpread float64
	// rows is the number of training points.
	rows int
}

// Fit finds the polynomial of cfg.Degree in every feature that best fits
// the training points: row i of X holds the features of point i, and y[i]
// its target. X and y are not kept.
//
// It refuses (with an error starting "linear: ") empty or ragged data, NaN
// or infinite values, a degree outside 1..MaxDegree, a negative ridge
// penalty, a feature that has the same value in every row, and, without a
// ridge penalty, fewer points (or fewer different values of a feature) than
// the curve has coefficients to determine, or features that are (nearly)
// copies of each other. A ridge penalty λ > 0 makes the answer unique
// however few the points.
//
// Fit is one direct computation, not a training loop: about
// rows·(features·degree)² multiplications, a fraction of a millisecond for
// a thousand points; so it takes no context.
func Fit(X [][]float64, y []float64, cfg Config) (m *Model, err error) {
	// gonum reports some misuse by panicking; none should happen here, but
	// no panic may cross the package boundary.
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("linear: fitting failed: %v", r)
		}
	}()
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	d, err := checkData(X, y)
	if err != nil {
		return nil, err
	}
	if len(cfg.Features) == 0 {
		cfg.Features = defaultNames(d)
	} else if len(cfg.Features) != d {
		return nil, fmt.Errorf("linear: %d feature names for %d features", len(cfg.Features), d)
	}
	deg, n := cfg.Degree, len(X)
	cols := d * deg

	m = &Model{
		cfg:       cfg,
		features:  d,
		centre:    make([]float64, d),
		halfRange: make([]float64, d),
		colMean:   make([]float64, cols),
		colScale:  make([]float64, cols),
		rows:      n,
	}
	for j := range d {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, row := range X {
			lo, hi = min(lo, row[j]), max(hi, row[j])
		}
		if lo == hi {
			return nil, fmt.Errorf("linear: feature %s is %v in every row, so its effect cannot be measured", cfg.Features[j], lo)
		}
		// The midpoint and half-width written as lo/2 ± hi/2 so that they
		// cannot overflow for values near ±MaxFloat64.
		m.centre[j] = lo/2 + hi/2
		m.halfRange[j] = hi/2 - lo/2
	}
	if cfg.Ridge == 0 {
		if err := m.checkDetermined(X); err != nil {
			return nil, err
		}
	}

	// The standardised design matrix, with √λ·I below it when λ > 0.
	extra := 0
	if cfg.Ridge > 0 {
		extra = cols
	}
	a := mat.NewDense(n+extra, cols, nil)
	for i, row := range X {
		m.powers(row, a.RawRowView(i))
	}
	// Standardise the columns, working along the rows (the matrix is
	// stored row by row): their means, then their spreads, then scale.
	for i := range n {
		for k, v := range a.RawRowView(i) {
			m.colMean[k] += v
		}
	}
	for k := range cols {
		m.colMean[k] /= float64(n)
	}
	for i := range n {
		row := a.RawRowView(i)
		for k, mean := range m.colMean {
			row[k] -= mean
			m.colScale[k] += row[k] * row[k]
		}
	}
	for k, ss := range m.colScale {
		// A column that does not vary (possible only with a ridge penalty,
		// since checkDetermined refuses it otherwise: e.g. u² when u is
		// only ever −1 or 1) stays all zeros; the penalty then sets its
		// coefficient to 0.
		m.colScale[k] = math.Sqrt(ss / float64(n))
		if m.colScale[k] == 0 {
			m.colScale[k] = 1
		}
	}
	for i := range n {
		row := a.RawRowView(i)
		for k, scale := range m.colScale {
			row[k] /= scale
		}
	}
	for _, v := range y {
		m.yMean += v
	}
	m.yMean /= float64(n)
	b := mat.NewDense(n+extra, 1, nil)
	var ss float64
	for i, v := range y {
		b.Set(i, 0, v-m.yMean)
		ss += (v - m.yMean) * (v - m.yMean)
	}
	m.ySpread = math.Sqrt(ss / float64(n))
	if m.ySpread == 0 {
		m.ySpread = 1
	}
	if extra > 0 {
		// ‖b − Aβ‖² + λ‖β‖² is the plain sum of squares of the taller
		// system [A; √λ·I]·β ≈ [b; 0].
		r := math.Sqrt(cfg.Ridge)
		for k := range cols {
			a.Set(n+k, k, r)
		}
	}

	var qr mat.QR
	qr.Factorize(a)
	if c := qr.Cond(); !(c <= maxCond) {
		return nil, fmt.Errorf("linear: the features (or their powers) are nearly copies of each other (condition number %.3g), so the coefficients are not determined; remove a feature, lower the degree or add a ridge penalty", c)
	}
	var beta mat.Dense
	if err := qr.SolveTo(&beta, false, b); err != nil {
		return nil, fmt.Errorf("linear: solving the least-squares problem: %w", err)
	}
	m.beta = make([]float64, cols)
	for k := range cols {
		m.beta[k] = beta.At(k, 0)
		if !finite(m.beta[k]) {
			return nil, fmt.Errorf("linear: the fit overflowed (coefficient %d is %v); the data are too large to fit", k, m.beta[k])
		}
	}
	return m, nil
}

// withDefaults returns c with zero fields replaced by their defaults, or an
// error if a field is invalid.
func (c Config) withDefaults() (Config, error) {
	if c.Degree < 0 || c.Degree > MaxDegree {
		return c, fmt.Errorf("linear: degree must be from 1 to %d, got %d", MaxDegree, c.Degree)
	}
	if c.Degree == 0 {
		c.Degree = 1
	}
	if !finite(c.Ridge) || c.Ridge < 0 {
		return c, fmt.Errorf("linear: the ridge penalty must be a number ≥ 0, got %v", c.Ridge)
	}
	c.Features = slices.Clone(c.Features)
	for j, name := range c.Features {
		if strings.TrimSpace(name) == "" {
			return c, fmt.Errorf("linear: feature name %d is empty", j)
		}
	}
	if c.Target == "" {
		c.Target = "y"
	}
	return c, nil
}

func defaultNames(d int) []string {
	if d == 1 {
		return []string{"x"}
	}
	names := make([]string, d)
	for j := range names {
		names[j] = fmt.Sprintf("x%d", j+1)
	}
	return names
}

// checkData reports the first problem that makes X and y unusable, and
// otherwise returns the number of features.
func checkData(X [][]float64, y []float64) (int, error) {
	if len(X) == 0 {
		return 0, errors.New("linear: no rows of data")
	}
	if len(X) != len(y) {
		return 0, fmt.Errorf("linear: %d rows but %d targets", len(X), len(y))
	}
	d := len(X[0])
	if d == 0 {
		return 0, errors.New("linear: rows have no features")
	}
	for i, row := range X {
		if len(row) != d {
			return 0, fmt.Errorf("linear: row %d has %d values, want %d", i, len(row), d)
		}
		for j, v := range row {
			if !finite(v) {
				return 0, fmt.Errorf("linear: row %d, column %d is %v", i, j, v)
			}
		}
		if !finite(y[i]) {
			return 0, fmt.Errorf("linear: target %d is %v", i, y[i])
		}
	}
	return d, nil
}

// checkDetermined reports, for a fit without a ridge penalty, whether there
// are too few points for the number of coefficients, or too few different
// values of a feature for its degree (a curve of degree d through d or
// fewer distinct x values can be bent in infinitely many ways).
func (m *Model) checkDetermined(X [][]float64) error {
	deg := m.cfg.Degree
	coefs := 1 + m.features*deg
	if len(X) < coefs {
		what := fmt.Sprintf("a degree-%d polynomial has", deg)
		if m.features > 1 {
			what = fmt.Sprintf("%d features of degree %d have", m.features, deg)
		}
		return fmt.Errorf("linear: %s %d coefficients and needs at least %d points, got %d (lower the degree or add a ridge penalty)", what, coefs, coefs, len(X))
	}
	if deg == 1 {
		return nil // every feature has two different values, checked by Fit
	}
	for j := range m.features {
		distinct := make(map[float64]struct{}, deg+1)
		for _, row := range X {
			distinct[row[j]+0] = struct{}{} // +0 turns −0 into 0
			if len(distinct) > deg {
				break
			}
		}
		if len(distinct) <= deg {
			return fmt.Errorf("linear: feature %s has only %d different values; a degree-%d curve needs at least %d (lower the degree or add a ridge penalty)", m.cfg.Features[j], len(distinct), deg, deg+1)
		}
	}
	return nil
}

// powers writes the powers u_j^1 … u_j^Degree of each rescaled feature of
// row into dst, feature after feature.
func (m *Model) powers(row, dst []float64) {
	deg := m.cfg.Degree
	for j, x := range row {
		u := (x - m.centre[j]) / m.halfRange[j]
		p := 1.0
		for k := range deg {
			p *= u
			dst[j*deg+k] = p
		}
	}
}

// PredictValues returns the model's prediction for each row of X, in the
// units of the training targets. It returns nil if a row does not have as
// many values as the training rows. A row holding NaN gets NaN.
//
// Far outside the range of the training x values a polynomial of degree 2
// or more heads off towards ±∞: predictions there are extrapolations, not
// measurements.
func (m *Model) PredictValues(X [][]float64) []float64 {
	for _, row := range X {
		if len(row) != m.features {
			return nil
		}
	}
	out := make([]float64, len(X))
	u := make([]float64, len(m.beta))
	for i, row := range X {
		m.powers(row, u)
		v := m.yMean
		for k, b := range m.beta {
			v += b * (u[k] - m.colMean[k]) / m.colScale[k]
		}
		out[i] = v
	}
	return out
}

// Config returns the settings the model was fitted with, defaults filled
// in: the degree is at least 1, and Features and Target hold the names
// Equation uses.
func (m *Model) Config() Config {
	c := m.cfg
	c.Features = slices.Clone(m.cfg.Features)
	return c
}

// Coefficients returns the fitted polynomial in the original units of the
// features: index 0 holds the intercept c₀, and index 1 + j·Degree + (p−1)
// the coefficient of x_j^p (feature j counting from 0, power p from 1). For
// one feature that is simply c₀, c₁, …, c_d, the coefficient of x^p at
// index p: a fit of y = 2 + 3x − 0.5x² returns [2, 3, −0.5]. A coefficient
// multiplying x^p is in units of y per unit of x to the power p.
//
// They are computed from the rescaled fit by expanding
// u^p = ((x − centre)/halfRange)^p with the binomial theorem:
//
//	u^p = Σ_{k=0..p} C(p, k)·x^k·(−centre)^(p−k) / halfRange^p,
//
// so x^k collects γ_p·C(p, k)·(−centre)^(p−k)/halfRange^p from every power
// p ≥ k, where γ_p = β_p/colScale_p; the k = 0 parts and the centring
// constants −γ_p·colMean_p go to the intercept.
func (m *Model) Coefficients() []float64 {
	deg := m.cfg.Degree
	out := make([]float64, 1+m.features*deg)
	out[0] = m.yMean
	for j := range m.features {
		c, h := m.centre[j], m.halfRange[j]
		for p := 1; p <= deg; p++ {
			k := j*deg + p - 1
			gamma := m.beta[k] / m.colScale[k]
			out[0] -= gamma * m.colMean[k]
			hp := math.Pow(h, float64(p))
			for q := 0; q <= p; q++ {
				term := gamma * binomial(p, q) * math.Pow(-c, float64(p-q)) / hp
				if q == 0 {
					out[0] += term
				} else {
					out[1+j*deg+q-1] += term
				}
			}
		}
	}
	return out
}

// binomial returns C(n, k) = n!/(k!·(n−k)!), exactly for the small n used
// here.
func binomial(n, k int) float64 {
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

// NumParams returns the number of coefficients, the intercept included:
// 1 + features·Degree.
func (m *Model) NumParams() int { return 1 + len(m.beta) }

// Describe reports the model's kind ("linear"), its settings (degree,
// ridge, features, the training rows) and its number of coefficients.
func (m *Model) Describe() models.Description {
	return models.Description{
		Kind: Kind,
		Settings: map[string]any{
			"degree":   m.cfg.Degree,
			"ridge":    m.cfg.Ridge,
			"features": slices.Clone(m.cfg.Features),
			"target":   m.cfg.Target,
			"rows":     m.rows,
		},
		Parameters: m.NumParams(),
	}
}

// Kind is the model kind in Describe and in saved files.
const Kind = "linear"

// formatVersion is the version of the saved form written by Save.
const formatVersion = 1

// saved is the JSON form of a Model.
type saved struct {
	Config    Config    `json:"config"`
	Centre    []float64 `json:"centre"`
	HalfRange []float64 `json:"half_range"`
	ColMean   []float64 `json:"column_mean"`
	ColScale  []float64 `json:"column_scale"`
	Beta      []float64 `json:"beta"`
	YMean     float64   `json:"y_mean"`
	YSpread   float64   `json:"y_spread"`
	Rows      int       `json:"rows"`
}

// Save writes the model to w as a versioned JSON document (see
// models.Save). Load reads it back.
func (m *Model) Save(w io.Writer) error {
	if err := models.Save(w, Kind, formatVersion, saved{
		Config: m.cfg, Centre: m.centre, HalfRange: m.halfRange,
		ColMean: m.colMean, ColScale: m.colScale, Beta: m.beta,
		YMean: m.yMean, YSpread: m.ySpread, Rows: m.rows,
	}); err != nil {
		return fmt.Errorf("linear: %w", err)
	}
	return nil
}

// Load reads a model written by Save. It refuses files of another kind or
// of an unknown format version (the error then wraps models.ErrVersion),
// and models whose numbers do not fit together.
func Load(r io.Reader) (*Model, error) {
	var s saved
	if _, err := models.Load(r, Kind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("linear: %w", err)
	}
	cfg, err := s.Config.withDefaults()
	if err != nil {
		return nil, err
	}
	d := len(cfg.Features)
	cols := d * cfg.Degree
	switch {
	case s.Config.Degree < 1:
		return nil, fmt.Errorf("linear: the saved model has degree %d", s.Config.Degree)
	case d == 0:
		return nil, errors.New("linear: the saved model has no features")
	case len(s.Centre) != d || len(s.HalfRange) != d:
		return nil, fmt.Errorf("linear: the saved model has %d feature names but %d centres and %d ranges", d, len(s.Centre), len(s.HalfRange))
	case len(s.ColMean) != cols || len(s.ColScale) != cols || len(s.Beta) != cols:
		return nil, fmt.Errorf("linear: the saved model needs %d columns, has %d means, %d scales and %d coefficients", cols, len(s.ColMean), len(s.ColScale), len(s.Beta))
	case s.Rows < 1:
		return nil, fmt.Errorf("linear: the saved model was fitted to %d rows", s.Rows)
	}
	for j, h := range s.HalfRange {
		if !(h > 0) || !finite(h) {
			return nil, fmt.Errorf("linear: the saved model's feature %d has range %v", j, h)
		}
	}
	for k, v := range s.ColScale {
		if !(v > 0) || !finite(v) {
			return nil, fmt.Errorf("linear: the saved model's column %d has scale %v", k, v)
		}
	}
	if !(s.YSpread > 0) || !finite(s.YSpread) {
		return nil, fmt.Errorf("linear: the saved model's target spread is %v", s.YSpread)
	}
	return &Model{
		cfg: cfg, features: d, centre: s.Centre, halfRange: s.HalfRange,
		colMean: s.ColMean, colScale: s.ColScale, beta: s.Beta,
		yMean: s.YMean, ySpread: s.YSpread, rows: s.Rows,
	}, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

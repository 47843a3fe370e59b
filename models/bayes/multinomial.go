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

// DefaultAlpha is the smoothing when MultinomialConfig.Alpha is 0: 1, the
// classic Laplace smoothing ("add one").
const DefaultAlpha = 1.0

// MultinomialConfig sets up multinomial naive Bayes. The zero value takes
// the number of classes from the labels and smooths with α = 1.
type MultinomialConfig struct {
	// Classes is the number of classes, from 1 to MaxClasses; labels run
	// from 0 to Classes−1. Zero means one more than the largest label.
	Classes int `json:"classes"`
	// Alpha is the count added to every word of every class before the
	// probabilities are estimated; it must be positive and finite. Zero
	// means DefaultAlpha (1).
	Alpha float64 `json:"alpha"`
}

// Multinomial is a trained multinomial naive Bayes classifier. Its methods
// only read it, so they may be called from several goroutines at once.
//
// A row holds x_j, how often word j of a vocabulary of V words occurs in
// a document. Each class c has a probability θ_cj for each word: the
// chance that a word drawn from a document of class c is word j. They are
// estimated from N_cj, the total count of word j in the class's training
// documents, with add-α (Laplace) smoothing:
//
//	θ_cj = (N_cj + α) / (N_c + α·V),   N_c = Σ_j N_cj
//
// Without α a word never seen in a class would get θ = 0, and a single
// occurrence of it would rule the class out, log 0 = −∞, whatever the other
// words say. α = 1 pretends every word was seen once more in every class.
//
// A document is a bag of words drawn one at a time, so
//
//	log P(x | c) = Σ_j x_j · log θ_cj + (a term that does not depend on c)
//
// The left-out term (the multinomial coefficient, the number of orders the
// same words could come in) is the same for every class and cancels when
// the posteriors are normalised.
type Multinomial struct {
	cfg      MultinomialConfig // defaults filled in
	docs     []int             // training documents of each class
	counts   [][]float64       // counts[c][j] = N_cj
	features []string          // the vocabulary; may be nil
	logPrior []float64         // log P(c)
	logTheta [][]float64       // logTheta[c][j] = log θ_cj
}

// FitMultinomial fits multinomial naive Bayes to the count vectors in X
// (each with one non-negative, finite count per vocabulary word, at least
// one row; counts need not be whole numbers) with labels y. featureNames
// may be nil or name each column (the words, for TopFeatures). It checks
// ctx every 1,024 rows and returns an error wrapping ctx.Err() when ctx is
// done. It keeps no reference to X, y or featureNames.
func FitMultinomial(ctx context.Context, X [][]float64, y []int, featureNames []string, cfg MultinomialConfig) (*Multinomial, error) {
	if math.IsNaN(cfg.Alpha) || math.IsInf(cfg.Alpha, 0) || cfg.Alpha < 0 {
		return nil, fmt.Errorf("bayes: alpha must be a positive number, got %v", cfg.Alpha)
	}
	if cfg.Alpha == 0 {
		cfg.Alpha = DefaultAlpha
	}
	classes, err := classCount(cfg.Classes, y)
	if err != nil {
		return nil, err
	}
	cfg.Classes = classes
	if err := checkShape(X, y, classes, true); err != nil {
		return nil, err
	}
	v := len(X[0])
	if featureNames != nil && len(featureNames) != v {
		return nil, fmt.Errorf("bayes: %d feature names for %d columns", len(featureNames), v)
	}
	m := &Multinomial{cfg: cfg, docs: make([]int, classes), counts: grid(classes, v), features: slices.Clone(featureNames)}
	for i, row := range X {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bayes: stopped after %d of %d rows: %w", i, len(X), err)
			}
		}
		c := y[i]
		m.docs[c]++
		for j, x := range row {
			m.counts[c][j] += x
		}
	}
	for c := range m.counts {
		for j, n := range m.counts[c] {
			if math.IsInf(n, 0) {
				return nil, fmt.Errorf("bayes: the counts of column %d in class %d add up beyond the largest float64", j, c)
			}
		}
	}
	m.prepare()
	return m, nil
}

// prepare computes the log priors and log θ.
func (m *Multinomial) prepare() {
	m.logPrior = logPriors(m.docs)
	m.logTheta = grid(len(m.counts), len(m.counts[0]))
	a, v := m.cfg.Alpha, float64(len(m.counts[0]))
	for c, row := range m.counts {
		var total float64
		for _, n := range row {
			total += n
		}
		denom := math.Log(total + a*v)
		for j, n := range row {
			m.logTheta[c][j] = math.Log(n+a) - denom
		}
	}
}

// Config returns the classifier's settings, with defaults filled in.
func (m *Multinomial) Config() MultinomialConfig { return m.cfg }

// Inputs returns the number of columns (vocabulary words) a row must have.
func (m *Multinomial) Inputs() int { return len(m.counts[0]) }

// FeatureNames returns the names of the columns given to FitMultinomial,
// or nil.
func (m *Multinomial) FeatureNames() []string { return slices.Clone(m.features) }

// ClassCounts returns how many training documents each class had.
func (m *Multinomial) ClassCounts() []int { return slices.Clone(m.docs) }

// WordProbabilities returns θ: WordProbabilities()[c][j] is the smoothed
// probability of word j in class c; each class's row sums to 1.
func (m *Multinomial) WordProbabilities() [][]float64 {
	out := cloneGrid(m.logTheta)
	for _, row := range out {
		for j, l := range row {
			row[j] = math.Exp(l)
		}
	}
	return out
}

// NumParams returns how many numbers the classifier learned: a word
// probability per class and word, and a prior per class.
func (m *Multinomial) NumParams() int { return len(m.docs) * (m.Inputs() + 1) }

// Describe returns the classifier's kind ("multinomial_nb"), settings and
// size.
func (m *Multinomial) Describe() models.Description {
	return models.Description{
		Kind: MultinomialKind,
		Settings: map[string]any{
			"classes":    m.cfg.Classes,
			"vocabulary": m.Inputs(),
			"alpha":      m.cfg.Alpha,
		},
		Parameters: m.NumParams(),
	}
}

// LogJoint returns, for each row of X, log P(c) + Σ_j x_j·log θ_cj for
// every class c: the log posterior before normalising, up to a term that
// is the same for every class. −Inf for a class with no training documents.
// It returns nil if a row does not have Inputs() values or holds a
// negative, NaN or infinite count.
func (m *Multinomial) LogJoint(X [][]float64) [][]float64 {
	v := m.Inputs()
	for i, row := range X {
		if checkRow(i, row, v, true) != nil {
			return nil
		}
	}
	out := grid(len(X), len(m.docs))
	for i, x := range X {
		copy(out[i], m.logPrior)
		for j, n := range x {
			if n == 0 {
				continue // most words of a vocabulary are not in a document
			}
			for c := range out[i] {
				out[i][c] += n * m.logTheta[c][j]
			}
		}
	}
	return out
}

// Probabilities returns, for each row of X, the posterior P(c | x) of every
// class; each returned row sums to 1. It returns nil if a row is not
// usable by LogJoint.
func (m *Multinomial) Probabilities(X [][]float64) [][]float64 {
	out := m.LogJoint(X)
	for _, row := range out {
		softmax(row)
	}
	return out
}

// Predict returns the most probable class of each row of X (the first on a
// tie). It returns nil if a row is not usable by LogJoint.
func (m *Multinomial) Predict(X [][]float64) []int {
	logs := m.LogJoint(X)
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
func (m *Multinomial) Accuracy(X [][]float64, y []int) float64 {
	if len(X) == 0 || len(X) != len(y) {
		return math.NaN()
	}
	return accuracy(m.Predict(X), len(X), y)
}

// FeatureScore is how strongly one word points to a class.
type FeatureScore struct {
	// Index is the word's column.
	Index int `json:"index"`
	// Name is the word's name, or "" if FitMultinomial was given none.
	Name string `json:"name"`
	// LogRatio is log θ_cj − log θ_¬c,j: how much more likely the word is
	// in the class than in all the other classes together, as a natural
	// log. 0.69 means twice as likely, −0.69 half as likely.
	LogRatio float64 `json:"log_ratio"`
}

// TopFeatures returns the n words that point most strongly to class,
// strongest first (the lower column first on a tie): those whose
// probability in the class is largest compared with their probability in
// all the other classes taken together. For the other classes their counts
// are pooled and smoothed with the same α:
//
//	θ_¬c,j = (Σ_{k≠c} N_kj + α) / (Σ_{k≠c} N_k + α·V)
//
// With two classes that is simply the other class. Each occurrence of word
// j in a document adds LogRatio to the evidence for the class against the
// rest. n larger than the vocabulary returns every word. It returns an
// error if class is out of range, if n is negative, or if there is only
// one class.
func (m *Multinomial) TopFeatures(class, n int) ([]FeatureScore, error) {
	classes := len(m.docs)
	if class < 0 || class >= classes {
		return nil, fmt.Errorf("bayes: class %d, want 0..%d", class, classes-1)
	}
	if n < 0 {
		return nil, fmt.Errorf("bayes: asked for %d features", n)
	}
	if classes < 2 {
		return nil, errors.New("bayes: with one class no word points to it more than to another")
	}
	v := m.Inputs()
	rest := make([]float64, v)
	var restTotal float64
	for c, row := range m.counts {
		if c == class {
			continue
		}
		for j, x := range row {
			rest[j] += x
			restTotal += x
		}
	}
	a := m.cfg.Alpha
	denom := math.Log(restTotal + a*float64(v))
	scores := make([]FeatureScore, v)
	for j := range v {
		scores[j] = FeatureScore{Index: j, LogRatio: m.logTheta[class][j] - (math.Log(rest[j]+a) - denom)}
		if m.features != nil {
			scores[j].Name = m.features[j]
		}
	}
	slices.SortStableFunc(scores, func(p, q FeatureScore) int {
		switch {
		case p.LogRatio > q.LogRatio:
			return -1
		case p.LogRatio < q.LogRatio:
			return 1
		}
		return 0
	})
	return scores[:min(n, v)], nil
}

// MultinomialKind is the kind name of multinomial naive Bayes in
// descriptions and saved files.
const MultinomialKind = "multinomial_nb"

// savedMultinomial is the form a multinomial classifier is saved in.
type savedMultinomial struct {
	Config   MultinomialConfig `json:"config"`
	Docs     []int             `json:"docs"`
	Counts   [][]float64       `json:"counts"`
	Features []string          `json:"features,omitempty"`
}

// Save writes the classifier to w as format version 1 of kind
// "multinomial_nb" (see models.Save).
func (m *Multinomial) Save(w io.Writer) error {
	s := savedMultinomial{Config: m.cfg, Docs: m.docs, Counts: m.counts, Features: m.features}
	if err := models.Save(w, MultinomialKind, formatVersion, s); err != nil {
		return fmt.Errorf("bayes: %w", err)
	}
	return nil
}

// LoadMultinomial reads a classifier written by Multinomial.Save and
// checks it. It refuses format versions other than 1 with an error
// wrapping models.ErrVersion.
func LoadMultinomial(r io.Reader) (*Multinomial, error) {
	var s savedMultinomial
	if _, err := models.Load(r, MultinomialKind, formatVersion, &s); err != nil {
		return nil, fmt.Errorf("bayes: %w", err)
	}
	if err := checkSaved(s.Config.Classes, s.Docs, s.Counts, s.Counts); err != nil {
		return nil, err
	}
	if !(s.Config.Alpha > 0) || math.IsInf(s.Config.Alpha, 0) {
		return nil, fmt.Errorf("bayes: loading: alpha must be a positive number, got %v", s.Config.Alpha)
	}
	if s.Features != nil && len(s.Features) != len(s.Counts[0]) {
		return nil, fmt.Errorf("bayes: loading: %d feature names for %d columns", len(s.Features), len(s.Counts[0]))
	}
	m := &Multinomial{cfg: s.Config, docs: s.Docs, counts: s.Counts, features: s.Features}
	m.prepare()
	return m, nil
}

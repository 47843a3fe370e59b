package bayes_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/bayes"
)

const tol = 1e-6

// TestGaussianHandComputed checks one posterior worked out by hand.
//
// One feature; class A = {1, 3}, class B = {6, 7, 8}.
//
//	A: mean 2, variance ((1−2)² + (3−2)²)/2 = 1,   prior 2/5
//	B: mean 7, variance (1 + 0 + 1)/3 = 2/3,        prior 3/5
//
// The floor ε = 1e-9 × the column's variance (mean 5, squared deviations
// 16, 4, 1, 4, 9: 34/5 = 6.8) = 6.8e-9, too small to show at 6 decimals.
// At x = 4, with ½·log(2π) = 0.918939:
//
//	log P(A) + log P(4 | A) = log 0.4 − 0.918939 − ½·log 1   − (4−2)²/(2·1)
//	                        = −0.916291 − 0.918939 − 0 − 2               = −3.835229
//	log P(B) + log P(4 | B) = log 0.6 − 0.918939 − ½·log(2/3) − (4−7)²/(2·2/3)
//	                        = −0.510826 − 0.918939 + 0.202733 − 6.75    = −7.977032
//
// P(B | 4) = 1 / (1 + e^(−3.835229 + 7.977032)) = 1 / (1 + e^4.141802)
// = 1 / (1 + 62.9160) = 0.015646, and P(A | 4) = 0.984354.
//
// Far to the right, at x = 100, class A wins again: −(100−2)²/2 = −4802
// against −(100−7)²/(4/3) = −6486.75. A's bell curve is wider, so it falls
// off more slowly: Gaussian naive Bayes draws curved boundaries.
func TestGaussianHandComputed(t *testing.T) {
	X := [][]float64{{1}, {3}, {6}, {7}, {8}}
	y := []int{0, 0, 1, 1, 1}
	g, err := bayes.FitGaussian(context.Background(), X, y, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if m, v := g.Means(), g.Variances(); math.Abs(m[0][0]-2) > tol || math.Abs(m[1][0]-7) > tol || math.Abs(v[0][0]-1) > tol || math.Abs(v[1][0]-2.0/3) > tol {
		t.Errorf("means %v, variances %v", m, v)
	}
	if f := g.VarianceFloor(); math.Abs(f-6.8e-9) > 1e-15 {
		t.Errorf("variance floor %v, want 6.8e-9", f)
	}
	lj := g.LogJoint([][]float64{{4}})[0]
	if math.Abs(lj[0]-(-3.835229)) > tol || math.Abs(lj[1]-(-7.977032)) > tol {
		t.Errorf("log joints %v, want [-3.835229 -7.977032]", lj)
	}
	p := g.Probabilities([][]float64{{4}})[0]
	if math.Abs(p[0]-0.984354) > tol || math.Abs(p[1]-0.015646) > tol {
		t.Errorf("posteriors %v, want [0.984354 0.015646]", p)
	}
	if got := g.Predict([][]float64{{4}, {5}, {-100}, {100}}); !reflect.DeepEqual(got, []int{0, 1, 0, 0}) {
		t.Errorf("Predict = %v, want [0 1 0 0]", got)
	}
}

// TestGaussianMatchesDensityProduct checks the log-space computation on
// three features and three classes against the plain formula: prior times
// the product of normal densities, divided by their sum.
func TestGaussianMatchesDensityProduct(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	X := make([][]float64, 60)
	y := make([]int, len(X))
	for i := range X {
		y[i] = i % 3
		X[i] = []float64{float64(y[i]) + rng.NormFloat64(), 2*rng.NormFloat64() - float64(y[i]), rng.Float64()}
	}
	g, err := bayes.FitGaussian(context.Background(), X, y, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	means, vars, counts := g.Means(), g.Variances(), g.ClassCounts()
	queries := [][]float64{{0, 0, 0.5}, {2, -2, 0.1}, {1, 1, 0.9}}
	got := g.Probabilities(queries)
	for i, x := range queries {
		want := make([]float64, 3)
		var sum float64
		for c := range want {
			want[c] = float64(counts[c]) / float64(len(X))
			for j, v := range x {
				want[c] *= math.Exp(-(v-means[c][j])*(v-means[c][j])/(2*vars[c][j])) / math.Sqrt(2*math.Pi*vars[c][j])
			}
			sum += want[c]
		}
		for c := range want {
			if math.Abs(got[i][c]-want[c]/sum) > 1e-12 {
				t.Errorf("query %v class %d: %v, want %v", x, c, got[i][c], want[c]/sum)
			}
		}
	}
}

func TestGaussianBlobs(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 0))
	train, test, err := datasets.Blobs(600, 0.1, rng).Split(0.3, rng)
	if err != nil {
		t.Fatal(err)
	}
	g, err := bayes.FitGaussian(context.Background(), train.X, train.Y, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	// 90% on held-out rows is the target.
	if acc := g.Accuracy(test.X, test.Y); acc < 0.9 {
		t.Errorf("test accuracy %.3f, want at least 0.9", acc)
	}
}

// TestGaussianZeroVariance: a class with one row, and a feature constant in
// a class, have variance 0; the floor keeps every posterior a number.
func TestGaussianZeroVariance(t *testing.T) {
	X := [][]float64{{1, 5}, {2, 5}, {3, 5}, {10, 7}}
	y := []int{0, 0, 0, 1}
	g, err := bayes.FitGaussian(context.Background(), X, y, bayes.GaussianConfig{Classes: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.Probabilities([][]float64{{2, 5}, {10, 7}, {5, 6}, {1e6, -1e6}}) {
		var sum float64
		for _, v := range p {
			if math.IsNaN(v) {
				t.Fatalf("NaN posterior: %v", p)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 || p[2] != 0 {
			t.Errorf("posteriors %v: want a sum of 1 and 0 for the class with no rows", p)
		}
	}
	if got := g.Predict([][]float64{{2, 5}, {10, 7}}); !reflect.DeepEqual(got, []int{0, 1}) {
		t.Errorf("Predict = %v, want [0 1]", got)
	}
	// Every column constant: the floor falls back to 1 and the priors
	// decide, to the last digit.
	c, err := bayes.FitGaussian(context.Background(), [][]float64{{4}, {4}, {4}}, []int{0, 1, 1}, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Probabilities([][]float64{{9}})[0]; math.Abs(p[1]-2.0/3) > 1e-12 {
		t.Errorf("constant data: posteriors %v, want the priors [1/3 2/3]", p)
	}
	// 0.1 + 0.1 + 0.1 is not 0.3 in float64, so a mean-based variance of
	// this column would be a little above 0; it must still count as constant.
	c, err = bayes.FitGaussian(context.Background(), [][]float64{{0.1}, {0.1}, {0.1}}, []int{0, 1, 1}, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if c.VarianceFloor() != 1 {
		t.Errorf("constant 0.1 column: variance floor %v, want 1", c.VarianceFloor())
	}
}

// The tiny spam/ham table of TestMultinomialHandComputed: columns free,
// money, meeting, lunch; class 0 = ham, 1 = spam.
var (
	words = []string{"free", "money", "meeting", "lunch"}
	mailX = [][]float64{
		{0, 0, 2, 1}, // ham
		{2, 1, 0, 0}, // spam
		{1, 0, 1, 2}, // ham
		{1, 2, 0, 1}, // spam
		{0, 1, 1, 1}, // ham
	}
	mailY = []int{0, 1, 0, 1, 0}
)

// TestMultinomialHandComputed checks one posterior worked out by hand.
//
// Word totals: ham (3 documents) free 1, money 1, meeting 4, lunch 4: 10
// words; spam (2 documents) free 3, money 3, meeting 0, lunch 1: 7 words.
// With α = 1 and V = 4 words:
//
//	θ_ham  = (1+1, 1+1, 4+1, 4+1) / (10 + 4) = (2, 2, 5, 5) / 14
//	θ_spam = (3+1, 3+1, 0+1, 1+1) / (7 + 4)  = (4, 4, 1, 2) / 11
//
// The document "free money lunch" = (1, 1, 0, 1):
//
//	P(ham)·P(x | ham)   ∝ 3/5 · (2/14)·(2/14)·(5/14) = 3/5 · 20/2744
//	P(spam)·P(x | spam) ∝ 2/5 · (4/11)·(4/11)·(2/11) = 2/5 · 32/1331
//
// Their ratio spam/ham = (2/3)·(32·2744)/(1331·20) = 43904/19965, so
// P(spam | x) = 43904/(43904 + 19965) = 43904/63869 = 0.687407.
// "meeting" never occurs in spam, yet thanks to α it only makes spam less
// likely instead of impossible.
func TestMultinomialHandComputed(t *testing.T) {
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, words, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	theta := m.WordProbabilities()
	want := [][]float64{{2.0 / 14, 2.0 / 14, 5.0 / 14, 5.0 / 14}, {4.0 / 11, 4.0 / 11, 1.0 / 11, 2.0 / 11}}
	for c := range want {
		for j := range want[c] {
			if math.Abs(theta[c][j]-want[c][j]) > 1e-12 {
				t.Errorf("θ[%d][%d] = %v, want %v", c, j, theta[c][j], want[c][j])
			}
		}
	}
	p := m.Probabilities([][]float64{{1, 1, 0, 1}})[0]
	if math.Abs(p[1]-43904.0/63869) > 1e-12 || math.Abs(p[0]+p[1]-1) > 1e-12 {
		t.Errorf("posteriors %v, want P(spam) = 43904/63869 = 0.687407", p)
	}
	if got := m.Predict([][]float64{{1, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 0}}); !reflect.DeepEqual(got, []int{1, 0, 0}) {
		t.Errorf("Predict = %v, want [1 0 0] (an empty document gets the larger prior)", got)
	}
	if m.Accuracy(mailX, mailY) != 1 {
		t.Errorf("training accuracy %v, want 1", m.Accuracy(mailX, mailY))
	}
}

// TestTopFeatures: with two classes the ratio is against the other class.
// For spam: free and money log((4/11)/(2/14)) = log(28/11) = 0.934309,
// lunch log((2/11)/(5/14)) = log(28/55) = −0.675129, meeting
// log((1/11)/(5/14)) = log(14/55) = −1.368276. For ham the signs flip.
func TestTopFeatures(t *testing.T) {
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, words, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		class, n int
		names    []string
		ratios   []float64
	}{
		{1, 2, []string{"free", "money"}, []float64{0.934309, 0.934309}},
		{0, 3, []string{"meeting", "lunch", "free"}, []float64{1.368276, 0.675129, -0.934309}},
		{1, 10, []string{"free", "money", "lunch", "meeting"}, []float64{0.934309, 0.934309, -0.675129, -1.368276}},
		{0, 0, nil, nil},
	} {
		top, err := m.TopFeatures(c.class, c.n)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != len(c.names) {
			t.Fatalf("class %d: got %d features, want %d", c.class, len(top), len(c.names))
		}
		for i, f := range top {
			if f.Name != c.names[i] || words[f.Index] != f.Name || math.Abs(f.LogRatio-c.ratios[i]) > tol {
				t.Errorf("class %d, %d: %+v, want %s %v", c.class, i, f, c.names[i], c.ratios[i])
			}
		}
	}
	for _, c := range []struct{ class, n int }{{2, 1}, {-1, 1}, {0, -1}} {
		if _, err := m.TopFeatures(c.class, c.n); err == nil {
			t.Errorf("TopFeatures(%d, %d) gave no error", c.class, c.n)
		}
	}
	one, err := bayes.FitMultinomial(context.Background(), [][]float64{{1, 2}}, []int{0}, nil, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := one.TopFeatures(0, 1); err == nil {
		t.Error("TopFeatures with one class gave no error")
	}
}

// TestTopFeaturesThreeClasses checks the pooled "other classes" on three
// classes of one word each plus a shared word: word j is in class j only,
// word 3 everywhere equally, so each class's top word is its own and the
// shared word has ratio log((1+1)/(2+4)) − log((2+1)/(4+4)) = log(8/9).
func TestTopFeaturesThreeClasses(t *testing.T) {
	X := [][]float64{{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}}
	m, err := bayes.FitMultinomial(context.Background(), X, []int{0, 1, 2}, nil, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 3 {
		top, err := m.TopFeatures(c, 4)
		if err != nil {
			t.Fatal(err)
		}
		if top[0].Index != c || top[0].Name != "" {
			t.Errorf("class %d: top feature %+v", c, top[0])
		}
		// Own word: θ = (1+1)/(2+4) = 1/3; elsewhere (0+1)/(4+4) = 1/8.
		if math.Abs(top[0].LogRatio-math.Log((1.0/3)/(1.0/8))) > 1e-12 {
			t.Errorf("class %d: own word ratio %v", c, top[0].LogRatio)
		}
		if top[1].Index != 3 || math.Abs(top[1].LogRatio-math.Log(8.0/9)) > 1e-12 {
			t.Errorf("class %d: second feature %+v, want the shared word with log(8/9)", c, top[1])
		}
	}
}

// TestLogSpaceLongDocument: a document of 2,000 words has a likelihood far
// below the smallest float64 (each word's θ is at most 1/2); in log space
// the posterior is still exact.
func TestLogSpaceLongDocument(t *testing.T) {
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, words, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	p := m.Probabilities([][]float64{{1000, 0, 0, 1000}})[0]
	// log ratio spam/ham = log(2/3) + 1000·log((4/11)/(2/14)) + 1000·log((2/11)/(5/14)) = 259.2: spam is certain.
	if p[1] != 1 || p[0] < 0 || math.IsNaN(p[0]) {
		t.Errorf("posteriors %v, want spam with probability 1", p)
	}
}

func TestValidation(t *testing.T) {
	nan := math.NaN()
	ok := [][]float64{{1, 2}, {3, 4}}
	for _, c := range []struct {
		name        string
		X           [][]float64
		y           []int
		classes     int
		smoothing   float64
		features    []string
		want        string
		gaussianErr bool // the same data is also wrong for FitGaussian
	}{
		{"no rows", nil, nil, 0, 0, nil, "no rows", true},
		{"mismatch", ok, []int{0}, 0, 0, nil, "2 rows but 1 labels", true},
		{"empty rows", [][]float64{{}}, []int{0}, 0, 0, nil, "no values", true},
		{"ragged", [][]float64{{1, 2}, {3}}, []int{0, 1}, 0, 0, nil, "row 1 has 1 values, want 2", true},
		{"NaN", [][]float64{{1, nan}}, []int{0}, 0, 0, nil, "row 0, column 1 is NaN", true},
		{"Inf", [][]float64{{math.Inf(1), 0}}, []int{0}, 0, 0, nil, "is +Inf", true},
		{"negative count", [][]float64{{1, -1}}, []int{0}, 0, 0, nil, "cannot be negative", false},
		{"negative label", ok, []int{0, -1}, 0, 0, nil, "label -1", true},
		{"label above classes", ok, []int{0, 2}, 2, 0, nil, "label 2, want 0..1", true},
		{"huge label", ok, []int{0, 1e9}, 0, 0, nil, "at most 1000 classes", true},
		{"negative classes", ok, []int{0, 1}, -1, 0, nil, "classes must be", true},
		{"negative smoothing", ok, []int{0, 1}, 0, -1, nil, "must be a positive number", true},
		{"NaN smoothing", ok, []int{0, 1}, 0, nan, nil, "must be a positive number", true},
		{"feature names", ok, []int{0, 1}, 0, 0, []string{"a"}, "1 feature names for 2 columns", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := bayes.FitMultinomial(context.Background(), c.X, c.y, c.features, bayes.MultinomialConfig{Classes: c.classes, Alpha: c.smoothing})
			if err == nil || !strings.HasPrefix(err.Error(), "bayes: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("FitMultinomial: err = %v, want one starting bayes: and containing %q", err, c.want)
			}
			_, err = bayes.FitGaussian(context.Background(), c.X, c.y, bayes.GaussianConfig{Classes: c.classes, VarSmoothing: c.smoothing})
			if c.gaussianErr && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("FitGaussian: err = %v, want one containing %q", err, c.want)
			}
			if !c.gaussianErr && c.features == nil && err != nil {
				t.Errorf("FitGaussian: err = %v, want none", err)
			}
		})
	}
	if _, err := bayes.FitGaussian(context.Background(), [][]float64{{1e308}, {1.7e308}}, []int{0, 0}, bayes.GaussianConfig{}); err == nil {
		t.Error("FitGaussian accepted values whose sum overflows")
	}
}

func TestBadQueries(t *testing.T) {
	g, err := bayes.FitGaussian(context.Background(), mailX, mailY, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, nil, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range [][][]float64{{{1, 2}}, {{0, 0, 0, math.NaN()}}, {{0, 0, 0, 0}, {math.Inf(1), 0, 0, 0}}} {
		if g.Probabilities(q) != nil || g.Predict(q) != nil || m.Probabilities(q) != nil || m.Predict(q) != nil {
			t.Errorf("query %v was answered", q)
		}
	}
	if m.Probabilities([][]float64{{0, -1, 0, 0}}) != nil {
		t.Error("a negative count was answered")
	}
	if !math.IsNaN(g.Accuracy(mailX, mailY[:1])) || !math.IsNaN(m.Accuracy(nil, nil)) {
		t.Error("Accuracy of unusable input is not NaN")
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := bayes.FitGaussian(ctx, mailX, mailY, bayes.GaussianConfig{}); !errors.Is(err, context.Canceled) {
		t.Errorf("FitGaussian: err = %v, want context.Canceled", err)
	}
	if _, err := bayes.FitMultinomial(ctx, mailX, mailY, nil, bayes.MultinomialConfig{}); !errors.Is(err, context.Canceled) {
		t.Errorf("FitMultinomial: err = %v, want context.Canceled", err)
	}
}

// TestDeterministic: fitting twice gives byte-identical saved models.
func TestDeterministic(t *testing.T) {
	data := datasets.Blobs(300, 0.2, rand.New(rand.NewPCG(3, 0)))
	save := func() (string, string) {
		g, err := bayes.FitGaussian(context.Background(), data.X, data.Y, bayes.GaussianConfig{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, words, bayes.MultinomialConfig{Alpha: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := g.Save(&a); err != nil {
			t.Fatal(err)
		}
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		return a.String(), b.String()
	}
	g1, m1 := save()
	g2, m2 := save()
	if g1 != g2 || m1 != m2 {
		t.Error("two fits on the same data saved differently")
	}
}

func TestGaussianSaveLoad(t *testing.T) {
	data := datasets.Blobs(300, 0.2, rand.New(rand.NewPCG(4, 0)))
	g, err := bayes.FitGaussian(context.Background(), data.X, data.Y, bayes.GaussianConfig{Classes: 3, VarSmoothing: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := bayes.LoadGaussian(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Config() != g.Config() || !reflect.DeepEqual(back.Probabilities(data.X), g.Probabilities(data.X)) {
		t.Error("the loaded classifier differs")
	}
	newer := strings.Replace(saved, `"version":1`, `"version":2`, 1)
	if _, err := bayes.LoadGaussian(strings.NewReader(newer)); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading version 2: err = %v, want models.ErrVersion", err)
	}
	for name, data := range map[string]string{
		"negative variance": strings.Replace(saved, `"variances":[[`, `"variances":[[-`, 1),
		"counts":            strings.Replace(saved, `"counts":[`, `"counts":[5,`, 1),
		"floor":             strings.Replace(saved, `"variance_floor":`, `"variance_floor":-`, 1),
		"multinomial":       strings.Replace(saved, `"kind":"gaussian_nb"`, `"kind":"multinomial_nb"`, 1),
	} {
		if _, err := bayes.LoadGaussian(strings.NewReader(data)); err == nil || !strings.HasPrefix(err.Error(), "bayes: ") {
			t.Errorf("%s: err = %v, want a bayes error", name, err)
		}
	}
}

func TestMultinomialSaveLoad(t *testing.T) {
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, words, bayes.MultinomialConfig{Classes: 3, Alpha: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := bayes.LoadMultinomial(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Config() != m.Config() || !reflect.DeepEqual(back.FeatureNames(), words) || !reflect.DeepEqual(back.Probabilities(mailX), m.Probabilities(mailX)) {
		t.Error("the loaded classifier differs")
	}
	a, _ := m.TopFeatures(1, 4)
	b, _ := back.TopFeatures(1, 4)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("top features %v, then %v", a, b)
	}
	newer := strings.Replace(saved, `"version":1`, `"version":2`, 1)
	if _, err := bayes.LoadMultinomial(strings.NewReader(newer)); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading version 2: err = %v, want models.ErrVersion", err)
	}
	for name, data := range map[string]string{
		"negative count": strings.Replace(saved, `"counts":[[`, `"counts":[[-`, 1),
		"alpha":          strings.Replace(saved, `"alpha":0.25`, `"alpha":0`, 1),
		"features":       strings.Replace(saved, `"features":["free",`, `"features":[`, 1),
		"classes":        strings.Replace(saved, `"classes":3`, `"classes":2`, 1),
	} {
		if _, err := bayes.LoadMultinomial(strings.NewReader(data)); err == nil || !strings.HasPrefix(err.Error(), "bayes: ") {
			t.Errorf("%s: err = %v, want a bayes error", name, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	g, err := bayes.FitGaussian(context.Background(), mailX, mailY, bayes.GaussianConfig{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 classes × (4 means + 4 variances + 1 prior).
	if d := g.Describe(); d.Kind != "gaussian_nb" || d.Parameters != 18 || d.Settings["classes"] != 2 || d.Settings["var_smoothing"] != 1e-9 {
		t.Errorf("Gaussian.Describe() = %+v", d)
	}
	m, err := bayes.FitMultinomial(context.Background(), mailX, mailY, nil, bayes.MultinomialConfig{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 classes × (4 word probabilities + 1 prior).
	if d := m.Describe(); d.Kind != "multinomial_nb" || d.Parameters != 10 || d.Settings["alpha"] != 1.0 || d.Settings["vocabulary"] != 4 {
		t.Errorf("Multinomial.Describe() = %+v", d)
	}
}

package knn_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/knn"
)

// six is a hand-made table of six points around the query (0, 0), class A
// = 0 and B = 1, with the distances from (0, 0):
//
//	row  point     class  Euclidean      Manhattan
//	0    (1, 0)    A      1              1
//	1    (0, 1.5)  A      1.5            1.5
//	2    (1, 1)    B      √2 ≈ 1.414     2
//	3    (−1, −1)  B      √2 ≈ 1.414     2
//	4    (0, −2)   A      2              2
//	5    (3, 3)    B      √18 ≈ 4.243    6
var (
	sixX = [][]float64{{1, 0}, {0, 1.5}, {1, 1}, {-1, -1}, {0, -2}, {3, 3}}
	sixY = []int{0, 0, 1, 1, 0, 1}
)

func TestHandComputed(t *testing.T) {
	origin := []float64{0, 0}
	r2 := math.Sqrt2
	for _, c := range []struct {
		name      string
		cfg       knn.Config
		query     []float64
		neighbors []int // row indices, nearest first
		probs     []float64
		class     int
	}{
		// Euclidean, k=3: rows 0 (A, 1), 2 and 3 (B, √2 each). B has 2 of 3.
		{"euclidean k3", knn.Config{K: 3}, origin, []int{0, 2, 3}, []float64{1.0 / 3, 2.0 / 3}, 1},
		// Manhattan, k=3: rows 0 (A, 1), 1 (A, 1.5), then rows 2, 3 and 4
		// all at 2: the distance tie goes to the earliest stored, row 2 (B).
		// A has 2 of 3.
		{"manhattan k3 distance tie", knn.Config{K: 3, Distance: knn.Manhattan}, origin, []int{0, 1, 2}, []float64{2.0 / 3, 1.0 / 3}, 0},
		// Euclidean, k=4: rows 0 (A), 2 (B), 3 (B), 1 (A): 2 votes each.
		// The tie goes to the class of the nearest of them, row 0: A.
		{"euclidean k4 vote tie", knn.Config{K: 4}, origin, []int{0, 2, 3, 1}, []float64{0.5, 0.5}, 0},
		// Euclidean, k=3, weighted by 1/d: A gets 1/1 = 1, B gets
		// 1/√2 + 1/√2 = √2; shares 1/(1+√2) ≈ 0.414 and √2/(1+√2) ≈ 0.586.
		{"euclidean k3 weighted", knn.Config{K: 3, Weighting: knn.InverseDistance}, origin, []int{0, 2, 3}, []float64{1 / (1 + r2), r2 / (1 + r2)}, 1},
		// Manhattan, k=3, weighted: A gets 1/1 + 1/1.5 = 5/3, B gets 1/2;
		// total 13/6, shares 10/13 ≈ 0.769 and 3/13 ≈ 0.231.
		{"manhattan k3 weighted", knn.Config{K: 3, Distance: knn.Manhattan, Weighting: knn.InverseDistance}, origin, []int{0, 1, 2}, []float64{10.0 / 13, 3.0 / 13}, 0},
		// Weighted, query on row 5 itself: only the neighbour at distance
		// 0 votes, although rows 2 (B) and 4 (A) are next.
		{"weighted zero distance", knn.Config{K: 3, Weighting: knn.InverseDistance}, []float64{3, 3}, []int{5, 2, 1}, []float64{0, 1}, 1},
		// k=10 is more than the 6 rows: all vote, 3 to 3, and the nearest
		// (row 0, A) breaks the tie.
		{"k above rows", knn.Config{K: 10}, origin, []int{0, 2, 3, 1, 4, 5}, []float64{0.5, 0.5}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := knn.Fit(sixX, sixY, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			nb, err := m.Neighbors(c.query)
			if err != nil {
				t.Fatal(err)
			}
			if len(nb) != len(c.neighbors) {
				t.Fatalf("got %d neighbours, want %d", len(nb), len(c.neighbors))
			}
			for i, n := range nb {
				if n.Index != c.neighbors[i] || n.Label != sixY[n.Index] {
					t.Errorf("neighbour %d = %+v, want row %d", i, n, c.neighbors[i])
				}
				if want := dist(c.cfg.Distance, sixX[n.Index], c.query); math.Abs(n.Distance-want) > 1e-12 {
					t.Errorf("neighbour %d distance %v, want %v", i, n.Distance, want)
				}
			}
			p := m.Probabilities([][]float64{c.query})
			for k, want := range c.probs {
				if math.Abs(p[0][k]-want) > 1e-12 {
					t.Errorf("P(class %d) = %v, want %v", k, p[0][k], want)
				}
			}
			if got := m.Predict([][]float64{c.query})[0]; got != c.class {
				t.Errorf("predicted class %d, want %d", got, c.class)
			}
		})
	}
}

// dist is the distance written the plain way, as the reference.
func dist(d knn.Distance, a, b []float64) float64 {
	var s float64
	for j := range a {
		if d == knn.Manhattan {
			s += math.Abs(a[j] - b[j])
		} else {
			s += (a[j] - b[j]) * (a[j] - b[j])
		}
	}
	if d == knn.Manhattan {
		return s
	}
	return math.Sqrt(s)
}

// TestMatchesSortedReference checks the neighbour search against sorting
// every row by (distance, index), on random data with many exact ties (the
// coordinates are small integers).
func TestMatchesSortedReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 0))
	X := make([][]float64, 200)
	y := make([]int, len(X))
	for i := range X {
		X[i] = []float64{float64(rng.IntN(7)), float64(rng.IntN(7)), float64(rng.IntN(3))}
		y[i] = rng.IntN(3)
	}
	for _, d := range []knn.Distance{knn.Euclidean, knn.Manhattan} {
		for _, k := range []int{1, 4, 7, 25} {
			m, err := knn.Fit(X, y, knn.Config{K: k, Distance: d})
			if err != nil {
				t.Fatal(err)
			}
			for range 50 {
				q := []float64{float64(rng.IntN(9)) - 1, float64(rng.IntN(9)) - 1, float64(rng.IntN(4))}
				order := make([]int, len(X))
				for i := range order {
					order[i] = i
				}
				// Insertion sort by (distance, index): slow, plainly right.
				for i := 1; i < len(order); i++ {
					for j := i; j > 0 && dist(d, X[order[j]], q) < dist(d, X[order[j-1]], q); j-- {
						order[j], order[j-1] = order[j-1], order[j]
					}
				}
				nb, err := m.Neighbors(q)
				if err != nil {
					t.Fatal(err)
				}
				for i, n := range nb {
					if n.Index != order[i] {
						t.Fatalf("%v k=%d query %v: neighbour %d is row %d, want %d", d, k, q, i, n.Index, order[i])
					}
				}
			}
		}
	}
}

// moons returns the 70/30 split of 1,000 points of two moons with noise 0.1
// that the issue sets as the learning target.
func moons(seed uint64) (xTrain [][]float64, yTrain []int, xTest [][]float64, yTest []int) {
	rng := rand.New(rand.NewPCG(seed, 0))
	train, test, err := datasets.Moons(1000, 0.1, rng).Split(0.3, rng)
	if err != nil {
		panic(err)
	}
	return train.X, train.Y, test.X, test.Y
}

func TestMoonsAccuracy(t *testing.T) {
	xTrain, yTrain, xTest, yTest := moons(1)
	for _, cfg := range []knn.Config{
		{},
		{Distance: knn.Manhattan},
		{K: 15, Weighting: knn.InverseDistance},
	} {
		m, err := knn.Fit(xTrain, yTrain, cfg)
		if err != nil {
			t.Fatal(err)
		}
		// 95% on the held-out 30% is the target.
		if acc := m.Accuracy(xTest, yTest); acc < 0.95 {
			t.Errorf("%+v: test accuracy %.3f, want at least 0.95", cfg, acc)
		}
	}
}

func TestProbabilitiesSumToOneAndAgreeWithPredict(t *testing.T) {
	xTrain, yTrain, xTest, _ := moons(2)
	for _, w := range []knn.Weighting{knn.Uniform, knn.InverseDistance} {
		m, err := knn.Fit(xTrain, yTrain, knn.Config{K: 7, Weighting: w})
		if err != nil {
			t.Fatal(err)
		}
		probs, pred := m.Probabilities(xTest), m.Predict(xTest)
		for i, p := range probs {
			var sum float64
			for _, v := range p {
				sum += v
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("row %d sums to %v", i, sum)
			}
			// k = 7 is odd and there are two classes: no uniform ties, and
			// weighted ties are not exact, so the argmax is the prediction.
			if p[pred[i]] < p[1-pred[i]] {
				t.Fatalf("row %d: predicted %d with probabilities %v", i, pred[i], p)
			}
		}
	}
}

func TestFitCopiesData(t *testing.T) {
	X := [][]float64{{0}, {1}, {2}}
	y := []int{0, 0, 1}
	m, err := knn.Fit(X, y, knn.Config{K: 1})
	if err != nil {
		t.Fatal(err)
	}
	X[2][0], y[2] = -5, 0
	if got := m.Predict([][]float64{{2}}); got[0] != 1 {
		t.Errorf("after changing the caller's data, predicted %d, want 1", got[0])
	}
}

func TestClassesFromConfig(t *testing.T) {
	m, err := knn.Fit(sixX, sixY, knn.Config{K: 3, Classes: 3})
	if err != nil {
		t.Fatal(err)
	}
	p := m.Probabilities([][]float64{{0, 0}})
	if len(p[0]) != 3 || p[0][2] != 0 {
		t.Errorf("probabilities %v, want three with the last 0", p[0])
	}
}

func TestValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name string
		X    [][]float64
		y    []int
		cfg  knn.Config
		want string
	}{
		{"no rows", nil, nil, knn.Config{}, "no rows"},
		{"length mismatch", [][]float64{{1}, {2}}, []int{0}, knn.Config{}, "2 rows but 1 labels"},
		{"empty rows", [][]float64{{}, {}}, []int{0, 1}, knn.Config{}, "no values"},
		{"ragged", [][]float64{{1, 2}, {3}}, []int{0, 1}, knn.Config{}, "row 1 has 1 values, want 2"},
		{"NaN", [][]float64{{1, 2}, {3, nan}}, []int{0, 1}, knn.Config{}, "row 1, column 1 is NaN"},
		{"Inf", [][]float64{{inf, 2}}, []int{0}, knn.Config{}, "row 0, column 0 is +Inf"},
		{"negative label", [][]float64{{1}}, []int{-1}, knn.Config{}, "label -1"},
		{"label above classes", [][]float64{{1}, {2}}, []int{0, 2}, knn.Config{Classes: 2}, "label 2, want 0..1"},
		{"huge label", [][]float64{{1}}, []int{1e9}, knn.Config{}, "at most 1000 classes"},
		{"negative k", [][]float64{{1}}, []int{0}, knn.Config{K: -1}, "k must be from 1"},
		{"k too large", [][]float64{{1}}, []int{0}, knn.Config{K: knn.MaxK + 1}, "k must be from 1"},
		{"bad distance", [][]float64{{1}}, []int{0}, knn.Config{Distance: 7}, "unknown distance"},
		{"bad weighting", [][]float64{{1}}, []int{0}, knn.Config{Weighting: 7}, "unknown weighting"},
		{"negative classes", [][]float64{{1}}, []int{0}, knn.Config{Classes: -2}, "classes must be"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := knn.Fit(c.X, c.y, c.cfg)
			if err == nil || !strings.HasPrefix(err.Error(), "knn: ") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one starting knn: and containing %q", err, c.want)
			}
		})
	}
}

func TestBadQueries(t *testing.T) {
	m, err := knn.Fit(sixX, sixY, knn.Config{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range [][][]float64{{{1}}, {{0, 0}, {1, 2, 3}}, {{math.NaN(), 0}}, {{0, math.Inf(-1)}}} {
		if p := m.Probabilities(q); p != nil {
			t.Errorf("Probabilities(%v) = %v, want nil", q, p)
		}
		if p := m.Predict(q); p != nil {
			t.Errorf("Predict(%v) = %v, want nil", q, p)
		}
		if _, err := m.Neighbors(q[len(q)-1]); err == nil {
			t.Errorf("Neighbors(%v) gave no error", q[len(q)-1])
		}
	}
	if acc := m.Accuracy(sixX, sixY[:2]); !math.IsNaN(acc) {
		t.Errorf("Accuracy with mismatched lengths = %v, want NaN", acc)
	}
	if p := m.Probabilities(nil); p == nil || len(p) != 0 {
		t.Errorf("Probabilities(nil) = %v, want an empty result", p)
	}
}

func TestCancellation(t *testing.T) {
	xTrain, yTrain, xTest, _ := moons(3)
	m, err := knn.Fit(xTrain, yTrain, knn.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.ProbabilitiesContext(ctx, xTest); !errors.Is(err, context.Canceled) {
		t.Errorf("ProbabilitiesContext: err = %v, want context.Canceled", err)
	}
	if _, err := m.PredictContext(ctx, xTest); !errors.Is(err, context.Canceled) {
		t.Errorf("PredictContext: err = %v, want context.Canceled", err)
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	xTrain, yTrain, xTest, _ := moons(4)
	cfg := knn.Config{K: 6, Distance: knn.Manhattan, Weighting: knn.InverseDistance}
	a, err := knn.Fit(xTrain, yTrain, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := knn.Fit(xTrain, yTrain, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := a.Probabilities(xTest)
	// Several goroutines share one classifier: answers must not change
	// (run with -race to check there is no shared state).
	var wg sync.WaitGroup
	results := make([][][]float64, 4)
	for g := range results {
		wg.Go(func() {
			results[g] = b.Probabilities(xTest)
		})
	}
	wg.Wait()
	for _, got := range results {
		for i := range want {
			for k := range want[i] {
				if got[i][k] != want[i][k] {
					t.Fatalf("row %d class %d: %v then %v", i, k, want[i][k], got[i][k])
				}
			}
		}
	}
}

func TestSaveLoad(t *testing.T) {
	xTrain, yTrain, xTest, _ := moons(5)
	m, err := knn.Fit(xTrain, yTrain, knn.Config{K: 9, Distance: knn.Manhattan, Weighting: knn.InverseDistance})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := knn.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Config() != m.Config() || back.Len() != m.Len() {
		t.Errorf("loaded %+v with %d rows, saved %+v with %d", back.Config(), back.Len(), m.Config(), m.Len())
	}
	want, got := m.Probabilities(xTest), back.Probabilities(xTest)
	for i := range want {
		for k := range want[i] {
			if got[i][k] != want[i][k] {
				t.Fatalf("row %d class %d: %v before saving, %v after", i, k, want[i][k], got[i][k])
			}
		}
	}

	newer := strings.Replace(saved, `"version":1`, `"version":2`, 1)
	if _, err := knn.Load(strings.NewReader(newer)); !errors.Is(err, models.ErrVersion) {
		t.Errorf("loading version 2: err = %v, want models.ErrVersion", err)
	}
	for name, data := range map[string]string{
		"bad label": strings.Replace(saved, `"y":[`, `"y":[7,`, 1),
		"bad k":     strings.Replace(saved, `"k":9`, `"k":-1`, 1),
		"no rows":   `{"format":"aisandbox-model","kind":"knn","version":1,"model":{"config":{"k":1,"distance":"euclidean","weighting":"uniform","classes":2},"x":[],"y":[]}}`,
		"truncated": saved[:len(saved)/2],
	} {
		if _, err := knn.Load(strings.NewReader(data)); err == nil || !strings.HasPrefix(err.Error(), "knn: ") {
			t.Errorf("%s: err = %v, want a knn error", name, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	m, err := knn.Fit(sixX, sixY, knn.Config{Distance: knn.Manhattan})
	if err != nil {
		t.Fatal(err)
	}
	d := m.Describe()
	// 6 rows × 2 values + 6 labels.
	if d.Kind != "knn" || d.Parameters != 18 || d.Settings["k"] != 5 || d.Settings["distance"] != "manhattan" || d.Settings["weighting"] != "uniform" || d.Settings["classes"] != 2 {
		t.Errorf("Describe() = %+v", d)
	}
}

func TestParseNames(t *testing.T) {
	for _, d := range []knn.Distance{knn.Euclidean, knn.Manhattan} {
		if got, err := knn.ParseDistance(strings.ToUpper(d.String())); err != nil || got != d {
			t.Errorf("ParseDistance(%q) = %v, %v", d, got, err)
		}
	}
	for _, w := range []knn.Weighting{knn.Uniform, knn.InverseDistance} {
		if got, err := knn.ParseWeighting(w.String()); err != nil || got != w {
			t.Errorf("ParseWeighting(%q) = %v, %v", w, got, err)
		}
	}
	if _, err := knn.ParseDistance("cosine"); err == nil {
		t.Error("ParseDistance(cosine) gave no error")
	}
	if _, err := knn.ParseWeighting("gaussian"); err == nil {
		t.Error("ParseWeighting(gaussian) gave no error")
	}
}

package datasets

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/aisandbox/aisandbox/models/mlp"
)

// These tests train the sandbox's "logistic" model on the bias tables to
// check that the biases built in are the ones a model actually learns.

// logistic is a fitted softmax regression with the scaler of its
// training table.
type logistic struct {
	net    *mlp.Network
	scaler Scaler
}

// fitLogistic trains the model the sandbox calls "logistic" with its
// defaults: softmax regression (a network without hidden layers) on
// standardized features, Adam with learning rate 0.05, batches of 32 rows,
// 200 epochs (see sandbox/fam_nn.go and trainingSettings).
func fitLogistic(t *testing.T, train *Table, seed uint64) logistic {
	t.Helper()
	s := FitScaler(train)
	z := s.Apply(train)
	rng := rand.New(rand.NewPCG(seed, 1))
	net, err := mlp.New(mlp.Config{Inputs: len(z.Features), Classes: len(z.Classes)}, rng)
	if err != nil {
		t.Fatal(err)
	}
	cfg := mlp.TrainConfig{LearningRate: 0.05, BatchSize: 32}
	if err := mlp.Train(context.Background(), net, z.X, z.Y, 200, cfg, rng, nil); err != nil {
		t.Fatal(err)
	}
	return logistic{net: net, scaler: s}
}

func (m logistic) predict(t *Table) []int { return m.net.Predict(m.scaler.Apply(t).X) }

func accuracy(pred, y []int) float64 {
	right := 0
	for i := range y {
		if pred[i] == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

// The check of the confounder dial: a model trained at dial 100 %
// scores at least 30 points lower on the reversed test set than on the
// normal one, and at dial 0 % the two are within 5 points. It holds both
// for the reversed copy of the same test rows and for freshly drawn test
// sets of 2000 rows (whose accuracies have a standard deviation of about
// 1 point each).
func TestShortcutDialMovesTheGap(t *testing.T) {
	g, _ := Builtin("shortcut")
	for _, dial := range []float64{1, 0} {
		gen := func(n int, reversed bool, seed uint64) *Table {
			tab, err := g.GenerateShortcut(n, g.DefaultNoise, dial, reversed, seed)
			if err != nil {
				t.Fatal(err)
			}
			return tab
		}
		train, test, err := gen(1000, false, 21).Split(0.3, rand.New(rand.NewPCG(21, 0)))
		if err != nil {
			t.Fatal(err)
		}
		_, revTest, err := gen(1000, true, 21).Split(0.3, rand.New(rand.NewPCG(21, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(test.Y, revTest.Y) {
			t.Fatal("the same split of the reversed table chose other rows")
		}
		m := fitLogistic(t, train, 3)
		fresh, freshRev := gen(2000, false, 22), gen(2000, true, 23)
		pairs := []struct {
			name          string
			normal, rev   *Table
			normAcc, rAcc float64
		}{
			{name: "same rows", normal: test, rev: revTest},
			{name: "fresh sets", normal: fresh, rev: freshRev},
		}
		for _, p := range pairs {
			a, r := accuracy(m.predict(p.normal), p.normal.Y), accuracy(m.predict(p.rev), p.rev.Y)
			t.Logf("dial %g, %s: accuracy %.3f normal, %.3f reversed", dial, p.name, a, r)
			if dial == 1 && a-r < 0.30 {
				t.Errorf("dial 1, %s: accuracy %.3f normal and %.3f reversed; want a gap of at least 0.30", p.name, a, r)
			}
			if dial == 0 && math.Abs(a-r) > 0.05 {
				t.Errorf("dial 0, %s: accuracy %.3f normal and %.3f reversed; want them within 0.05", p.name, a, r)
			}
		}
	}
}

// selectionRates returns the share of rows predicted 1 in each group of a.
func selectionRates(pred []int, a *Attribute) []float64 {
	sel, n := make([]float64, len(a.Values)), make([]float64, len(a.Values))
	for i, g := range a.Of {
		n[g]++
		sel[g] += float64(pred[i])
	}
	for k := range sel {
		sel[k] /= n[k]
	}
	return sel
}

// A model that never sees home still selects fewer village applicants,
// through the commute; leaving the commute out too takes the gap away,
// since skill is spread alike in both groups. Rates are measured on all
// 5000 rows: without the proxy the two rates differ by chance with a
// standard deviation of about 0.015, so 0.06 is 4 of them.
func TestHiringProxyCarriesThePenalty(t *testing.T) {
	g, _ := Builtin("hiring")
	tab, err := g.Generate(g.MaxN, g.DefaultNoise, 31)
	if err != nil {
		t.Fatal(err)
	}
	home, _ := tab.Attribute("home")
	sel := selectionRates(fitLogistic(t, tab, 1).predict(tab), home)
	if sel[0]-sel[1] < 0.10 {
		t.Errorf("without home: selected %.3f of city and %.3f of village applicants; want the commute to carry the penalty", sel[0], sel[1])
	}
	noProxy, err := tab.WithoutFeatures("commute")
	if err != nil {
		t.Fatal(err)
	}
	sel2 := selectionRates(fitLogistic(t, noProxy, 1).predict(noProxy), home)
	if math.Abs(sel2[0]-sel2[1]) > 0.06 {
		t.Errorf("without home and commute: selected %.3f of city and %.3f of village applicants; want them about equal", sel2[0], sel2[1])
	}
	t.Logf("selection rates city/village: with commute %.3f/%.3f, without %.3f/%.3f", sel[0], sel[1], sel2[0], sel2[1])
}

// falseNegativeRates returns, for each group of a, the share of rows of
// class 1 predicted 0.
func falseNegativeRates(pred, y []int, a *Attribute) []float64 {
	fn, pos := make([]float64, len(a.Values)), make([]float64, len(a.Values))
	for i, g := range a.Of {
		if y[i] == 1 {
			pos[g]++
			if pred[i] == 0 {
				fn[g]++
			}
		}
	}
	for k := range fn {
		fn[k] /= pos[k]
	}
	return fn
}

// A model fitted without the sex misses the condition far more often in
// women; given the sex as a feature, it can set the women's threshold
// lower and misses far fewer. Scored on a separate test set.
func TestScreeningModelFailsWomen(t *testing.T) {
	g, _ := Builtin("screening")
	tab, err := g.Generate(g.MaxN, g.DefaultNoise, 41)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := tab.Split(0.3, rand.New(rand.NewPCG(41, 0)))
	if err != nil {
		t.Fatal(err)
	}
	sex, _ := test.Attribute("sex")
	fnr := falseNegativeRates(fitLogistic(t, train, 2).predict(test), test.Y, sex)
	if fnr[0]-fnr[1] < 0.25 {
		t.Errorf("without sex: missed %.3f of women and %.3f of men with the condition; want a clear gap", fnr[0], fnr[1])
	}
	withTrain, err := train.WithAttribute("sex")
	if err != nil {
		t.Fatal(err)
	}
	withTest, err := test.WithAttribute("sex")
	if err != nil {
		t.Fatal(err)
	}
	fnr2 := falseNegativeRates(fitLogistic(t, withTrain, 2).predict(withTest), withTest.Y, sex)
	if fnr[0]-fnr2[0] < 0.15 {
		t.Errorf("with sex as a feature, women's missed share went from %.3f to %.3f; want it much lower", fnr[0], fnr2[0])
	}
	t.Logf("missed women/men: without sex %.3f/%.3f, with it %.3f/%.3f", fnr[0], fnr[1], fnr2[0], fnr2[1])
}

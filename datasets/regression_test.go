package datasets_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
)

func TestRegressionSetsFollowTheirFormula(t *testing.T) {
	for _, g := range datasets.Regressions() {
		t.Run(g.Name, func(t *testing.T) {
			f, ok := datasets.Formula(g.Name)
			if !ok {
				t.Fatal("no formula")
			}
			tab, err := g.Generate(500, 0, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !tab.IsRegression() || tab.Len() != 500 || len(tab.Features) != 1 {
				t.Fatalf("table: regression %v, %d rows, features %v", tab.IsRegression(), tab.Len(), tab.Features)
			}
			for i, x := range tab.X {
				if d := math.Abs(tab.Targets[i] - f(x[0])); d > 1e-12 {
					t.Fatalf("row %d: y = %v, formula gives %v", i, tab.Targets[i], f(x[0]))
				}
			}
			// With noise, the residuals' spread is the noise level.
			noisy, err := g.Generate(4000, 0.2, 3)
			if err != nil {
				t.Fatal(err)
			}
			var ss float64
			for i, x := range noisy.X {
				r := noisy.Targets[i] - f(x[0])
				ss += r * r
			}
			if sd := math.Sqrt(ss / 4000); math.Abs(sd-0.2) > 0.01 {
				t.Errorf("residual spread %.3f, want 0.2", sd)
			}
			if miss := g.Card.Title.Missing(); len(miss) > 0 {
				t.Errorf("title missing in %v", miss)
			}
			if len(g.Card.Purpose.Missing())+len(g.Card.Source.Missing())+len(g.Card.NotFor.Missing()) > 0 {
				t.Error("card incomplete")
			}
		})
	}
}

func TestRegressionSplitIsRandomAndComplete(t *testing.T) {
	g, _ := datasets.Regression("sine")
	tab, err := g.Generate(100, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := tab.Split(0.3, rand.New(rand.NewPCG(5, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 70 || test.Len() != 30 || len(test.Targets) != 30 || test.Y != nil {
		t.Fatalf("split %d/%d, %d test targets, labels %v", train.Len(), test.Len(), len(test.Targets), test.Y)
	}
	if err := test.Validate(); err != nil {
		t.Fatal(err)
	}
}

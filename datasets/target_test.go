package datasets_test

import (
	"math"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
)

// TestRegressionTargetsAreTitled checks that every regression set, the
// curves and the physics sets, says what it predicts in every language,
// and that its tables show that title.
func TestRegressionTargetsAreTitled(t *testing.T) {
	var gs []datasets.Generator
	gs = append(gs, datasets.Regressions()...)
	for _, g := range datasets.Sciences() {
		tab, err := g.Generate(10, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tab.IsRegression() {
			gs = append(gs, g)
		} else if g.Card.Target != (i18n.Text{}) {
			t.Errorf("%s classifies, yet its card has a target %v", g.Name, g.Card.Target)
		}
	}
	if len(gs) != 5 {
		t.Fatalf("%d regression sets, want sine, cubic, projectile, pendulum and falling", len(gs))
	}
	for _, g := range gs {
		if miss := g.Card.Target.Missing(); len(miss) > 0 {
			t.Errorf("%s: target title missing in %v", g.Name, miss)
		}
		tab, err := g.Generate(10, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tab.TargetTitle() != g.Card.Target {
			t.Errorf("%s: the table shows its target as %v, want the card's %v", g.Name, tab.TargetTitle(), g.Card.Target)
		}
	}
}

func TestTargetTitleFallsBackToTheName(t *testing.T) {
	tab := &datasets.Table{Name: "mine", Features: []string{"x"}, TargetName: "price (₸)"}
	if got, want := tab.TargetTitle(), (i18n.Text{KK: "price (₸)", RU: "price (₸)", EN: "price (₸)"}); got != want {
		t.Errorf("TargetTitle() = %v, want %v", got, want)
	}
}

// TestPendulumFormula checks that Formula gives the pendulum's period:
// T = 2π·√(L/g), so a 1 m pendulum swings in 2π/√9.81 ≈ 2.006 s and a
// 4 m one in twice that.
func TestPendulumFormula(t *testing.T) {
	f, ok := datasets.Formula("pendulum")
	if !ok {
		t.Fatal("no formula for pendulum")
	}
	for _, c := range []struct{ l, want float64 }{
		{1, 2 * math.Pi / math.Sqrt(9.81)},
		{4, 4 * math.Pi / math.Sqrt(9.81)},
		{0, 0},
	} {
		if got := f(c.l); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("period of %g m = %v, want %v", c.l, got, c.want)
		}
	}
	g, _ := datasets.Science("pendulum")
	tab, err := g.Generate(50, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range tab.X {
		if math.Abs(tab.Targets[i]-f(x[0])) > 1e-12 {
			t.Fatalf("row %d: period %v, formula %v", i, tab.Targets[i], f(x[0]))
		}
	}
	for _, name := range []string{"projectile", "falling", "penguins", "moons"} {
		if _, ok := datasets.Formula(name); ok {
			t.Errorf("Formula(%q) has a one-feature formula", name)
		}
	}
}

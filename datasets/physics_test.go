package datasets

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestSciencesOrderAndLookup(t *testing.T) {
	var names []string
	for _, g := range Sciences() {
		names = append(names, g.Name)
		h, ok := Science(g.Name)
		if !ok || h.Name != g.Name {
			t.Errorf("Science(%q) = %q, %v", g.Name, h.Name, ok)
		}
	}
	if want := []string{"projectile", "pendulum", "falling", "penguins", "elements"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Sciences() order %v, want %v", names, want)
	}
	if _, ok := Science("sine"); ok {
		t.Error(`Science("sine") found a dataset`)
	}
	gs := Sciences()
	gs[0].Card.Title.EN = "changed"
	gs[3].Card.Features["body_mass"] = gs[0].Card.Title
	if s := Sciences(); s[0].Card.Title.EN == "changed" || s[3].Card.Features["body_mass"].EN == "changed" {
		t.Error("Sciences shares its entries between calls")
	}
}

func TestScienceCards(t *testing.T) {
	wantSynthetic := map[string]bool{"projectile": true, "pendulum": true, "falling": true, "penguins": true, "elements": false}
	for _, g := range Sciences() {
		t.Run(g.Name, func(t *testing.T) {
			checkCard(t, g.Name, g.Card)
			if g.Card.Synthetic != wantSynthetic[g.Name] {
				t.Errorf("Synthetic = %v", g.Card.Synthetic)
			}
			tab, err := g.Generate(0, g.DefaultNoise, 1)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Name != g.Name || tab.Len() != g.DefaultN {
				t.Errorf("table %q with %d rows, want %q with DefaultN = %d", tab.Name, tab.Len(), g.Name, g.DefaultN)
			}
			if len(g.Card.Features) != len(tab.Features) {
				t.Errorf("card titles %d features, the table has %d", len(g.Card.Features), len(tab.Features))
			}
			for _, f := range tab.Features {
				title, ok := g.Card.Features[f]
				if !ok {
					t.Errorf("feature %q has no title", f)
					continue
				}
				if m := title.Missing(); len(m) > 0 {
					t.Errorf("feature %q has no title in %v", f, m)
				}
				// Every title states its unit or scale in brackets, or is
				// the atomic number, which has none.
				if f != "atomic_number" && !strings.Contains(title.EN, "(") {
					t.Errorf("feature %q: title %q states no unit", f, title.EN)
				}
			}
			if !tab.IsRegression() {
				if len(g.Card.Classes) != len(tab.Classes) {
					t.Errorf("%d class titles for %d classes", len(g.Card.Classes), len(tab.Classes))
				}
				for k, c := range g.Card.Classes {
					if m := c.Missing(); len(m) > 0 {
						t.Errorf("class %q has no title in %v", tab.Classes[k], m)
					}
				}
			}
		})
	}
}

// physicsCase is one physics set with its equation and the box its inputs
// are drawn from.
type physicsCase struct {
	name   string
	f      func(x []float64) float64
	lo, hi []float64
}

func physicsCases() []physicsCase {
	return []physicsCase{
		{"projectile", func(x []float64) float64 { return ProjectileRange(x[0], x[1]) }, []float64{5, 10}, []float64{20, 80}},
		{"pendulum", func(x []float64) float64 { return PendulumPeriod(x[0]) }, []float64{0.1}, []float64{2}},
		{"falling", func(x []float64) float64 { return FallingSpeed(x[0], x[1]) }, []float64{0.05, 0}, []float64{0.5, 5}},
	}
}

func TestSciencePhysicsFollowTheirFormula(t *testing.T) {
	for _, pc := range physicsCases() {
		t.Run(pc.name, func(t *testing.T) {
			g, ok := Science(pc.name)
			if !ok {
				t.Fatal("no such set")
			}
			if g.DefaultNoise != 0.03 || g.MaxNoise != 0.2 || g.MaxN != 5000 {
				t.Errorf("limits: DefaultNoise %g MaxNoise %g MaxN %d", g.DefaultNoise, g.MaxNoise, g.MaxN)
			}
			exact, err := g.Generate(500, 0, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !exact.IsRegression() || exact.Len() != 500 || len(exact.Features) != len(pc.lo) {
				t.Fatalf("regression %v, %d rows, features %v", exact.IsRegression(), exact.Len(), exact.Features)
			}
			sf, ok := ScienceFormula(pc.name)
			if !ok {
				t.Fatal("ScienceFormula has no equation")
			}
			for i, x := range exact.X {
				for j, v := range x {
					if v < pc.lo[j] || v > pc.hi[j] {
						t.Fatalf("row %d: %s = %v outside [%v, %v]", i, exact.Features[j], v, pc.lo[j], pc.hi[j])
					}
				}
				want := pc.f(x)
				if d := math.Abs(exact.Targets[i] - want); d > 1e-9 {
					t.Fatalf("row %d: target %v, equation gives %v", i, exact.Targets[i], want)
				}
				if got := sf(x); got != want {
					t.Fatalf("row %d: ScienceFormula gives %v, the equation %v", i, got, want)
				}
			}

			// With noise, every value is within 3 noise levels of the
			// truth (the error is cut off there), and the relative errors
			// spread like a normal cut off at 3 standard deviations, whose
			// standard deviation is 0.98658 of the uncut one (1 − 6φ(3)/
			// (2Φ(3) − 1) = 0.97334, square-rooted). The standard error of
			// that spread over 4000 rows is about 1/√8000 ≈ 1.1%: 5% is over
			// 4 standard errors.
			const noise, n = 0.1, 4000
			noisy, err := g.Generate(n, noise, 3)
			if err != nil {
				t.Fatal(err)
			}
			var ss float64
			for i, x := range noisy.X {
				want := pc.f(x)
				r := noisy.Targets[i] - want
				if math.Abs(r) > 3*noise*want+1e-12 {
					t.Fatalf("row %d: measured %v, truth %v: more than 3 noise levels off", i, noisy.Targets[i], want)
				}
				if want > 0 {
					ss += (r / want) * (r / want)
				}
			}
			zeros := 0
			for _, x := range noisy.X {
				if pc.f(x) == 0 {
					zeros++
				}
			}
			sd := math.Sqrt(ss / float64(n-zeros))
			if want := noise * 0.98658; math.Abs(sd-want) > 0.05*want {
				t.Errorf("relative error spread %.4f, want %.4f", sd, want)
			}
			// The inputs do not depend on the noise level.
			if !reflect.DeepEqual(noisy.X[:500], exact.X) {
				t.Error("the same seed drew other inputs at another noise level")
			}
		})
	}
}

func TestSciencePhysicsKnownValues(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		// 2π·√(1/9.81) = 2.00607 s: the "seconds pendulum" is about 1 m.
		{"pendulum 1 m", PendulumPeriod(1), 2.00607, 1e-5},
		// Four times the length, twice the period.
		{"pendulum 4 m", PendulumPeriod(4), 2 * 2.00607, 1e-4},
		// 20²·sin 90°/9.81 = 400/9.81 = 40.7747 m.
		{"projectile 20 m/s 45°", ProjectileRange(20, 45), 40.7747, 1e-4},
		// sin 60° = √3/2: 100·0.866025/9.81 = 8.82798 m.
		{"projectile 10 m/s 30°", ProjectileRange(10, 30), 8.82798, 1e-5},
		// Angles adding up to 90° give the same range.
		{"projectile 10 m/s 60°", ProjectileRange(10, 60), ProjectileRange(10, 30), 1e-12},
		{"projectile 0°", ProjectileRange(20, 0), 0, 1e-12},
		// √(2·0.05·9.81/(1.225·0.47·0.01)) = √(0.981/0.0057575) = 13.0532 m/s.
		{"terminal 0.05 kg", TerminalVelocity(0.05), 13.0532, 1e-4},
		// Ten times the mass, √10 times the terminal velocity: 41.2779 m/s.
		{"terminal 0.5 kg", TerminalVelocity(0.5), 41.2779, 1e-4},
		{"terminal 5 kg", TerminalVelocity(5), 130.532, 1e-3},
		// 13.0532·tanh(9.81/13.0532) = 13.0532·0.63606 = 8.30271 m/s,
		// against 9.81 m/s without air.
		{"falling 0.05 kg after 1 s", FallingSpeed(0.05, 1), 8.30271, 1e-4},
		{"falling at t = 0", FallingSpeed(0.3, 0), 0, 0},
		// Early on, drag is negligible: v ≈ g·t.
		{"falling 0.5 kg after 0.01 s", FallingSpeed(0.5, 0.01), 0.0981, 1e-5},
		// Long after, the speed is the terminal velocity.
		{"falling 0.05 kg after 60 s", FallingSpeed(0.05, 60), 13.0532, 1e-4},
	}
	for _, tc := range tests {
		if math.Abs(tc.got-tc.want) > tc.tol {
			t.Errorf("%s: got %.6f, want %.6f", tc.name, tc.got, tc.want)
		}
	}
}

func TestScienceFormula(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		want float64
	}{
		{"projectile", []float64{20, 45}, ProjectileRange(20, 45)},
		{"pendulum", []float64{1}, PendulumPeriod(1)},
		{"falling", []float64{0.05, 1}, FallingSpeed(0.05, 1)},
	}
	for _, tc := range tests {
		f, ok := ScienceFormula(tc.name)
		if !ok {
			t.Fatalf("%s: no formula", tc.name)
		}
		if got := f(tc.x); got != tc.want {
			t.Errorf("%s(%v) = %v, want %v", tc.name, tc.x, got, tc.want)
		}
		if got := f(append(tc.x, 1)); !math.IsNaN(got) {
			t.Errorf("%s with one value too many = %v, want NaN", tc.name, got)
		}
	}
	for _, name := range []string{"penguins", "elements", "sine", ""} {
		if _, ok := ScienceFormula(name); ok {
			t.Errorf("ScienceFormula(%q) found an equation", name)
		}
	}
}

func TestSciencePhysicsSeeded(t *testing.T) {
	for _, pc := range physicsCases() {
		g, _ := Science(pc.name)
		a, err := g.Generate(100, 0.05, 11)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := g.Generate(100, 0.05, 11)
		c, _ := g.Generate(100, 0.05, 12)
		if !reflect.DeepEqual(a.X, b.X) || !reflect.DeepEqual(a.Targets, b.Targets) {
			t.Errorf("%s: the same seed gave different tables", pc.name)
		}
		if reflect.DeepEqual(a.X, c.X) {
			t.Errorf("%s: seeds 11 and 12 gave the same inputs", pc.name)
		}
		// Make itself draws only from the rng it is given.
		d := g.Make(100, 0.05, rand.New(rand.NewPCG(11, 0)))
		if !reflect.DeepEqual(a.Targets, d.Targets) {
			t.Errorf("%s: Make and Generate differ for the same seed", pc.name)
		}
	}
}

func TestSciencePhysicsLimits(t *testing.T) {
	g, _ := Science("projectile")
	tests := []struct {
		n     int
		noise float64
		ok    bool
	}{
		{10, 0, true},
		{5000, 0.2, true},
		{5001, 0.1, false},
		{9, 0.1, false},
		{100, 0.21, false},
		{100, -0.1, false},
		{100, math.NaN(), false},
	}
	for _, tc := range tests {
		tab, err := g.Generate(tc.n, tc.noise, 1)
		if tc.ok && (err != nil || tab.Len() != tc.n) {
			t.Errorf("Generate(%d, %g): %v", tc.n, tc.noise, err)
		}
		if !tc.ok && (err == nil || !strings.HasPrefix(err.Error(), "datasets: projectile: ")) {
			t.Errorf("Generate(%d, %g): error %v, want one naming the package and the set", tc.n, tc.noise, err)
		}
	}
}

package datasets

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

// checkCard fails t for every empty translation in card, and for Kazakh
// text that uses none of the letters Kazakh has and Russian lacks (a sign
// that the Russian text was pasted in its place).
func checkCard(t *testing.T, name string, card Card) {
	t.Helper()
	fields := []struct {
		field string
		text  i18n.Text
	}{
		{"Title", card.Title}, {"Source", card.Source}, {"Purpose", card.Purpose}, {"NotFor", card.NotFor},
	}
	for _, f := range fields {
		if m := f.text.Missing(); len(m) > 0 {
			t.Errorf("%s: card.%s has no text in %v", name, f.field, m)
		}
		if f.field == "Title" {
			continue // a title can be short enough to need no special letter
		}
		if !strings.ContainsAny(f.text.KK, "әғқңөұүһіӘҒҚҢӨҰҮҺІ") {
			t.Errorf("%s: card.%s in Kazakh has no Kazakh letters: %q", name, f.field, f.text.KK)
		}
		if f.text.KK == f.text.RU || f.text.RU == f.text.EN {
			t.Errorf("%s: card.%s repeats one language's text in another", name, f.field)
		}
	}
	for k, c := range card.Classes {
		if m := c.Missing(); len(m) > 0 {
			t.Errorf("%s: class title %d has no text in %v", name, k, m)
		}
	}
	for f, ft := range card.Features {
		if m := ft.Missing(); len(m) > 0 {
			t.Errorf("%s: the title of feature %q has no text in %v", name, f, m)
		}
	}
}

func TestBuiltinsOrderAndLookup(t *testing.T) {
	var names []string
	for _, g := range Builtins() {
		names = append(names, g.Name)
		h, ok := Builtin(g.Name)
		if !ok || h.Name != g.Name {
			t.Errorf("Builtin(%q) = %q, %v", g.Name, h.Name, ok)
		}
	}
	if want := []string{"blobs", "xor", "circles", "moons", "spiral", "hiring", "screening", "shortcut"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Builtins() order %v, want %v", names, want)
	}
	if _, ok := Builtin("iris"); ok {
		t.Error(`Builtin("iris") found a dataset`)
	}
	// Changing what one caller got must not change what the next one gets.
	gs := Builtins()
	gs[0].Card.Title.EN = "changed"
	if Builtins()[0].Card.Title.EN == "changed" {
		t.Error("Builtins shares its entries between calls")
	}
}

func TestBuiltinCards(t *testing.T) {
	for _, g := range Builtins() {
		checkCard(t, g.Name, g.Card)
		if !g.Card.Synthetic {
			t.Errorf("%s: card is not marked synthetic", g.Name)
		}
	}
}

func TestBuiltinsGenerate(t *testing.T) {
	// The default noise levels the cards and the lessons were written for
	// (see the comment on builtins).
	wantDefaultNoise := map[string]float64{"moons": 0.1, "circles": 0.08, "xor": 0.1, "spiral": 0.05, "blobs": 0.2,
		"hiring": 0.25, "screening": 0.15, "shortcut": 0.2}
	// The bias tables have their own shapes, checked in bias_test.go.
	shapes := map[string]bool{"moons": true, "circles": true, "xor": true, "spiral": true, "blobs": true}
	for _, g := range Builtins() {
		t.Run(g.Name, func(t *testing.T) {
			wantMaxN := 5000
			if g.Name == "shortcut" {
				wantMaxN = 10_000 // so that the dial can be checked on 10,000 rows
			}
			if g.DefaultN != 1000 || g.MaxN != wantMaxN || g.MaxNoise != 0.5 || g.DefaultNoise != wantDefaultNoise[g.Name] {
				t.Errorf("limits: DefaultN %d MaxN %d MaxNoise %g DefaultNoise %g", g.DefaultN, g.MaxN, g.MaxNoise, g.DefaultNoise)
			}
			if (g.Make == nil) == (g.Shortcut == nil) {
				t.Errorf("want exactly one of Make and Shortcut")
			}
			tab, err := g.Generate(0, g.DefaultNoise, 1)
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Validate(); err != nil {
				t.Fatal(err)
			}
			if tab.Len() != g.DefaultN {
				t.Errorf("n = 0 gave %d rows, want DefaultN = %d", tab.Len(), g.DefaultN)
			}
			if tab.Name != g.Name {
				t.Errorf("table name %q, want %q", tab.Name, g.Name)
			}
			if !reflect.DeepEqual(tab.Card, g.Card) {
				t.Error("Generate did not set the card")
			}
			if tab.Len() >= 2 && len(tab.Classes) != 2 {
				t.Errorf("%d classes, want 2", len(tab.Classes))
			}
			for _, f := range tab.Features {
				if ft := tab.FeatureTitle(f); len(ft.Missing()) > 0 {
					t.Errorf("feature %q has no title in %v", f, ft.Missing())
				}
			}

			// Seed determinism.
			again, err := g.Generate(0, g.DefaultNoise, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tab.X, again.X) || !reflect.DeepEqual(tab.Y, again.Y) || !reflect.DeepEqual(tab.Attributes, again.Attributes) {
				t.Error("the same seed gave different tables")
			}
			other, err := g.Generate(0, g.DefaultNoise, 2)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.DeepEqual(tab.X, other.X) {
				t.Error("seeds 1 and 2 gave the same points")
			}

			if !shapes[g.Name] {
				// Generate(10, 0, 1) is how the catalog learns a table's
				// columns: it must work for every set.
				if _, err := g.Generate(MinN, 0, 1); err != nil {
					t.Errorf("Generate(MinN, 0, 1): %v", err)
				}
				return // the remaining checks are about the shapes
			}
			if len(tab.Features) != 2 {
				t.Errorf("%d features, want 2", len(tab.Features))
			}

			// Class balance: every set but xor alternates its classes, so
			// they differ by at most one row; xor's labels follow uniform
			// points, 50% each, and 10% of n is over 6 standard deviations
			// (√(n/4) ≈ 16 for n = 1000).
			c := tab.ClassCounts()
			diff := c[0] - c[1]
			if diff < 0 {
				diff = -diff
			}
			allowed := 1
			if g.Name == "xor" {
				allowed = tab.Len() / 10
			}
			if diff > allowed {
				t.Errorf("class counts %v differ by %d, want at most %d", c, diff, allowed)
			}
		})
	}
}

func TestGenerateLimits(t *testing.T) {
	g, ok := Builtin("moons")
	if !ok {
		t.Fatal("no moons")
	}
	tests := []struct {
		n     int
		noise float64
		ok    bool
	}{
		{10, 0, true},
		{5000, 0.5, true},
		{9, 0.1, false},
		{-1, 0.1, false},
		{5001, 0.1, false},
		{100, -0.01, false},
		{100, 0.51, false},
		{100, math.NaN(), false},
		{100, math.Inf(1), false},
	}
	for _, tc := range tests {
		tab, err := g.Generate(tc.n, tc.noise, 7)
		if tc.ok && (err != nil || tab.Len() != tc.n) {
			t.Errorf("Generate(%d, %g): %v", tc.n, tc.noise, err)
		}
		if !tc.ok {
			if err == nil {
				t.Errorf("Generate(%d, %g) succeeded, want an error", tc.n, tc.noise)
			} else if !strings.HasPrefix(err.Error(), "datasets: moons: ") {
				t.Errorf("error %q does not name the package and the dataset", err)
			}
		}
	}
	if _, err := (Generator{Name: "nothing"}).Generate(100, 0, 1); err == nil {
		t.Error("a Generator without Make generated a table")
	}
}

// noiseless returns g's table with n points and no noise.
func noiseless(t *testing.T, name string, n int) *Table {
	t.Helper()
	g, ok := Builtin(name)
	if !ok {
		t.Fatalf("no builtin %q", name)
	}
	tab, err := g.Generate(n, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// The tolerance for points that should lie exactly on a curve: a few
// rounding errors of float64 arithmetic on values near 1.
const onCurve = 1e-12

func TestShapeMoons(t *testing.T) {
	tab := noiseless(t, "moons", 500)
	for i, p := range tab.X {
		cx, cy, upper := 0.0, 0.0, true // class 0: upper arc around (0, 0)
		if tab.Y[i] == 1 {
			cx, cy, upper = 1, 0.5, false // class 1: lower arc around (1, 0.5)
		}
		r := math.Hypot(p[0]-cx, p[1]-cy)
		if math.Abs(r-1) > onCurve || (upper && p[1] < cy-onCurve) || (!upper && p[1] > cy+onCurve) {
			t.Fatalf("point %v of class %d is not on its arc (radius %v)", p, tab.Y[i], r)
		}
	}
}

func TestShapeCircles(t *testing.T) {
	tab := noiseless(t, "circles", 500)
	radius := []float64{1, 0.5} // outer, inner
	for i, p := range tab.X {
		if r := math.Hypot(p[0], p[1]); math.Abs(r-radius[tab.Y[i]]) > onCurve {
			t.Fatalf("point %v of class %q has radius %v, want %v", p, tab.Classes[tab.Y[i]], r, radius[tab.Y[i]])
		}
	}
}

func TestShapeXOR(t *testing.T) {
	tab := noiseless(t, "xor", 500)
	for i, p := range tab.X {
		want := 0 // "same"
		if p[0]*p[1] < 0 {
			want = 1 // "different"
		}
		if tab.Y[i] != want || math.Abs(p[0]) > 1 || math.Abs(p[1]) > 1 || math.Abs(p[0]) <= 0.05 || math.Abs(p[1]) <= 0.05 {
			t.Fatalf("point %v has class %d, want %d inside [-1,1]² and 0.05 from the axes", p, tab.Y[i], want)
		}
	}
}

func TestShapeSpiral(t *testing.T) {
	tab := noiseless(t, "spiral", 500)
	for i, p := range tab.X {
		// On arm c a point at radius r sits at angle 1.75·2π·r + c·π.
		r := math.Hypot(p[0], p[1])
		a := 1.75*2*math.Pi*r + math.Pi*float64(tab.Y[i])
		if r > 1 || math.Abs(p[0]-r*math.Cos(a)) > onCurve || math.Abs(p[1]-r*math.Sin(a)) > onCurve {
			t.Fatalf("point %v of class %d is not on its arm", p, tab.Y[i])
		}
	}
}

func TestShapeBlobs(t *testing.T) {
	tab := noiseless(t, "blobs", 5000)
	var sum [2][2]float64
	var sq [2]float64
	c := tab.ClassCounts()
	centre := []float64{-1, 1}
	for i, p := range tab.X {
		sum[tab.Y[i]][0] += p[0]
		sum[tab.Y[i]][1] += p[1]
		for _, v := range p {
			d := v - centre[tab.Y[i]]
			sq[tab.Y[i]] += d * d
		}
	}
	for k := range 2 {
		for j := range 2 {
			// The mean of 2500 draws with sd 0.4 has sd 0.4/50 = 0.008:
			// 0.05 is over 6 of those.
			if m := sum[k][j] / float64(c[k]); math.Abs(m-centre[k]) > 0.05 {
				t.Errorf("class %d, x%d: mean %v, want about %v", k, j+1, m, centre[k])
			}
		}
		// The spread without noise is 0.4 in each direction.
		if sd := math.Sqrt(sq[k] / float64(2*c[k])); math.Abs(sd-0.4) > 0.02 {
			t.Errorf("class %d: standard deviation %v, want about 0.4", k, sd)
		}
	}
}

// TestDefaultNoiseOverlap checks the figures in the comment on builtins:
// how many points the default noise moves across the rule that made them.
func TestDefaultNoiseOverlap(t *testing.T) {
	tests := []struct {
		name     string
		wrong    func(p []float64, y int) bool
		lo, hi   float64 // expected share of "wrong" points
		whyRange string
	}{
		{
			name: "blobs",
			wrong: func(p []float64, y int) bool {
				return (p[0]+p[1] > 0) != (y == 1)
			},
			// P(Z > √2/0.6) ≈ 0.92%.
			lo: 0.004, hi: 0.015, whyRange: "normal tail beyond 2.36 sd is 0.92%",
		},
		{
			name: "xor",
			wrong: func(p []float64, y int) bool {
				return (p[0]*p[1] < 0) != (y == 1)
			},
			// Per axis 0.1·(φ(0.5) − 0.5·Φ(−0.5))/0.95 ≈ 2.1%; either axis ≈ 4.1%.
			lo: 0.025, hi: 0.06, whyRange: "about 4.1% cross an axis",
		},
		{
			name: "circles",
			wrong: func(p []float64, y int) bool {
				return (math.Hypot(p[0], p[1]) < 0.75) != (y == 1)
			},
			// Crossing the middle radius 0.75 needs 0.25 = 3.1 sd of
			// radial noise: about 0.1%.
			lo: 0, hi: 0.005, whyRange: "the rings barely touch",
		},
	}
	for _, tc := range tests {
		g, _ := Builtin(tc.name)
		tab, err := g.Generate(g.MaxN, g.DefaultNoise, 11)
		if err != nil {
			t.Fatal(err)
		}
		wrong := 0
		for i, p := range tab.X {
			if tc.wrong(p, tab.Y[i]) {
				wrong++
			}
		}
		share := float64(wrong) / float64(tab.Len())
		if share < tc.lo || share > tc.hi {
			t.Errorf("%s: %.2f%% of points cross the rule, want %.1f%%..%.1f%% (%s)", tc.name, 100*share, 100*tc.lo, 100*tc.hi, tc.whyRange)
		}
	}
}

func ExampleGenerator_Generate() {
	g, _ := Builtin("xor")
	t, err := g.Generate(200, g.DefaultNoise, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Name, t.Len(), t.Features, t.Classes)
	fmt.Println(t.Card.Title.In(i18n.KK))

	_, err = g.Generate(20000, 0.1, 42)
	fmt.Println(err)
	// Output:
	// xor 200 [x1 x2] [same different]
	// XOR (қатаң НЕМЕСЕ)
	// datasets: xor: the number of points must be from 10 to 5000, not 20000
}

package datasets

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// penguinCellCounts counts the rows of t by (species, island), in the
// order of penguinCells, and fails t for a bird on an island its species
// does not live on.
func penguinCellCounts(t *testing.T, tab *Table) []int {
	t.Helper()
	island, ok := tab.Attribute("island")
	if !ok {
		t.Fatal("no island attribute")
	}
	counts := make([]int, len(penguinCells))
	for i, s := range tab.Y {
		found := false
		for k, c := range penguinCells {
			if c.species == s && c.island == island.Of[i] {
				counts[k]++
				found = true
			}
		}
		if !found {
			t.Fatalf("row %d: a %s on %s", i, tab.Classes[s], island.Values[island.Of[i]])
		}
	}
	return counts
}

func TestPenguinsMatchPublishedStatistics(t *testing.T) {
	const n = 10000
	tab := Penguins(n, 0, rand.New(rand.NewPCG(42, 0)))
	if err := tab.Validate(); err != nil {
		t.Fatal(err)
	}
	if tab.Len() != n {
		t.Fatalf("%d rows, want %d", tab.Len(), n)
	}
	// The means and standard deviations published for the Palmer study
	// (Gorman, Williams & Fraser 2014; see biology.go), typed again here
	// so that a slip in either place shows: bill length, bill depth,
	// flipper length (mm), body mass (g).
	want := map[string][4][2]float64{
		"Adelie":    {{38.79, 2.66}, {18.35, 1.22}, {189.95, 6.54}, {3700.7, 458.6}},
		"Chinstrap": {{48.83, 3.34}, {18.42, 1.14}, {195.82, 7.13}, {3733.1, 384.3}},
		"Gentoo":    {{47.50, 3.08}, {14.98, 0.98}, {217.19, 6.48}, {5076.0, 504.1}},
	}
	for s, species := range tab.Classes {
		var rows [][]float64
		for i, y := range tab.Y {
			if y == s {
				rows = append(rows, tab.X[i])
			}
		}
		m := float64(len(rows))
		for j, feature := range tab.Features {
			var sum, ss float64
			for _, r := range rows {
				sum += r[j]
			}
			mean := sum / m
			for _, r := range rows {
				ss += (r[j] - mean) * (r[j] - mean)
			}
			sd := math.Sqrt(ss / (m - 1))
			wantMean, wantSD := want[species][j][0], want[species][j][1]
			// A sample mean lies within 3 standard errors (σ/√m) of the
			// true mean but for 0.27% of samples.
			if se := wantSD / math.Sqrt(m); math.Abs(mean-wantMean) > 3*se {
				t.Errorf("%s %s: mean %.3f, want %.3f ± %.3f", species, feature, mean, wantMean, 3*se)
			}
			// The standard error of a sample standard deviation is about
			// σ/√(2m), under 1.6% for m ≥ 1900 birds; 6% is over 3 of them.
			if math.Abs(sd-wantSD) > 0.06*wantSD {
				t.Errorf("%s %s: standard deviation %.3f, want %.3f", species, feature, sd, wantSD)
			}
		}
	}
	// The study's values were recorded to 0.1 mm, 1 mm and 25 g.
	for i, r := range tab.X {
		steps := []float64{0.1, 0.1, 1, 25}
		for j, v := range r {
			if q := v / steps[j]; math.Abs(q-math.Round(q)) > 1e-6 {
				t.Fatalf("row %d: %s = %v is not a multiple of %v", i, tab.Features[j], v, steps[j])
			}
		}
	}
}

func TestPenguinIslands(t *testing.T) {
	tests := []struct {
		n int
		// Birds per (species, island), in the order of penguinCells:
		// Adélie on Biscoe, Dream, Torgersen; Chinstrap on Dream; Gentoo on
		// Biscoe.
		want []int
	}{
		// The study itself.
		{344, []int{44, 56, 52, 68, 124}},
		// Shares 1.28, 1.63, 1.51, 1.98, 3.60: the whole parts make 7, and
		// the 3 birds left go to the largest fractions .98, .63 and .60.
		{10, []int{1, 2, 1, 2, 4}},
		// Shares 1279.07, 1627.91, 1511.63, 1976.74, 3604.65: 9997 whole,
		// 3 left for .91, .74, .65.
		{10000, []int{1279, 1628, 1511, 1977, 3605}},
		// 688 = 2·344: exactly twice the study.
		{688, []int{88, 112, 104, 136, 248}},
	}
	for _, tc := range tests {
		if got := penguinCounts(tc.n); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("penguinCounts(%d) = %v, want %v", tc.n, got, tc.want)
		}
		tab := Penguins(tc.n, 0, rand.New(rand.NewPCG(7, 0)))
		if err := tab.Validate(); err != nil {
			t.Fatalf("n = %d: %v", tc.n, err)
		}
		if got := penguinCellCounts(t, tab); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("n = %d: birds per species and island %v, want %v", tc.n, got, tc.want)
		}
	}
	for n := MinN; n <= builtinMaxN; n += 7 {
		c := penguinCounts(n)
		sum := 0
		for k, v := range c {
			sum += v
			if v < 1 {
				t.Fatalf("penguinCounts(%d) = %v: cell %d is empty", n, c, k)
			}
		}
		if sum != n {
			t.Fatalf("penguinCounts(%d) = %v adds up to %d", n, c, sum)
		}
	}
}

func TestPenguinsGenerate(t *testing.T) {
	g, ok := Science("penguins")
	if !ok {
		t.Fatal("no penguins")
	}
	tab, err := g.Generate(0, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 344 || g.MaxNoise != 0 {
		t.Errorf("%d rows by default, max noise %g; want the study's 344 and 0", tab.Len(), g.MaxNoise)
	}
	island, ok := tab.Attribute("island")
	if !ok || !reflect.DeepEqual(island.Values, []string{"Biscoe", "Dream", "Torgersen"}) {
		t.Fatalf("island attribute %+v", island)
	}
	if c := island.Counts(); !reflect.DeepEqual(c, []int{44 + 124, 56 + 68, 52}) {
		t.Errorf("birds per island %v, want [168 124 52]", c)
	}
	if m := island.Title.Missing(); len(m) > 0 {
		t.Errorf("island title missing in %v", m)
	}
	for k := range island.Values {
		if m := island.ValueTitle(k).Missing(); len(m) > 0 {
			t.Errorf("island %q has no title in %v", island.Values[k], m)
		}
	}
	// The rows are shuffled, not grouped by species.
	if sorted := reflect.DeepEqual(tab.Y[:152], make([]int, 152)); sorted {
		t.Error("the first 152 rows are all Adélie: the rows were not shuffled")
	}
	again, _ := g.Generate(0, 0, 5)
	other, _ := g.Generate(0, 0, 6)
	if !reflect.DeepEqual(tab.X, again.X) || !reflect.DeepEqual(tab.Y, again.Y) ||
		!reflect.DeepEqual(island.Of, again.Attributes[0].Of) {
		t.Error("the same seed gave different birds")
	}
	if reflect.DeepEqual(tab.X, other.X) {
		t.Error("seeds 5 and 6 gave the same birds")
	}
	if _, err := g.Generate(100, 0.1, 5); err == nil {
		t.Error("noise 0.1 was accepted; the penguins set has no noise level")
	}
	// A split keeps every bird's island, so a lesson can train on one
	// island and test on all.
	train, test, err := tab.Split(0.3, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []*Table{train, test} {
		if err := part.Validate(); err != nil {
			t.Fatal(err)
		}
		penguinCellCounts(t, part)
	}
}

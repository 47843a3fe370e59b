package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestFitScalerHandComputed(t *testing.T) {
	tab := &Table{
		Features: []string{"a", "b", "c"},
		Classes:  []string{"x"},
		// Column a: 1 2 3 4, mean 2.5, squared deviations 2.25 0.25 0.25 2.25,
		// population variance 5/4, so Std √1.25.
		// Column b: constant 0.1 (a value whose sum of four is not 0.4 in
		// float64), so Mean 0.1 exactly and Std 1.
		// Column c: -10 10 -10 10, mean 0, Std 10.
		X: [][]float64{{1, 0.1, -10}, {2, 0.1, 10}, {3, 0.1, -10}, {4, 0.1, 10}},
		Y: []int{0, 0, 0, 0},
	}
	s := FitScaler(tab)
	wantMean := []float64{2.5, 0.1, 0}
	wantStd := []float64{math.Sqrt(1.25), 1, 10}
	for j := range wantMean {
		if math.Abs(s.Mean[j]-wantMean[j]) > 1e-15 || math.Abs(s.Std[j]-wantStd[j]) > 1e-15 {
			t.Errorf("column %d: mean %v std %v, want %v %v", j, s.Mean[j], s.Std[j], wantMean[j], wantStd[j])
		}
	}
	if s.Mean[1] != 0.1 {
		t.Errorf("constant column: mean %v, want exactly 0.1", s.Mean[1])
	}

	x := []float64{2.5 + math.Sqrt(1.25), 0.1, -5}
	z := s.Transform(x)
	want := []float64{1, 0, -0.5}
	for j := range want {
		if math.Abs(z[j]-want[j]) > 1e-15 {
			t.Errorf("Transform(%v)[%d] = %v, want %v", x, j, z[j], want[j])
		}
	}
	if x[0] != 2.5+math.Sqrt(1.25) {
		t.Error("Transform changed its argument")
	}
	back := s.Invert(z)
	for j := range x {
		if math.Abs(back[j]-x[j]) > 1e-14 {
			t.Errorf("Invert(Transform(x))[%d] = %v, want %v", j, back[j], x[j])
		}
	}
	// Values beyond the scaler's columns pass through.
	if got := s.Transform([]float64{2.5, 0.1, 0, 7}); got[3] != 7 || len(got) != 4 {
		t.Errorf("Transform of a longer vector = %v", got)
	}
	if got := s.Transform([]float64{2.5}); !reflect.DeepEqual(got, []float64{0}) {
		t.Errorf("Transform of a shorter vector = %v", got)
	}
}

func TestScalerApply(t *testing.T) {
	g, _ := Builtin("blobs")
	tab, err := g.Generate(500, 0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	// Move and stretch the columns so the scaling has work to do.
	for _, row := range tab.X {
		row[0] = 1000 + 50*row[0]
		row[1] = 0.001 * row[1]
	}
	firstBefore := append([]float64(nil), tab.X[0]...)
	s := FitScaler(tab)
	u := s.Apply(tab)
	if !reflect.DeepEqual(tab.X[0], firstBefore) {
		t.Error("Apply changed the original table")
	}
	if &u.X[0][0] == &tab.X[0][0] || &u.Y[0] == &tab.Y[0] {
		t.Error("Apply shares rows or labels with the original table")
	}
	if err := u.Validate(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(u.Y, tab.Y) || u.Name != tab.Name || !reflect.DeepEqual(u.Card, tab.Card) {
		t.Error("Apply changed labels, name or card")
	}
	// On the data it was fitted to, every column now has mean 0 and
	// standard deviation 1.
	again := FitScaler(u)
	for j := range again.Mean {
		if math.Abs(again.Mean[j]) > 1e-12 || math.Abs(again.Std[j]-1) > 1e-12 {
			t.Errorf("column %d after Apply: mean %v std %v, want 0 and 1", j, again.Mean[j], again.Std[j])
		}
	}
}

func TestFitScalerOnTrainingSplitOnly(t *testing.T) {
	g, _ := Builtin("moons")
	tab, err := g.Generate(400, 0.1, 4)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := tab.Split(0.25, rand.New(rand.NewPCG(4, 0)))
	if err != nil {
		t.Fatal(err)
	}
	fromTrain, fromAll := FitScaler(train), FitScaler(tab)
	if reflect.DeepEqual(fromTrain, fromAll) {
		t.Error("the training split's scaler equals the whole table's: the test rows would not matter")
	}
	// The test split scaled with the training scaler is near, but not
	// exactly at, mean 0: it was not used to choose Mean.
	m := FitScaler(fromTrain.Apply(test)).Mean
	for j := range m {
		if m[j] == 0 || math.Abs(m[j]) > 0.3 {
			t.Errorf("test column %d scaled by the training scaler has mean %v", j, m[j])
		}
	}
}

func TestFitScalerEdgeCases(t *testing.T) {
	empty := &Table{Features: []string{"a", "b"}, Classes: []string{"x"}}
	if s := FitScaler(empty); !reflect.DeepEqual(s, Scaler{Mean: []float64{0, 0}, Std: []float64{1, 1}}) {
		t.Errorf("empty table: %+v, want means 0 and stds 1", s)
	}
	// Values near the largest float64 must not overflow the sums.
	huge := &Table{Features: []string{"a"}, Classes: []string{"x"},
		X: [][]float64{{1e308}, {-1e308}, {1e308}, {-1e308}}, Y: []int{0, 0, 0, 0}}
	s := FitScaler(huge)
	if s.Mean[0] != 0 || math.Abs(s.Std[0]-1e308) > 1e294 {
		t.Errorf("huge values: mean %v std %v, want 0 and 1e308", s.Mean[0], s.Std[0])
	}
	if z := s.Transform([]float64{1e308}); math.Abs(z[0]-1) > 1e-12 {
		t.Errorf("huge values: Transform(1e308) = %v, want 1", z[0])
	}
	// Tiny, subnormal spreads still give a usable scale.
	tiny := &Table{Features: []string{"a"}, Classes: []string{"x"},
		X: [][]float64{{0}, {1e-320}}, Y: []int{0, 0}}
	if z := FitScaler(tiny).Transform([]float64{1e-320}); math.Abs(z[0]-1) > 1e-3 {
		t.Errorf("subnormal values: Transform = %v, want about 1", z[0])
	}
}

func ExampleFitScaler() {
	train := &Table{
		Features: []string{"height_cm", "mass_kg"},
		Classes:  []string{"cat", "dog"},
		X:        [][]float64{{20, 3}, {30, 5}, {60, 25}, {50, 15}},
		Y:        []int{0, 0, 1, 1},
	}
	s := FitScaler(train) // fitted on the training rows only
	fmt.Printf("mean %.1f, std %.2f\n", s.Mean, s.Std)
	fmt.Printf("a new animal 40 cm, 10 kg -> %.2f\n", s.Transform([]float64{40, 10}))
	// Output:
	// mean [40.0 12.0], std [15.81 8.77]
	// a new animal 40 cm, 10 kg -> [0.00 -0.23]
}

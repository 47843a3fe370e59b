package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// idTable returns a one-feature table whose row i holds the value i, with
// counts[k] rows of class k, the classes interleaved.
func idTable(counts ...int) *Table {
	t := &Table{Name: "ids", Features: []string{"id"}}
	for k := range counts {
		t.Classes = append(t.Classes, fmt.Sprint("c", k))
	}
	left := slices.Clone(counts)
	for more := true; more; {
		more = false
		for k := range left {
			if left[k] > 0 {
				t.X = append(t.X, []float64{float64(len(t.X))})
				t.Y = append(t.Y, k)
				left[k]--
				more = true
			}
		}
	}
	return t
}

func ids(t *Table) []int {
	out := make([]int, t.Len())
	for i, row := range t.X {
		out[i] = int(row[0])
	}
	return out
}

func TestSplitStratified(t *testing.T) {
	tests := []struct {
		counts   []int
		fraction float64
		wantTest []int // rows of each class in the test part
	}{
		{[]int{100, 100}, 0.2, []int{20, 20}},
		{[]int{100, 30, 2, 1}, 0.25, []int{25, 8, 1, 0}}, // 7.5 rounds to 8; 2 rows keep one each side
		{[]int{10, 3}, 0.9, []int{9, 2}},                 // 2.7 rounds to 3, but one row stays for training
		{[]int{50, 4}, 0.01, []int{1, 1}},                // 0.5 rounds to 1; 0.04 is raised to the minimum of 1
		{[]int{333, 667}, 0.3, []int{100, 200}},          // 99.9 and 200.1
		{[]int{5, 5, 5}, 0.5, []int{3, 3, 3}},            // 2.5 rounds half away from zero
		{[]int{1, 1, 2}, 0.5, []int{0, 0, 1}},            // single rows stay for training
		{[]int{1000, 1000}, 0.9, []int{900, 900}},        // the largest fraction allowed
		{[]int{7, 0, 7}, 0.3, []int{2, 0, 2}},            // a class without rows is fine
		{[]int{2, 2}, MaxTestFraction, []int{1, 1}},      // never all of a class
		{[]int{2, 2}, math.SmallestNonzeroFloat64, []int{1, 1}},
	}
	for _, tc := range tests {
		tab := idTable(tc.counts...)
		train, test, err := tab.Split(tc.fraction, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Errorf("%v at %g: %v", tc.counts, tc.fraction, err)
			continue
		}
		if got := test.ClassCounts(); !reflect.DeepEqual(got, tc.wantTest) {
			t.Errorf("%v at %g: test counts %v, want %v", tc.counts, tc.fraction, got, tc.wantTest)
		}
		for k, c := range train.ClassCounts() {
			if c != tc.counts[k]-tc.wantTest[k] {
				t.Errorf("%v at %g: class %d has %d training rows, want %d", tc.counts, tc.fraction, k, c, tc.counts[k]-tc.wantTest[k])
			}
		}
		// Every row lands on exactly one side, with its own label.
		all := append(ids(train), ids(test)...)
		slices.Sort(all)
		for i, id := range all {
			if id != i {
				t.Fatalf("%v at %g: rows %v are not each row once", tc.counts, tc.fraction, all)
			}
		}
		for _, part := range []*Table{train, test} {
			if err := part.Validate(); err != nil {
				t.Error(err)
			}
			for i, id := range ids(part) {
				if part.Y[i] != tab.Y[id] {
					t.Fatalf("row %d lost its label", id)
				}
			}
		}
	}
}

func TestSplitDeterministicAndShuffled(t *testing.T) {
	tab := idTable(60, 40)
	split := func(seed uint64) (train, test []int) {
		tr, te, err := tab.Split(0.25, rand.New(rand.NewPCG(seed, 0)))
		if err != nil {
			t.Fatal(err)
		}
		return ids(tr), ids(te)
	}
	tr1, te1 := split(5)
	tr2, te2 := split(5)
	if !reflect.DeepEqual(tr1, tr2) || !reflect.DeepEqual(te1, te2) {
		t.Error("the same seed gave different splits")
	}
	tr3, te3 := split(6)
	if reflect.DeepEqual(te1, te3) || reflect.DeepEqual(tr1, tr3) {
		t.Error("seeds 5 and 6 gave the same split")
	}
	// Shuffled: a sorted training part of 75 rows would be a 1 in 75! event.
	if slices.IsSorted(tr1) || slices.IsSorted(te1) {
		t.Error("the split keeps the rows in their original order")
	}
	// The classes are interleaved, not one block after the other.
	_, test, err := tab.Split(0.5, rand.New(rand.NewPCG(5, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if slices.IsSorted(test.Y) {
		t.Errorf("the test labels come in class order: %v", test.Y)
	}
}

func TestSplitErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		name     string
		tab      *Table
		fraction float64
	}{
		{"zero fraction", idTable(10, 10), 0},
		{"negative fraction", idTable(10, 10), -0.2},
		{"fraction above the maximum", idTable(10, 10), 0.95},
		{"fraction of one", idTable(10, 10), 1},
		{"NaN fraction", idTable(10, 10), math.NaN()},
		{"nil table", nil, 0.2},
		{"one row", idTable(1), 0.5},
		{"no rows", idTable(0, 0), 0.5},
		{"one row in each class", idTable(1, 1, 1), 0.5},
		{"invalid table", &Table{Features: []string{"x"}, Classes: []string{"a"}, X: [][]float64{{1}, {2}}, Y: []int{0, 3}}, 0.5},
	}
	for _, tc := range tests {
		if _, _, err := tc.tab.Split(tc.fraction, rng); err == nil {
			t.Errorf("%s: Split succeeded", tc.name)
		}
	}
	if _, _, err := idTable(5, 5).Split(0.2, nil); err == nil {
		t.Error("Split with a nil rng succeeded")
	}
}

func TestShuffled(t *testing.T) {
	tab := idTable(20, 20)
	a := tab.Shuffled(rand.New(rand.NewPCG(3, 0)))
	b := tab.Shuffled(rand.New(rand.NewPCG(3, 0)))
	if !reflect.DeepEqual(ids(a), ids(b)) {
		t.Error("the same seed shuffled differently")
	}
	got := ids(a)
	if slices.IsSorted(got) {
		t.Error("Shuffled kept the order")
	}
	for i, id := range got {
		if a.Y[i] != tab.Y[id] {
			t.Fatalf("row %d lost its label", id)
		}
	}
	slices.Sort(got)
	for i, id := range got {
		if id != i {
			t.Fatalf("Shuffled rows %v are not each row once", got)
		}
	}
}

func ExampleTable_Split() {
	g, _ := Builtin("blobs")
	t, err := g.Generate(100, g.DefaultNoise, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := t.Split(0.2, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("train:", train.Len(), "rows, per class", train.ClassCounts())
	fmt.Println("test:", test.Len(), "rows, per class", test.ClassCounts())
	// Output:
	// train: 80 rows, per class [40 40]
	// test: 20 rows, per class [10 10]
}

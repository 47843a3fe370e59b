package sandbox

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cells returns the (group, class) cells of eight rows:
//
//	        class 0  class 1
//	group 0    3        1
//	group 1    1        3
func cells() (groups, labels []int) {
	return []int{0, 0, 0, 0, 1, 1, 1, 1}, []int{0, 0, 0, 1, 0, 1, 1, 1}
}

func TestReweigh(t *testing.T) {
	groups, labels := cells()
	w := reweigh(groups, labels, 2, 2)
	// Every group and every class holds 4 of the 8 rows, so
	// P(g)·P(y)/P(g,y) = (4/8)(4/8)/(count(g,y)/8) = 2/count(g,y):
	// 2/3 for the cells of 3 rows, 2 for the cells of 1.
	want := []float64{2.0 / 3, 2.0 / 3, 2.0 / 3, 2, 2, 2.0 / 3, 2.0 / 3, 2.0 / 3}
	for i := range want {
		if math.Abs(w[i]-want[i]) > 1e-12 {
			t.Errorf("weight of row %d = %v, want %v", i, w[i], want[i])
		}
	}
	// Weighted, every cell holds the same weight, 2: group and class
	// are independent, and the total is still the number of rows.
	var cell [2][2]float64
	var total float64
	for i := range w {
		cell[groups[i]][labels[i]] += w[i]
		total += w[i]
	}
	for g := range 2 {
		for y := range 2 {
			if math.Abs(cell[g][y]-2) > 1e-12 {
				t.Errorf("cell (%d, %d) weighs %v, want 2", g, y, cell[g][y])
			}
		}
	}
	if math.Abs(total-8) > 1e-12 {
		t.Errorf("the weights add up to %v, want 8", total)
	}
}

func TestResample(t *testing.T) {
	groups, labels := cells()
	idx := resample(groups, labels, 2, 2, rand.New(rand.NewPCG(1, 2)))
	// Every cell is filled up to the largest, 3 rows: 12 in all.
	if len(idx) != 12 {
		t.Fatalf("%d rows, want 12", len(idx))
	}
	var cell [2][2]int
	for _, i := range idx {
		cell[groups[i]][labels[i]]++
	}
	if cell != [2][2]int{{3, 3}, {3, 3}} {
		t.Errorf("cells %v, want 3 rows each", cell)
	}
	// Each row is kept at least once: nothing is thrown away.
	for i := range labels {
		if !slices.Contains(idx, i) {
			t.Errorf("row %d was dropped", i)
		}
	}
	// The rows of the single-row cells are the ones repeated.
	count := func(r int) int {
		n := 0
		for _, i := range idx {
			if i == r {
				n++
			}
		}
		return n
	}
	if count(3) != 3 || count(4) != 3 {
		t.Errorf("rows 3 and 4 appear %d and %d times, want 3 each", count(3), count(4))
	}
	again := resample(groups, labels, 2, 2, rand.New(rand.NewPCG(1, 2)))
	if !slices.Equal(idx, again) {
		t.Errorf("the same seed gave %v and %v", idx, again)
	}
}

func TestResampleLeavesEmptyCellsEmpty(t *testing.T) {
	// Group 1 has no row of class 0: resampling cannot invent one.
	groups, labels := []int{0, 0, 1}, []int{0, 1, 1}
	idx := resample(groups, labels, 2, 2, rand.New(rand.NewPCG(1, 2)))
	if len(idx) != 3 {
		t.Errorf("%d rows, want 3 (three cells of one row, one empty)", len(idx))
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing is a number, want NaN")
	}
}

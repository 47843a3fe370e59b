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

// cellCounts counts the rows of idx in each (group, class) cell.
func cellCounts(idx, groups, labels []int, nGroups, nClasses int) [][]int {
	c := make([][]int, nGroups)
	for g := range c {
		c[g] = make([]int, nClasses)
	}
	for _, i := range idx {
		c[groups[i]][labels[i]]++
	}
	return c
}

func TestResample(t *testing.T) {
	for _, c := range []struct {
		name           string
		groups, labels []int
		nGroups        int
		// want is round(count(g)·count(y)/n) for each cell, worked out
		// by hand in the comments.
		want [][]int
		// repeated lists rows that must appear more than once (the only
		// rows of a cell that grows), dropped the number of rows a cell
		// that shrinks loses.
		repeated []int
		dropped  int
	}{
		{
			// The cells of cells(): every group and class has 4 of the 8
			// rows, so every cell should hold 4·4/8 = 2: the cells of 3
			// lose one row each, rows 3 and 4 (alone in their cells) are
			// drawn twice.
			name: "symmetric", nGroups: 2,
			want:     [][]int{{2, 2}, {2, 2}},
			repeated: []int{3, 4}, dropped: 2,
		},
		{
			// 10 rows: group 0 has 6 (1 of class 0, 5 of class 1), group 1
			// has 4 (3 of class 0, 1 of class 1); class 0 has 4 rows,
			// class 1 has 6. Cells: (0,0) 6·4/10 = 2.4 → 2, (0,1) 6·6/10
			// = 3.6 → 4, (1,0) 4·4/10 = 1.6 → 2, (1,1) 4·6/10 = 2.4 → 2.
			// Still 10 rows, 6 of class 1 and 6 of group 0.
			name:   "unequal groups",
			groups: []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, labels: []int{0, 1, 1, 1, 1, 1, 0, 0, 0, 1},
			nGroups: 2,
			want:    [][]int{{2, 4}, {2, 2}},
			// Row 0 is alone in (0,0) and row 9 in (1,1): both repeated.
			// (0,1) loses 1 of 5, (1,0) 1 of 3.
			repeated: []int{0, 9}, dropped: 2,
		},
		{
			// Three groups of 2, half of each hired: already independent,
			// every cell should hold 2·3/6 = 1 and holds 1.
			name:   "already independent",
			groups: []int{0, 0, 1, 1, 2, 2}, labels: []int{0, 1, 1, 0, 0, 1},
			nGroups: 3,
			want:    [][]int{{1, 1}, {1, 1}, {1, 1}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			groups, labels := c.groups, c.labels
			if groups == nil {
				groups, labels = cells()
			}
			idx := resample(groups, labels, c.nGroups, 2, rand.New(rand.NewPCG(1, 2)))
			got := cellCounts(idx, groups, labels, c.nGroups, 2)
			for g := range c.want {
				if !slices.Equal(got[g], c.want[g]) {
					t.Fatalf("cells %v, want %v", got, c.want)
				}
			}
			count := func(r int) int {
				n := 0
				for _, i := range idx {
					if i == r {
						n++
					}
				}
				return n
			}
			for _, r := range c.repeated {
				if count(r) < 2 {
					t.Errorf("row %d appears %d times, want it drawn again", r, count(r))
				}
			}
			missing := 0
			for i := range labels {
				if count(i) == 0 {
					missing++
				}
			}
			if missing != c.dropped {
				t.Errorf("%d rows left out, want %d", missing, c.dropped)
			}
			// A cell that shrinks keeps distinct rows: no row of a cell
			// with more rows than it needs is drawn twice.
			for i := range labels {
				g, y := groups[i], labels[i]
				own := cellCounts(seq(len(labels)), groups, labels, c.nGroups, 2)[g][y]
				if own >= c.want[g][y] && count(i) > 1 {
					t.Errorf("row %d of a shrinking cell appears %d times", i, count(i))
				}
			}
			again := resample(groups, labels, c.nGroups, 2, rand.New(rand.NewPCG(1, 2)))
			if !slices.Equal(idx, again) {
				t.Errorf("the same seed gave %v and %v", idx, again)
			}
		})
	}
}

// seq returns 0, 1, …, n−1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestResampleMakesGroupAndClassIndependent resamples a large biased
// sample across several seeds: afterwards each group is hired at the
// overall rate (within rounding), and the overall rate and the groups'
// sizes are those of the data.
func TestResampleMakesGroupAndClassIndependent(t *testing.T) {
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 9))
		// 2,000 rows, 40 % in group 1; group 0 is hired with probability
		// 0.5, group 1 with 0.2 (a bias like the hiring table's).
		n := 2000
		groups, labels := make([]int, n), make([]int, n)
		for i := range n {
			p := 0.5
			if rng.Float64() < 0.4 {
				groups[i], p = 1, 0.2
			}
			if rng.Float64() < p {
				labels[i] = 1
			}
		}
		idx := resample(groups, labels, 2, 2, rand.New(rand.NewPCG(seed, 3)))
		before := cellCounts(seq(n), groups, labels, 2, 2)
		after := cellCounts(idx, groups, labels, 2, 2)
		rate := func(c [][]int) float64 { return float64(c[0][1]+c[1][1]) / float64(c[0][0]+c[0][1]+c[1][0]+c[1][1]) }
		for g := range 2 {
			size := after[g][0] + after[g][1]
			// Rounding moves a cell by at most half a row, a group's
			// size and hires by at most one.
			if d := size - (before[g][0] + before[g][1]); d < -1 || d > 1 {
				t.Errorf("seed %d: group %d has %d rows, was %d", seed, g, size, before[g][0]+before[g][1])
			}
			if r := float64(after[g][1]) / float64(size); math.Abs(r-rate(before)) > 1.0/float64(size) {
				t.Errorf("seed %d: group %d hired at %.4f, want the overall %.4f", seed, g, r, rate(before))
			}
		}
		if d := math.Abs(rate(after) - rate(before)); d > 2.0/float64(n) {
			t.Errorf("seed %d: overall rate %.4f, was %.4f", seed, rate(after), rate(before))
		}
	}
}

func TestResampleLeavesEmptyCellsEmpty(t *testing.T) {
	// Group 1 has no row of class 0, though independence asks for
	// 3·2/6 = 1: resampling cannot invent one. (0,0): 3·2/6 = 1 of 2;
	// (0,1): 3·4/6 = 2 of 1; (1,1): 3·4/6 = 2 of 3.
	groups, labels := []int{0, 0, 0, 1, 1, 1}, []int{0, 0, 1, 1, 1, 1}
	idx := resample(groups, labels, 2, 2, rand.New(rand.NewPCG(1, 2)))
	got := cellCounts(idx, groups, labels, 2, 2)
	if want := [][]int{{1, 2}, {0, 2}}; !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("cells %v, want %v", got, want)
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

package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// MaxTestFraction is the largest share of rows Split puts in the test part:
// beyond it too little is left to learn from.
const MaxTestFraction = 0.9

// Split divides t into a training and a test table, stratified by class:
// each class sends round(count·testFraction) of its rows to the test table,
// but a class with at least two rows always keeps at least one row on each
// side, and a class with a single row keeps it for training. Both tables
// are shuffled with rng, so the same rng state gives the same split. The
// rows are shared with t, not copied.
//
// A regression table has no classes: its rows are split at random, with
// round(n·testFraction) rows (at least one, and at least one left) tested.
//
// testFraction must be in (0, MaxTestFraction]. Split returns an error when
// t has fewer than two rows or when either side would be empty.
func (t *Table) Split(testFraction float64, rng *rand.Rand) (train, test *Table, err error) {
	if t == nil {
		return nil, nil, errors.New("datasets: split: nil table")
	}
	if rng == nil {
		return nil, nil, errors.New("datasets: split: nil random source")
	}
	if math.IsNaN(testFraction) || testFraction <= 0 || testFraction > MaxTestFraction {
		return nil, nil, fmt.Errorf("datasets: split: the test fraction must be above 0 and at most %g, not %g", MaxTestFraction, testFraction)
	}
	if err := t.Validate(); err != nil {
		return nil, nil, fmt.Errorf("datasets: split: %w", err)
	}
	if t.Len() < 2 {
		return nil, nil, fmt.Errorf("datasets: split: %d rows are too few to split; at least 2 are needed", t.Len())
	}
	byClass := make([][]int, len(t.Classes))
	for i, y := range t.Y {
		byClass[y] = append(byClass[y], i)
	}
	if t.IsRegression() {
		// One "class" of every row: a plain random split.
		all := make([]int, t.Len())
		for i := range all {
			all[i] = i
		}
		byClass = [][]int{all}
	}
	var trainIdx, testIdx []int
	for _, rows := range byClass {
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		k := testCount(len(rows), testFraction)
		testIdx = append(testIdx, rows[:k]...)
		trainIdx = append(trainIdx, rows[k:]...)
	}
	if len(testIdx) == 0 {
		return nil, nil, fmt.Errorf("datasets: split: no class has 2 rows, so the test part would be empty (%d rows)", t.Len())
	}
	// The training side cannot be empty: every class with rows keeps at
	// least one of them for training.
	shuffle(trainIdx, rng)
	shuffle(testIdx, rng)
	return t.Subset(trainIdx), t.Subset(testIdx), nil
}

// testCount returns how many of a class's n rows go to the test part.
func testCount(n int, fraction float64) int {
	if n < 2 {
		return 0
	}
	k := int(math.Round(float64(n) * fraction))
	return min(max(k, 1), n-1)
}

// Shuffled returns t with its rows in an order drawn from rng. The rows are
// shared with t, not copied.
func (t *Table) Shuffled(rng *rand.Rand) *Table {
	return t.Subset(rng.Perm(t.Len()))
}

func shuffle(idx []int, rng *rand.Rand) {
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
}

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
	byClass := t.strata()
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

// strata returns the row indices of each class of t, or of all rows as one
// group for a regression table.
func (t *Table) strata() [][]int {
	if t.IsRegression() {
		all := make([]int, t.Len())
		for i := range all {
			all[i] = i
		}
		return [][]int{all}
	}
	byClass := make([][]int, len(t.Classes))
	for i, y := range t.Y {
		byClass[y] = append(byClass[y], i)
	}
	return byClass
}

// SplitThree divides t into training, validation and test tables,
// stratified by class as Split does: each class sends round(count·test) of
// its rows to the test table and round(count·val) to the validation table.
// A class with at least three rows keeps at least one row in each part; a
// class with two keeps one for training and one for testing; a class with a
// single row keeps it for training. A regression table's rows are divided
// at random. The three tables are shuffled with rng, so the same rng state
// gives the same split, and keep their rows' attribute values. The rows are
// shared with t, not copied.
//
// Choose a model's settings by its validation score and report the test
// score once at the end: a test set that helped choose the settings no
// longer measures how the model does on data it has never seen.
//
// val and test must each be above 0, and together at most
// MaxTestFraction. SplitThree returns an error when t is not valid or when
// the validation or test table would be empty.
func (t *Table) SplitThree(val, test float64, rng *rand.Rand) (train, validation, testT *Table, err error) {
	if t == nil {
		return nil, nil, nil, errors.New("datasets: split: nil table")
	}
	if rng == nil {
		return nil, nil, nil, errors.New("datasets: split: nil random source")
	}
	if math.IsNaN(val) || math.IsNaN(test) || val <= 0 || test <= 0 || val+test > MaxTestFraction {
		return nil, nil, nil, fmt.Errorf("datasets: split: the validation and test fractions must each be above 0 and together at most %g, not %g and %g", MaxTestFraction, val, test)
	}
	if err := t.Validate(); err != nil {
		return nil, nil, nil, fmt.Errorf("datasets: split: %w", err)
	}
	var trainIdx, valIdx, testIdx []int
	for _, rows := range t.strata() {
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		kt := testCount(len(rows), test)
		kv := 0
		if n := len(rows); n >= 3 {
			kt = min(kt, n-2)
			kv = min(max(int(math.Round(float64(n)*val)), 1), n-1-kt)
		}
		testIdx = append(testIdx, rows[:kt]...)
		valIdx = append(valIdx, rows[kt:kt+kv]...)
		trainIdx = append(trainIdx, rows[kt+kv:]...)
	}
	if len(testIdx) == 0 || len(valIdx) == 0 {
		return nil, nil, nil, fmt.Errorf("datasets: split: %d rows are too few for three parts; a class needs 3 rows to give one to each", t.Len())
	}
	shuffle(trainIdx, rng)
	shuffle(valIdx, rng)
	shuffle(testIdx, rng)
	return t.Subset(trainIdx), t.Subset(valIdx), t.Subset(testIdx), nil
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

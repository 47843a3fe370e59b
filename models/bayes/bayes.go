// Package bayes holds two naive Bayes classifiers: Gaussian naive Bayes for
// tables of measurements, and multinomial naive Bayes for word counts of
// texts. Both are written so that they can be read as a lesson.
//
// # Bayes' rule
//
// To classify a row x, naive Bayes asks, for each class c, how likely the
// class is once we have seen x: the posterior P(c | x). Bayes' rule turns
// that around:
//
//	P(c | x) = P(c) · P(x | c) / P(x)
//
// In words:
//
//   - P(c), the prior, is how common the class is: the share of the
//     training rows that have it.
//   - P(x | c), the likelihood, is how typical x is of the class.
//   - P(x) is the same for every class; it only makes the posteriors add up
//     to 1, so we compute P(c)·P(x | c) for every class and divide by their
//     sum.
//
// # The "naive" part
//
// A row has many features x_1 … x_d, and describing how they vary together
// within a class would need a great deal of data. Naive Bayes assumes that,
// within a class, the features are independent of each other, so the
// likelihood is a product of one small factor per feature:
//
//	P(x | c) = P(x_1 | c) · P(x_2 | c) · … · P(x_d | c)
//
// This is rarely true (in a text, "machine" and "learning" come together),
// yet the classifier often ranks the classes well anyway, and it learns from
// very little data in one pass, with no iterations.
//
// # Log space
//
// A product of hundreds of probabilities, each below 1, is smaller than the
// smallest float64 and becomes 0. So everything is computed with
// logarithms, where products become sums:
//
//	log P(c) + Σ_j log P(x_j | c)
//
// and the posteriors come back with the log-sum-exp trick, which never
// divides 0 by 0.
//
// # The two kinds
//
//   - Gaussian: each feature, within each class, is taken to follow a
//     normal (bell-curve) distribution with the class's mean and variance
//     for that feature. For tables of measurements. See the Gaussian type.
//   - Multinomial: a row holds how often each word of a vocabulary occurs
//     in a document; each class has its own word probabilities, and a
//     document is taken to be words drawn one by one from them. For text.
//     See the Multinomial type.
//
// # Simplifications
//
//   - Priors are always the class shares of the training rows; they cannot
//     be set by hand.
//   - Nothing is random: the same data always gives the same model.
//   - A class with no training rows gets prior 0 and is never predicted.
package bayes

import (
	"errors"
	"fmt"
	"math"
)

// MaxClasses is the largest number of classes accepted: the model keeps
// numbers for every class, and the limit stops a stray label such as 1e9
// from asking for gigabytes. No lesson has a thousand classes.
const MaxClasses = 1000

// checkEvery is how many rows a Fit reads between looks at its context:
// a few thousand rows of a lesson's data take well under a millisecond.
const checkEvery = 1024

// classCount returns the number of classes: classes if it is positive,
// else one more than the largest label.
func classCount(classes int, y []int) (int, error) {
	if classes < 0 || classes > MaxClasses {
		return 0, fmt.Errorf("bayes: classes must be from 1 to %d, got %d", MaxClasses, classes)
	}
	if classes == 0 {
		for _, label := range y {
			classes = max(classes, label+1)
		}
		if classes > MaxClasses {
			return 0, fmt.Errorf("bayes: the largest label is %d; at most %d classes are allowed", classes-1, MaxClasses)
		}
	}
	return classes, nil
}

// checkShape reports the first problem with the shape of X and y: no rows,
// a length mismatch, rows with no values or of different widths, a value
// that is NaN or infinite (or negative, if counts), or a label outside
// 0..classes−1.
func checkShape(X [][]float64, y []int, classes int, counts bool) error {
	if len(X) == 0 {
		return errors.New("bayes: no rows of data")
	}
	if len(X) != len(y) {
		return fmt.Errorf("bayes: %d rows but %d labels", len(X), len(y))
	}
	d := len(X[0])
	if d == 0 {
		return errors.New("bayes: rows have no values")
	}
	for i, row := range X {
		if err := checkRow(i, row, d, counts); err != nil {
			return err
		}
		if y[i] < 0 || y[i] >= classes {
			return fmt.Errorf("bayes: row %d has label %d, want 0..%d", i, y[i], classes-1)
		}
	}
	return nil
}

func checkRow(i int, row []float64, d int, counts bool) error {
	if len(row) != d {
		return fmt.Errorf("bayes: row %d has %d values, want %d", i, len(row), d)
	}
	for j, v := range row {
		if !finite(v) {
			return fmt.Errorf("bayes: row %d, column %d is %v", i, j, v)
		}
		if counts && v < 0 {
			return fmt.Errorf("bayes: row %d, column %d is %v; counts cannot be negative", i, j, v)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// logPriors returns log(n_c / n) for each class's row count n_c; −Inf for a
// class with no rows.
func logPriors(counts []int) []float64 {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]float64, len(counts))
	for k, c := range counts {
		out[k] = math.Log(float64(c) / float64(total))
	}
	return out
}

// softmax turns the log joint probabilities log P(c) + log P(x | c) in
// logs into posteriors P(c | x), in place.
//
// P(c | x) = exp(l_c) / Σ_k exp(l_k). The l_c are often below −745, where
// exp gives 0 and the division 0/0. Subtracting the largest, m, from every
// l_c changes nothing (the factor exp(−m) cancels) and makes the largest
// term exp(0) = 1, so the sum is at least 1. A class with l_c = −Inf (no
// training rows) gets exactly 0.
func softmax(logs []float64) {
	m := math.Inf(-1)
	for _, v := range logs {
		m = max(m, v)
	}
	var sum float64
	for k, v := range logs {
		logs[k] = math.Exp(v - m)
		sum += logs[k]
	}
	for k := range logs {
		logs[k] /= sum
	}
}

// argmax returns the index of the largest value, the first on a tie.
func argmax(v []float64) int {
	best := 0
	for k, x := range v {
		if x > v[best] {
			best = k
		}
	}
	return best
}

// accuracy returns the share of predictions equal to the labels; NaN for
// no rows, mismatched lengths or no predictions.
func accuracy(pred []int, n int, y []int) float64 {
	if n == 0 || n != len(y) || pred == nil {
		return math.NaN()
	}
	right := 0
	for i, p := range pred {
		if p == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

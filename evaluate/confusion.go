package evaluate

// This file holds the confusion matrix of a classifier and the scores read
// from it: accuracy, and precision, recall and F1 for each class.

import "fmt"

// Confusion counts examples by true class (row) and predicted class
// (column): Counts[t][p] is how many examples of class t the model called
// p. Counts is square, one row and one column per class.
type Confusion struct {
	Counts [][]int `json:"counts"`
}

// NewConfusion counts the pairs (truth[i], pred[i]) for a task with the
// given number of classes (labels 0 … classes−1). Empty slices give a
// matrix of zeros (an empty group). It fails when classes < 1, when the
// slices differ in length, or when a label is out of range.
func NewConfusion(classes int, truth, pred []int) (Confusion, error) {
	if classes < 1 {
		return Confusion{}, fmt.Errorf("evaluate: confusion needs at least one class, got %d", classes)
	}
	if len(truth) != len(pred) {
		return Confusion{}, fmt.Errorf("evaluate: confusion: %d true labels but %d predictions", len(truth), len(pred))
	}
	counts := make([][]int, classes)
	for t := range counts {
		counts[t] = make([]int, classes)
	}
	for i := range truth {
		t, p := truth[i], pred[i]
		if t < 0 || t >= classes {
			return Confusion{}, fmt.Errorf("evaluate: confusion: true label %d of example %d is outside 0…%d", t, i, classes-1)
		}
		if p < 0 || p >= classes {
			return Confusion{}, fmt.Errorf("evaluate: confusion: predicted label %d of example %d is outside 0…%d", p, i, classes-1)
		}
		counts[t][p]++
	}
	return Confusion{Counts: counts}, nil
}

// classes returns the number of classes of c.
func (c Confusion) classes() int { return len(c.Counts) }

// cell returns Counts[t][p], or 0 when a hand-made, ragged matrix lacks
// the cell, so no method panics.
func (c Confusion) cell(t, p int) int {
	if t < 0 || t >= len(c.Counts) || p < 0 || p >= len(c.Counts[t]) {
		return 0
	}
	return c.Counts[t][p]
}

// Total returns the number of examples counted.
func (c Confusion) Total() int {
	n := 0
	for t := range c.classes() {
		for p := range c.classes() {
			n += c.cell(t, p)
		}
	}
	return n
}

// Accuracy returns the share of examples on the diagonal (predicted class =
// true class); it is not defined (WhyNoExamples) for an empty matrix.
func (c Confusion) Accuracy() Rate {
	right := 0
	for k := range c.classes() {
		right += c.cell(k, k)
	}
	return Rate{Num: right, Den: c.Total()}
}

// ClassScores are one class's precision, recall and F1 against all others.
type ClassScores struct {
	Class     int    `json:"class"`     // the class, a row of the matrix
	Support   int    `json:"support"`   // examples truly of the class (TP + FN)
	Precision Rate   `json:"precision"` // TP / (TP + FP); undefined: WhyNoPredictedPositives
	Recall    Rate   `json:"recall"`    // TP / (TP + FN); undefined: WhyNoPositives
	F1        Number `json:"f1"`        // 2·TP / (2·TP + FP + FN); undefined: WhyClassAbsent
}

// PerClass returns the scores of every class, in class order.
func (c Confusion) PerClass() []ClassScores {
	out := make([]ClassScores, c.classes())
	for k := range out {
		tp := c.cell(k, k)
		fn, fp := 0, 0
		for j := range c.classes() {
			if j != k {
				fn += c.cell(k, j)
				fp += c.cell(j, k)
			}
		}
		f1 := undefined(WhyClassAbsent)
		if d := 2*tp + fp + fn; d > 0 {
			f1 = defined(float64(2*tp) / float64(d))
		}
		out[k] = ClassScores{
			Class:     k,
			Support:   tp + fn,
			Precision: Rate{Num: tp, Den: tp + fp},
			Recall:    Rate{Num: tp, Den: tp + fn},
			F1:        f1,
		}
	}
	return out
}

// MacroF1 averages F1 over the classes where it is defined (those that
// occur in the truth or in the predictions). It is not defined
// (WhyNoExamples) when the matrix is empty.
func (c Confusion) MacroF1() Number {
	sum, n := 0.0, 0
	for _, s := range c.PerClass() {
		if s.F1.Defined {
			sum += s.F1.Value
			n++
		}
	}
	if n == 0 {
		return undefined(WhyNoExamples)
	}
	return defined(sum / float64(n))
}

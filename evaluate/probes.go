package evaluate

// This file holds what the probes measure: residuals of a regression and
// flips of decisions under a change that should not matter.

import (
	"fmt"
	"math"
)

// Residuals returns truth[i] − pred[i] for every example, in the units of
// the target: positive where the model predicted too little, negative where
// it predicted too much. Empty slices give an empty result. It fails when
// the lengths differ or a value is NaN or infinite. The regression scores
// MSE, MAE and R² are in package models (models.MSE etc.).
func Residuals(truth, pred []float64) ([]float64, error) {
	if len(truth) != len(pred) {
		return nil, fmt.Errorf("evaluate: residuals: %d true values but %d predictions", len(truth), len(pred))
	}
	out := make([]float64, len(truth))
	for i := range truth {
		if math.IsNaN(truth[i]) || math.IsInf(truth[i], 0) {
			return nil, fmt.Errorf("evaluate: residuals: true value %d is %v", i, truth[i])
		}
		if math.IsNaN(pred[i]) || math.IsInf(pred[i], 0) {
			return nil, fmt.Errorf("evaluate: residuals: prediction %d is %v", i, pred[i])
		}
		out[i] = truth[i] - pred[i]
	}
	return out, nil
}

// Flips counts counterfactual flips: of Total pairs (an example before and
// after a change), Count got a different decision.
type Flips struct {
	Count int `json:"count"` // decisions that changed
	Total int `json:"total"` // pairs compared
	// MeanChange is the mean of P(positive) after − before, in [−1,1]:
	// negative when the change made the model less inclined to say yes.
	// Undefined for no pairs (WhyNoExamples) or without probabilities
	// (WhyNoProbabilities).
	MeanChange Number `json:"mean_change"`
}

// Share returns Count/Total, the share of decisions that flipped.
func (f Flips) Share() Rate { return Rate{Num: f.Count, Den: f.Total} }

// CountFlips compares decisions (class labels) before and after a change,
// pair by pair, and the probabilities of the positive class, pBefore and
// pAfter. When the model gives no probabilities pass both as nil: the count
// is still made and MeanChange is undefined (WhyNoProbabilities). It fails
// when the lengths differ, a label is negative or a probability is not in
// [0,1].
func CountFlips(before, after []int, pBefore, pAfter []float64) (Flips, error) {
	const what = "flips"
	if len(before) != len(after) {
		return Flips{}, fmt.Errorf("evaluate: %s: %d decisions before but %d after", what, len(before), len(after))
	}
	if err := checkLabels(what, "decision before", before); err != nil {
		return Flips{}, err
	}
	if err := checkLabels(what, "decision after", after); err != nil {
		return Flips{}, err
	}
	noP := pBefore == nil && pAfter == nil
	if !noP {
		if len(pBefore) != len(before) || len(pAfter) != len(before) {
			return Flips{}, fmt.Errorf("evaluate: %s: %d decisions but %d probabilities before and %d after", what, len(before), len(pBefore), len(pAfter))
		}
		if err := checkProbabilities(what+" (before)", pBefore); err != nil {
			return Flips{}, err
		}
		if err := checkProbabilities(what+" (after)", pAfter); err != nil {
			return Flips{}, err
		}
	}
	f := Flips{Total: len(before)}
	for i := range before {
		if before[i] != after[i] {
			f.Count++
		}
	}
	switch {
	case f.Total == 0:
		f.MeanChange = undefined(WhyNoExamples)
	case noP:
		f.MeanChange = undefined(WhyNoProbabilities)
	default:
		sum := 0.0
		for i := range pBefore {
			sum += pAfter[i] - pBefore[i]
		}
		f.MeanChange = defined(sum / float64(f.Total))
	}
	return f, nil
}

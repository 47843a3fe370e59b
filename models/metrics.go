package models

// This file holds the scores of a regression: how far a model's predicted
// numbers are from the true ones.
//
// Every function takes the true values y and the predictions pred, one per
// example and in the same order, and refuses (with an error, never NaN)
// empty input, slices of different lengths and values that are NaN or
// infinite.

import (
	"errors"
	"fmt"
	"math"
)

// ErrConstantTarget is wrapped by R2's error when every true value is the
// same: R² compares the model with always predicting the mean, and when the
// values do not vary at all there is nothing to compare with.
var ErrConstantTarget = errors.New("models: R² is undefined when every true value is the same (their variance is 0)")

// checkPairs reports the first problem that makes y and pred unusable for
// a score named what.
func checkPairs(what string, y, pred []float64) error {
	if len(y) == 0 {
		return fmt.Errorf("models: %s of no values", what)
	}
	if len(y) != len(pred) {
		return fmt.Errorf("models: %s: %d true values but %d predictions", what, len(y), len(pred))
	}
	for i := range y {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return fmt.Errorf("models: %s: true value %d is %v", what, i, y[i])
		}
		if math.IsNaN(pred[i]) || math.IsInf(pred[i], 0) {
			return fmt.Errorf("models: %s: prediction %d is %v", what, i, pred[i])
		}
	}
	return nil
}

// Residuals returns y[i] − pred[i] for every example: positive where the
// model predicted too little, negative where it predicted too much. The
// residuals are in the units of y.
func Residuals(y, pred []float64) ([]float64, error) {
	if err := checkPairs("residuals", y, pred); err != nil {
		return nil, err
	}
	out := make([]float64, len(y))
	for i := range y {
		out[i] = y[i] - pred[i]
	}
	return out, nil
}

// MSE returns the mean squared error (1/n)·Σ (y[i] − pred[i])², in the
// units of y squared. Squaring makes big misses count much more than small
// ones. It is 0 only for perfect predictions; it can overflow to +Inf (with
// no error) when the misses are larger than about 1e154.
func MSE(y, pred []float64) (float64, error) {
	if err := checkPairs("MSE", y, pred); err != nil {
		return 0, err
	}
	var sum float64
	for i := range y {
		d := y[i] - pred[i]
		sum += d * d
	}
	return sum / float64(len(y)), nil
}

// MAE returns the mean absolute error (1/n)·Σ |y[i] − pred[i]|, in the
// units of y: the typical size of a miss.
func MAE(y, pred []float64) (float64, error) {
	if err := checkPairs("MAE", y, pred); err != nil {
		return 0, err
	}
	var sum float64
	for i := range y {
		sum += math.Abs(y[i] - pred[i])
	}
	return sum / float64(len(y)), nil
}

// R2 returns the coefficient of determination R² = 1 − SS_res/SS_tot, where
// SS_res = Σ (y[i] − pred[i])² is what the model gets wrong and
// SS_tot = Σ (y[i] − ȳ)² is what always predicting the mean ȳ would get
// wrong. It has no units. 1 is perfect, 0 is no better than the mean, and
// it is negative for a model worse than the mean (it has no lower bound).
// When every y[i] is the same, SS_tot is 0 and R² is undefined: the error
// then wraps ErrConstantTarget.
func R2(y, pred []float64) (float64, error) {
	if err := checkPairs("R²", y, pred); err != nil {
		return 0, err
	}
	// Test for equal values directly: their computed mean can differ from
	// them in the last bit (0.1+0.1+0.1 is not 3·0.1), which would make
	// SS_tot a tiny positive number and R² a huge meaningless one.
	constant := true
	var mean float64
	for _, v := range y {
		constant = constant && v == y[0]
		mean += v
	}
	if constant {
		return 0, ErrConstantTarget
	}
	mean /= float64(len(y))
	var res, tot float64
	for i, v := range y {
		d := v - pred[i]
		res += d * d
		c := v - mean
		tot += c * c
	}
	return 1 - res/tot, nil
}

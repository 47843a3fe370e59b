package models_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
)

// TestMetrics checks every score against values worked out by hand; the
// working is in each case's comment.
func TestMetrics(t *testing.T) {
	tests := []struct {
		name         string
		y, pred      []float64
		residuals    []float64
		mse, mae, r2 float64
		r2Undefined  bool
	}{
		{
			name: "perfect", y: []float64{1, 2, 3}, pred: []float64{1, 2, 3},
			residuals: []float64{0, 0, 0}, mse: 0, mae: 0, r2: 1,
		},
		{
			// Residuals −1, 0, 1, 2. MSE = (1+0+1+4)/4 = 1.5; MAE = 4/4 = 1.
			// ȳ = 2.5, SS_tot = 2.25+0.25+0.25+2.25 = 5, SS_res = 6, so
			// R² = 1 − 6/5 = −0.2: worse than predicting the mean.
			name: "constant guess", y: []float64{1, 2, 3, 4}, pred: []float64{2, 2, 2, 2},
			residuals: []float64{-1, 0, 1, 2}, mse: 1.5, mae: 1, r2: -0.2,
		},
		{
			// Residuals 0.5, −1, 0. MSE = 1.25/3; MAE = 1.5/3 = 0.5.
			// ȳ = 4/3, SS_tot = (5/3)² + (7/3)² + (2/3)² = 78/9 = 26/3, so
			// R² = 1 − 1.25/(26/3) = 1 − 3.75/26 = 22.25/26.
			name: "mixed", y: []float64{3, -1, 2}, pred: []float64{2.5, 0, 2},
			residuals: []float64{0.5, -1, 0}, mse: 1.25 / 3, mae: 0.5, r2: 22.25 / 26,
		},
		{
			// Predicting the mean 2 of 1 and 3: misses of 1 each, R² = 0.
			name: "the mean", y: []float64{1, 3}, pred: []float64{2, 2},
			residuals: []float64{-1, 1}, mse: 1, mae: 1, r2: 0,
		},
		{
			name: "one value", y: []float64{5}, pred: []float64{3},
			residuals: []float64{2}, mse: 4, mae: 2, r2Undefined: true,
		},
		{
			// The computed mean of three 0.1s is not exactly 0.1; R² must
			// still be reported undefined, not a huge number.
			name: "constant y", y: []float64{0.1, 0.1, 0.1}, pred: []float64{0, 0.1, 0.2},
			residuals: []float64{0.1, 0, 0.1 - 0.2}, mse: (0.01 + 0.01) / 3, mae: 0.2 / 3, r2Undefined: true,
		},
	}
	// 1e-15 allows for the rounding of a few float64 operations on numbers
	// of order 1.
	const tol = 1e-15
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := models.Residuals(tc.y, tc.pred)
			if err != nil {
				t.Fatal(err)
			}
			for i := range res {
				if math.Abs(res[i]-tc.residuals[i]) > tol {
					t.Errorf("residual %d = %v, want %v", i, res[i], tc.residuals[i])
				}
			}
			for _, m := range []struct {
				name string
				f    func(y, pred []float64) (float64, error)
				want float64
			}{{"MSE", models.MSE, tc.mse}, {"MAE", models.MAE, tc.mae}} {
				got, err := m.f(tc.y, tc.pred)
				if err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
				if math.Abs(got-m.want) > tol {
					t.Errorf("%s = %.17g, want %.17g", m.name, got, m.want)
				}
			}
			r2, err := models.R2(tc.y, tc.pred)
			if tc.r2Undefined {
				if !errors.Is(err, models.ErrConstantTarget) {
					t.Errorf("R² = %v, %v; want an error wrapping ErrConstantTarget", r2, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r2-tc.r2) > tol {
				t.Errorf("R² = %.17g, want %.17g", r2, tc.r2)
			}
		})
	}
}

func TestMetricsRefuseBadInput(t *testing.T) {
	tests := []struct {
		name    string
		y, pred []float64
		want    string
	}{
		{"empty", nil, nil, "of no values"},
		{"lengths", []float64{1, 2}, []float64{1}, "2 true values but 1 predictions"},
		{"NaN value", []float64{1, math.NaN()}, []float64{1, 2}, "true value 1 is NaN"},
		{"Inf prediction", []float64{1, 2}, []float64{math.Inf(-1), 2}, "prediction 0 is -Inf"},
	}
	scores := []struct {
		name string
		f    func(y, pred []float64) (float64, error)
	}{
		{"MSE", models.MSE},
		{"MAE", models.MAE},
		{"R²", models.R2},
		{"residuals", func(y, pred []float64) (float64, error) {
			r, err := models.Residuals(y, pred)
			return float64(len(r)), err
		}},
	}
	for _, tc := range tests {
		for _, s := range scores {
			t.Run(tc.name+"/"+s.name, func(t *testing.T) {
				got, err := s.f(tc.y, tc.pred)
				if err == nil {
					t.Fatalf("got %v and no error, want one containing %q", got, tc.want)
				}
				if !strings.HasPrefix(err.Error(), "models: "+s.name) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q, want one starting with %q and containing %q", err, "models: "+s.name, tc.want)
				}
			})
		}
	}
}

// A line that misses each of four measurements by a little: the scores
// say how much.
func ExampleR2() {
	measured := []float64{2.1, 3.9, 6.2, 7.8}
	predicted := []float64{2, 4, 6, 8}
	mse, err := models.MSE(measured, predicted)
	if err != nil {
		fmt.Println(err)
		return
	}
	mae, err := models.MAE(measured, predicted)
	if err != nil {
		fmt.Println(err)
		return
	}
	r2, err := models.R2(measured, predicted)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("MSE %.3f, MAE %.3f, R² %.4f\n", mse, mae, r2)
	_, err = models.R2([]float64{5, 5, 5}, predicted[:3])
	fmt.Println(err)
	// Output:
	// MSE 0.025, MAE 0.150, R² 0.9947
	// models: R² is undefined when every true value is the same (their variance is 0)
}

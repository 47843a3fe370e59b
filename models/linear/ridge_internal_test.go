package linear

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRidgeShrinksPenalisedCoefficients checks the statement behind ridge
// regression: the length ‖β‖ of the penalised (standardised) coefficients
// falls strictly as λ grows. (It follows from the solution
// β(λ) = (AᵀA + λI)⁻¹Aᵀb: in A's singular directions every component is
// multiplied by σ/(σ² + λ), which falls with λ.)
func TestRidgeShrinksPenalisedCoefficients(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 0))
	for _, deg := range []int{1, 3, 8} {
		X := make([][]float64, 25)
		y := make([]float64, len(X))
		for i := range X {
			x := 4 * rng.Float64()
			X[i] = []float64{x}
			y[i] = math.Sin(x) + 0.1*rng.NormFloat64()
		}
		prev := math.Inf(1)
		for _, lambda := range []float64{0, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100} {
			m, err := Fit(X, y, Config{Degree: deg, Ridge: lambda})
			if err != nil {
				t.Fatal(err)
			}
			var norm float64
			for _, b := range m.beta {
				norm += b * b
			}
			norm = math.Sqrt(norm)
			if !(norm < prev) {
				t.Errorf("degree %d, λ = %g: ‖β‖ = %.6g, want below %.6g (that of the smaller λ)", deg, lambda, norm, prev)
			}
			prev = norm
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1.00"}, {0.5, "0.500"}, {123.456, "123"}, {999.6, "1000"},
		{123456, "123456"}, {1234567, "1.23×10⁶"}, {0.0001234, "0.000123"},
		{0.00001234, "1.23×10⁻⁵"}, {9.996, "10.0"}, {math.MaxFloat64, "1.80×10³⁰⁸"},
	}
	for _, tc := range tests {
		if got := formatNumber(tc.v); got != tc.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

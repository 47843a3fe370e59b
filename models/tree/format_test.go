package tree

import "testing"

func TestFormatThreshold(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{2.45, "2.45"},
		{0.123456, "0.1235"},
		{-1.5, "-1.5"},
		{12345.5, "12350"},
		{1234.5, "1234"}, // exact in binary: the tie rounds to the even digit
		{0, "0"},
		{0.00001234567, "1.235e-05"},
		{3e20, "3e+20"},
	} {
		if got := formatThreshold(c.v); got != c.want {
			t.Errorf("formatThreshold(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestMidpoint(t *testing.T) {
	for _, c := range []struct{ lo, hi, want float64 }{
		{1, 2, 1.5},
		{-3, -1, -2},
		{-1e308, 1e308, 0},
		{1.7e308, 1.79e308, 1.745e308},
	} {
		if got := midpoint(c.lo, c.hi); got != c.want {
			t.Errorf("midpoint(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
}

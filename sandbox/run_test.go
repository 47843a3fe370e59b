package sandbox

import "testing"

func TestSmallerRate(t *testing.T) {
	for _, c := range []struct{ lr, want float64 }{
		{10, 1}, {50, 5}, {3, 0.2}, {0.3, 0.02}, {1, 0.1}, {0.01, 0.001},
	} {
		if got := smallerRate(c.lr); got < c.want*0.999999 || got > c.want*1.000001 {
			t.Errorf("smallerRate(%v) = %v, want %v", c.lr, got, c.want)
		}
	}
}

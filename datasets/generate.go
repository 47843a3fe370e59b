package datasets

import (
	"math"
	"math/rand/v2"
)

// The two-dimensional teaching sets below follow the shapes made popular by
// scikit-learn's make_moons/make_circles and TensorFlow Playground: each is
// balanced between its classes, and noise is Gaussian with the given standard
// deviation, added to both coordinates (in the set's own units, where the
// shapes span roughly -1.5..2.5).

// twoD returns an empty two-feature table sized for n rows (none when n is
// negative).
func twoD(name string, n int, classes ...string) *Table {
	n = max(n, 0)
	return &Table{
		Name:     name,
		Features: []string{"x1", "x2"},
		Classes:  classes,
		X:        make([][]float64, 0, n),
		Y:        make([]int, 0, n),
	}
}

func (t *Table) add(x1, x2 float64, y int) {
	t.X = append(t.X, []float64{x1, x2})
	t.Y = append(t.Y, y)
}

// Moons returns n points on two interleaving half circles: class 0 on the
// upper arc of the unit circle centred at (0, 0), class 1 on the lower arc
// centred at (1, 0.5). No straight line separates them.
func Moons(n int, noise float64, rng *rand.Rand) *Table {
	t := twoD("moons", n, "A", "B")
	for i := range n {
		c := i % 2
		a := math.Pi * rng.Float64()
		x1, x2 := math.Cos(a), math.Sin(a)
		if c == 1 {
			x1, x2 = 1-x1, 0.5-x2
		}
		t.add(x1+noise*rng.NormFloat64(), x2+noise*rng.NormFloat64(), c)
	}
	return t
}

// Circles returns n points on two concentric circles: class 0 on the outer
// circle of radius 1, class 1 on the inner one of radius 0.5.
func Circles(n int, noise float64, rng *rand.Rand) *Table {
	t := twoD("circles", n, "outer", "inner")
	for i := range n {
		c := i % 2
		r := 1.0
		if c == 1 {
			r = 0.5
		}
		a := 2 * math.Pi * rng.Float64()
		t.add(r*math.Cos(a)+noise*rng.NormFloat64(), r*math.Sin(a)+noise*rng.NormFloat64(), c)
	}
	return t
}

// XOR returns n points spread uniformly over the square [-1, 1]², labelled
// by the sign of x1·x2: class 1 where the signs differ (the exclusive or of
// "x1 > 0" and "x2 > 0"). Points closer than 0.05 to an axis are drawn
// again, so the quadrants are visibly apart before noise is added.
func XOR(n int, noise float64, rng *rand.Rand) *Table {
	t := twoD("xor", n, "same", "different")
	for range n {
		var x1, x2 float64
		for {
			x1, x2 = 2*rng.Float64()-1, 2*rng.Float64()-1
			if math.Abs(x1) > 0.05 && math.Abs(x2) > 0.05 {
				break
			}
		}
		c := 0
		if (x1 > 0) != (x2 > 0) {
			c = 1
		}
		t.add(x1+noise*rng.NormFloat64(), x2+noise*rng.NormFloat64(), c)
	}
	return t
}

// Spiral returns n points on two interleaved spiral arms, one per class,
// each turning 1.75 times around the origin out to radius 1.
func Spiral(n int, noise float64, rng *rand.Rand) *Table {
	t := twoD("spiral", n, "A", "B")
	for i := range n {
		c := i % 2
		s := rng.Float64()                         // position along the arm, 0 at the centre
		a := 1.75*2*math.Pi*s + math.Pi*float64(c) // the second arm is the first turned by half a turn
		r := s
		t.add(r*math.Cos(a)+noise*rng.NormFloat64(), r*math.Sin(a)+noise*rng.NormFloat64(), c)
	}
	return t
}

// Blobs returns n points in two round clouds centred at (-1, -1) and (1, 1),
// each with standard deviation 0.4 plus the noise: a straight line separates
// them well.
func Blobs(n int, noise float64, rng *rand.Rand) *Table {
	t := twoD("blobs", n, "A", "B")
	sd := 0.4 + noise
	for i := range n {
		c := i % 2
		m := -1.0
		if c == 1 {
			m = 1
		}
		t.add(m+sd*rng.NormFloat64(), m+sd*rng.NormFloat64(), c)
	}
	return t
}

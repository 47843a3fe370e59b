package plots

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/plot/vg"
)

// testRegionData returns an n×n grid of a three-class "model" over
// [-1.5, 2.5]×[-1, 1.5] and m points scattered around three centres, one
// in four of them marked as test. The model is a nearest-centre rule with
// a softmax of negative squared distances (temperature 0.5) as its
// confidence, so its regions and confidences are those of a real classifier
// of that kind.
func testRegionData(n, m int) (Grid, Points) {
	centres := [3][2]float64{{-0.5, 0.8}, {1.5, -0.2}, {0.6, 0.1}}
	g := Grid{XMin: -1.5, XMax: 2.5, YMin: -1, YMax: 1.5, N: n,
		Class: make([]int, n*n), Confidence: make([]float64, n*n)}
	for r := range n {
		for c := range n {
			x := g.XMin + (float64(c)+0.5)*(g.XMax-g.XMin)/float64(n)
			y := g.YMin + (float64(r)+0.5)*(g.YMax-g.YMin)/float64(n)
			var w [3]float64
			sum, best := 0.0, 0
			for k, ce := range centres {
				d := (x-ce[0])*(x-ce[0]) + (y-ce[1])*(y-ce[1])
				w[k] = math.Exp(-d / 0.5)
				sum += w[k]
				if w[k] > w[best] {
					best = k
				}
			}
			g.Class[r*n+c] = best
			g.Confidence[r*n+c] = w[best] / sum
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var pts Points
	for i := range m {
		k := i % 3
		pts.X = append(pts.X, []float64{
			centres[k][0] + 0.45*rng.NormFloat64(),
			centres[k][1] + 0.3*rng.NormFloat64(),
		})
		pts.Y = append(pts.Y, k)
		pts.Test = append(pts.Test, i%4 == 3)
	}
	return g, pts
}

// testLossSeries returns n epochs of a train and a test loss shaped like a
// real run: exponential decay to a floor, the test loss flattening higher
// and rising slowly (overfitting), each with a small wobble.
func testLossSeries(n int) []Series {
	train := Series{Name: "train"}
	test := Series{Name: "test"}
	for i := range n {
		x := float64(i)
		train.Y = append(train.Y, 1.1*math.Exp(-x/30)+0.05+0.02*math.Sin(x))
		test.Y = append(test.Y, 1.1*math.Exp(-x/35)+0.12+0.001*x+0.03*math.Cos(1.3*x))
	}
	return []Series{train, test}
}

// vgNaN is a NaN length.
func vgNaN() vg.Length { return vg.Length(math.NaN()) }

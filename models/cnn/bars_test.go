package cnn_test

import (
	"math"
	"math/rand/v2"
)

// bars returns n synthetic side×side pictures, each of a bright bar on a
// dark background with Gaussian pixel noise of standard deviation noise,
// and its label: the index in angles (degrees, anticlockwise from
// horizontal) of the bar's direction. Labels take turns, so every class has
// n/len(angles) pictures (up to one). The bar's centre is anywhere in the
// middle half of the picture and its length is from half to 0.8 of the
// side, so a class cannot be told by where the bar is or how long it is.
func bars(n, side int, angles []float64, noise float64, rng *rand.Rand) ([][]float64, []int) {
	X := make([][]float64, n)
	y := make([]int, n)
	s := float64(side)
	for i := range n {
		y[i] = i % len(angles)
		theta := angles[y[i]] * math.Pi / 180
		// Picture y grows downwards, so "anticlockwise" needs −sin.
		dx, dy := math.Cos(theta), -math.Sin(theta)
		cx, cy := s*(0.25+0.5*rng.Float64()), s*(0.25+0.5*rng.Float64())
		half := s * (0.5 + 0.3*rng.Float64()) / 2
		img := make([]float64, side*side)
		for py := range side {
			for px := range side {
				// Distance from the pixel's centre to the segment
				// centre ± half·(dx, dy).
				vx, vy := float64(px)+0.5-cx, float64(py)+0.5-cy
				t := max(-half, min(half, vx*dx+vy*dy))
				d := math.Hypot(vx-t*dx, vy-t*dy)
				// Full brightness within half a pixel of the line, fading
				// to dark 1.5 pixels away: a bar about two pixels wide.
				v := min(1, max(0, 1.5-d))
				v += noise * rng.NormFloat64()
				img[py*side+px] = min(1, max(0, v))
			}
		}
		X[i] = img
	}
	return X, y
}

// threeBars are the classes of the learning test: horizontal, vertical and
// diagonal bars.
var threeBars = []float64{0, 90, 45}

// tenBars are ten directions 18° apart, for the benchmarks' ten classes.
var tenBars = []float64{0, 18, 36, 54, 72, 90, 108, 126, 144, 162}

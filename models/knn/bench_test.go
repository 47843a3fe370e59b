package knn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/knn"
)

// fitted1000 returns a default classifier (k = 5, Euclidean, uniform) on
// 1,000 points of two moons with noise 0.1.
func fitted1000(b *testing.B) *knn.Classifier {
	b.Helper()
	data := datasets.Moons(1000, 0.1, rand.New(rand.NewPCG(1, 0)))
	m, err := knn.Fit(data.X, data.Y, knn.Config{})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkPredict1000Train times one query against 1,000 stored 2-D rows.
func BenchmarkPredict1000Train(b *testing.B) {
	m := fitted1000(b)
	q := [][]float64{{0.5, 0.25}}
	b.ReportAllocs()
	for b.Loop() {
		if m.Predict(q) == nil {
			b.Fatal("no prediction")
		}
	}
}

// BenchmarkPredict1000TrainGrid2500 times the class probabilities of a
// 50×50 grid over the moons' square against 1,000 stored rows: what a
// decision-region plot needs.
func BenchmarkPredict1000TrainGrid2500(b *testing.B) {
	m := fitted1000(b)
	const side = 50
	grid := make([][]float64, 0, side*side)
	for i := range side {
		for j := range side {
			// x1 over [-1.5, 2.5], x2 over [-1, 1.5]: the moons and a margin.
			grid = append(grid, []float64{-1.5 + 4*float64(i)/(side-1), -1 + 2.5*float64(j)/(side-1)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if m.Probabilities(grid) == nil {
			b.Fatal("no probabilities")
		}
	}
}

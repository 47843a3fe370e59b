package tree_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/tree"
)

// BenchmarkFitMoons1000 times growing a default tree (Gini, depth 5) on
// 1,000 points of two moons with noise 0.1.
func BenchmarkFitMoons1000(b *testing.B) {
	data := datasets.Moons(1000, 0.1, rand.New(rand.NewPCG(1, 0)))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tree.Fit(ctx, data.X, data.Y, tree.Config{}, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGrowStepsMoons1000 times growing the same tree one step at a
// time, taking a copy of the tree after every step as a UI would.
func BenchmarkGrowStepsMoons1000(b *testing.B) {
	data := datasets.Moons(1000, 0.1, rand.New(rand.NewPCG(1, 0)))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		g, err := tree.NewGrower(data.X, data.Y, tree.Config{}, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.Grow(ctx, func(*tree.Tree) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictGrid2500 times the class probabilities of a 50×50 grid
// over the moons' square from a default tree.
func BenchmarkPredictGrid2500(b *testing.B) {
	data := datasets.Moons(1000, 0.1, rand.New(rand.NewPCG(1, 0)))
	t, err := tree.Fit(context.Background(), data.X, data.Y, tree.Config{}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
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
		if t.Probabilities(grid) == nil {
			b.Fatal("no probabilities")
		}
	}
}

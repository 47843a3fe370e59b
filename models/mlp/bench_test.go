package mlp_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// moonsNet returns the benchmarks' network, a 2-16-2 ReLU MLP, from rng.
func moonsNet(b *testing.B, rng *rand.Rand) *mlp.Network {
	b.Helper()
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{16}, Classes: 2, Activation: mlp.ReLU}, rng)
	if err != nil {
		b.Fatal(err)
	}
	return net
}

// BenchmarkEpochMoons700 times one epoch of Adam with batches of 32 on 700
// rows of two moons (noise 0.1): 22 steps, the last of 28 rows. It is the
// setting of the scikit-learn and TensorFlow.js figures in BENCHMARKS.md.
func BenchmarkEpochMoons700(b *testing.B) {
	xTrain, yTrain, _, _ := moons(1)
	rng := rand.New(rand.NewPCG(2, 0))
	tr, err := mlp.NewTrainer(moonsNet(b, rng), xTrain, yTrain, mlp.TrainConfig{Optimizer: mlp.Adam, BatchSize: 32}, rng)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Epoch(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMoons200Epochs times the whole lesson: a fresh network trained
// for 200 epochs on 700 rows of two moons, then scored on the other 300,
// which must reach 95%.
func BenchmarkMoons200Epochs(b *testing.B) {
	xTrain, yTrain, xTest, yTest := moons(1)
	ctx := context.Background()
	var acc float64
	b.ReportAllocs()
	for b.Loop() {
		rng := rand.New(rand.NewPCG(2, 0))
		net := moonsNet(b, rng)
		if err := mlp.Train(ctx, net, xTrain, yTrain, 200, mlp.TrainConfig{}, rng, nil); err != nil {
			b.Fatal(err)
		}
		acc = net.Accuracy(xTest, yTest)
	}
	if acc < 0.95 {
		b.Fatalf("test accuracy %.3f after 200 epochs, want at least 0.95", acc)
	}
	b.ReportMetric(acc, "test-acc")
}

// BenchmarkProbabilitiesGrid2500 times the class probabilities of a 50×50
// grid of points over the moons' square, what a decision-region plot needs,
// from a trained network.
func BenchmarkProbabilitiesGrid2500(b *testing.B) {
	data := datasets.Moons(700, 0.1, rand.New(rand.NewPCG(1, 0)))
	rng := rand.New(rand.NewPCG(2, 0))
	net := moonsNet(b, rng)
	if err := mlp.Train(context.Background(), net, data.X, data.Y, 20, mlp.TrainConfig{}, rng, nil); err != nil {
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
		if p := net.Probabilities(grid); len(p) != len(grid) {
			b.Fatalf("%d probability rows for %d points", len(p), len(grid))
		}
	}
}

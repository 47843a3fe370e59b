package cnn_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// benchConfig is the realistic network for 16×16 pictures: 8
// filters 3×3 and 2×2 pooling, then 16 filters 3×3 and pooling, then a
// dense output layer for 10 classes.
func benchConfig(p cnn.Padding) cnn.Config {
	return cnn.Config{Width: 16, Height: 16, Classes: 10, Filters: []int{8, 16}, Kernel: 3, Padding: p}
}

func benchEpoch(b *testing.B, p cnn.Padding) {
	X, y := bars(5000, 16, tenBars, 0.1, rand.New(rand.NewPCG(1, 0)))
	rng := rand.New(rand.NewPCG(2, 0))
	net, err := cnn.New(benchConfig(p), rng)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := cnn.NewTrainer(net, X, y, mlp.TrainConfig{BatchSize: 32}, rng)
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

// BenchmarkEpoch5000x16x16 times one epoch of Adam with batches of 32 on
// 5,000 16×16 pictures (157 steps) through the realistic network with valid
// padding (16×16 → 8@14×14 → 8@7×7 → 16@5×5 → 16@2×2 → 10). The issue's
// target is under 0.3 s on one core: run with -cpu 1.
func BenchmarkEpoch5000x16x16(b *testing.B) { benchEpoch(b, cnn.Valid) }

// BenchmarkEpoch5000x16x16Same is the same with same padding (16×16 →
// 8@16×16 → 8@8×8 → 16@8×8 → 16@4×4 → 10): about 2.3 times the
// multiplications.
func BenchmarkEpoch5000x16x16Same(b *testing.B) { benchEpoch(b, cnn.Same) }

// trainedBenchNet returns the realistic network after one epoch on 5,000
// bar pictures, and 1,000 other pictures to predict.
func trainedBenchNet(b *testing.B) (*cnn.Network, [][]float64) {
	b.Helper()
	X, y := bars(6000, 16, tenBars, 0.1, rand.New(rand.NewPCG(1, 0)))
	rng := rand.New(rand.NewPCG(2, 0))
	net, err := cnn.New(benchConfig(cnn.Valid), rng)
	if err != nil {
		b.Fatal(err)
	}
	if err := cnn.Train(context.Background(), net, X[:5000], y[:5000], 1, mlp.TrainConfig{}, rng, nil); err != nil {
		b.Fatal(err)
	}
	return net, X[5000:]
}

// BenchmarkPredictOne16x16 times the class probabilities of one 16×16
// picture, what the interface asks for when a student draws a digit.
func BenchmarkPredictOne16x16(b *testing.B) {
	net, X := trainedBenchNet(b)
	one := X[:1]
	b.ReportAllocs()
	for b.Loop() {
		if p := net.Probabilities(one); len(p) != 1 {
			b.Fatal("no probabilities")
		}
	}
}

// BenchmarkPredict1000x16x16 times the probabilities of 1,000 pictures, as
// for scoring a test set.
func BenchmarkPredict1000x16x16(b *testing.B) {
	net, X := trainedBenchNet(b)
	b.ReportAllocs()
	for b.Loop() {
		if p := net.Probabilities(X); len(p) != len(X) {
			b.Fatal("wrong number of probabilities")
		}
	}
}

// BenchmarkFeatureMaps16x16 times the feature maps of one picture, what
// the interface asks for to show what the filters see.
func BenchmarkFeatureMaps16x16(b *testing.B) {
	net, X := trainedBenchNet(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := net.FeatureMaps(X[0]); err != nil {
			b.Fatal(err)
		}
	}
}

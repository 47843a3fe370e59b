package bayes_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/bayes"
)

// BenchmarkGaussianFitPredict1000 times fitting Gaussian naive Bayes on
// 1,000 points of two blobs and predicting all of them.
func BenchmarkGaussianFitPredict1000(b *testing.B) {
	data := datasets.Blobs(1000, 0.1, rand.New(rand.NewPCG(1, 0)))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		g, err := bayes.FitGaussian(ctx, data.X, data.Y, bayes.GaussianConfig{})
		if err != nil {
			b.Fatal(err)
		}
		if g.Predict(data.X) == nil {
			b.Fatal("no predictions")
		}
	}
}

// BenchmarkMultinomialFitPredict1000x500 times fitting multinomial naive
// Bayes on 1,000 documents over a 500-word vocabulary, two classes, each
// document 30 words long (so most counts are 0, as in real text), and
// predicting all of them.
func BenchmarkMultinomialFitPredict1000x500(b *testing.B) {
	const docs, vocab, length = 1000, 500, 30
	rng := rand.New(rand.NewPCG(1, 0))
	X := make([][]float64, docs)
	y := make([]int, docs)
	for i := range X {
		y[i] = i % 2
		X[i] = make([]float64, vocab)
		for range length {
			// Class 1 favours the first half of the vocabulary.
			w := rng.IntN(vocab)
			if y[i] == 1 && rng.IntN(2) == 0 {
				w = rng.IntN(vocab / 2)
			}
			X[i][w]++
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m, err := bayes.FitMultinomial(ctx, X, y, nil, bayes.MultinomialConfig{})
		if err != nil {
			b.Fatal(err)
		}
		if m.Predict(X) == nil {
			b.Fatal("no predictions")
		}
	}
}

package charlm_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/models/charlm"
)

// benchWords returns the benchmarks' 300 training words: the first 300
// Kazakh names, in lower case.
func benchWords(b *testing.B) []string {
	train, val, _ := namesData(b, "names-kk")
	return slices.Concat(train, val)[:300]
}

// BenchmarkEpochNames300 times one epoch of Adam (batches of 32) of the
// default model (context 3, embeddings of 10, 64 hidden units) on 300
// Kazakh names (about 2,100 examples).
func BenchmarkEpochNames300(b *testing.B) {
	words := benchWords(b)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, charlm.Alphabet(words), rng)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := charlm.NewTrainer(m, words, charlm.TrainConfig{}, rng)
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
	b.ReportMetric(float64(tr.Examples()), "examples/epoch")
}

// BenchmarkSample times writing words at temperature 1 with a model
// trained for 5 epochs, and reports letters written per second.
func BenchmarkSample(b *testing.B) {
	words := benchWords(b)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, charlm.Alphabet(words), rng)
	if err != nil {
		b.Fatal(err)
	}
	if err := charlm.Train(context.Background(), m, words, 5, charlm.TrainConfig{}, rng, nil); err != nil {
		b.Fatal(err)
	}
	chars := 0
	b.ReportAllocs()
	for b.Loop() {
		w, err := m.Sample(rng, "", charlm.SampleConfig{Temperature: 1})
		if err != nil {
			b.Fatal(err)
		}
		chars += utf8.RuneCountInString(w) + 1 // the end is drawn too
	}
	b.ReportMetric(float64(chars)/b.Elapsed().Seconds(), "chars/s")
}

package ngram_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/ngram"
)

// benchDocs returns the story's 56 sentences 20 times over: 1120
// documents, about 10,000 words, the size of a class's corpus.
func benchDocs() [][]string {
	one := sentences(story)
	var docs [][]string
	for range 20 {
		docs = append(docs, one...)
	}
	return docs
}

func benchmarkTrain(b *testing.B, n int) {
	docs := benchDocs()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ngram.Train(ctx, docs, ngram.Config{N: n}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrainBigram10kWords times training a bigram model on about
// 10,000 words.
func BenchmarkTrainBigram10kWords(b *testing.B) { benchmarkTrain(b, 2) }

// BenchmarkTrainFourgram10kWords times training a 4-gram model on the
// same words.
func BenchmarkTrainFourgram10kWords(b *testing.B) { benchmarkTrain(b, 4) }

// corpusModel returns a bigram model of the facts and sentiment corpora
// of all three languages: about 1,900 sentences and 6,000 words of
// vocabulary.
func corpusModel(b *testing.B) *ngram.Model {
	var docs [][]string
	for _, kind := range []string{"facts", "sentiment"} {
		for _, lang := range []string{"kk", "ru", "en"} {
			c, err := datasets.LoadCorpus(kind + "-" + lang)
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range c.Texts {
				docs = append(docs, sentences(s)...)
			}
		}
	}
	m, err := ngram.Train(context.Background(), docs, ngram.Config{N: 2})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchmarkSample times continuing "the" by up to 20 words with the
// corpus model.
func benchmarkSample(b *testing.B, cfg ngram.SampleConfig) {
	m := corpusModel(b)
	rng := rand.New(rand.NewPCG(1, 0))
	cfg.MaxTokens = 20
	words := 0
	b.ReportAllocs()
	for b.Loop() {
		s, err := m.Sample(rng, []string{"the"}, cfg)
		if err != nil {
			b.Fatal(err)
		}
		words += len(s)
	}
	b.ReportMetric(float64(words)/float64(b.N), "words/op")
}

// BenchmarkSample20Greedy times a greedy continuation of up to 20 words.
func BenchmarkSample20Greedy(b *testing.B) { benchmarkSample(b, ngram.SampleConfig{}) }

// BenchmarkSample20Temperature1 times drawing up to 20 words from the
// whole distribution.
func BenchmarkSample20Temperature1(b *testing.B) {
	benchmarkSample(b, ngram.SampleConfig{Temperature: 1})
}

// BenchmarkSample20TopK10 times drawing up to 20 words among the 10 most
// probable.
func BenchmarkSample20TopK10(b *testing.B) {
	benchmarkSample(b, ngram.SampleConfig{Temperature: 1, TopK: 10})
}

// BenchmarkPerplexity10kWords times the perplexity of a bigram model on
// its own 10,000 training words.
func BenchmarkPerplexity10kWords(b *testing.B) {
	docs := benchDocs()
	m, err := ngram.Train(context.Background(), docs, ngram.Config{N: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Perplexity(docs); err != nil {
			b.Fatal(err)
		}
	}
}

package tokenize_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models/tokenize"
)

// BenchmarkTrainBPEOwnTexts times BPE training (vocabulary 250) on the
// 26 short texts of texts_test.go, about 3 KB: the size of what a class
// types in a lesson.
func BenchmarkTrainBPEOwnTexts(b *testing.B) {
	texts := allTexts()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tokenize.TrainBPE(ctx, texts, tokenize.Config{VocabSize: 250}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchmarkEncode times encoding the own texts with a tokenizer of kind
// trained on them; b.SetBytes makes the result a throughput in MB/s.
func benchmarkEncode(b *testing.B, kind string) {
	texts := allTexts()
	tok := train(b, kind, texts, tokenize.Config{VocabSize: 250})
	text := strings.Join(texts, "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tok.Encode(text)
	}
}

// BenchmarkEncodeChar times the character tokenizer.
func BenchmarkEncodeChar(b *testing.B) { benchmarkEncode(b, tokenize.KindChar) }

// BenchmarkEncodeWord times the word tokenizer.
func BenchmarkEncodeWord(b *testing.B) { benchmarkEncode(b, tokenize.KindWord) }

// BenchmarkEncodeBPE times the BPE tokenizer (vocabulary 250).
func BenchmarkEncodeBPE(b *testing.B) { benchmarkEncode(b, tokenize.KindBPE) }

package tokenize_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/tokenize"
)

// corpora loads every built-in corpus or fails the test.
func corpora(t testing.TB) []*datasets.Corpus {
	t.Helper()
	infos := datasets.Corpora()
	if len(infos) == 0 {
		t.Fatal("no built-in corpora")
	}
	var out []*datasets.Corpus
	for _, info := range infos {
		c, err := datasets.LoadCorpus(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// corpusTexts returns the texts of all corpora.
func corpusTexts(cs []*datasets.Corpus) []string {
	var all []string
	for _, c := range cs {
		all = append(all, c.Texts...)
	}
	return all
}

// TestRoundTripAllCorpora trains each kind on all the built-in corpora at
// once and checks that every sentence of every corpus decodes back to
// itself, with no unknown token.
func TestRoundTripAllCorpora(t *testing.T) {
	cs := corpora(t)
	all := corpusTexts(cs)
	for _, kind := range tokenize.Kinds() {
		cfg := tokenize.Config{VocabSize: 1000}
		if kind == tokenize.KindWord {
			cfg.VocabSize = tokenize.MaxVocabSize // every word, so none is unknown
		}
		tok := train(t, kind, all, cfg)
		for _, c := range cs {
			for _, s := range c.Texts {
				checkRoundTrip(t, tok, s)
			}
		}
		t.Logf("%s: vocabulary %d, %d texts round-trip", kind, tok.VocabSize(), len(all))
	}
}

// TestTokensPerWordByLanguage measures the lesson "a tokenizer splits
// Kazakh into more pieces than English": one BPE tokenizer is trained on
// the Kazakh, Russian and English corpora together, and each language's
// texts are then counted.
func TestTokensPerWordByLanguage(t *testing.T) {
	cs := corpora(t)
	b := trainBPE(t, corpusTexts(cs), tokenize.Config{VocabSize: 1000})
	byLang := map[string][]string{}
	for _, c := range cs {
		byLang[string(c.Lang)] = append(byLang[string(c.Lang)], c.Texts...)
	}
	stats := map[string]tokenize.TextStats{}
	for _, lang := range []string{"kk", "ru", "en"} {
		stats[lang] = tokenize.Stats(b, byLang[lang])
		s := stats[lang]
		t.Logf("%s: %d words, %d characters, %d tokens: %.2f tokens per word, %.2f characters per token",
			lang, s.Words, s.Characters, s.Tokens, s.TokensPerWord, s.CharactersPerToken)
	}
	if stats["kk"].TokensPerWord <= stats["en"].TokensPerWord {
		t.Errorf("Kazakh %.2f tokens per word, English %.2f: want Kazakh higher", stats["kk"].TokensPerWord, stats["en"].TokensPerWord)
	}
}

// BenchmarkTrainBPEAllCorpora times BPE training (vocabulary 1000) on all
// the built-in corpora, about 150 KB.
func BenchmarkTrainBPEAllCorpora(b *testing.B) {
	all := corpusTexts(corpora(b))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tokenize.TrainBPE(ctx, all, tokenize.Config{VocabSize: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

// oneMB returns the texts of all corpora repeated until they hold at least
// 1 MB. Repeating changes the counts, not the distinct words, so BPE makes
// the same kind of merges, with counting work for 1 MB.
func oneMB(b *testing.B) []string {
	all := corpusTexts(corpora(b))
	var out []string
	size := 0
	for size < 1<<20 {
		for _, s := range all {
			out = append(out, s)
			size += len(s)
		}
	}
	return out
}

// BenchmarkTrainBPE1MB times BPE training (vocabulary 1000) on 1 MB.
func BenchmarkTrainBPE1MB(b *testing.B) {
	texts := oneMB(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tokenize.TrainBPE(ctx, texts, tokenize.Config{VocabSize: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeBPEAllCorpora times encoding all the corpora with a BPE
// tokenizer of 1000 entries trained on them.
func BenchmarkEncodeBPEAllCorpora(b *testing.B) {
	all := corpusTexts(corpora(b))
	tok := trainBPE(b, all, tokenize.Config{VocabSize: 1000})
	text := strings.Join(all, "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tok.Encode(text)
	}
}

package tokenize_test

import (
	"context"
	"fmt"

	"github.com/aisandbox/aisandbox/models/tokenize"
)

// The three tokenizers cut the same sentence into very different numbers
// of tokens. "кітаптар" was never seen: the word tokenizer loses it as
// [UNK], BPE spells it from pieces it knows.
func ExampleTrain() {
	texts := []string{
		"Біз кітап оқимыз. Кітаптарымыз көп.",
		"Біз кітап оқимыз, сен кітап оқисың.",
	}
	for _, kind := range tokenize.Kinds() {
		tok, err := tokenize.Train(context.Background(), kind, texts, tokenize.Config{})
		if err != nil {
			fmt.Println(err)
			return
		}
		var pieces []string
		for _, t := range tok.Encode("Біз кітаптар оқимыз.") {
			p := tokenize.Visible(t.Text)
			if t.ID == tokenize.UnkID {
				p = tokenize.Unk
			}
			pieces = append(pieces, p)
		}
		fmt.Printf("%s: %d tokens %q\n", kind, len(pieces), pieces)
	}
	// Output:
	// char: 20 tokens ["Б" "і" "з" "▁" "к" "і" "т" "а" "п" "т" "а" "р" "▁" "о" "қ" "и" "м" "ы" "з" "."]
	// word: 6 tokens ["Біз" "▁" "[UNK]" "▁" "оқимыз" "."]
	// bpe: 6 tokens ["Біз" "▁кітап" "та" "р" "▁оқимыз" "."]
}

// BPE learns its vocabulary one merge at a time: the most frequent pair
// of neighbouring pieces becomes a new piece.
func ExampleBPETrainer_Step() {
	texts := []string{"оқу оқушы оқулық оқимыз"}
	tr, err := tokenize.NewBPETrainer(context.Background(), texts, tokenize.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		m, ok := tr.Step()
		if !ok {
			break
		}
		fmt.Printf("%s + %s → %s (%d times)\n", tokenize.Visible(m.Left), tokenize.Visible(m.Right), tokenize.Visible(m.Left+m.Right), m.Count)
	}
	// Output:
	// о + қ → оқ (4 times)
	// ▁ + оқ → ▁оқ (3 times)
	// ▁оқ + у → ▁оқу (2 times)
}

// Stats shows how many tokens a tokenizer needs per word.
func ExampleStats() {
	texts := []string{"Біз кітап оқимыз.", "We read books."}
	tok, err := tokenize.Train(context.Background(), "char", texts, tokenize.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range texts {
		st := tokenize.Stats(tok, []string{s})
		fmt.Printf("%q: %d words, %d tokens, %.1f tokens per word\n", s, st.Words, st.Tokens, st.TokensPerWord)
	}
	// Output:
	// "Біз кітап оқимыз.": 3 words, 17 tokens, 5.7 tokens per word
	// "We read books.": 3 words, 14 tokens, 4.7 tokens per word
}

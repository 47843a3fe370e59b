package ngram_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/aisandbox/aisandbox/models/ngram"
)

// A bigram model counts which word follows which, and continues a prompt
// with the most probable next word. It sees only one word back: after
// "сен кітап" it has forgotten "сен", so it cannot choose the ending
// "оқисың" that agrees with it. Of three equally likely endings it takes
// the first in its vocabulary.
func ExampleTrain() {
	var docs [][]string
	for _, s := range []string{
		"мен кітап оқимын",
		"мен хат жазамын",
		"сен кітап оқисың",
		"біз кітап оқимыз",
	} {
		docs = append(docs, strings.Fields(s))
	}
	m, err := ngram.Train(context.Background(), docs, ngram.Config{N: 2, K: 0.1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(кітап | мен) = %.3f\n", m.Prob([]string{"мен"}, "кітап"))
	fmt.Printf("P(хат | мен) = %.3f\n", m.Prob([]string{"мен"}, "хат"))
	for _, c := range m.Next([]string{"кітап"}, 2) {
		fmt.Printf("after кітап: %s %.3f\n", c.Word, c.Prob)
	}
	words, err := m.Sample(rand.New(rand.NewPCG(1, 0)), []string{"сен"}, ngram.SampleConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("greedy: сен", strings.Join(words, " "))
	// Output:
	// P(кітап | мен) = 0.355
	// P(хат | мен) = 0.355
	// after кітап: оқимыз 0.268
	// after кітап: оқимын 0.268
	// greedy: сен кітап оқимыз
}

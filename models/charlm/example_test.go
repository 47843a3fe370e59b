package charlm_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/aisandbox/aisandbox/models/charlm"
)

// Train on invented words with vowel harmony, compare with a bigram model,
// and write new words.
func ExampleTrain() {
	train, val, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(42, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d tokens, %d learnable numbers\n", m.VocabSize(), m.NumParams())
	before, _ := m.Loss(val)
	fmt.Printf("untrained: %.2f nats per character (ln %d = %.2f)\n", before, m.VocabSize(), math.Log(float64(m.VocabSize())))
	if err := charlm.Train(context.Background(), m, train, 5, charlm.TrainConfig{}, rng, nil); err != nil {
		fmt.Println(err)
		return
	}
	after, _ := m.Loss(val)
	fmt.Println("better than a bigram model:", after < bigramLoss(train, val, alphabet))
	greedy, _ := m.Sample(nil, "ku", charlm.SampleConfig{})
	fmt.Println("greedy after ku:", greedy)
	// Output:
	// 18 tokens, 3334 learnable numbers
	// untrained: 2.89 nats per character (ln 18 = 2.89)
	// better than a bigram model: true
	// greedy after ku: kuda
}

// Next shows what the model thinks may follow a beginning.
func ExampleModel_Next() {
	words := []string{"ana", "ara", "ata"}
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, charlm.Alphabet(words), rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := charlm.Train(context.Background(), m, words, 200, charlm.TrainConfig{}, rng, nil); err != nil {
		fmt.Println(err)
		return
	}
	// After "a" the three words go on with n, r or t: a third each.
	next, _ := m.Next("a")
	top := next[:3]
	slices.SortFunc(top, func(a, b charlm.Candidate) int { return int(a.Char - b.Char) })
	for _, c := range top {
		fmt.Printf("%c %.2f\n", c.Char, c.P)
	}
	// Output:
	// n 0.33
	// r 0.33
	// t 0.33
}

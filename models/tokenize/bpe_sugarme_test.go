//go:build sugarme

// This file checks our BPE encoder against github.com/sugarme/tokenizer
// v0.3.0, as models/mlp is checked against gorgonia. Its model/bpe package
// needs github.com/emirpasic/gods v1.18.1, which is not in go.sum, so the
// check runs only with the build tag sugarme:
//
//	go get github.com/emirpasic/gods@v1.18.1   # once, adds it to go.sum
//	go test -tags sugarme ./models/tokenize

package tokenize_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sugarme/tokenizer/model"
	"github.com/sugarme/tokenizer/model/bpe"

	"github.com/aisandbox/aisandbox/models/tokenize"
)

// sugarmeIDs encodes one piece with the library's BPE model, turning a
// panic into an error.
func sugarmeIDs(lib *bpe.BPE, piece string) (ids []int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sugarme/tokenizer panicked: %v", r)
		}
	}()
	tokens, err := lib.Tokenize(piece)
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		ids = append(ids, t.Id)
	}
	return ids, nil
}

// TestSugarmeEncodesAlike gives the library our vocabulary and merges and
// checks that it cuts every piece of every text, and of text it was not
// trained on, into the same ids as Encode.
func TestSugarmeEncodesAlike(t *testing.T) {
	corpus := allTexts()
	ours, err := tokenize.TrainBPE(context.Background(), corpus, tokenize.Config{VocabSize: 260})
	if err != nil {
		t.Fatal(err)
	}
	vocab := model.Vocab{}
	for id, p := range ours.Vocab() {
		vocab[p] = id
	}
	merges := bpe.Merges{}
	for rank, m := range ours.Merges() {
		merges[bpe.Pair{C1: vocab[m.Left], C2: vocab[m.Right]}] = bpe.PairVal{Rank: rank, NewId: vocab[m.Left+m.Right]}
	}
	lib := bpe.NewBPE(vocab, merges)
	unk := tokenize.Unk
	lib.UnkToken = &unk

	probe := append(slices.Clone(corpus), "Жаңа мәтін: модельдер, нейрондар және 😀 new models!")
	pieces := 0
	for _, s := range probe {
		for _, p := range tokenize.Pieces(tokenize.Normalize(s)) {
			want := ids(ours.Encode(p))
			got, err := sugarmeIDs(lib, p)
			if err != nil {
				t.Fatalf("%q: %v", p, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: sugarme %v, ours %v", p, got, want)
			}
			pieces++
		}
	}
	t.Logf("%d pieces encoded alike with %d merges", pieces, len(ours.Merges()))
}

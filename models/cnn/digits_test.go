package cnn_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// TestDigitsReach97Percent is the bar for the image model: the
// default network on the generated 16×16 digits, 97 % on held-out pictures.
func TestDigitsReach97Percent(t *testing.T) {
	imgs, err := datasets.Digits(5000, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := imgs.Split(0.3, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	net, err := cnn.New(cnn.Config{Width: 16, Height: 16, Classes: 10}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := cnn.NewTrainer(net, train.Pixels, train.Y, mlp.TrainConfig{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var acc float64
	for epoch := 1; epoch <= 15; epoch++ {
		if _, err := tr.Epoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		if acc = net.Accuracy(test.Pixels, test.Y); acc >= 0.97 {
			t.Logf("%.1f %% held out after %d epochs", 100*acc, epoch)
			return
		}
	}
	t.Errorf("held-out accuracy %.3f after 15 epochs, want ≥ 0.97", acc)
}

package charlm_test

// This file checks our forward pass and backpropagation against gorgonia,
// which builds the same network as a symbolic graph and differentiates it
// automatically.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"

	"github.com/aisandbox/aisandbox/models/charlm"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
)

// examplesOf returns the (context, target) pairs of words as charlm makes
// them, written out independently: block boundaries (token 0) in front,
// letters numbered from 1 in alphabet order, the end as token 0.
func examplesOf(words []string, alphabet string, block int) (ctx [][]int, target []int) {
	index := map[rune]int{}
	for i, r := range []rune(alphabet) {
		index[r] = i + 1
	}
	for _, w := range words {
		window := make([]int, block)
		for _, t := range append(tokensOf(w, index), 0) {
			ctx = append(ctx, slices.Clone(window))
			target = append(target, t)
			window = append(window[1:], t)
		}
	}
	return ctx, target
}

func tokensOf(w string, index map[rune]int) []int {
	var out []int
	for _, r := range w {
		out = append(out, index[r])
	}
	return out
}

// denseNode returns a node named name in g holding a copy of d.
func denseNode(g *G.ExprGraph, name string, d *mat.Dense) *G.Node {
	r, c := d.Dims()
	return gradcheck.Node(g, name, mat.DenseCopyOf(d).RawMatrix().Data, r, c)
}

// gorgoniaLoss builds the network with weights w as a gorgonia graph: the
// embedding lookup of context place j is a one-hot matrix (examples × V)
// times the embedding matrix, the places are concatenated side by side,
// then tanh(x·W1 + b1), logits h·W2 + b2, and the mean of −log-softmax at
// the targets. It runs the graph and returns the loss and the gradients of
// (embedding, W1, b1, W2, b2). Values come in through G.WithValue, never
// gorgonia's clock-seeded initialisers; a panic becomes an error.
func gorgoniaLoss(w charlm.Weights, ctx [][]int, target []int) (loss float64, grads [][]float64, err error) {
	n, block := len(ctx), len(ctx[0])
	v, _ := w.Embed.Dims()
	hidden := len(w.B1)
	onehotY, err := gradcheck.OneHot(target, v)
	if err != nil {
		return 0, nil, err
	}
	// The graph is built and run inside Build, under its mutex.
	_, err = gradcheck.Build(func(g *G.ExprGraph) error {
		embed := denseNode(g, "C", w.Embed)
		w1 := denseNode(g, "W1", w.W1)
		b1 := gradcheck.Node(g, "b1", w.B1, hidden)
		w2 := denseNode(g, "W2", w.W2)
		b2 := gradcheck.Node(g, "b2", w.B2, v)
		learnables := G.Nodes{embed, w1, b1, w2, b2}

		var places G.Nodes
		for j := range block {
			onehot := make([]float64, n*v)
			for i := range n {
				onehot[i*v+ctx[i][j]] = 1
			}
			oh := gradcheck.Node(g, fmt.Sprintf("onehot%d", j), onehot, n, v)
			e, err := G.Mul(oh, embed)
			if err != nil {
				return fmt.Errorf("lookup %d: %w", j, err)
			}
			places = append(places, e)
		}
		x := places[0]
		if block > 1 {
			var err error
			if x, err = G.Concat(1, places...); err != nil {
				return fmt.Errorf("concat: %w", err)
			}
		}
		a, err := gradcheck.Affine(x, w1, b1)
		if err != nil {
			return err
		}
		h, err := G.Tanh(a)
		if err != nil {
			return err
		}
		z, err := gradcheck.Affine(h, w2, b2)
		if err != nil {
			return err
		}
		cost, err := gradcheck.CrossEntropy(z, gradcheck.Node(g, "y", onehotY, n, v), n)
		if err != nil {
			return err
		}
		gradNodes, err := G.Grad(cost, learnables...)
		if err != nil {
			return fmt.Errorf("grad: %w", err)
		}
		vm := G.NewTapeMachine(g)
		defer vm.Close()
		if err := gradcheck.Run(vm); err != nil {
			return err
		}
		lv, err := gradcheck.Float64s(cost.Value())
		if err != nil {
			return fmt.Errorf("cost: %w", err)
		}
		loss = lv[0]
		for _, gn := range gradNodes {
			d, err := gradcheck.Float64s(gn.Value())
			if err != nil {
				return fmt.Errorf("gradient: %w", err)
			}
			grads = append(grads, slices.Clone(d))
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return loss, grads, nil
}

// TestMatchesGorgonia compares loss and every gradient with gorgonia's for
// random weights, for contexts of 1 to 3. The two compute the same float64
// operations in different orders, so they agree to about 1e-15 relative;
// 1e-8 is the bound, far below any real mistake.
func TestMatchesGorgonia(t *testing.T) {
	words := []string{"ana", "bab", "cabbac", "c", "қа"}
	alphabet := charlm.Alphabet(words)
	for _, cfg := range []charlm.Config{
		{BlockSize: 1, Embedding: 2, Hidden: 3},
		{BlockSize: 2, Embedding: 3, Hidden: 5},
		{BlockSize: 3, Embedding: 4, Hidden: 6},
	} {
		t.Run(fmt.Sprintf("block%d", cfg.BlockSize), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(cfg.BlockSize)))
			m, err := charlm.New(cfg, alphabet, rng)
			if err != nil {
				t.Fatal(err)
			}
			randomWeights(t, m, rng)
			loss, grads, err := m.LossAndGradients(words)
			if err != nil {
				t.Fatal(err)
			}
			ctx, target := examplesOf(words, alphabet, cfg.BlockSize)
			refLoss, refGrads, err := gorgoniaLoss(m.Weights(), ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-8*max(math.Abs(a), math.Abs(b), 1e-3) }
			if !close(loss, refLoss) {
				t.Errorf("loss %.17g, gorgonia %.17g", loss, refLoss)
			}
			ours := [][]float64{grads.Embed.RawMatrix().Data, grads.W1.RawMatrix().Data, grads.B1, grads.W2.RawMatrix().Data, grads.B2}
			for b, name := range []string{"embedding", "W1", "b1", "W2", "b2"} {
				if len(ours[b]) != len(refGrads[b]) {
					t.Fatalf("%s: %d gradients, gorgonia %d", name, len(ours[b]), len(refGrads[b]))
				}
				for i := range ours[b] {
					if !close(ours[b][i], refGrads[b][i]) {
						t.Errorf("∂loss/∂%s[%d] = %.17g, gorgonia %.17g", name, i, ours[b][i], refGrads[b][i])
					}
				}
			}
		})
	}
}

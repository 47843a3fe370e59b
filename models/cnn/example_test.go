package cnn_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// lines returns n 8×8 pictures of one bright line, horizontal (label 0) or
// vertical (label 1), in a random row or column, on faint random noise.
func lines(n int, rng *rand.Rand) ([][]float64, []int) {
	X, y := make([][]float64, n), make([]int, n)
	for i := range n {
		img := make([]float64, 64)
		for j := range img {
			img[j] = 0.2 * rng.Float64()
		}
		y[i] = rng.IntN(2)
		at := rng.IntN(8)
		for k := range 8 {
			if y[i] == 0 {
				img[at*8+k] = 1
			} else {
				img[k*8+at] = 1
			}
		}
		X[i] = img
	}
	return X, y
}

// A network with one block of 4 filters learns to tell horizontal lines
// from vertical ones, wherever they are.
func ExampleTrain() {
	rng := rand.New(rand.NewPCG(1, 0))
	X, y := lines(300, rng)
	net, err := cnn.New(cnn.Config{Width: 8, Height: 8, Classes: 2, Filters: []int{4}}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = cnn.Train(context.Background(), net, X, y, 3, mlp.TrainConfig{}, rng, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	xTest, yTest := lines(100, rng)
	fmt.Printf("accuracy on new pictures: %.2f\n", net.Accuracy(xTest, yTest))
	// Output:
	// accuracy on new pictures: 1.00
}

// Stages shows how a 28×28 picture shrinks through two blocks of 3×3
// filters with valid padding and 2×2 pooling, and where the weights are.
func ExampleNetwork_Stages() {
	net, err := cnn.New(cnn.Config{Width: 28, Height: 28, Classes: 10, Hidden: 32}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range net.Stages() {
		fmt.Printf("%-8s %2d × %2d×%-2d %6d weights\n", s.Name, s.Channels, s.Height, s.Width, s.Params)
	}
	fmt.Println("total", net.NumParams())
	// Output:
	// input     1 × 28×28      0 weights
	// conv1     8 × 26×26     80 weights
	// pool1     8 × 13×13      0 weights
	// conv2    16 × 11×11   1168 weights
	// pool2    16 ×  5×5       0 weights
	// flatten  400 ×  1×1       0 weights
	// hidden   32 ×  1×1   12832 weights
	// output   10 ×  1×1     330 weights
	// total 14410
}

// A hand-made filter that answers horizontal strokes: +1 on its middle row,
// −0.5 above and below. On a picture with one bright row it lights up only
// where its middle row lies on that row.
func ExampleNetwork_FeatureMaps() {
	net, err := cnn.New(cnn.Config{Width: 5, Height: 5, Classes: 2, Filters: []int{1}}, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		fmt.Println(err)
		return
	}
	ps := net.Params()
	copy(ps[0].Values, []float64{ // conv1.weights: 1 filter × 1 channel × 3×3
		-0.5, -0.5, -0.5,
		1, 1, 1,
		-0.5, -0.5, -0.5,
	})
	if err := net.SetParams(ps); err != nil {
		fmt.Println(err)
		return
	}
	picture := []float64{
		0, 0, 0, 0, 0,
		0, 0, 0, 0, 0,
		1, 1, 1, 1, 1,
		0, 0, 0, 0, 0,
		0, 0, 0, 0, 0,
	}
	maps, err := net.FeatureMaps(picture)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := maps[0].Conv
	for y := range m.Height {
		fmt.Println(m.Values[0][y*m.Width : (y+1)*m.Width])
	}
	fmt.Println("pooled:", maps[0].Pooled.Values[0])
	// Output:
	// [0 0 0]
	// [3 3 3]
	// [0 0 0]
	// pooled: [3]
}

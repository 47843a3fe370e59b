package mlp_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// A network with one hidden layer of 8 tanh units learns XOR, which no
// straight line can separate.
func ExampleTrain() {
	rng := rand.New(rand.NewPCG(42, 0))
	data := datasets.XOR(200, 0.05, rng)
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{8}, Classes: 2, Activation: mlp.Tanh}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = mlp.Train(context.Background(), net, data.X, data.Y, 100, mlp.TrainConfig{}, rng, func(epoch int, loss float64) {
		if epoch%50 == 0 {
			fmt.Printf("epoch %d: accuracy %.2f\n", epoch, net.Accuracy(data.X, data.Y))
		}
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// epoch 50: accuracy 0.98
	// epoch 100: accuracy 0.99
}

// With no hidden layer the network is softmax (logistic) regression: one
// straight boundary. It separates two blobs, but on XOR it does little
// better than guessing.
func ExampleNew_logistic() {
	for _, data := range []*datasets.Table{
		datasets.Blobs(200, 0.1, rand.New(rand.NewPCG(1, 0))),
		datasets.XOR(200, 0.1, rand.New(rand.NewPCG(1, 0))),
	} {
		rng := rand.New(rand.NewPCG(2, 0))
		net, err := mlp.New(mlp.Config{Inputs: 2, Classes: 2}, rng)
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := mlp.Train(context.Background(), net, data.X, data.Y, 100, mlp.TrainConfig{}, rng, nil); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %d weights and biases, accuracy above 90%%: %v\n", data.Name, net.NumParams(), net.Accuracy(data.X, data.Y) > 0.9)
	}
	// Output:
	// blobs: 6 weights and biases, accuracy above 90%: true
	// xor: 6 weights and biases, accuracy above 90%: false
}

// A trained network gives a probability for every class; Predict picks the
// most probable.
func ExampleNetwork_Probabilities() {
	rng := rand.New(rand.NewPCG(3, 0))
	data := datasets.Blobs(200, 0, rng)
	net, err := mlp.New(mlp.Config{Inputs: 2, Hidden: []int{4}, Classes: 2}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := mlp.Train(context.Background(), net, data.X, data.Y, 50, mlp.TrainConfig{}, rng, nil); err != nil {
		fmt.Println(err)
		return
	}
	points := [][]float64{{-1, -1}, {1, 1}}
	for i, p := range net.Probabilities(points) {
		fmt.Printf("%v: class %s, P(A) > 0.9: %v\n", points[i], data.Classes[net.Predict(points)[i]], p[0] > 0.9)
	}
	// Output:
	// [-1 -1]: class A, P(A) > 0.9: true
	// [1 1]: class B, P(A) > 0.9: false
}

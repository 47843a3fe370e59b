package knn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/knn"
)

// Five neighbours vote on each point of the two moons.
func ExampleFit() {
	rng := rand.New(rand.NewPCG(1, 0))
	train, test, err := datasets.Moons(1000, 0.1, rng).Split(0.3, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := knn.Fit(train.X, train.Y, knn.Config{K: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stores %d numbers; test accuracy above 95%%: %v\n", m.NumParams(), m.Accuracy(test.X, test.Y) > 0.95)
	// Output:
	// stores 2100 numbers; test accuracy above 95%: true
}

// The three nearest of four points vote; the shares of their votes are the
// probabilities.
func ExampleClassifier_Neighbors() {
	X := [][]float64{{0, 0}, {1, 0}, {0, 3}, {5, 5}}
	y := []int{0, 1, 1, 0}
	m, err := knn.Fit(X, y, knn.Config{K: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	query := []float64{0.4, 0}
	nb, err := m.Neighbors(query)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range nb {
		fmt.Printf("row %d, class %d, distance %.2f\n", n.Index, n.Label, n.Distance)
	}
	fmt.Printf("probabilities %.2f, class %d\n", m.Probabilities([][]float64{query})[0], m.Predict([][]float64{query})[0])
	// Output:
	// row 0, class 0, distance 0.40
	// row 1, class 1, distance 0.60
	// row 2, class 1, distance 3.03
	// probabilities [0.33 0.67], class 1
}

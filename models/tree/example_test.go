package tree_test

import (
	"context"
	"fmt"

	"github.com/aisandbox/aisandbox/models/tree"
)

// A tree grows one question at a time; after every step it is a working
// classifier.
func ExampleGrower() {
	X := [][]float64{{1, 4}, {2, 2}, {3, 8}, {4, 7}, {5, 6}, {6, 3}, {7, 1}, {8, 5}}
	y := []int{0, 0, 1, 0, 1, 0, 0, 1}
	g, err := tree.NewGrower(X, y, tree.Config{}, []string{"width", "height"}, []string{"apple", "pear"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		done, err := g.Step(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		t := g.Tree()
		fmt.Printf("after %d splits: training accuracy %.3f\n", g.Splits(), t.Accuracy(X, y))
		if done {
			fmt.Println(t)
			return
		}
	}
	// Output:
	// after 1 splits: training accuracy 0.875
	// after 2 splits: training accuracy 0.875
	// after 3 splits: training accuracy 1.000
	// if height <= 4.5 then apple (4 of 4)
	// if height > 4.5 and width <= 3.5 then pear (1 of 1)
	// if height > 4.5 and 3.5 < width <= 4.5 then apple (1 of 1)
	// if height > 4.5 and width > 4.5 then pear (2 of 2)
}

// Fit grows the whole tree at once; a depth limit keeps it short.
func ExampleFit() {
	X := [][]float64{{1, 4}, {2, 2}, {3, 8}, {4, 7}, {5, 6}, {6, 3}, {7, 1}, {8, 5}}
	y := []int{0, 0, 1, 0, 1, 0, 0, 1}
	t, err := tree.Fit(context.Background(), X, y, tree.Config{MaxDepth: 1, Criterion: tree.Entropy}, nil, []string{"apple", "pear"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rule := range t.Rules() {
		fmt.Println(rule)
	}
	fmt.Printf("the question lowered the entropy by %.3f bits\n", t.Root.Decrease())
	fmt.Printf("P(pear) for (6, 6): %.2f\n", t.Probabilities([][]float64{{6, 6}})[0][1])
	// Output:
	// if x2 <= 4.5 then apple (4 of 4)
	// if x2 > 4.5 then pear (3 of 4)
	// the question lowered the entropy by 0.549 bits
	// P(pear) for (6, 6): 0.75
}

package bayes_test

import (
	"context"
	"fmt"
	"math"

	"github.com/aisandbox/aisandbox/models/bayes"
)

// Word counts of five short messages train a spam filter; TopFeatures shows
// which words it relies on.
func ExampleFitMultinomial() {
	words := []string{"free", "money", "meeting", "lunch"}
	counts := [][]float64{
		{0, 0, 2, 1}, // "meeting meeting lunch": ham
		{2, 1, 0, 0}, // "free free money": spam
		{1, 0, 1, 2}, // ham
		{1, 2, 0, 1}, // spam
		{0, 1, 1, 1}, // ham
	}
	labels := []int{0, 1, 0, 1, 0}
	m, err := bayes.FitMultinomial(context.Background(), counts, labels, words, bayes.MultinomialConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := m.Probabilities([][]float64{{1, 1, 0, 1}})[0]
	fmt.Printf("P(spam | free money lunch) = %.3f\n", p[1])
	top, err := m.TopFeatures(1, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range top {
		fmt.Printf("%s: %.2f times as likely in spam\n", f.Name, math.Exp(f.LogRatio))
	}
	// Output:
	// P(spam | free money lunch) = 0.687
	// free: 2.55 times as likely in spam
	// money: 2.55 times as likely in spam
}

// Gaussian naive Bayes learns a mean and a variance per class and feature.
func ExampleFitGaussian() {
	heights := [][]float64{{150}, {158}, {162}, {175}, {180}, {185}}
	labels := []int{0, 0, 0, 1, 1, 1}
	g, err := bayes.FitGaussian(context.Background(), heights, labels, bayes.GaussianConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	means, vars := g.Means(), g.Variances()
	for c := range means {
		fmt.Printf("class %d: mean %.1f cm, variance %.1f cm²\n", c, means[c][0], vars[c][0])
	}
	fmt.Printf("P(class 1 | 170 cm) = %.2f\n", g.Probabilities([][]float64{{170}})[0][1])
	// Output:
	// class 0: mean 156.7 cm, variance 24.9 cm²
	// class 1: mean 180.0 cm, variance 16.7 cm²
	// P(class 1 | 170 cm) = 0.68
}

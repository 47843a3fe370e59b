package plots_test

import (
	"bytes"
	"fmt"

	"github.com/aisandbox/aisandbox/web/plots"
)

// A confusion matrix of a three-class model: each cell shows its count and
// its share of the row.
func ExampleConfusion() {
	counts := [][]int{
		{8, 2, 0}, // 8 of the 10 cats were called cats, 2 dogs
		{1, 9, 0},
		{0, 0, 5},
	}
	svg, err := plots.Confusion(counts, plots.ConfusionLabels{
		Title: "Confusion matrix", Truth: "True class", Predicted: "Predicted class",
		Classes: []string{"cat", "dog", "bird"}, Right: "right", Wrong: "wrong",
	}, plots.Size{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Contains(svg, []byte(">80%</text>")), bytes.Contains(svg, []byte(">20%</text>")))
	// Output: true true
}

// Per-group rates where one group has no positive examples: its
// true-positive rate is not defined, and the plot says so instead of
// drawing a bar of 0.
func ExampleGroupBars() {
	series := []string{"Accuracy", "True-positive rate"}
	groups := []plots.BarGroup{
		{Name: "city", Count: 120, Bars: []plots.Share{plots.Defined(0.9), plots.Defined(0.8)}},
		{Name: "village", Count: 15, Bars: []plots.Share{plots.Defined(0.73), {}}},
	}
	svg, err := plots.GroupBars(series, groups, plots.GroupBarsLabels{
		Title: "Rates by group", NotDefined: "not defined",
	}, plots.Size{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Count(svg, []byte(">not defined</text>")))
	// Output: 1
}

// A threshold sweep: the frame maps the picture back to thresholds, so the
// page can put its slider's position on the plot.
func ExampleTradeoff() {
	thresholds := []float64{0, 0.25, 0.5, 0.75, 1}
	lines := []plots.TradeoffLine{
		{Name: "Accuracy", Y: []plots.Share{plots.Defined(0.5), plots.Defined(0.7), plots.Defined(0.8), plots.Defined(0.7), plots.Defined(0.5)}},
		// No group has a predicted positive at threshold 1: not defined.
		{Name: "Equal-opportunity difference", Y: []plots.Share{plots.Defined(0), plots.Defined(0.1), plots.Defined(0.2), plots.Defined(0.3), {}}},
	}
	_, f, err := plots.Tradeoff(thresholds, lines, []plots.ThresholdMark{{At: 0.5, Text: "0.50"}},
		plots.TradeoffLabels{Title: "Trade-off", X: "Threshold", Y: "Share"}, plots.Size{})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _, inside := f.ToData((f.Left+3*f.Right)/4, (f.Top+f.Bottom)/2)
	fmt.Printf("%.2f %v\n", x, inside)
	// Output: 0.75 true
}

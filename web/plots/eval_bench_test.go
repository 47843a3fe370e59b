package plots

import "testing"

// The evaluation plots are drawn on request, one at a time, each in well
// under the 20 ms a student would notice on a 2-core laptop.

// BenchmarkConfusion10 draws a 10-class confusion matrix with four-digit
// counts: the largest one.
func BenchmarkConfusion10(b *testing.B) {
	counts, names := testConfusion10()
	labels := ConfusionLabels{Title: "Confusion", Truth: "True", Predicted: "Predicted", Classes: names, Right: "right", Wrong: "wrong"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, err := Confusion(counts, labels, Size{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// BenchmarkGroupBars12x4 draws the largest bar plot: 12 groups of 4 rates.
func BenchmarkGroupBars12x4(b *testing.B) {
	var groups []BarGroup
	for i := range MaxGroups {
		v := float64(i) / MaxGroups
		groups = append(groups, BarGroup{Name: "group", Count: 100 * i, Bars: []Share{Defined(v), Defined(1 - v), {}, Defined(v / 2)}})
	}
	labels := GroupBarsLabels{Title: "Rates", Y: "Share", NotDefined: "not defined"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, err := GroupBars(testRateSeries, groups, labels, Size{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// BenchmarkTradeoff101 draws a sweep of 101 thresholds (steps of 0.01)
// with three lines and three per-group marks.
func BenchmarkTradeoff101(b *testing.B) {
	th, lines := testSweep(100)
	marks := []ThresholdMark{{At: 0.5, Text: "city 0.50"}, {At: 0.55, Text: "village 0.55"}, {At: 0.97, Text: "mountain 0.97"}}
	labels := TradeoffLabels{Title: "Trade-off", X: "Threshold", Y: "Share"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, _, err := Tradeoff(th, lines, marks, labels, Size{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// BenchmarkTradeoff1001 is the finest sweep Tradeoff accepts.
func BenchmarkTradeoff1001(b *testing.B) {
	th, lines := testSweep(1000)
	labels := TradeoffLabels{Title: "Trade-off", X: "Threshold", Y: "Share"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, _, err := Tradeoff(th, lines, []ThresholdMark{{At: 0.5, Text: "0.50"}}, labels, Size{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

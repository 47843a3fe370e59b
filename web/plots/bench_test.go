package plots

import "testing"

// BenchmarkCurves200 draws a 200-epoch loss plot of two series.
func BenchmarkCurves200(b *testing.B) {
	series := testLossSeries(200)
	labels := CurveLabels{Title: "Loss", X: "Epoch", Y: "Loss"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, err := Curves(series, labels, 0, 0, Size{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// BenchmarkRegions50x50 draws a 50×50 decision grid of three classes under
// 500 points.
func BenchmarkRegions50x50(b *testing.B) {
	g, pts := testRegionData(50, 500)
	labels := RegionLabels{Title: "Regions", X: "x", Y: "y", Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, _, err := Regions(g, pts, labels, Size{}, 500)
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// BenchmarkRegions100x100 is the larger grid of DEPENDENCIES.md's
// measurement (945 KB as vector SVG, 45 KB rasterised there).
func BenchmarkRegions100x100(b *testing.B) {
	g, pts := testRegionData(100, 500)
	labels := RegionLabels{Title: "Regions", X: "x", Y: "y", Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		svg, _, err := Regions(g, pts, labels, Size{}, 500)
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

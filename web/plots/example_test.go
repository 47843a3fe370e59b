package plots_test

import (
	"bytes"
	"fmt"

	"github.com/aisandbox/aisandbox/web/plots"
)

// A loss curve of two series; the labels come already translated.
func ExampleCurves() {
	train := plots.Series{Name: "Оқыту", Y: []float64{0.9, 0.6, 0.45, 0.38, 0.35}}
	test := plots.Series{Name: "Тексеру", Y: []float64{0.95, 0.7, 0.55, 0.5, 0.52}}
	svg, err := plots.Curves([]plots.Series{train, test},
		plots.CurveLabels{Title: "Шығын", X: "Дәуір", Y: "Шығын"}, 0, 0, plots.Size{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(svg, []byte("<?xml")), bytes.Contains(svg, []byte(">Дәуір</text>")))
	// Output: true true
}

// A click on a regions plot maps back to a point of the plane: here the
// centre of the data area, which shows the centre of the grid.
func ExampleFrame_ToData() {
	g := plots.Grid{XMin: -2, XMax: 2, YMin: 0, YMax: 1, N: 2,
		Class: []int{0, 1, 0, 1}, Confidence: []float64{0.9, 0.8, 0.7, 0.95}}
	pts := plots.Points{X: [][]float64{{-1, 0.5}, {1, 0.5}}, Y: []int{0, 1}, Test: []bool{false, true}}
	labels := plots.RegionLabels{Title: "Regions", X: "x", Y: "y",
		Classes: []string{"left", "right"}, Train: "train", Test: "test"}
	_, f, err := plots.Regions(g, pts, labels, plots.Size{}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	x, y, inside := f.ToData((f.Left+f.Right)/2, (f.Top+f.Bottom)/2)
	fmt.Printf("(%.2f, %.2f) %v\n", x, y, inside)
	_, _, inside = f.ToData(f.Width, f.Height) // the bottom right corner of the picture
	fmt.Println(inside)
	// Output:
	// (0.00, 0.50) true
	// false
}

package plots

import (
	"math"
	"strings"
	"testing"
)

func TestFit(t *testing.T) {
	var pts FitPoints
	for i := range 40 {
		x := -3 + 6*float64(i)/39
		pts.X = append(pts.X, x)
		pts.Y = append(pts.Y, math.Sin(x)+0.1*math.Cos(7*x))
		pts.Test = append(pts.Test, i%4 == 0)
	}
	var model, truth Line
	model.Name, truth.Name = "Модель", "Формула"
	for i := range 101 {
		x := -5 + 10*float64(i)/100
		model.X, model.Y = append(model.X, x), append(model.Y, x-x*x*x/6)
		truth.X, truth.Y = append(truth.X, x), append(truth.Y, math.Sin(x))
	}
	svg, err := Fit(pts, []Line{model, truth}, FitLabels{Title: "Қисық", X: "x", Y: "y", Train: "Оқу", Test: "Тест"}, Size{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{"<svg", "Қисық", "Модель", "Формула", "Оқу", "Тест"} {
		if !strings.Contains(s, want) {
			t.Errorf("the fit plot lacks %q", want)
		}
	}
	if len(svg) > 40_000 {
		t.Errorf("fit plot is %d bytes", len(svg))
	}
	if _, err := Fit(pts, []Line{model, truth}, FitLabels{}, Size{}); err != nil {
		t.Errorf("labels are optional: %v", err)
	}
}

func TestFitErrors(t *testing.T) {
	ok := FitPoints{X: []float64{1, 2}, Y: []float64{1, 2}, Test: []bool{false, true}}
	line := Line{Name: "m", X: []float64{0, 3}, Y: []float64{0, 3}}
	for _, c := range []struct {
		name  string
		pts   FitPoints
		lines []Line
	}{
		{"ragged", FitPoints{X: []float64{1}, Y: []float64{1, 2}, Test: []bool{false}}, []Line{line}},
		{"nan point", FitPoints{X: []float64{math.NaN()}, Y: []float64{1}, Test: []bool{false}}, []Line{line}},
		{"no line", ok, nil},
		{"short line", ok, []Line{{Name: "m", X: []float64{0}, Y: []float64{0}}}},
		{"unnamed line", ok, []Line{{X: []float64{0, 1}, Y: []float64{0, 1}}}},
		{"inf in line", ok, []Line{{Name: "m", X: []float64{0, 1}, Y: []float64{0, math.Inf(1)}}}},
	} {
		if _, err := Fit(c.pts, c.lines, FitLabels{}, Size{}); err == nil || !strings.HasPrefix(err.Error(), "plots: ") {
			t.Errorf("%s: err = %v", c.name, err)
		}
	}
}

package plots

import (
	"math"
	"strings"
	"testing"
)

func TestCurvesErrors(t *testing.T) {
	ok := []Series{{Name: "loss", Y: []float64{1, 0.5}}}
	tests := []struct {
		name       string
		series     []Series
		yMin, yMax float64
		size       Size
		want       string // part of the error text
	}{
		{"no series", nil, 0, 0, Size{}, "no series"},
		{"too many series", make([]Series, MaxClasses+1), 0, 0, Size{}, "at most"},
		{"unnamed series", []Series{{Y: []float64{1}}}, 0, 0, Size{}, "no name"},
		{"empty series", []Series{{Name: "loss"}}, 0, 0, Size{}, "no values"},
		{"NaN value", []Series{{Name: "loss", Y: []float64{1, math.NaN()}}}, 0, 0, Size{}, "epoch 2"},
		{"infinite value", []Series{{Name: "loss", Y: []float64{math.Inf(1)}}}, 0, 0, Size{}, "epoch 1"},
		{"range overflows", []Series{{Name: "loss", Y: []float64{-math.MaxFloat64, math.MaxFloat64}}}, 0, 0, Size{}, "too wide"},
		{"reversed y range", ok, 1, 0, Size{}, "y range"},
		{"empty y range", ok, 0.5, 0.5, Size{}, "y range"},
		{"NaN y range", ok, math.NaN(), 1, Size{}, "y range"},
		{"infinite y range", ok, 0, math.Inf(1), Size{}, "y range"},
		{"negative width", ok, 0, 0, Size{Width: -1}, "size"},
		{"NaN height", ok, 0, 0, Size{Height: vgNaN()}, "size"},
		{"huge size", ok, 0, 0, Size{Width: 1e9}, "size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := Curves(tt.series, CurveLabels{Title: "t"}, tt.yMin, tt.yMax, tt.size)
			if err == nil {
				t.Fatalf("got %d bytes and no error, want an error containing %q", len(svg), tt.want)
			}
			if svg != nil {
				t.Errorf("got %d bytes with the error, want none", len(svg))
			}
			if !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with \"plots: \" and contain %q", err, tt.want)
			}
		})
	}
}

func TestRegionsErrors(t *testing.T) {
	good, pts := testRegionData(4, 10)
	labels := RegionLabels{Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}
	tests := []struct {
		name   string
		change func(g *Grid, p *Points, l *RegionLabels, max *int)
		want   string
	}{
		{"no classes", func(g *Grid, p *Points, l *RegionLabels, max *int) { l.Classes = nil }, "class names"},
		{"too many classes", func(g *Grid, p *Points, l *RegionLabels, max *int) { l.Classes = make([]string, MaxClasses+1) }, "class names"},
		{"unnamed class", func(g *Grid, p *Points, l *RegionLabels, max *int) { l.Classes = []string{"a", "", "c"} }, "class 1 has no name"},
		{"no train text", func(g *Grid, p *Points, l *RegionLabels, max *int) { l.Train = "" }, "legend texts"},
		{"negative maxPoints", func(g *Grid, p *Points, l *RegionLabels, max *int) { *max = -1 }, "negative"},
		{"N zero", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.N, g.Class, g.Confidence = 0, nil, nil }, "N = 0"},
		{"N too big", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.N = MaxGridN + 1 }, "N = "},
		{"N*N != len(Class)", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.N = 5 }, "needs 25 cells"},
		{"short Confidence", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.Confidence = g.Confidence[:15] }, "15 confidences"},
		{"class out of range", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.Class[3] = 3 }, "cell 3 has class 3"},
		{"negative class", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.Class[0] = -1 }, "cell 0 has class -1"},
		{"confidence above 1", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.Confidence[2] = 1.5 }, "confidence 1.5"},
		{"NaN confidence", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.Confidence[2] = math.NaN() }, "confidence NaN"},
		{"reversed x range", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.XMin, g.XMax = g.XMax, g.XMin }, "empty"},
		{"empty y range", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.YMax = g.YMin }, "empty"},
		{"infinite range", func(g *Grid, p *Points, l *RegionLabels, max *int) { g.XMax = math.Inf(1) }, "not finite"},
		{"range overflows", func(g *Grid, p *Points, l *RegionLabels, max *int) {
			g.XMin, g.XMax = -math.MaxFloat64, math.MaxFloat64
		}, "too wide"},
		{"points without classes", func(g *Grid, p *Points, l *RegionLabels, max *int) { p.Y = p.Y[:5] }, "10 points but 5 classes"},
		{"short Test", func(g *Grid, p *Points, l *RegionLabels, max *int) { p.Test = p.Test[:3] }, "3 test marks"},
		{"three features", func(g *Grid, p *Points, l *RegionLabels, max *int) { p.X[4] = []float64{1, 2, 3} }, "point 4 has 3 features"},
		{"NaN feature", func(g *Grid, p *Points, l *RegionLabels, max *int) { p.X[1] = []float64{math.NaN(), 0} }, "point 1"},
		{"point class out of range", func(g *Grid, p *Points, l *RegionLabels, max *int) { p.Y[7] = 5 }, "point 7 has class 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Work on copies: the cases change slices in place.
			g := good
			g.Class = append([]int(nil), good.Class...)
			g.Confidence = append([]float64(nil), good.Confidence...)
			p := Points{Y: append([]int(nil), pts.Y...), Test: append([]bool(nil), pts.Test...)}
			for _, x := range pts.X {
				p.X = append(p.X, append([]float64(nil), x...))
			}
			l := labels
			maxPoints := 0
			tt.change(&g, &p, &l, &maxPoints)
			svg, f, err := Regions(g, p, l, Size{}, maxPoints)
			if err == nil {
				t.Fatalf("got %d bytes and no error, want an error containing %q", len(svg), tt.want)
			}
			if svg != nil || f != (Frame{}) {
				t.Errorf("got %d bytes and frame %+v with the error, want none", len(svg), f)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with \"plots: \" and contain %q", err, tt.want)
			}
		})
	}
	// The unchanged inputs are valid, so every failure above is the change's.
	if _, _, err := Regions(good, pts, labels, Size{}, 0); err != nil {
		t.Fatalf("valid inputs: %v", err)
	}
}

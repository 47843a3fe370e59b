package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line of a curve plot.
type Series struct {
	// Name is the legend text (already translated); it must not be empty.
	Name string
	// Y[i] is the value at epoch i+1; it must not be empty, and every
	// value must be finite.
	Y []float64
}

// CurveLabels are the translated texts of a curve plot. Empty texts are
// left out.
type CurveLabels struct {
	Title, X, Y string
}

// Line styles of the series: series i has palette colour i and dash
// pattern i%3 (solid, dashed, dotted), so that the series differ in shape as
// well as colour on a black-and-white projector.
var seriesDashes = [3][]vg.Length{
	nil,
	{vg.Length(6), vg.Length(3)},
	{vg.Length(1.5), vg.Length(2.5)},
}

const (
	// curveWidth is the width of a series line: three times gonum's default
	// 0.5 pt axis line, to stand out from the grid.
	curveWidth = vg.Length(1.5)
	// flatPad is the half height given to a constant series' y range, as a
	// fraction of its value; flatPadMin is used when the value is 0.
	flatPad    = 0.1
	flatPadMin = 0.1
	// autoMargin is the fraction of the data range added above and below
	// an autoscaled y axis, so that lines do not run along the frame.
	autoMargin = 0.05
)

// Curves draws one or more series against epoch (x from 1) as lines, with a
// legend under the plot.
//
// yMin and yMax fix the y axis; if both are zero the y axis fits the data
// with a 5% margin (constant data gets ±10% of its value, at least ±0.1). Accuracy plots
// pass 0 and 1. Parts of lines outside a fixed range are clipped. The x
// axis runs from epoch 1 to the longest series (at least 1 to 2) and is
// marked with whole epochs only; a series with one value is drawn as a dot.
// A zero size field takes DefaultCurveWidth or DefaultCurveHeight.
//
// At most MaxClasses series can be drawn.
func Curves(series []Series, labels CurveLabels, yMin, yMax float64, size Size) ([]byte, error) {
	size, err := size.resolve(DefaultCurveWidth, DefaultCurveHeight)
	if err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("plots: no series to draw")
	}
	if len(series) > MaxClasses {
		return nil, fmt.Errorf("plots: %d series, at most %d can be drawn", len(series), MaxClasses)
	}
	epochs := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if s.Name == "" {
			return nil, fmt.Errorf("plots: series %d has no name", i)
		}
		if len(s.Y) == 0 {
			return nil, fmt.Errorf("plots: series %q has no values", s.Name)
		}
		for j, v := range s.Y {
			if !finite(v) {
				return nil, fmt.Errorf("plots: series %q value at epoch %d is %v", s.Name, j+1, v)
			}
			lo, hi = min(lo, v), max(hi, v)
		}
		epochs = max(epochs, len(s.Y))
	}
	if yMin != 0 || yMax != 0 {
		if !finite(yMin) || !finite(yMax) || yMin >= yMax {
			return nil, fmt.Errorf("plots: y range [%v, %v] is not an increasing pair of finite numbers", yMin, yMax)
		}
		lo, hi = yMin, yMax
	} else {
		lo, hi, err = autoRange(lo, hi)
		if err != nil {
			return nil, err
		}
	}

	p := newPlot(labels.Title, labels.X, labels.Y)
	p.X.Tick.Marker = epochTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xDD} // light grey: visible, quieter than the data
	grid.Horizontal.Color = color.Gray{Y: 0xDD}
	p.Add(grid)

	entries := make([]legendEntry, 0, len(series))
	for i, s := range series {
		xys := make(plotter.XYs, len(s.Y))
		for j, v := range s.Y {
			xys[j] = plotter.XY{X: float64(j + 1), Y: v}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: series %q: %w", s.Name, err)
		}
		line.LineStyle = draw.LineStyle{Color: palette[i], Width: curveWidth, Dashes: seriesDashes[i%len(seriesDashes)]}
		p.Add(line)
		if len(s.Y) == 1 {
			dot, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("plots: series %q: %w", s.Name, err)
			}
			dot.GlyphStyle = draw.GlyphStyle{Color: palette[i], Radius: vg.Length(2.5), Shape: draw.CircleGlyph{}}
			p.Add(dot)
		}
		entries = append(entries, legendEntry{text: s.Name, thumb: line})
	}
	// Add widened the axes to the data; set them to the chosen ranges.
	p.X.Min, p.X.Max = 1, float64(max(epochs, 2))
	p.Y.Min, p.Y.Max = lo, hi

	return render(size, func(c draw.Canvas) error {
		c = inset(c)
		const pad = vg.Length(4) // between the x axis label and the legend
		leg := newRowLegend(entries, c.Max.X-c.Min.X)
		p.Draw(draw.Crop(c, 0, 0, leg.height()+pad, 0))
		leg.draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: c.Min,
			Max: vg.Point{X: c.Max.X, Y: c.Min.Y + leg.height()},
		}})
		return nil
	})
}

// autoRange widens the data range [lo, hi] for a y axis: a margin around
// a varying series, a small band around a constant one.
func autoRange(lo, hi float64) (float64, float64, error) {
	span := hi - lo
	if !finite(span) {
		return 0, 0, fmt.Errorf("plots: values from %v to %v span too wide a range", lo, hi)
	}
	// A span below 1e-9 of the values' size is rounding noise, not a trend.
	if span <= 1e-9*max(math.Abs(lo), math.Abs(hi)) {
		pad := max(flatPad*math.Abs(lo), flatPadMin)
		return lo - pad, hi + pad, nil
	}
	return lo - autoMargin*span, hi + autoMargin*span, nil
}

// epochTicks marks whole epochs only, every 1, 2, 5, 10, 20, 50, ...
// epochs, with at most maxEpochTicks labelled marks.
type epochTicks struct{}

// maxEpochTicks keeps tick labels apart on a 360 pt wide plot: five labels
// of up to four digits need about 120 pt.
const maxEpochTicks = 6

// Ticks implements plot.Ticker.
func (epochTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Ceil(lo), math.Floor(hi)
	if !(first <= last) || last-first > 1e15 {
		return nil
	}
	step := 1.0
	grow := [3]float64{2, 2.5, 2} // steps 1, 2, 5, 10, 20, 50, 100, ...
	for i := 0; (last-first)/step >= maxEpochTicks; i++ {
		step *= grow[i%3]
	}
	var ticks []plot.Tick
	for v := math.Ceil(first/step) * step; v <= last; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	// Mark the first epoch too when the steps miss it and leave room for
	// its label (1, 5, 10 or 1, 50, 100, but not 1, 2, 4).
	if len(ticks) == 0 || ticks[0].Value-first > step/2 {
		ticks = append([]plot.Tick{{Value: first, Label: strconv.FormatFloat(first, 'f', 0, 64)}}, ticks...)
	}
	return ticks
}

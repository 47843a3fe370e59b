package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FitPoints are the examples of a one-input regression: X[i] and Y[i] are
// one example's input and target; Test marks the held-out ones (drawn
// hollow, training examples filled).
type FitPoints struct {
	X, Y []float64
	Test []bool
}

// Line is a curve drawn through its points in order, e.g. a model's
// predictions on a grid of inputs, or the formula the data came from.
type Line struct {
	Name string
	X, Y []float64
}

// FitLabels are the translated texts of a fit plot.
type FitLabels struct {
	Title, X, Y string
	Train, Test string // legend names of the two kinds of points
}

// Fit draws a regression: the examples as points and one or more lines
// (the model's curve first, then any reference such as the true formula,
// dashed) with a legend. The x axis spans the lines as well as the points,
// so a line drawn beyond the data shows what the model says where it has
// seen nothing. A zero size field takes DefaultRegionsWidth or
// DefaultRegionsHeight.
func Fit(pts FitPoints, lines []Line, labels FitLabels, size Size) ([]byte, error) {
	size, err := size.resolve(DefaultRegionsWidth, DefaultRegionsHeight)
	if err != nil {
		return nil, err
	}
	if len(pts.X) != len(pts.Y) || len(pts.Test) != len(pts.X) {
		return nil, fmt.Errorf("plots: fit: %d inputs, %d targets and %d test marks", len(pts.X), len(pts.Y), len(pts.Test))
	}
	if len(lines) == 0 || len(lines) > MaxClasses-1 {
		return nil, fmt.Errorf("plots: fit: %d lines, want 1 to %d", len(lines), MaxClasses-1)
	}
	var train, test plotter.XYs
	for i := range pts.X {
		if !finite(pts.X[i]) || !finite(pts.Y[i]) {
			return nil, fmt.Errorf("plots: fit: point %d is (%v, %v)", i, pts.X[i], pts.Y[i])
		}
		xy := plotter.XY{X: pts.X[i], Y: pts.Y[i]}
		if pts.Test[i] {
			test = append(test, xy)
		} else {
			train = append(train, xy)
		}
	}
	p := newPlot(labels.Title, labels.X, labels.Y)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xDD}
	grid.Horizontal.Color = color.Gray{Y: 0xDD}
	p.Add(grid)

	var entries []legendEntry
	grey := color.RGBA{0x66, 0x66, 0x66, 0xFF}
	for _, set := range []struct {
		xys  plotter.XYs
		name string
		fill bool
	}{{train, labels.Train, true}, {test, labels.Test, false}} {
		if len(set.xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(set.xys)
		if err != nil {
			return nil, fmt.Errorf("plots: fit: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: grey, Radius: vg.Length(2), Shape: draw.RingGlyph{}}
		if set.fill {
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
		}
		p.Add(sc)
		entries = append(entries, legendEntry{text: set.name, thumb: sc})
	}
	for i, l := range lines {
		if l.Name == "" || len(l.X) != len(l.Y) || len(l.X) < 2 {
			return nil, fmt.Errorf("plots: fit: line %d needs a name and at least two points", i)
		}
		xys := make(plotter.XYs, len(l.X))
		for j := range l.X {
			if !finite(l.X[j]) || !finite(l.Y[j]) {
				return nil, fmt.Errorf("plots: fit: line %q point %d is (%v, %v)", l.Name, j, l.X[j], l.Y[j])
			}
			xys[j] = plotter.XY{X: l.X[j], Y: l.Y[j]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: fit: %w", err)
		}
		line.LineStyle = draw.LineStyle{Color: palette[i], Width: curveWidth, Dashes: seriesDashes[i%len(seriesDashes)]}
		p.Add(line)
		entries = append(entries, legendEntry{text: l.Name, thumb: line})
	}
	// A line may shoot far away outside the data (a polynomial beyond the
	// range it was fitted on): keep the axis to the points' span and one
	// more span on each side, so the fit stays visible and the line leaves
	// the picture where it goes wild.
	if len(pts.Y) > 0 {
		lo, hi := pts.Y[0], pts.Y[0]
		for _, y := range pts.Y {
			lo, hi = min(lo, y), max(hi, y)
		}
		span := max(hi-lo, 1e-9)
		p.Y.Min, p.Y.Max = max(p.Y.Min, lo-span), min(p.Y.Max, hi+span)
	}
	return render(size, func(c draw.Canvas) error {
		c = inset(c)
		const pad = vg.Length(4)
		leg := newRowLegend(entries, c.Max.X-c.Min.X)
		p.Draw(draw.Crop(c, 0, 0, leg.height()+pad, 0))
		leg.draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: c.Min,
			Max: vg.Point{X: c.Max.X, Y: c.Min.Y + leg.height()},
		}})
		return nil
	})
}

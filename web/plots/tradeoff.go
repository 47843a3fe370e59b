package plots

import (
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TradeoffLine is one line of a threshold trade-off plot, e.g. the
// accuracy or the demographic-parity difference: Y[i] is its value at the
// plot's i-th threshold, or not defined there.
type TradeoffLine struct {
	Name string  // legend text; must not be empty
	Y    []Share // one for each threshold
}

// ThresholdMark is a decision threshold in use, drawn as a vertical line:
// one for a model with a single threshold, one for each group with
// thresholds per group.
type ThresholdMark struct {
	At   float64 // the threshold, from 0 to 1
	Text string  // written by the line, e.g. "village 0.40"; may be empty
}

// TradeoffLabels are the translated texts of a trade-off plot. Empty texts
// are left out. NotDefined, when given, is added in brackets to the
// legend text of a line that is not defined at any threshold, which
// otherwise would only be missing from the plot.
type TradeoffLabels struct {
	Title, X, Y string
	NotDefined  string
}

// MaxThresholds is the largest number of thresholds Tradeoff draws: a
// sweep in steps of 0.001 from 0 to 1.
const MaxThresholds = 1001

// Default size of a trade-off plot: that of a curve plot, a little taller
// for its legend of several long names.
const (
	// DefaultTradeoffWidth is the width of a trade-off plot whose Size.Width is zero.
	DefaultTradeoffWidth = vg.Length(360)
	// DefaultTradeoffHeight is the height of a trade-off plot whose Size.Height is zero.
	DefaultTradeoffHeight = vg.Length(260)
)

// Threshold marks: a thin dark line, thinner than the data lines (1.5 pt)
// and grey, so it reads as a ruler rather than data; its text sits on a
// nearly opaque white box so that lines under it do not cross the letters.
var (
	markColour = color.RGBA{0x33, 0x33, 0x33, 0xFF}
	markBox    = color.NRGBA{0xFF, 0xFF, 0xFF, 0xD9} // 85% opaque white
)

const (
	markWidth   = vg.Length(1)
	markTextGap = vg.Length(2) // between a mark's line and its text
	markRowGap  = vg.Length(4) // least room between two texts on a row
)

// Tradeoff draws how scores change with the decision threshold: each line
// against the threshold (x from 0 to 1), on a y axis from 0% to 100%, with
// a vertical line at each threshold in marks, its text by it, and a legend
// of the lines under the plot. Line i has palette colour i and dash
// pattern i%3, as in Curves.
//
// A value that is not defined breaks its line: the line stops at the
// defined value before it and starts again at the next, so the gap shows
// where the score has no value; a defined value between two undefined ones
// is drawn as a dot. Nothing is ever drawn at 0 for it.
//
// thresholds must be 1 to MaxThresholds increasing values in [0, 1]; each
// line (1 to MaxClasses of them) has one Share for each threshold, every
// defined one in [0, 1]; marks (at most MaxGroups) lie in [0, 1]. Mark
// texts are shortened to half the plot's width and stacked in rows where
// they would overlap. It returns the SVG and the Frame of its data area
// (x the threshold, y the share), so that a click or a slider on the page
// can be matched to a threshold. A zero size field takes
// DefaultTradeoffWidth or DefaultTradeoffHeight.
func Tradeoff(thresholds []float64, lines []TradeoffLine, marks []ThresholdMark, labels TradeoffLabels, size Size) (svg []byte, f Frame, err error) {
	size, err = size.resolve(DefaultTradeoffWidth, DefaultTradeoffHeight)
	if err != nil {
		return nil, Frame{}, err
	}
	if err := checkTradeoff(thresholds, lines, marks); err != nil {
		return nil, Frame{}, err
	}

	p := newPlot(labels.Title, labels.X, labels.Y)
	p.Y.Tick.Marker = percentTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xDD} // as in Curves
	grid.Horizontal.Color = color.Gray{Y: 0xDD}
	p.Add(grid)

	entries := make([]legendEntry, 0, len(lines))
	for i, l := range lines {
		style := draw.LineStyle{Color: palette[i], Width: curveWidth, Dashes: seriesDashes[i%len(seriesDashes)]}
		defined := false
		for _, run := range definedRuns(l.Y) {
			xys := make(plotter.XYs, len(run))
			for j, k := range run {
				xys[j] = plotter.XY{X: thresholds[k], Y: l.Y[k].Value}
			}
			defined = true
			if len(xys) == 1 {
				dot, err := plotter.NewScatter(xys)
				if err != nil {
					return nil, Frame{}, fmt.Errorf("plots: trade-off: line %q: %w", l.Name, err)
				}
				dot.GlyphStyle = draw.GlyphStyle{Color: palette[i], Radius: vg.Length(2.5), Shape: draw.CircleGlyph{}}
				p.Add(dot)
				continue
			}
			line, err := plotter.NewLine(xys)
			if err != nil {
				return nil, Frame{}, fmt.Errorf("plots: trade-off: line %q: %w", l.Name, err)
			}
			line.LineStyle = style
			p.Add(line)
		}
		name := l.Name
		if !defined && labels.NotDefined != "" {
			name += " (" + labels.NotDefined + ")"
		}
		entries = append(entries, legendEntry{text: name, thumb: &plotter.Line{LineStyle: style}})
	}
	p.Add(&thresholdMarks{marks: marks})
	// Add widened the axes to the data; every plot shows the whole range.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1

	svg, err = render(size, func(c draw.Canvas) error {
		c = inset(c)
		const pad = vg.Length(4) // between the x axis label and the legend
		leg := newRowLegend(entries, c.Max.X-c.Min.X)
		area := draw.Crop(c, 0, 0, leg.height()+pad, 0)
		if err := checkDataArea(p.DataCanvas(area), area, size); err != nil {
			return err
		}
		p.Draw(area)
		leg.draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: c.Min,
			Max: vg.Point{X: c.Max.X, Y: c.Min.Y + leg.height()},
		}})
		f = dataFrame(p.DataCanvas(area), size, 0, 1, 0, 1)
		return nil
	})
	if err != nil {
		return nil, Frame{}, err
	}
	return svg, f, nil
}

// checkTradeoff validates the inputs of Tradeoff.
func checkTradeoff(thresholds []float64, lines []TradeoffLine, marks []ThresholdMark) error {
	if len(thresholds) == 0 || len(thresholds) > MaxThresholds {
		return fmt.Errorf("plots: trade-off: %d thresholds, want 1 to %d", len(thresholds), MaxThresholds)
	}
	for i, t := range thresholds {
		if !(t >= 0 && t <= 1) {
			return fmt.Errorf("plots: trade-off: threshold %d is %v, want 0 to 1", i, t)
		}
		if i > 0 && !(t > thresholds[i-1]) {
			return fmt.Errorf("plots: trade-off: threshold %d (%v) does not follow %v: thresholds must increase", i, t, thresholds[i-1])
		}
	}
	if len(lines) == 0 || len(lines) > MaxClasses {
		return fmt.Errorf("plots: trade-off: %d lines, want 1 to %d", len(lines), MaxClasses)
	}
	for i, l := range lines {
		if l.Name == "" {
			return fmt.Errorf("plots: trade-off: line %d has no name", i)
		}
		if len(l.Y) != len(thresholds) {
			return fmt.Errorf("plots: trade-off: line %q has %d values for %d thresholds", l.Name, len(l.Y), len(thresholds))
		}
		for j, v := range l.Y {
			if err := v.check(); err != nil {
				return fmt.Errorf("plots: trade-off: line %q at threshold %v %w", l.Name, thresholds[j], err)
			}
		}
	}
	if len(marks) > MaxGroups {
		return fmt.Errorf("plots: trade-off: %d threshold marks, at most %d", len(marks), MaxGroups)
	}
	for i, m := range marks {
		if !(m.At >= 0 && m.At <= 1) {
			return fmt.Errorf("plots: trade-off: mark %d is at %v, want 0 to 1", i, m.At)
		}
	}
	return nil
}

// definedRuns splits the indices of the defined values of y into runs of
// consecutive indices.
func definedRuns(y []Share) [][]int {
	var runs [][]int
	var run []int
	for i, v := range y {
		if v.Defined {
			run = append(run, i)
			continue
		}
		if len(run) > 0 {
			runs = append(runs, run)
			run = nil
		}
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// dataFrame converts the data canvas dc of a plot of the given size,
// showing [xMin, xMax]×[yMin, yMax], from gonum's coordinates (origin
// bottom left, y up) to the SVG's (origin top left, y down).
func dataFrame(dc draw.Canvas, size Size, xMin, xMax, yMin, yMax float64) Frame {
	h := size.Height.Points()
	return Frame{
		Width:  size.Width.Points(),
		Height: h,
		Left:   dc.Min.X.Points(),
		Right:  dc.Max.X.Points(),
		Top:    h - dc.Max.Y.Points(),
		Bottom: h - dc.Min.Y.Points(),
		XMin:   xMin, XMax: xMax, YMin: yMin, YMax: yMax,
	}
}

// thresholdMarks draws the vertical lines of the thresholds in use, with
// their texts at the top of the data area.
type thresholdMarks struct {
	marks []ThresholdMark
}

// Plot implements plot.Plotter.
func (m *thresholdMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	line := draw.LineStyle{Color: markColour, Width: markWidth}
	for _, mk := range m.marks {
		x := trX(mk.At)
		c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
	}
	sty := legendStyle()
	sty.Color = markColour
	for _, t := range layoutMarkTexts(m.marks, sty, c.Min.X, c.Max.X, trX) {
		lineH := sty.FontExtents().Height
		yMid := c.Max.Y - (vg.Length(t.row)+0.5)*lineH - markTextGap
		box := vg.Rectangle{
			Min: vg.Point{X: t.x0 - 1, Y: yMid - lineH/2},
			Max: vg.Point{X: t.x1 + 1, Y: yMid + lineH/2},
		}
		c.SetColor(markBox)
		c.Fill(box.Path())
		c.FillText(sty, vg.Point{X: t.x0, Y: yMid}, t.text)
	}
}

// markText is a placed text of a threshold mark: it spans x0 to x1 on row
// row (0 at the top).
type markText struct {
	text   string
	x0, x1 vg.Length
	row    int
}

// layoutMarkTexts places the marks' texts between left and right: each to
// the right of its line, or to its left when it would pass the right edge,
// on the highest row where it overlaps no text placed before it, the marks
// taken from left to right. Texts are shortened to half the width.
func layoutMarkTexts(marks []ThresholdMark, sty text.Style, left, right vg.Length, trX func(float64) vg.Length) []markText {
	order := make([]int, 0, len(marks))
	for i, mk := range marks {
		if mk.Text != "" {
			order = append(order, i)
		}
	}
	// A stable sort keeps marks at the same threshold in the caller's order.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case marks[a].At < marks[b].At:
			return -1
		case marks[a].At > marks[b].At:
			return 1
		}
		return 0
	})
	var placed []markText
	for _, i := range order {
		s := fitText(sty, marks[i].Text, (right-left)/2)
		w := sty.Width(s)
		x := trX(marks[i].At)
		t := markText{text: s, x0: x + markTextGap, x1: x + markTextGap + w}
		if t.x1 > right {
			t.x0, t.x1 = x-markTextGap-w, x-markTextGap
		}
		for t.row = 0; ; t.row++ {
			free := true
			for _, q := range placed {
				if q.row == t.row && t.x0 < q.x1+markRowGap && q.x0 < t.x1+markRowGap {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		placed = append(placed, t)
	}
	return placed
}

package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ConfusionLabels are the translated texts of a confusion-matrix plot.
// Classes names the classes in order and sets how many there are (1 to
// MaxClasses); no name may be empty. Empty titles and axis labels are left
// out. Right and Wrong are the legend texts of the two colours (correct
// answers on the diagonal, mistakes off it); the legend is drawn only when
// both are given. Names too long for the plot are shortened with an
// ellipsis.
type ConfusionLabels struct {
	Title            string
	Truth, Predicted string // axis labels: rows are the true class, columns the predicted one
	Classes          []string
	Right, Wrong     string
}

// Default size of a confusion-matrix plot: as wide as the other plots
// (360 pt is 480 CSS pixels, half a tablet) and about as tall, because its
// data area is square.
const (
	// DefaultConfusionWidth is the width of a confusion plot whose Size.Width is zero.
	DefaultConfusionWidth = vg.Length(360)
	// DefaultConfusionHeight is the height of a confusion plot whose Size.Height is zero.
	DefaultConfusionHeight = vg.Length(340)
)

// Cell colours. A cell is its hue mixed with white by the share of its row
// (see Confusion): the diagonal, where the model is right, in the palette's
// blue, the rest in its vermillion, two hues that stay apart under the
// common kinds of colour blindness (Okabe and Ito, see palette).
var (
	rightHue = palette[1] // blue
	wrongHue = palette[5] // vermillion
	// emptyRowColour fills the cells of a class with no examples: its
	// shares are not defined, so it gets no hue at all.
	emptyRowColour = color.RGBA{0xEE, 0xEE, 0xEE, 0xFF}
	white          = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

const (
	// cellMinAlpha is the strength of a hue in a cell with a single example
	// in a large row, so that any count above zero is visibly tinted;
	// a share of 1 gives full strength and a count of zero white.
	cellMinAlpha = 0.08
	// cellGap is the white line between two cells (points).
	cellGap = vg.Length(1)
	// diagonalWidth is the width of the blue frame around each diagonal
	// cell, which marks it as a right answer even when it is empty.
	diagonalWidth = vg.Length(1.5)
	// cellFontMax and cellFontMin bound the size of the count in a cell
	// (points): 11 pt is the axis-label size; below 5 pt a number is not
	// legible on a projector, so the text is left out.
	cellFontMax = vg.Length(11)
	cellFontMin = vg.Length(5)
	// percentScale is the size of a cell's percentage relative to its count.
	percentScale = 0.8
	// confusionNameShare is the largest share of the plot's width (for row
	// names) or height (for column names written upwards) a class name may
	// take; longer names are shortened.
	confusionNameShare = 0.3
)

// Confusion draws a confusion matrix as a heat map: one row for each true
// class (the first class at the top), one column for each predicted class
// (the first on the left), the class names along both axes. Each cell shows
// its count and, under a count above zero, the count's share of its row
// as a whole percentage, and is coloured by that share: blue on the diagonal (the
// model was right), vermillion off it (a mistake), stronger for a larger
// share, white for none; the diagonal cells are also framed in blue. A
// share that rounds to 0% or 100% without being exactly that is written
// "<1%" or ">99%". The cells of a class with no examples are grey and show
// only their zero counts, since their shares are not defined.
//
// counts[t][p] is the number of examples of true class t predicted as p;
// it must be a square matrix with one row for each class name and no
// negative counts. The data area is square; the cell text shrinks to fit
// (down to 5 pt, below which it is left out). With Right and Wrong set, a
// legend of the two colours is drawn under the plot. A zero size field
// takes DefaultConfusionWidth or DefaultConfusionHeight.
func Confusion(counts [][]int, labels ConfusionLabels, size Size) ([]byte, error) {
	size, err := size.resolve(DefaultConfusionWidth, DefaultConfusionHeight)
	if err != nil {
		return nil, err
	}
	k := len(labels.Classes)
	if err := checkConfusion(counts, labels); err != nil {
		return nil, err
	}

	p := newPlot(labels.Title, labels.Predicted, labels.Truth)
	p.HideAxes() // the cells and their names say it all; HideAxes also drops tick marks
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(k), 0, float64(k)
	// Padding is the gap between the names and the cells.
	p.X.Padding, p.Y.Padding = vg.Length(3), 0
	cells := &confusionCells{counts: counts}
	p.Add(cells)

	var entries []legendEntry
	if labels.Right != "" && labels.Wrong != "" {
		entries = []legendEntry{
			{text: labels.Right, thumb: swatchThumb(blend(rightHue, 0.8))},
			{text: labels.Wrong, thumb: swatchThumb(blend(wrongHue, 0.8))},
		}
	}

	return render(size, func(c draw.Canvas) error {
		c = inset(c)
		const pad = vg.Length(4) // between the axis label and the legend
		area := c
		var leg rowLegend
		if len(entries) > 0 {
			leg = newRowLegend(entries, c.Max.X-c.Min.X)
			area = draw.Crop(c, 0, 0, leg.height()+pad, 0)
		}
		setConfusionTicks(p, labels.Classes, area)
		// Square the data area: shrink the longer side, keeping the plot
		// centred. The axes' sizes do not depend on the data area's, so one
		// crop is exact.
		dc := p.DataCanvas(area)
		if err := checkDataArea(dc, area, size); err != nil {
			return err
		}
		w, h := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
		if d := w - h; d > 0 {
			area = draw.Crop(area, d/2, -d/2, 0, 0)
		} else {
			area = draw.Crop(area, 0, 0, -d/2, d/2)
		}
		p.Draw(area)
		if len(entries) > 0 {
			leg.draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: c.Min,
				Max: vg.Point{X: c.Max.X, Y: c.Min.Y + leg.height()},
			}})
		}
		return nil
	})
}

// checkConfusion validates the inputs of Confusion.
func checkConfusion(counts [][]int, labels ConfusionLabels) error {
	k := len(labels.Classes)
	if k == 0 || k > MaxClasses {
		return fmt.Errorf("plots: confusion: %d class names, want 1 to %d", k, MaxClasses)
	}
	for i, name := range labels.Classes {
		if name == "" {
			return fmt.Errorf("plots: confusion: class %d has no name", i)
		}
	}
	if len(counts) != k {
		return fmt.Errorf("plots: confusion: %d rows of counts for %d classes", len(counts), k)
	}
	for t, row := range counts {
		if len(row) != k {
			return fmt.Errorf("plots: confusion: row %d has %d counts, want %d", t, len(row), k)
		}
		sum := 0
		for p, n := range row {
			if n < 0 {
				return fmt.Errorf("plots: confusion: count of true class %d predicted %d is %d, negative", t, p, n)
			}
			if sum > math.MaxInt-n {
				return fmt.Errorf("plots: confusion: the counts of row %d overflow", t)
			}
			sum += n
		}
	}
	return nil
}

// setConfusionTicks names the rows and columns. Column names are written
// across when the widest fits its column (with a little air), and upwards
// otherwise; either way they are shortened to confusionNameShare of the
// plot.
func setConfusionTicks(p *plot.Plot, classes []string, area draw.Canvas) {
	k := len(classes)
	rowSty := p.Y.Tick.Label
	rows := make([]plot.Tick, k)
	for t, name := range classes {
		// The first class is the top row, between k−1 and k.
		rows[t] = plot.Tick{Value: float64(k-t) - 0.5, Label: fitText(rowSty, name, confusionNameShare*(area.Max.X-area.Min.X))}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(rows)

	colSty := p.X.Tick.Label
	colSty.Rotation, colSty.XAlign, colSty.YAlign = 0, draw.XCenter, draw.YTop
	p.X.Tick.Label = colSty
	cols := make([]plot.Tick, k)
	widest := vg.Length(0)
	for i, name := range classes {
		cols[i] = plot.Tick{Value: float64(i) + 0.5, Label: name}
		widest = max(widest, colSty.Width(name))
	}
	p.X.Tick.Marker = plot.ConstantTicks(cols)
	dc := p.DataCanvas(area)
	cell := min(dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y) / vg.Length(k)
	if widest <= 0.9*cell {
		return
	}
	// Upwards: the name ends at the top of the label band, just under the
	// cells, centred on its column.
	colSty.Rotation, colSty.XAlign, colSty.YAlign = math.Pi/2, draw.XRight, draw.YCenter
	p.X.Tick.Label = colSty
	for i := range cols {
		cols[i].Label = fitText(colSty, classes[i], confusionNameShare*(area.Max.Y-area.Min.Y))
	}
	p.X.Tick.Marker = plot.ConstantTicks(cols)
}

// confusionCells draws the cells of a confusion matrix into the square
// [0, k]×[0, k] of data coordinates.
type confusionCells struct {
	counts [][]int
}

// Plot implements plot.Plotter.
func (m *confusionCells) Plot(c draw.Canvas, p *plot.Plot) {
	k := len(m.counts)
	trX, trY := p.Transforms(&c)
	side := min(trX(1)-trX(0), trY(1)-trY(0))
	countSty, pctSty, showPct, ok := cellText(m.counts, side)
	for t, row := range m.counts {
		total := 0
		for _, n := range row {
			total += n
		}
		for pr, n := range row {
			r := vg.Rectangle{
				Min: vg.Point{X: trX(float64(pr)), Y: trY(float64(k - t - 1))},
				Max: vg.Point{X: trX(float64(pr + 1)), Y: trY(float64(k - t))},
			}
			// The background is white: leaving half a gap on each side of
			// a cell draws the white lines between cells without a path of
			// their own.
			fill := cellColour(n, total, t == pr)
			if fill != white {
				c.SetColor(fill)
				c.Fill(shrink(r, cellGap/2).Path())
			}
			if t == pr {
				c.SetColor(rightHue)
				c.SetLineWidth(diagonalWidth)
				c.Stroke(shrink(r, cellGap/2+diagonalWidth/2).Path())
			}
			if !ok {
				continue
			}
			ink := textColour(fill)
			countSty.Color, pctSty.Color = ink, ink
			mid := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
			pct := ""
			if showPct && n > 0 {
				pct = percentText(n, total)
			}
			if pct == "" {
				c.FillText(countSty, mid, strconv.Itoa(n))
				continue
			}
			// Two lines centred together: the count above the middle, the
			// share below it.
			h1, h2 := countSty.FontExtents().Height, pctSty.FontExtents().Height
			c.FillText(countSty, vg.Point{X: mid.X, Y: mid.Y + (h1+h2)/2 - h1/2}, strconv.Itoa(n))
			c.FillText(pctSty, vg.Point{X: mid.X, Y: mid.Y - (h1+h2)/2 + h2/2}, pct)
		}
	}
}

// cellText chooses the text styles of the cells for a cell side of side
// points: the largest count size up to cellFontMax at which the longest
// count and "100%" fit on two lines; if that is below cellFontMin, the
// count alone on one line; ok is false when not even that fits.
func cellText(counts [][]int, side vg.Length) (count, pct text.Style, withPct, ok bool) {
	longest := ""
	for _, row := range counts {
		for _, n := range row {
			if s := strconv.Itoa(n); len(s) > len(longest) {
				longest = s
			}
		}
	}
	style := func(sz vg.Length) text.Style {
		return text.Style{
			Font:    font.From(sansFont, sz),
			XAlign:  draw.XCenter,
			YAlign:  draw.YCenter,
			Handler: plot.DefaultTextHandler,
		}
	}
	room := 0.8 * side // leave a margin inside the cell
	// The widths and heights of text scale with its size: measure at 1 pt.
	unit := style(1)
	countW := unit.Width(longest)
	pctW := percentScale * unit.Width(">99%") // the widest percentage: '>' is wider than '1'
	lineH := unit.FontExtents().Height
	two := min(cellFontMax, room/countW, room/pctW, room/((1+percentScale)*lineH))
	if two >= cellFontMin {
		return style(two), style(percentScale * two), true, true
	}
	one := min(cellFontMax, room/countW, room/lineH)
	if one >= cellFontMin {
		return style(one), text.Style{}, false, true
	}
	return text.Style{}, text.Style{}, false, false
}

// shrink moves every side of r inwards by d.
func shrink(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: r.Min.Add(vg.Point{X: d, Y: d}), Max: r.Max.Sub(vg.Point{X: d, Y: d})}
}

// cellColour is the fill of a cell with n of the row's total examples.
func cellColour(n, total int, diagonal bool) color.RGBA {
	if total == 0 {
		return emptyRowColour
	}
	if n == 0 {
		return white
	}
	hue := wrongHue
	if diagonal {
		hue = rightHue
	}
	share := float64(n) / float64(total)
	return blend(hue, cellMinAlpha+(1-cellMinAlpha)*share)
}

// textColour is black or white, whichever contrasts more with bg (WCAG 2.x
// contrast ratio (L1 + 0.05) / (L2 + 0.05)).
func textColour(bg color.RGBA) color.Color {
	l := luminance(bg)
	if (1.05)/(l+0.05) > (l+0.05)/0.05 {
		return color.White
	}
	return color.Black
}

// percentText writes n/total as a whole percentage (see percentOf).
func percentText(n, total int) string {
	return percentOf(float64(n) / float64(total))
}

// swatchThumb is a legend picture of a colour: a filled rectangle a
// little shorter than the line.
type swatchThumb color.RGBA

// Thumbnail implements plot.Thumbnailer.
func (t swatchThumb) Thumbnail(c *draw.Canvas) {
	h := 0.7 * (c.Max.Y - c.Min.Y)
	mid := c.Center()
	r := vg.Rectangle{
		Min: vg.Point{X: c.Min.X, Y: mid.Y - h/2},
		Max: vg.Point{X: c.Max.X, Y: mid.Y + h/2},
	}
	c.SetColor(color.RGBA(t))
	c.Fill(r.Path())
}

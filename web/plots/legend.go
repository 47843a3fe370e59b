package plots

import (
	"image/color"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of a legend: a small picture and its text.
type legendEntry struct {
	text  string
	thumb plot.Thumbnailer
}

// Legend geometry (points). The thumbnail width is gonum/plot's default;
// the gaps are about one and two spaces of the 10 pt legend font.
const (
	thumbWidth = vg.Length(20) // width of a legend picture
	thumbGap   = vg.Length(4)  // between a picture and its text
	entryGap   = vg.Length(12) // between two entries of a row legend
)

// legendStyle is the text style of legends.
func legendStyle() text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, legendSize),
		XAlign:  draw.XLeft,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

// fitText shortens s with an ellipsis until it is at most w wide in sty.
func fitText(sty text.Style, s string, w vg.Length) string {
	if sty.Width(s) <= w {
		return s
	}
	for s != "" {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		if t := s + "…"; sty.Width(t) <= w {
			return t
		}
	}
	return ""
}

// rowLegend lays entries out left to right, wrapping into more rows when
// they do not fit in the width; each row is centred.
type rowLegend struct {
	sty     text.Style
	rows    [][]legendEntry
	widths  []vg.Length // width of each row
	rowHigh vg.Length   // height of one row
}

// newRowLegend lays out entries for a legend at most width wide.
func newRowLegend(entries []legendEntry, width vg.Length) rowLegend {
	l := rowLegend{sty: legendStyle()}
	l.rowHigh = l.sty.FontExtents().Height
	var row []legendEntry
	var rowW vg.Length
	for _, e := range entries {
		e.text = fitText(l.sty, e.text, width-thumbWidth-thumbGap)
		w := thumbWidth + thumbGap + l.sty.Width(e.text)
		if len(row) > 0 && rowW+entryGap+w > width {
			l.rows = append(l.rows, row)
			l.widths = append(l.widths, rowW)
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			rowW += entryGap
		}
		row = append(row, e)
		rowW += w
	}
	if len(row) > 0 {
		l.rows = append(l.rows, row)
		l.widths = append(l.widths, rowW)
	}
	return l
}

// height is the total height of the legend.
func (l rowLegend) height() vg.Length {
	return vg.Length(len(l.rows)) * l.rowHigh
}

// draw draws the legend with its top edge at the top of c.
func (l rowLegend) draw(c draw.Canvas) {
	top := c.Max.Y
	for i, row := range l.rows {
		x := c.Min.X + (c.Max.X-c.Min.X-l.widths[i])/2
		yMid := top - (vg.Length(i)+0.5)*l.rowHigh
		for _, e := range row {
			drawEntry(c, l.sty, e, x, yMid, l.rowHigh)
			x += thumbWidth + thumbGap + l.sty.Width(e.text) + entryGap
		}
	}
}

// drawEntry draws one entry whose picture starts at x, centred on the line yMid.
func drawEntry(c draw.Canvas, sty text.Style, e legendEntry, x, yMid, high vg.Length) {
	icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: x, Y: yMid - high/2},
		Max: vg.Point{X: x + thumbWidth, Y: yMid + high/2},
	}}
	e.thumb.Thumbnail(&icon)
	c.FillText(sty, vg.Point{X: x + thumbWidth + thumbGap, Y: yMid}, e.text)
}

// columnLegend is a legend with one entry a row, for the side of a plot.
type columnLegend struct {
	sty     text.Style
	entries []legendEntry
	rowHigh vg.Length
	width   vg.Length
}

// newColumnLegend lays out entries in a column at most maxWidth wide.
func newColumnLegend(entries []legendEntry, maxWidth vg.Length) columnLegend {
	l := columnLegend{sty: legendStyle()}
	// 1.3 line heights per entry leaves room between the swatches.
	l.rowHigh = 1.3 * l.sty.FontExtents().Height
	for _, e := range entries {
		e.text = fitText(l.sty, e.text, maxWidth-thumbWidth-thumbGap)
		l.entries = append(l.entries, e)
		l.width = max(l.width, thumbWidth+thumbGap+l.sty.Width(e.text))
	}
	return l
}

// draw draws the legend from the top left corner of c.
func (l columnLegend) draw(c draw.Canvas) {
	for i, e := range l.entries {
		yMid := c.Max.Y - (vg.Length(i)+0.5)*l.rowHigh
		drawEntry(c, l.sty, e, c.Min.X, yMid, l.rowHigh)
	}
}

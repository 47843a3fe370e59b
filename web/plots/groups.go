package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Share is a share in [0, 1] (a rate such as an accuracy, a difference of
// two rates, or a ratio of two) that may not be defined, such as the
// true-positive rate of a group without positive examples. The zero Share
// is not defined, so a value that was never set is not drawn as 0.
type Share struct {
	Value   float64 // the share, from 0 to 1; read only when Defined
	Defined bool
}

// Defined returns the defined Share v.
func Defined(v float64) Share { return Share{Value: v, Defined: true} }

// check reports an error when s is defined but not a finite share.
func (s Share) check() error {
	if s.Defined && !(s.Value >= 0 && s.Value <= 1) {
		return fmt.Errorf("is %v, want 0 to 1", s.Value)
	}
	return nil
}

// BarGroup is one group of a per-group bar plot: its name, how many
// examples it has, and one value for each series of the plot.
type BarGroup struct {
	Name  string  // e.g. "village"; must not be empty
	Count int     // examples in the group, written under its name; not negative
	Bars  []Share // Bars[s] is the group's value of series s
}

// GroupBarsLabels are the translated texts of a per-group bar plot. Empty
// titles and axis labels are left out.
type GroupBarsLabels struct {
	Title, X, Y string
	// Count comes before a group's count under its name, as in "n = 12";
	// empty means "n".
	Count string
	// NotDefined is written, upwards, in the place of a bar whose value is
	// not defined (e.g. "not defined"); it must not be empty.
	NotDefined string
}

// MaxGroups is the largest number of groups GroupBars draws: twelve
// groups of four bars fill a 360 pt plot with bars 5 pt wide.
const MaxGroups = 12

// Default size of a per-group bar plot: as wide as the other plots; a
// little taller than a curve plot for the two lines under each group.
const (
	// DefaultGroupBarsWidth is the width of a bar plot whose Size.Width is zero.
	DefaultGroupBarsWidth = vg.Length(360)
	// DefaultGroupBarsHeight is the height of a bar plot whose Size.Height is zero.
	DefaultGroupBarsHeight = vg.Length(260)
)

// Bar geometry, in data units along the x axis where groups are 1 apart.
const (
	// groupWidth is the part of a group's unit its bars take; the rest is
	// the gap to the next group.
	groupWidth = 0.8
	// barFill is the part of a bar's slot its bar fills: a thin white gap
	// between neighbouring bars.
	barFill = 0.9
	// shareTop is the top of the y axis: above 1 (100%) there is room for
	// the value written over a full bar.
	shareTop = 1.1
)

// Bar text sizes (points): the value over a bar is at most 8 pt (two
// sizes under the 10 pt ticks, so it does not compete with them) and at
// least 5 pt, below which it is left out; the not-defined mark is at most
// 9 pt and shrinks to fit its slot, but not below 6 pt, where it would
// not be read; group names shrink down to 7 pt before they are shortened.
const (
	barValueMax    = vg.Length(8)
	barValueMin    = vg.Length(5)
	notDefinedMax  = vg.Length(9)
	notDefinedMin  = vg.Length(6)
	groupTickMin   = vg.Length(7)
	zeroBarWidth   = vg.Length(1.5) // the line drawn for a value of exactly 0
	notDefinedGrey = 0x55           // grey level of the not-defined mark: 7.5:1 on white (WCAG)
)

// GroupBars draws, for each group, one bar for each series side by side
// (series s in palette colour s), with a legend of the series under the
// plot. The y axis runs from 0% to 100%; each bar has its value written
// over it as a whole percentage when there is room. A value of exactly 0
// is drawn as a line on the axis, so it is seen to be 0; a value that is
// not defined leaves a gap with labels.NotDefined written upwards in it,
// never a bar of 0. Under each group are its name and its count
// ("n = 12").
//
// series names the series (1 to MaxClasses, none empty); groups holds 1 to
// MaxGroups groups, each with one Share for each series, every defined one
// in [0, 1]. A zero size field takes DefaultGroupBarsWidth or
// DefaultGroupBarsHeight.
func GroupBars(series []string, groups []BarGroup, labels GroupBarsLabels, size Size) ([]byte, error) {
	size, err := size.resolve(DefaultGroupBarsWidth, DefaultGroupBarsHeight)
	if err != nil {
		return nil, err
	}
	if err := checkGroupBars(series, groups, labels); err != nil {
		return nil, err
	}

	p := newPlot(labels.Title, labels.X, labels.Y)
	p.X.Min, p.X.Max = -0.5, float64(len(groups))-0.5
	p.Y.Min, p.Y.Max = 0, shareTop
	p.X.Padding, p.Y.Padding = 0, 0
	p.Y.Tick.Marker = percentTicks{}
	p.X.Tick.Length = 0 // the names sit under their groups; no marks
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // only horizontal lines: bars need no vertical grid
	grid.Horizontal.Color = color.Gray{Y: 0xDD}
	p.Add(grid)
	bars := &groupBars{groups: groups, series: len(series), notDefined: labels.NotDefined}
	p.Add(bars)

	entries := make([]legendEntry, len(series))
	for i, name := range series {
		entries[i] = legendEntry{text: name, thumb: swatchThumb(palette[i])}
	}
	countWord := labels.Count
	if countWord == "" {
		countWord = "n"
	}

	return render(size, func(c draw.Canvas) error {
		c = inset(c)
		const pad = vg.Length(4) // between the axis label and the legend
		leg := newRowLegend(entries, c.Max.X-c.Min.X)
		area := draw.Crop(c, 0, 0, leg.height()+pad, 0)
		// Group names must fit under their groups, whose width is known
		// once the y axis has taken its share (the names change only the
		// x axis's height): lay out once, then choose the tick size.
		p.X.Tick.Marker = plot.ConstantTicks(groupTicks(groups, countWord, p.X.Tick.Label, 0))
		dc := p.DataCanvas(area)
		if err := checkDataArea(dc, area, size); err != nil {
			return err
		}
		room := 0.95 * (dc.Max.X - dc.Min.X) / vg.Length(len(groups))
		p.X.Tick.Label.Font.Size = groupTickSize(groups, countWord, p.X.Tick.Label, room)
		p.X.Tick.Marker = plot.ConstantTicks(groupTicks(groups, countWord, p.X.Tick.Label, room))
		p.Draw(area)
		leg.draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: c.Min,
			Max: vg.Point{X: c.Max.X, Y: c.Min.Y + leg.height()},
		}})
		return nil
	})
}

// checkDataArea reports an error when a plot of the given size drawn in
// area leaves an empty data area dc, or one that does not fit in area:
// the texts take all the room.
func checkDataArea(dc, area draw.Canvas, size Size) error {
	if !(dc.Min.X < dc.Max.X && dc.Min.Y < dc.Max.Y) ||
		dc.Min.X < area.Min.X || dc.Max.X > area.Max.X || dc.Min.Y < area.Min.Y || dc.Max.Y > area.Max.Y {
		return fmt.Errorf("plots: size %v×%v pt leaves no room for the data",
			float64(size.Width), float64(size.Height))
	}
	return nil
}

// groupTicks are the labels under the groups: the name and, on a second
// line, "n = 12", or only "12" when that does not fit in room. Names
// wider than room are shortened; room 0 leaves them whole.
func groupTicks(groups []BarGroup, countWord string, sty text.Style, room vg.Length) []plot.Tick {
	ticks := make([]plot.Tick, len(groups))
	for i, g := range groups {
		name, count := g.Name, countWord+" = "+strconv.Itoa(g.Count)
		if room > 0 {
			name = fitText(sty, name, room)
			if sty.Width(count) > room {
				count = strconv.Itoa(g.Count)
			}
		}
		ticks[i] = plot.Tick{Value: float64(i), Label: name + "\n" + count}
	}
	return ticks
}

// groupTickSize is the size of the group labels: the tick size, or a
// smaller one down to groupTickMin when that lets every name and
// "n = count" fit in room.
func groupTickSize(groups []BarGroup, countWord string, sty text.Style, room vg.Length) vg.Length {
	widest := vg.Length(0)
	for _, g := range groups {
		widest = max(widest, sty.Width(g.Name), sty.Width(countWord+" = "+strconv.Itoa(g.Count)))
	}
	if widest <= room {
		return sty.Font.Size
	}
	// Widths scale with the size.
	return max(groupTickMin, sty.Font.Size*room/widest)
}

// checkGroupBars validates the inputs of GroupBars.
func checkGroupBars(series []string, groups []BarGroup, labels GroupBarsLabels) error {
	if len(series) == 0 || len(series) > MaxClasses {
		return fmt.Errorf("plots: group bars: %d series, want 1 to %d", len(series), MaxClasses)
	}
	for i, s := range series {
		if s == "" {
			return fmt.Errorf("plots: group bars: series %d has no name", i)
		}
	}
	if len(groups) == 0 || len(groups) > MaxGroups {
		return fmt.Errorf("plots: group bars: %d groups, want 1 to %d", len(groups), MaxGroups)
	}
	if labels.NotDefined == "" {
		return fmt.Errorf("plots: group bars: the not-defined text must not be empty")
	}
	for i, g := range groups {
		if g.Name == "" {
			return fmt.Errorf("plots: group bars: group %d has no name", i)
		}
		if g.Count < 0 {
			return fmt.Errorf("plots: group bars: group %q has count %d", g.Name, g.Count)
		}
		if len(g.Bars) != len(series) {
			return fmt.Errorf("plots: group bars: group %q has %d values for %d series", g.Name, len(g.Bars), len(series))
		}
		for s, b := range g.Bars {
			if err := b.check(); err != nil {
				return fmt.Errorf("plots: group bars: group %q, series %q %w", g.Name, series[s], err)
			}
		}
	}
	return nil
}

// groupBars draws the bars and the not-defined marks of GroupBars.
type groupBars struct {
	groups     []BarGroup
	series     int
	notDefined string
}

// slot returns the x range in data units of series s's bar in group g.
func (b *groupBars) slot(g, s int) (lo, hi float64) {
	w := groupWidth / float64(b.series)
	lo = float64(g) - groupWidth/2 + float64(s)*w
	return lo, lo + w
}

// Plot implements plot.Plotter.
func (b *groupBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	lo, hi := b.slot(0, 0)
	slotW := trX(hi) - trX(lo)
	barW := barFill * slotW
	valueSty, showValues := barValueStyle(slotW)
	markSty := notDefinedStyle(slotW, trY(1)-trY(0), b.notDefined)
	base := trY(0)
	for g, grp := range b.groups {
		for s, v := range grp.Bars {
			lo, hi := b.slot(g, s)
			mid := (trX(lo) + trX(hi)) / 2
			if !v.Defined {
				// Upwards from just above the axis, centred in the slot.
				mark := fitText(markSty, b.notDefined, trY(1)-base)
				c.FillText(markSty, vg.Point{X: mid, Y: base + markSty.Font.Size/2}, mark)
				continue
			}
			c.SetColor(palette[s])
			top := trY(v.Value)
			if v.Value == 0 {
				c.StrokeLine2(draw.LineStyle{Color: palette[s], Width: zeroBarWidth},
					mid-barW/2, base+zeroBarWidth/2, mid+barW/2, base+zeroBarWidth/2)
				top = base + zeroBarWidth
			} else {
				r := vg.Rectangle{Min: vg.Point{X: mid - barW/2, Y: base}, Max: vg.Point{X: mid + barW/2, Y: top}}
				c.Fill(r.Path())
			}
			if showValues {
				c.FillText(valueSty, vg.Point{X: mid, Y: top + 1}, percentOf(v.Value))
			}
		}
	}
}

// barValueStyle is the style of the value over a bar in a slot slotW
// wide: as large as fits "100%" up to barValueMax; ok is false when that
// is smaller than barValueMin.
func barValueStyle(slotW vg.Length) (sty text.Style, ok bool) {
	sty = text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, 1),
		XAlign:  draw.XCenter,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
	// Text scales with its size: measure at 1 pt.
	sz := min(barValueMax, 0.95*slotW/sty.Width("100%"))
	sty.Font = font.From(sansFont, sz)
	return sty, sz >= barValueMin
}

// notDefinedStyle is the style of the not-defined mark in a slot slotW
// wide and high: written upwards, as large as fits its width up to
// notDefinedMax, never below notDefinedMin (a mark must be drawn).
func notDefinedStyle(slotW, high vg.Length, mark string) text.Style {
	sty := text.Style{
		Color:    color.Gray{Y: notDefinedGrey},
		Font:     font.From(sansFont, 1),
		Rotation: math.Pi / 2,
		XAlign:   draw.XLeft,
		YAlign:   draw.YCenter,
		Handler:  plot.DefaultTextHandler,
	}
	// The text's height at 1 pt is its line height: upwards, that is its
	// width across the slot.
	sz := max(notDefinedMin, min(notDefinedMax, 0.9*slotW/sty.FontExtents().Height))
	sty.Font = font.From(sansFont, sz)
	return sty
}

// percentOf writes a share as a whole percentage, never rounding a share
// that is not 0 to "0%" or one that is not 1 to "100%".
func percentOf(v float64) string {
	r := math.Round(100 * v)
	switch {
	case v == 0 || v == 1:
		return strconv.Itoa(int(r)) + "%"
	case r < 1:
		return "<1%"
	case r > 99:
		return ">99%"
	}
	return strconv.Itoa(int(r)) + "%"
}

// percentTicks marks a share axis at 0%, 25%, 50%, 75% and 100%.
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		if v >= lo && v <= hi {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(100*v)) + "%"})
		}
	}
	return ticks
}

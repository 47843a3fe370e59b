package plots

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// testSweep returns a sweep of n+1 thresholds from 0 to 1 with three
// lines shaped like a real one: accuracy highest in the middle, the
// demographic-parity difference largest there, and the equal-opportunity
// difference not defined from 0.81 to 0.89 and at 0.92 and 0.95 (no
// positives predicted in one group), which leaves 0.93–0.94 as a short
// run and makes the value at 0.91 a lone point.
func testSweep(n int) ([]float64, []TradeoffLine) {
	acc := TradeoffLine{Name: "Accuracy"}
	dp := TradeoffLine{Name: "Demographic-parity difference"}
	eo := TradeoffLine{Name: "Equal-opportunity difference"}
	var th []float64
	for i := range n + 1 {
		t := float64(i) / float64(n)
		th = append(th, t)
		acc.Y = append(acc.Y, Defined(0.5+1.44*t*(1-t)))
		dp.Y = append(dp.Y, Defined(1.2*t*(1-t)))
		p := math.Round(100 * t)
		if p > 80 && p < 90 || p == 92 || p == 95 {
			eo.Y = append(eo.Y, Share{})
		} else {
			eo.Y = append(eo.Y, Defined(0.2+0.1*t))
		}
	}
	return th, []TradeoffLine{acc, dp, eo}
}

func TestTradeoffGolden(t *testing.T) {
	th, lines := testSweep(100)
	kk := []TradeoffLine{{Name: "Дәлдік", Y: lines[0].Y}, {Name: "Демографиялық паритет айырмасы", Y: lines[1].Y},
		{Name: "Мүмкіндік теңдігі айырмасы", Y: lines[2].Y}}
	few := []float64{0, 0.25, 0.5, 0.75, 1}
	tests := []struct {
		name   string
		th     []float64
		lines  []TradeoffLine
		marks  []ThresholdMark
		labels TradeoffLabels
		size   Size
	}{
		// Per-group thresholds: two close together share no row, one at
		// the right edge has its text on the left.
		{"tradeoff_groups_en", th, lines,
			[]ThresholdMark{{At: 0.5, Text: "city 0.50"}, {At: 0.55, Text: "village 0.55"}, {At: 0.97, Text: "mountain 0.97"}},
			TradeoffLabels{Title: "Threshold trade-off", X: "Threshold", Y: "Share", NotDefined: "not defined"}, Size{}},
		{"tradeoff_one_threshold_kk", th, kk, []ThresholdMark{{At: 0.5, Text: "шек 0.50"}},
			TradeoffLabels{Title: "Шекті таңдау", X: "Шек", NotDefined: "анықталмаған"}, Size{}},
		// Five thresholds; the second line is never defined and says so
		// in the legend; a mark without text.
		{"tradeoff_few_ru", few, []TradeoffLine{
			{Name: "Точность", Y: []Share{Defined(0.5), Defined(0.7), Defined(0.8), Defined(0.7), Defined(0.5)}},
			{Name: "Разница TPR", Y: make([]Share, 5)},
			{Name: "Разница", Y: []Share{Defined(0.1), {}, Defined(0.3), {}, {}}},
		}, []ThresholdMark{{At: 0.3}}, TradeoffLabels{Title: "Порог", X: "Порог", Y: "Доля", NotDefined: "не определено"},
			Size{Width: 300, Height: 220}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f, err := Tradeoff(tt.th, tt.lines, tt.marks, tt.labels, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, f2, err := Tradeoff(tt.th, tt.lines, tt.marks, tt.labels, tt.size)
			if err != nil || !bytes.Equal(got, again) || f != f2 {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}

func TestTradeoffErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(th *[]float64, lines *[]TradeoffLine, marks *[]ThresholdMark)
		want   string
	}{
		{"no thresholds", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { *th = nil }, "0 thresholds"},
		{"too many thresholds", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) {
			*th = make([]float64, MaxThresholds+1)
		}, "1002 thresholds"},
		{"NaN threshold", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*th)[2] = math.NaN() }, "threshold 2 is NaN"},
		{"threshold above 1", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*th)[4] = 1.5 }, "threshold 4 is 1.5"},
		{"threshold below 0", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*th)[0] = -0.1 }, "threshold 0 is -0.1"},
		{"repeated threshold", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*th)[2] = (*th)[1] }, "must increase"},
		{"decreasing thresholds", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { slices.Reverse(*th) }, "must increase"},
		{"no lines", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { *l = nil }, "0 lines"},
		{"too many lines", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) {
			*l = make([]TradeoffLine, MaxClasses+1)
		}, "11 lines"},
		{"unnamed line", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*l)[1].Name = "" }, "line 1 has no name"},
		{"ragged line", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*l)[0].Y = (*l)[0].Y[:3] }, "3 values for 5 thresholds"},
		{"NaN value", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*l)[1].Y[2] = Defined(math.NaN()) }, `"b" at threshold 0.5 is NaN`},
		{"value above 1", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*l)[0].Y[0] = Defined(2) }, "is 2"},
		{"too many marks", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) {
			*m = make([]ThresholdMark, MaxGroups+1)
		}, "13 threshold marks"},
		{"NaN mark", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*m)[0].At = math.NaN() }, "mark 0 is at NaN"},
		{"mark above 1", func(th *[]float64, l *[]TradeoffLine, m *[]ThresholdMark) { (*m)[0].At = 1.01 }, "mark 0 is at 1.01"},
	}
	valid := func() ([]float64, []TradeoffLine, []ThresholdMark) {
		th := []float64{0, 0.25, 0.5, 0.75, 1}
		lines := []TradeoffLine{
			{Name: "a", Y: []Share{Defined(0), Defined(0.2), Defined(0.4), {}, Defined(1)}},
			{Name: "b", Y: []Share{{}, {}, Defined(0.5), Defined(0.5), {}}},
		}
		return th, lines, []ThresholdMark{{At: 0.5, Text: "0.5"}}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, lines, marks := valid()
			tt.change(&th, &lines, &marks)
			svg, f, err := Tradeoff(th, lines, marks, TradeoffLabels{}, Size{})
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
	th, lines, marks := valid()
	if _, _, err := Tradeoff(th, lines, marks, TradeoffLabels{}, Size{}); err != nil {
		t.Fatalf("valid inputs: %v", err)
	}
	for _, c := range []struct {
		size Size
		want string
	}{{Size{Height: -1}, "size"}, {Size{Width: 10, Height: 10}, "no room for the data"}} {
		svg, f, err := Tradeoff(th, lines, marks, TradeoffLabels{Title: "t"}, c.size)
		if err == nil || svg != nil || f != (Frame{}) || !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("size %v: %d bytes, frame %+v, error %v; want an error containing %q", c.size, len(svg), f, err, c.want)
		}
	}
}

// pathPoints returns the points of the stroked paths of svg in colour c
// and stroke width w, one slice a path, in SVG coordinates (y down) of a
// picture of height h. vgsvg writes gonum's y-up coordinates under a
// document-wide flip, so y is h minus the written value.
func pathPoints(t *testing.T, svg []byte, c string, w float64, h float64) [][][2]float64 {
	t.Helper()
	// vgsvg leaves out a width of 1, SVG's default.
	width := `;stroke-width:` + fmt.Sprint(w) + `[;"]`
	if w == 1 {
		width = `"`
	}
	re := regexp.MustCompile(`<path d="([^"]*)" style="fill:none;stroke:#` + c + width)
	ptRE := regexp.MustCompile(`[ML]([-0-9.e]+),([-0-9.e]+)`)
	var paths [][][2]float64
	for _, m := range re.FindAllSubmatch(svg, -1) {
		var path [][2]float64
		for _, p := range ptRE.FindAllSubmatch(m[1], -1) {
			var x, y float64
			fmt.Sscan(string(p[1]), &x)
			fmt.Sscan(string(p[2]), &y)
			path = append(path, [2]float64{x, h - y})
		}
		paths = append(paths, path)
	}
	return paths
}

func TestTradeoffBreaks(t *testing.T) {
	// Seven thresholds; the line is defined at 0, 1/6, 3/6, 4/6 and 6/6:
	// two runs of two points and a lone point at the end. A second line
	// is defined everywhere, as a control.
	th := []float64{0, 1.0 / 6, 2.0 / 6, 3.0 / 6, 4.0 / 6, 5.0 / 6, 1}
	broken := []Share{Defined(0.2), Defined(0.4), {}, Defined(0.6), Defined(0.8), {}, Defined(0.5)}
	whole := make([]Share, len(th))
	for i := range whole {
		whole[i] = Defined(0.9)
	}
	svg, f, err := Tradeoff(th, []TradeoffLine{{Name: "broken", Y: broken}, {Name: "whole", Y: whole}}, nil, TradeoffLabels{}, Size{})
	if err != nil {
		t.Fatal(err)
	}
	paths := pathPoints(t, svg, hex(palette[0]), curveWidth.Points(), f.Height)
	// Two runs, and the legend's line (under the plot, outside the frame).
	var inside [][][2]float64
	for _, p := range paths {
		// SVG numbers have five significant digits: a point on the edge
		// may lie a hair outside.
		if p[0][1] < f.Bottom+0.01 {
			inside = append(inside, p)
		}
	}
	if len(paths) != 3 || len(inside) != 2 {
		t.Fatalf("%d paths of the broken line, %d inside the data area; want 3 and 2", len(paths), len(inside))
	}
	// Every drawn point is a defined value at its threshold: none is at
	// the undefined thresholds, and none at 0.
	want := [][]int{{0, 1}, {3, 4}}
	for r, p := range inside {
		if len(p) != len(want[r]) {
			t.Fatalf("run %d has %d points, want %d", r, len(p), len(want[r]))
		}
		for j, pt := range p {
			x, y, _ := f.ToData(pt[0], pt[1])
			k := want[r][j]
			if math.Abs(x-th[k]) > 1e-3 || math.Abs(y-broken[k].Value) > 1e-3 {
				t.Errorf("run %d point %d at (%.4f, %.4f), want (%.4f, %.4f)", r, j, x, y, th[k], broken[k].Value)
			}
		}
	}
	// The lone point at threshold 1 is a dot: a filled circle of radius
	// 2.5 in the line's colour, centred on (1, 0.5). A circle's path starts
	// at its rightmost point.
	mx, my := markerStart(t, svg, palette[0])
	// It sits on the right edge, which rounding may put a hair outside:
	// ok is not checked.
	x, y, _ := f.ToData(mx-2.5, f.Height-my)
	if math.Abs(x-1) > 1e-3 || math.Abs(y-0.5) > 1e-3 {
		t.Errorf("the lone point is drawn at (%v, %v), want (1, 0.5)", x, y)
	}
	// The control line is one path of seven points (and the legend's).
	control := pathPoints(t, svg, hex(palette[1]), curveWidth.Points(), f.Height)
	if len(control) != 2 || len(control[0]) != 7 {
		t.Errorf("the whole line is drawn as %d paths, the first of %d points; want 2 and 7", len(control), len(control[0]))
	}
}

func TestTradeoffMarksAndFrame(t *testing.T) {
	th, lines := testSweep(20)
	marks := []ThresholdMark{{At: 0.3, Text: "a"}, {At: 0.72, Text: "b"}}
	for _, size := range []Size{{}, {Width: 500, Height: 200}} {
		svg, f, err := Tradeoff(th, lines, marks, TradeoffLabels{Title: "t", X: "x", Y: "y"}, size)
		if err != nil {
			t.Fatal(err)
		}
		sz, _ := size.resolve(DefaultTradeoffWidth, DefaultTradeoffHeight)
		if f.Width != sz.Width.Points() || f.Height != sz.Height.Points() || f.XMin != 0 || f.XMax != 1 || f.YMin != 0 || f.YMax != 1 {
			t.Errorf("size %v: frame %+v", size, f)
		}
		if !(0 < f.Left && f.Left < f.Right && f.Right < f.Width && 0 < f.Top && f.Top < f.Bottom && f.Bottom < f.Height) {
			t.Errorf("frame %+v does not lie inside the picture", f)
		}
		// Each mark is a vertical line from the bottom to the top of the
		// data area, where the frame puts its threshold.
		lines := pathPoints(t, svg, hex(markColour), markWidth.Points(), f.Height)
		if len(lines) != len(marks) {
			t.Fatalf("size %v: %d mark lines, want %d", size, len(lines), len(marks))
		}
		for i, l := range lines {
			px, _, _ := f.FromData(marks[i].At, 0)
			if len(l) != 2 || math.Abs(l[0][0]-px) > 0.01 || math.Abs(l[1][0]-px) > 0.01 ||
				math.Abs(l[0][1]-f.Bottom) > 0.01 || math.Abs(l[1][1]-f.Top) > 0.01 {
				t.Errorf("size %v: mark %d drawn %v, want x %v from %v to %v", size, i, l, px, f.Bottom, f.Top)
			}
		}
		// The accuracy's first point is at (0, 0.5), where the frame says.
		acc := pathPoints(t, svg, hex(palette[0]), curveWidth.Points(), f.Height)
		px, py, _ := f.FromData(0, 0.5)
		if len(acc) == 0 || math.Abs(acc[0][0][0]-px) > 0.01 || math.Abs(acc[0][0][1]-py) > 0.01 {
			t.Errorf("size %v: accuracy starts at %v, frame puts (0, 0.5) at (%v, %v)", size, acc[0][0], px, py)
		}
	}
}

func TestLayoutMarkTexts(t *testing.T) {
	sty := legendStyle()
	// A data area from x 0 to 300 showing thresholds 0 to 1.
	trX := func(v float64) vg.Length { return vg.Length(300 * v) }
	marks := []ThresholdMark{
		{At: 0.55, Text: "village 0.55"},
		{At: 0.5, Text: "city 0.50"},
		{At: 0.2, Text: ""}, // no text: not placed
		{At: 0.99, Text: "mountain 0.99"},
		{At: 0.52, Text: "steppe 0.52"},
		{At: 0.9, Text: strings.Repeat("a very long text ", 20)},
	}
	got := layoutMarkTexts(marks, sty, 0, 300, trX)
	if len(got) != 5 {
		t.Fatalf("%d texts placed, want 5", len(got))
	}
	byText := map[string]markText{}
	for _, p := range got {
		byText[p.text] = p
		if p.x0 < 0 || p.x1 > 300 {
			t.Errorf("%q placed from %v to %v, outside the area", p.text, p.x0, p.x1)
		}
		if w := sty.Width(p.text); math.Abs(float64(p.x1-p.x0-w)) > 1e-9 {
			t.Errorf("%q spans %v, its width is %v", p.text, p.x1-p.x0, w)
		}
	}
	// From left to right: city (0.50) on row 0 right of its line; steppe
	// (0.52, 6 pt further) overlaps it and goes to row 1; village (0.55)
	// overlaps both and goes to row 2.
	for _, c := range []struct {
		text string
		row  int
		x0   vg.Length
	}{
		{"city 0.50", 0, 150 + markTextGap},
		{"steppe 0.52", 1, 156 + markTextGap},
		{"village 0.55", 2, 165 + markTextGap},
	} {
		if p, ok := byText[c.text]; !ok || p.row != c.row || math.Abs(float64(p.x0-c.x0)) > 1e-9 {
			t.Errorf("%q at %+v, want row %d from %v", c.text, p, c.row, c.x0)
		}
	}
	// The mark near the right edge has its text on the left of its line.
	if p := byText["mountain 0.99"]; p.x1 != 297-markTextGap {
		t.Errorf("the text of the mark at 0.99 ends at %v, want %v", p.x1, 297-markTextGap)
	}
	// The long text is shortened to half the width.
	for _, p := range got {
		if strings.HasPrefix(p.text, "a very long") && (!strings.HasSuffix(p.text, "…") || p.x1-p.x0 > 150) {
			t.Errorf("long text placed as %q, %v wide", p.text, p.x1-p.x0)
		}
	}
	// No two texts on a row overlap.
	for i, a := range got {
		for _, b := range got[i+1:] {
			if a.row == b.row && a.x0 < b.x1 && b.x0 < a.x1 {
				t.Errorf("%q and %q overlap on row %d", a.text, b.text, a.row)
			}
		}
	}
}

func TestDefinedRuns(t *testing.T) {
	d := Defined(0.5)
	tests := []struct {
		y    []Share
		want [][]int
	}{
		{nil, nil},
		{[]Share{{}, {}}, nil},
		{[]Share{d}, [][]int{{0}}},
		{[]Share{d, d, d}, [][]int{{0, 1, 2}}},
		{[]Share{d, {}, d, d, {}, {}, d}, [][]int{{0}, {2, 3}, {6}}},
		{[]Share{{}, d, d, {}}, [][]int{{1, 2}}},
		// The zero Share is not defined, even with a value in it.
		{[]Share{{Value: 0.3}, Defined(0)}, [][]int{{1}}},
	}
	for _, tt := range tests {
		got := definedRuns(tt.y)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("definedRuns(%v) = %v, want %v", tt.y, got, tt.want)
		}
	}
}

package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// testConfusion10 is a 10-class matrix of four-digit diagonal counts with
// a few mistakes in every row, except class 4, which has no examples.
func testConfusion10() ([][]int, []string) {
	names := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	counts := make([][]int, 10)
	for t := range counts {
		counts[t] = make([]int, 10)
		if t == 4 {
			continue
		}
		for p := range counts[t] {
			counts[t][p] = (t*7 + p*3) % 5
		}
		counts[t][t] = 1000 + 37*t
	}
	return counts, names
}

func TestConfusionGolden(t *testing.T) {
	c10, names10 := testConfusion10()
	tests := []struct {
		name   string
		counts [][]int
		labels ConfusionLabels
		size   Size
	}{
		{"confusion_3class_kk", [][]int{{50, 3, 0}, {7, 31, 12}, {1, 0, 46}},
			ConfusionLabels{Title: "Қателер кестесі", Truth: "Шын класс", Predicted: "Болжанған класс",
				Classes: []string{"мысық", "ит", "құс"}, Right: "дұрыс", Wrong: "қате"}, Size{}},
		// Names too wide for their columns are written upwards.
		{"confusion_10class_empty_row_en", c10,
			ConfusionLabels{Title: "Confusion matrix", Truth: "True class", Predicted: "Predicted class",
				Classes: names10, Right: "right", Wrong: "wrong"}, Size{}},
		// No legend; a wide plot is squared; the second class has no examples.
		{"confusion_2class_wide_ru", [][]int{{120, 30}, {0, 0}},
			ConfusionLabels{Title: "Матрица ошибок", Truth: "Истинный класс", Predicted: "Предсказанный класс",
				Classes: []string{"не принят", "принят"}}, Size{Width: 480, Height: 240}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Confusion(tt.counts, tt.labels, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, err := Confusion(tt.counts, tt.labels, tt.size)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}

func TestConfusionErrors(t *testing.T) {
	classes := []string{"a", "b", "c"}
	ok := [][]int{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	tests := []struct {
		name    string
		counts  [][]int
		classes []string
		size    Size
		want    string
	}{
		{"no classes", nil, nil, Size{}, "0 class names"},
		{"too many classes", ok, make([]string, MaxClasses+1), Size{}, "class names"},
		{"unnamed class", ok, []string{"a", "", "c"}, Size{}, "class 1 has no name"},
		{"empty matrix", [][]int{}, classes, Size{}, "0 rows"},
		{"missing row", ok[:2], classes, Size{}, "2 rows"},
		{"ragged row", [][]int{{1, 2, 3}, {4, 5}, {7, 8, 9}}, classes, Size{}, "row 1 has 2 counts"},
		{"long row", [][]int{{1, 2, 3}, {4, 5, 6}, {7, 8, 9, 10}}, classes, Size{}, "row 2 has 4 counts"},
		{"negative count", [][]int{{1, 2, 3}, {4, -5, 6}, {7, 8, 9}}, classes, Size{}, "true class 1 predicted 1 is -5"},
		{"overflowing row", [][]int{{math.MaxInt, 1, 0}, {0, 0, 0}, {0, 0, 0}}, classes, Size{}, "overflow"},
		{"NaN size", ok, classes, Size{Width: vgNaN()}, "size"},
		{"too small for cells", ok, classes, Size{Width: 20, Height: 20}, "no room for the data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := Confusion(tt.counts, ConfusionLabels{Title: "t", Truth: "truth", Predicted: "predicted", Classes: tt.classes}, tt.size)
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
	if _, err := Confusion(ok, ConfusionLabels{Classes: classes}, Size{}); err != nil {
		t.Fatalf("valid inputs: %v", err)
	}
}

// fillRE finds the filled paths of an SVG and their colours.
var fillRE = regexp.MustCompile(`<path d="[^"]*" style="fill:#([0-9A-F]{6})" />`)

// hex is the colour c as vgsvg writes it.
func hex(c color.RGBA) string { return fmt.Sprintf("%02X%02X%02X", c.R, c.G, c.B) }

func TestConfusionCells(t *testing.T) {
	// Row 0: 6 of 8 right; row 1: no examples; row 2: 1 of 4 right.
	counts := [][]int{{6, 2, 0}, {0, 0, 0}, {3, 0, 1}}
	svg, err := Confusion(counts, ConfusionLabels{Classes: []string{"a", "b", "c"}, Right: "right", Wrong: "wrong"}, Size{})
	if err != nil {
		t.Fatal(err)
	}
	// Every count is written, and the shares of the non-zero ones:
	// 6/8 = 75%, 2/8 = 25%, 3/4 = 75%, 1/4 = 25%. Zero cells show no share.
	texts := map[string]int{}
	for _, m := range regexp.MustCompile(`>([^<>]*)</text>`).FindAllSubmatch(svg, -1) {
		texts[string(m[1])]++
	}
	for s, n := range map[string]int{"6": 1, "2": 1, "3": 1, "1": 1, "0": 5, "75%": 2, "25%": 2, "0%": 0} {
		if texts[s] != n {
			t.Errorf("text %q written %d times, want %d (texts %v)", s, texts[s], n, texts)
		}
	}
	// Fills: the right cells in blue (6/8 and 1/4), the mistakes in
	// vermillion (2/8 and 3/4), the empty row's three cells grey; cells
	// with a count of zero in a non-empty row stay white (no path).
	fills := map[string]int{}
	for _, m := range fillRE.FindAllSubmatch(svg, -1) {
		fills[string(m[1])]++
	}
	want := map[string]int{
		hex(cellColour(6, 8, true)):  1,
		hex(cellColour(1, 4, true)):  1,
		hex(cellColour(2, 8, false)): 1,
		hex(cellColour(3, 4, false)): 1,
		hex(emptyRowColour):          3,
	}
	for c, n := range want {
		if fills[c] != n {
			t.Errorf("%d cells filled #%s, want %d (fills %v)", fills[c], c, n, fills)
		}
	}
	// The three diagonal frames, the empty row's included.
	frame := fmt.Sprintf("fill:none;stroke:#%s;stroke-width:%g", hex(rightHue), diagonalWidth.Points())
	if n := bytes.Count(svg, []byte(frame)); n != 3 {
		t.Errorf("%d diagonal frames, want 3", n)
	}
}

func TestCellColour(t *testing.T) {
	// a = cellMinAlpha + (1 − cellMinAlpha)·share: 0.08 + 0.92·0.5 = 0.54.
	tests := []struct {
		n, total int
		diagonal bool
		want     color.RGBA
	}{
		{0, 0, true, emptyRowColour},
		{0, 10, true, white},
		{0, 10, false, white},
		{10, 10, true, rightHue},
		{10, 10, false, wrongHue},
		{5, 10, true, blend(rightHue, 0.54)},
		{5, 10, false, blend(wrongHue, 0.54)},
		{1, 1000000, false, blend(wrongHue, cellMinAlpha+(1-cellMinAlpha)*1e-6)},
	}
	for _, tt := range tests {
		if got := cellColour(tt.n, tt.total, tt.diagonal); got != tt.want {
			t.Errorf("cellColour(%d, %d, %v) = %v, want %v", tt.n, tt.total, tt.diagonal, got, tt.want)
		}
	}
	// A single example in a huge row is still tinted, not white.
	if cellColour(1, 1000000, false) == white {
		t.Error("one mistake in a million is drawn white")
	}
}

func TestTextColour(t *testing.T) {
	tests := []struct {
		bg   color.RGBA
		want color.Color
	}{
		{white, color.Black},
		{rightHue, color.White},             // full blue, luminance 0.16
		{blend(rightHue, 0.3), color.Black}, // pale blue
		{wrongHue, color.Black},             // vermillion, luminance 0.24: black contrasts 5.8:1, white 3.6:1
		{emptyRowColour, color.Black},
		{color.RGBA{0, 0, 0, 0xFF}, color.White},
	}
	for _, tt := range tests {
		if got := textColour(tt.bg); got != tt.want {
			t.Errorf("textColour(%v) = %v, want %v", tt.bg, got, tt.want)
		}
	}
}

func TestPercentText(t *testing.T) {
	tests := []struct {
		n, total int
		want     string
	}{
		{0, 7, "0%"},
		{7, 7, "100%"},
		{1, 3, "33%"},
		{2, 3, "67%"},
		{1, 200, "1%"},     // 0.5% rounds half away from zero
		{1, 201, "<1%"},    // 0.498%
		{1, 1000, "<1%"},   // not 0%: there is a mistake
		{199, 200, ">99%"}, // 99.5% would round to 100%
		{999, 1000, ">99%"},
		{99, 100, "99%"},
	}
	for _, tt := range tests {
		if got := percentText(tt.n, tt.total); got != tt.want {
			t.Errorf("percentText(%d, %d) = %q, want %q", tt.n, tt.total, got, tt.want)
		}
	}
}

func TestCellText(t *testing.T) {
	small := [][]int{{5, 1}, {2, 9}}
	big := [][]int{{123456, 1}, {2, 9}}
	tests := []struct {
		name          string
		counts        [][]int
		side          float64
		wantPct, want bool
		wantSize      float64 // 0: only check that it is within bounds
	}{
		{"roomy cell", small, 100, true, true, cellFontMax.Points()},
		{"ten classes at default size", small, 29, true, true, 0},
		{"small cell drops the share", small, 12, false, true, 0},
		{"long count shrinks", big, 25, true, true, 0},
		{"too small for any text", big, 10, false, false, 0},
	}
	for _, tt := range tests {
		count, pct, withPct, ok := cellText(tt.counts, vg.Length(tt.side))
		if withPct != tt.wantPct || ok != tt.want {
			t.Errorf("%s: withPct %v, ok %v; want %v, %v", tt.name, withPct, ok, tt.wantPct, tt.want)
			continue
		}
		if !ok {
			continue
		}
		sz := count.Font.Size
		if sz < cellFontMin || sz > cellFontMax || (tt.wantSize != 0 && sz.Points() != tt.wantSize) {
			t.Errorf("%s: count size %v", tt.name, sz)
		}
		// The text fits the cell: the longest count across, and the lines
		// one above the other.
		room := 0.8 * tt.side
		longest := "123456"
		if tt.counts[0][0] < 10 {
			longest = "5"
		}
		if w := count.Width(longest).Points(); w > room+1e-9 {
			t.Errorf("%s: count %v wide in a cell of %v", tt.name, w, tt.side)
		}
		if withPct {
			h := count.FontExtents().Height + pct.FontExtents().Height
			if h.Points() > room+1e-9 || pct.Width(">99%").Points() > room+1e-9 {
				t.Errorf("%s: two lines %v high in a cell of %v", tt.name, h, tt.side)
			}
		}
	}
}

func TestConfusionSquare(t *testing.T) {
	// The cells are square whatever the shape of the plot: the frames of
	// the diagonal cells (paths M x0,y0 L x1,y0 L x1,y1 L x0,y1 Z) have
	// equal sides.
	frameRE := regexp.MustCompile(`<path d="M([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L[^"]*" style="fill:none;stroke:#0072B2`)
	for _, size := range []Size{{}, {Width: 600, Height: 200}, {Width: 200, Height: 500}} {
		svg, err := Confusion([][]int{{3, 1}, {2, 4}}, ConfusionLabels{Title: "t", Truth: "y", Predicted: "x", Classes: []string{"a", "b"}}, size)
		if err != nil {
			t.Fatal(err)
		}
		m := frameRE.FindAllSubmatch(svg, -1)
		if len(m) != 2 {
			t.Fatalf("size %v: %d diagonal frames, want 2", size, len(m))
		}
		for _, f := range m {
			var v [6]float64
			for i := range v {
				fmt.Sscan(string(f[i+1]), &v[i])
			}
			w, h := math.Abs(v[2]-v[0]), math.Abs(v[5]-v[3])
			if math.Abs(w-h) > 0.01 || w < 10 {
				t.Errorf("size %v: a diagonal frame is %v×%v, want square", size, w, h)
			}
		}
	}
}

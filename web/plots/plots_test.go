package plots

import (
	"bytes"
	"html"
	"image/color"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

func TestEpochTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string // the labels, space-separated
	}{
		{1, 2, "1 2"},
		{1, 5, "1 2 3 4 5"},
		{1, 10, "2 4 6 8 10"},
		{1, 12, "2 4 6 8 10 12"},
		{1, 15, "1 5 10 15"},
		{1, 30, "1 5 10 15 20 25 30"},
		{1, 100, "1 20 40 60 80 100"},
		{1, 200, "1 50 100 150 200"},
		{1, 1000, "1 200 400 600 800 1000"},
		{1, 1e6, "1 200000 400000 600000 800000 1000000"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (epochTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Value != math.Trunc(tk.Value) || tk.Value < tt.lo || tk.Value > tt.hi {
				t.Errorf("Ticks(%v, %v) has tick %v: not a whole epoch in range", tt.lo, tt.hi, tk.Value)
			}
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("Ticks(%v, %v) = %q, want %q", tt.lo, tt.hi, s, tt.want)
		}
	}
}

func TestAutoRange(t *testing.T) {
	tests := []struct {
		lo, hi, wantLo, wantHi float64
	}{
		{0, 1, -0.05, 1.05},      // 5% margins
		{2, 2, 1.8, 2.2},         // flat: ±10% of the value
		{0.5, 0.5, 0.4, 0.6},     // flat and small: ±0.1
		{0, 0, -0.1, 0.1},        // flat zero
		{-300, -300, -330, -270}, // flat negative
		{1, 1 + 1e-12, 0.9, 1.1}, // rounding noise counts as flat
		{-1e10, 1e10, -1.1e10, 1.1e10},
	}
	for _, tt := range tests {
		lo, hi, err := autoRange(tt.lo, tt.hi)
		if err != nil || math.Abs(lo-tt.wantLo) > 1e-9*math.Abs(tt.wantLo)+1e-12 || math.Abs(hi-tt.wantHi) > 1e-9*math.Abs(tt.wantHi)+1e-12 {
			t.Errorf("autoRange(%v, %v) = %v, %v, %v; want %v, %v", tt.lo, tt.hi, lo, hi, err, tt.wantLo, tt.wantHi)
		}
	}
}

func TestCurvesFlatSeries(t *testing.T) {
	// A constant loss must still draw (gonum's own tick maker panics on an
	// empty range).
	flat := []Series{{Name: "loss", Y: []float64{0.25, 0.25, 0.25}}, {Name: "zero", Y: []float64{0, 0, 0}}}
	svg, err := Curves(flat, CurveLabels{}, 0, 0, Size{})
	if err != nil {
		t.Fatal(err)
	}
	checkXML(t, svg)
}

func TestNewMarkersSubset(t *testing.T) {
	g := Grid{XMin: 0, XMax: 10, YMin: 0, YMax: 10}
	var pts Points
	for i := range 1200 {
		x := float64(i%10) + 0.5
		if i%6 == 5 {
			x = -1 // outside the grid: 200 such points
		}
		pts.X = append(pts.X, []float64{x, 5})
		pts.Y = append(pts.Y, i%3)
		pts.Test = append(pts.Test, i%4 == 0)
	}
	tests := []struct {
		max, want int
	}{{2000, 1000}, {1000, 1000}, {100, 100}, {7, 7}, {1, 1}}
	for _, tt := range tests {
		m := newMarkers(pts, g, 3, tt.max)
		if len(m.xy) != tt.want {
			t.Errorf("maxPoints %d: %d markers, want %d", tt.max, len(m.xy), tt.want)
			continue
		}
		// The kept points are the inside ones at floor(j·1000/want), in order.
		var inside []int
		for i, x := range pts.X {
			if x[0] >= 0 {
				inside = append(inside, i)
			}
		}
		for j := range m.xy {
			i := inside[j*len(inside)/tt.want]
			if m.xy[j] != [2]float64{pts.X[i][0], pts.X[i][1]} || m.class[j] != pts.Y[i] || m.test[j] != pts.Test[i] {
				t.Errorf("maxPoints %d: marker %d is %v/%d/%v, want point %d", tt.max, j, m.xy[j], m.class[j], m.test[j], i)
				break
			}
		}
	}
	if m := newMarkers(Points{X: [][]float64{{1, 1}}, Y: []int{0}}, g, 1, 10); len(m.test) != 1 || m.test[0] {
		t.Errorf("nil Test: markers %+v, want one train marker", m)
	}
}

// circleArcs counts the arcs of 2.5 pt circles in svg: two a circle.
var circleArcs = regexp.MustCompile(`A2\.5,2\.5 0 1 1 `)

func TestRegionsDrawsChosenPoints(t *testing.T) {
	g, pts := testRegionData(10, 300)
	labels := RegionLabels{Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}
	for _, max := range []int{0, 50, 300, 1000} {
		svg, _, err := Regions(g, pts, labels, Size{}, max)
		if err != nil {
			t.Fatal(err)
		}
		n := len(newMarkers(pts, g, 3, cmp(max, DefaultMaxPoints)).xy)
		// No class here is pale, so each marker is one circle; the legend
		// adds one for each class and one each for train and test.
		if got, want := len(circleArcs.FindAll(svg, -1))/2, n+3+2; got != want {
			t.Errorf("maxPoints %d: %d circles drawn, want %d", max, got, want)
		}
	}
}

// cmp returns v, or def when v is zero.
func cmp(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func TestPalette(t *testing.T) {
	seen := map[color.RGBA]bool{}
	for i := range MaxClasses {
		c, ok := Colour(i)
		if !ok || c.A != 0xFF || seen[c] {
			t.Errorf("Colour(%d) = %v, %v: want a new opaque colour", i, c, ok)
		}
		seen[c] = true
		if pale := luminance(c) > paleLuminance; pale != (i == 6) {
			t.Errorf("class %d (%v) pale = %v; only the yellow (6) should be", i, c, pale)
		}
	}
	for _, i := range []int{-1, MaxClasses} {
		if _, ok := Colour(i); ok {
			t.Errorf("Colour(%d) reports a colour", i)
		}
	}
	// WCAG relative luminance of white, black and mid grey (0x77 is
	// 0.184 by the sRGB formula).
	for _, tt := range []struct {
		c    color.RGBA
		want float64
	}{{color.RGBA{255, 255, 255, 255}, 1}, {color.RGBA{0, 0, 0, 255}, 0}, {color.RGBA{0x77, 0x77, 0x77, 255}, 0.184}} {
		if got := luminance(tt.c); math.Abs(got-tt.want) > 0.001 {
			t.Errorf("luminance(%v) = %v, want %v", tt.c, got, tt.want)
		}
	}
	if got := blend(color.RGBA{0, 100, 200, 255}, 0.5); got != (color.RGBA{128, 178, 228, 255}) {
		t.Errorf("blend half-way to white = %v", got)
	}
}

func TestSureness(t *testing.T) {
	tests := []struct {
		conf float64
		k    int
		want float64
	}{{0.5, 2, 0}, {1, 2, 1}, {0.75, 2, 0.5}, {0.2, 3, 0}, {1.0 / 3, 3, 0}, {0.4, 1, 0.4}, {2.0 / 3, 3, 0.5}}
	for _, tt := range tests {
		if got := sureness(tt.conf, tt.k); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("sureness(%v, %d) = %v, want %v", tt.conf, tt.k, got, tt.want)
		}
	}
}

func TestTextAndFont(t *testing.T) {
	series := testLossSeries(5)
	series[0].Name, series[1].Name = "Оқыту <train> & \"ok\"", "Тексеру"
	curves, err := Curves(series, CurveLabels{Title: "Дәлдік", X: "Дәуір", Y: "Шығын"}, 0, 1, Size{})
	if err != nil {
		t.Fatal(err)
	}
	g, pts := testRegionData(8, 20)
	regions, _, err := Regions(g, pts, RegionLabels{Title: "Шешім аймақтары", X: "ұзындық", Y: "өңі",
		Classes: []string{"қызыл", "сары", "көгілдір"}, Train: "Оқыту", Test: "Тексеру"}, Size{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		svg   []byte
		texts []string
	}{
		{"curves", curves, []string{"Дәлдік", "Дәуір", "Шығын", html.EscapeString(series[0].Name), "Тексеру"}},
		{"regions", regions, []string{"Шешім аймақтары", "ұзындық", "өңі", "қызыл", "сары", "көгілдір", "Оқыту", "Тексеру"}},
	} {
		checkXML(t, c.svg)
		for _, s := range c.texts {
			if !bytes.Contains(c.svg, []byte(">"+s+"</text>")) {
				t.Errorf("%s: no text element %q", c.name, s)
			}
		}
		// Every text is set in Liberation Sans, with same-width fallbacks.
		texts := bytes.Count(c.svg, []byte("<text "))
		faces := bytes.Count(c.svg, []byte("font-family:Liberation Sans,Arial,Helvetica,sans-serif;"))
		if texts == 0 || faces != texts {
			t.Errorf("%s: %d texts, %d in Liberation Sans with fallbacks", c.name, texts, faces)
		}
		if bytes.Contains(c.svg, []byte("Serif")) {
			t.Errorf("%s: a serif face is used", c.name)
		}
	}
}

func TestLongLegendShortened(t *testing.T) {
	g, pts := testRegionData(8, 20)
	long := strings.Repeat("өте ұзын атау ", 20)
	svg, f, err := Regions(g, pts, RegionLabels{Classes: []string{long, "b", "c"}, Train: "train", Test: "test"}, Size{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("…</text>")) || bytes.Contains(svg, []byte(long)) {
		t.Error("the long class name was not shortened with an ellipsis")
	}
	// The legend takes at most 40% of the width (plus the 8 pt gap).
	if f.Right < 0.55*f.Width {
		t.Errorf("data area ends at %v of %v: the legend took too much room", f.Right, f.Width)
	}
	long = strings.Repeat("very long series name ", 10)
	svg, err = Curves([]Series{{Name: long, Y: []float64{1, 2}}}, CurveLabels{}, 0, 0, Size{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("…</text>")) {
		t.Error("the long series name was not shortened with an ellipsis")
	}
}

func TestRenderRecoversPanic(t *testing.T) {
	svg, err := render(Size{Width: 10, Height: 10}, func(draw.Canvas) error { panic("boom") })
	if err == nil || svg != nil || !strings.Contains(err.Error(), "plots: drawing failed: boom") {
		t.Errorf("render of a panicking drawing = %d bytes, %v; want an error", len(svg), err)
	}
}

func TestConcurrentRendering(t *testing.T) {
	series := testLossSeries(50)
	g, pts := testRegionData(20, 100)
	labels := RegionLabels{Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}
	wantC, err := Curves(series, CurveLabels{Title: "Loss"}, 0, 0, Size{})
	if err != nil {
		t.Fatal(err)
	}
	wantR, _, err := Regions(g, pts, labels, Size{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 4 {
		wg.Go(func() {
			c, err := Curves(series, CurveLabels{Title: "Loss"}, 0, 0, Size{})
			if err != nil || !bytes.Equal(c, wantC) {
				errs <- "curves differ when drawn concurrently"
			}
			r, _, err := Regions(g, pts, labels, Size{}, 0)
			if err != nil || !bytes.Equal(r, wantR) {
				errs <- "regions differ when drawn concurrently"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Size budgets from the brief: a 200-epoch curve with two series well under
// 20 KB; a 50×50 regions plot with 500 points under about 60 KB.
func TestSizeBudget(t *testing.T) {
	curves, err := Curves(testLossSeries(200), CurveLabels{Title: "Loss", X: "Epoch", Y: "Loss"}, 0, 0, Size{})
	if err != nil {
		t.Fatal(err)
	}
	g, pts := testRegionData(50, 500)
	regions, _, err := Regions(g, pts, RegionLabels{Title: "Regions", X: "x", Y: "y",
		Classes: []string{"a", "b", "c"}, Train: "train", Test: "test"}, Size{}, 500)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("curves 200 epochs × 2: %d bytes; regions 50×50 + 500 points: %d bytes", len(curves), len(regions))
	if len(curves) > 15000 {
		t.Errorf("curve plot is %d bytes, want at most 15000", len(curves))
	}
	if len(regions) > 60000 {
		t.Errorf("regions plot is %d bytes, want at most 60000", len(regions))
	}
}

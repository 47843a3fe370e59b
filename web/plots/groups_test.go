package plots

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
)

// testRateSeries are the four rates of a per-group bar plot, in English.
var testRateSeries = []string{"Selection rate", "Accuracy", "True-positive rate", "False-positive rate"}

// testGroups are three groups of a hiring model: two with every rate
// defined (one with a false-positive rate of exactly 0), one without any
// examples, and one of three examples with no positives (its TPR is not
// defined) and rates that round to 100% and 0% without being so.
func testGroups() []BarGroup {
	return []BarGroup{
		{Name: "city", Count: 412, Bars: []Share{Defined(0.41), Defined(0.86), Defined(0.83), Defined(0.12)}},
		{Name: "village", Count: 88, Bars: []Share{Defined(0.18), Defined(0.79), Defined(0.52), Defined(0)}},
		{Name: "mountain villages far away", Count: 0, Bars: []Share{{}, {}, {}, {}}},
		{Name: "other", Count: 3, Bars: []Share{Defined(1), Defined(0.999), {}, Defined(0.004)}},
	}
}

func TestGroupBarsGolden(t *testing.T) {
	var twelve []BarGroup
	for i := range MaxGroups {
		twelve = append(twelve, BarGroup{Name: fmt.Sprintf("район %d", i+1), Count: 37 * i,
			Bars: []Share{Defined(float64(i) / 11), {}, Defined(0.5)}})
	}
	tests := []struct {
		name   string
		series []string
		groups []BarGroup
		labels GroupBarsLabels
		size   Size
	}{
		{"groupbars_rates_en", testRateSeries, testGroups(),
			GroupBarsLabels{Title: "Rates by group", Y: "Share", NotDefined: "not defined"}, Size{}},
		{"groupbars_one_series_kk", []string{"Дәлдік"},
			[]BarGroup{{Name: "әйел", Count: 150, Bars: []Share{Defined(0.7)}}, {Name: "ер", Count: 850, Bars: []Share{Defined(0.93)}}},
			GroupBarsLabels{Title: "Топтар бойынша дәлдік", X: "Жынысы", NotDefined: "анықталмаған"}, Size{}},
		// Twelve groups: smaller names, shortened, and counts without "n =".
		{"groupbars_twelve_ru", []string{"Доля отобранных", "Полнота", "Точность"}, twelve,
			GroupBarsLabels{Title: "Двенадцать районов", Count: "n", NotDefined: "не определено"}, Size{Width: 360, Height: 240}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GroupBars(tt.series, tt.groups, tt.labels, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, got)
			checkGolden(t, tt.name, got)
			again, err := GroupBars(tt.series, tt.groups, tt.labels, tt.size)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second rendering differs (err %v): output is not deterministic", err)
			}
		})
	}
}

func TestGroupBarsErrors(t *testing.T) {
	labels := GroupBarsLabels{NotDefined: "n/a"}
	tests := []struct {
		name   string
		change func(series *[]string, groups *[]BarGroup, l *GroupBarsLabels)
		want   string
	}{
		{"no series", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { *s = nil }, "0 series"},
		{"too many series", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { *s = make([]string, MaxClasses+1) }, "series, want 1 to"},
		{"unnamed series", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*s)[2] = "" }, "series 2 has no name"},
		{"no groups", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { *g = nil }, "0 groups"},
		{"too many groups", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) {
			*g = make([]BarGroup, MaxGroups+1)
		}, "13 groups"},
		{"no not-defined text", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { l.NotDefined = "" }, "not-defined text"},
		{"unnamed group", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[1].Name = "" }, "group 1 has no name"},
		{"negative count", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[0].Count = -1 }, "count -1"},
		{"ragged values", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[1].Bars = (*g)[1].Bars[:3] }, "3 values for 4 series"},
		{"NaN value", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[0].Bars[1] = Defined(math.NaN()) }, "is NaN"},
		{"infinite value", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[0].Bars[1] = Defined(math.Inf(1)) }, "is +Inf"},
		{"above 1", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[3].Bars[0] = Defined(1.2) }, `"other", series "Selection rate" is 1.2`},
		{"negative value", func(s *[]string, g *[]BarGroup, l *GroupBarsLabels) { (*g)[0].Bars[3] = Defined(-0.1) }, "is -0.1"},
	}
	sizes := []struct {
		name string
		size Size
		want string
	}{
		{"too small", Size{Width: 10, Height: 10}, "no room for the data"},
		{"negative width", Size{Width: -1}, "size"},
		{"NaN height", Size{Height: vgNaN()}, "size"},
	}
	for _, tt := range sizes {
		svg, err := GroupBars(testRateSeries, testGroups(), labels, tt.size)
		if err == nil || svg != nil || !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %d bytes, error %v; want an error containing %q", tt.name, len(svg), err, tt.want)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			series := append([]string(nil), testRateSeries...)
			groups := testGroups()
			l := labels
			tt.change(&series, &groups, &l)
			svg, err := GroupBars(series, groups, l, Size{})
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
	// The unchanged inputs are valid, and a value undefined with NaN in
	// it is fine: it is not read.
	groups := testGroups()
	groups[0].Bars[0] = Share{Value: math.NaN()}
	if _, err := GroupBars(testRateSeries, groups, labels, Size{}); err != nil {
		t.Fatalf("valid inputs: %v", err)
	}
}

// barRE finds the filled rectangles of an SVG, with their colour:
// M x0,y0 L x1,y0 L x1,y1 L x0,y1 Z in gonum's y-up coordinates.
var barRE = regexp.MustCompile(`<path d="M([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L[-0-9.e]+,[-0-9.e]+Z" style="fill:#([0-9A-F]{6})" />`)

// bar is a filled rectangle of an SVG.
type bar struct {
	x0, x1, y0, y1 float64
	colour         string
}

// findBars returns the filled rectangles of svg.
func findBars(svg []byte) []bar {
	var bars []bar
	for _, m := range barRE.FindAllSubmatch(svg, -1) {
		var v [6]float64
		for i := range v {
			fmt.Sscan(string(m[i+1]), &v[i])
		}
		bars = append(bars, bar{x0: min(v[0], v[2]), x1: max(v[0], v[2]), y0: min(v[1], v[5]), y1: max(v[1], v[5]), colour: string(m[7])})
	}
	return bars
}

func TestGroupBarsUndefinedIsNotZero(t *testing.T) {
	// Two series, three groups. Series 0 is 0.5 in group a, not defined
	// in group b, and exactly 0 in group c. Series 1 is 1, 0.25, 0.75.
	series := []string{"first", "second"}
	groups := []BarGroup{
		{Name: "a", Count: 10, Bars: []Share{Defined(0.5), Defined(1)}},
		{Name: "b", Count: 0, Bars: []Share{{}, Defined(0.25)}},
		{Name: "c", Count: 4, Bars: []Share{Defined(0), Defined(0.75)}},
	}
	labels := GroupBarsLabels{NotDefined: "not defined"}
	svg, err := GroupBars(series, groups, labels, Size{})
	if err != nil {
		t.Fatal(err)
	}
	c0, c1 := hex(palette[0]), hex(palette[1])
	var first, second []bar
	for _, b := range findBars(svg) {
		switch b.colour {
		case c0:
			first = append(first, b)
		case c1:
			second = append(second, b)
		}
	}
	// Series 0: the 0.5 bar and its legend swatch only. Series 1: three
	// bars and a swatch. The legend swatch is the lowest of them (it lies
	// under the plot), so sort it out by height on the page.
	if len(first) != 2 || len(second) != 4 {
		t.Fatalf("%d rectangles of series 0 (want 2: one bar, one swatch) and %d of series 1 (want 4)", len(first), len(second))
	}
	// The bars of series 1 stand on a common base and their heights are
	// proportional to 1, 0.25, 0.75: the scale of the plot.
	var bars1 []bar
	for _, b := range second {
		if b.y0 > 30 { // a swatch lies at the bottom, under the axis label
			bars1 = append(bars1, b)
		}
	}
	if len(bars1) != 3 {
		t.Fatalf("found %d bars of series 1, want 3: %+v", len(bars1), second)
	}
	base := bars1[0].y0
	unit := bars1[0].y1 - base // the height of 100%
	for i, want := range []float64{1, 0.25, 0.75} {
		if b := bars1[i]; math.Abs(b.y0-base) > 0.01 || math.Abs((b.y1-b.y0)/unit-want) > 0.001 {
			t.Errorf("series 1 bar %d spans %v to %v, want %v of %v from %v", i, b.y0, b.y1, want, unit, base)
		}
	}
	// The value 0 is a line on the base under group c, in series 0's
	// colour, and there is no other such line: group b has none.
	zeroRE := regexp.MustCompile(`<path d="M([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)" style="fill:none;stroke:#` + c0 + `;stroke-width:1.5" />`)
	zeros := zeroRE.FindAllSubmatch(svg, -1)
	if len(zeros) != 1 {
		t.Fatalf("%d zero lines of series 0, want 1 (group c's)", len(zeros))
	}
	var x0, y0 float64
	fmt.Sscan(string(zeros[0][1]), &x0)
	fmt.Sscan(string(zeros[0][2]), &y0)
	if x0 < bars1[2].x0-unit || x0 > bars1[2].x0 || math.Abs(y0-base-zeroBarWidth.Points()/2) > 0.01 {
		t.Errorf("the zero line starts at (%v, %v), want it on the base (%v) next to group c's other bar (x %v)", x0, y0, base, bars1[2].x0)
	}
	// Group b has the not-defined mark, written upwards, in series 0's
	// slot: left of series 1's bar of group b.
	markRE := regexp.MustCompile(`<g transform="rotate\(90\)">\s*<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*>not defined</text>`)
	marks := markRE.FindAllSubmatch(svg, -1)
	if len(marks) != 1 {
		t.Fatalf("%d not-defined marks, want 1", len(marks))
	}
	// In the rotated frame the text's y is the page's x of its baseline,
	// which lies within a font size of the middle of its slot: one slot
	// (a bar's width / barFill) left of the middle of series 1's bar.
	var my float64
	fmt.Sscan(string(marks[0][2]), &my)
	b := bars1[1]
	slot0 := (b.x0+b.x1)/2 - (b.x1-b.x0)/barFill
	if math.Abs(my-slot0) > notDefinedMax.Points() {
		t.Errorf("the not-defined mark is at x %v, want it near %v, the middle of group b's first slot", my, slot0)
	}
	// The values written over the bars: 50% and 0% for series 0, no value
	// for the undefined one.
	for s, n := range map[string]int{"50%": 2, "0%": 2, "100%": 2, "25%": 2, "75%": 2} {
		// "0%", "25%", "50%", "75%" and "100%" are also ticks of the y axis.
		if got := bytes.Count(svg, []byte(">"+s+"</text>")); got != n {
			t.Errorf("%q written %d times, want %d", s, got, n)
		}
	}
}

func TestGroupTicks(t *testing.T) {
	sty := legendStyle()
	groups := []BarGroup{{Name: "a rather long group name", Count: 12345}, {Name: "b", Count: 7}}
	// Room for everything: name and "n = count".
	got := groupTicks(groups, "n", sty, 0)
	if got[0].Label != "a rather long group name\nn = 12345" || got[1].Label != "b\nn = 7" || got[1].Value != 1 {
		t.Errorf("whole labels: %+v", got)
	}
	// 40 pt: "n = 12345" (about 44 pt at 10 pt) gives way to "12345"; "n = 7"
	// still fits; the long name is shortened.
	got = groupTicks(groups, "n", sty, 40)
	first := strings.Split(got[0].Label, "\n")
	if len(first) != 2 || !strings.HasSuffix(first[0], "…") || first[1] != "12345" || got[1].Label != "b\nn = 7" {
		t.Errorf("labels in 40 pt: %q, %q", got[0].Label, got[1].Label)
	}
	if w := sty.Width(first[0]).Points(); w > 40 {
		t.Errorf("shortened name is %v pt wide", w)
	}
	// Sizes: full when it fits, scaled down to fit, never below the minimum.
	if sz := groupTickSize(groups[1:], "n", sty, 100); sz != sty.Font.Size {
		t.Errorf("size with room: %v", sz)
	}
	w := sty.Width("a rather long group name")
	if sz := groupTickSize(groups, "n", sty, 0.9*w); math.Abs(sz.Points()-0.9*sty.Font.Size.Points()) > 1e-9 {
		t.Errorf("size at 90%% of the widest name: %v", sz)
	}
	if sz := groupTickSize(groups, "n", sty, 1); sz != groupTickMin {
		t.Errorf("size in 1 pt: %v, want the minimum %v", sz, groupTickMin)
	}
}

func TestPercentOf(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0%"}, {1, "100%"}, {0.5, "50%"}, {0.004, "<1%"}, {0.005, "1%"},
		{0.996, ">99%"}, {0.994, "99%"}, {1.0 / 3, "33%"}, {0.125, "13%"},
	}
	for _, tt := range tests {
		if got := percentOf(tt.v); got != tt.want {
			t.Errorf("percentOf(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestPercentTicks(t *testing.T) {
	var got []string
	for _, tk := range (percentTicks{}).Ticks(0, shareTop) {
		got = append(got, fmt.Sprintf("%v:%s", tk.Value, tk.Label))
	}
	if s := strings.Join(got, " "); s != "0:0% 0.25:25% 0.5:50% 0.75:75% 1:100%" {
		t.Errorf("ticks %s", s)
	}
}

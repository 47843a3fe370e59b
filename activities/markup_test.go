package activities

import (
	"math"
	"reflect"
	"testing"
)

func TestParseMarkup(t *testing.T) {
	tests := []struct {
		in   string
		want []Paragraph
	}{
		{"Press **Train**.", []Paragraph{{{Text: "Press "}, {Text: "Train", Bold: true}, {Text: "."}}}},
		{"**All bold**", []Paragraph{{{Text: "All bold", Bold: true}}}},
		{"One.\n\nTwo.", []Paragraph{{{Text: "One."}}, {{Text: "Two."}}}},
		{"  One.  \n\n\n \n Two.\n", []Paragraph{{{Text: "One."}}, {{Text: "Two."}}}},
		{"Line one\nline two", []Paragraph{{{Text: "Line one\nline two"}}}},
		{"One.\r\n\r\nTwo.", []Paragraph{{{Text: "One."}}, {{Text: "Two."}}}},
		{"**a\nb** c", []Paragraph{{{Text: "a\nb", Bold: true}, {Text: " c"}}}},
		{"x < 3 * y, # - _ <b>", []Paragraph{{{Text: "x < 3 * y, # - _ <b>"}}}},
		{"", nil},
		{"\n\n", nil},
	}
	for _, tt := range tests {
		got, err := ParseMarkup(tt.in)
		if err != nil {
			t.Errorf("ParseMarkup(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseMarkup(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseMarkupErrors(t *testing.T) {
	for _, in := range []string{
		"Press **Train.",
		"One **bold\n\nparagraph** later.", // bold ends within its paragraph
		"Empty ****.",
		"a **b** c **d",
	} {
		if _, err := ParseMarkup(in); err == nil {
			t.Errorf("ParseMarkup(%q) accepted it", in)
		}
	}
}

func TestMarkupHTML(t *testing.T) {
	ps, err := ParseMarkup("Press **<Train>** & wait.\nThen look.\n\nx < 3")
	if err != nil {
		t.Fatal(err)
	}
	want := "<p>Press <strong>&lt;Train&gt;</strong> &amp; wait.<br>Then look.</p><p>x &lt; 3</p>"
	if got := MarkupHTML(ps); got != want {
		t.Errorf("MarkupHTML = %q, want %q", got, want)
	}
}

func TestCheckNumber(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	abs := &Checkpoint{Kind: Number, Answer: f(1.3), Tolerance: f(0.01)}
	rel := &Checkpoint{Kind: Number, Answer: f(-200), Tolerance: f(0.05), Relative: true} // ±10
	exact := &Checkpoint{Kind: Number, Answer: f(21), Tolerance: f(0)}
	tests := []struct {
		c    *Checkpoint
		x    float64
		want bool
	}{
		{abs, 1.3, true},
		{abs, 1.305, true},
		{abs, 1.29, true},
		{abs, 1.32, false},
		{abs, 0.5 - 0.1*(-8), true}, // 1.3000000000000003 in floating point
		{rel, -190, true},
		{rel, -210, true},
		{rel, -211, false},
		{rel, 200, false},
		{exact, 21, true},
		{exact, 20, false},
		{abs, math.NaN(), false},
		{abs, math.Inf(1), false},
		{&Checkpoint{Kind: Choice, Answer: f(1), Tolerance: f(1)}, 1, false},
		{&Checkpoint{Kind: Number, Answer: f(1)}, 1, false}, // no tolerance
	}
	for i, tt := range tests {
		if got := tt.c.CheckNumber(tt.x); got != tt.want {
			t.Errorf("%d: CheckNumber(%v) = %v, want %v", i, tt.x, got, tt.want)
		}
	}
}

func TestCheckChoice(t *testing.T) {
	c := &Checkpoint{Kind: Choice, Correct: []string{"a", "b"}}
	tests := []struct {
		chosen []string
		want   bool
	}{
		{[]string{"a", "b"}, true},
		{[]string{"b", "a"}, true},
		{[]string{"a"}, false},
		{[]string{"a", "b", "c"}, false},
		{[]string{"a", "a"}, false},
		{[]string{"a", "a", "b"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := c.CheckChoice(tt.chosen); got != tt.want {
			t.Errorf("CheckChoice(%v) = %v, want %v", tt.chosen, got, tt.want)
		}
	}
	if (&Checkpoint{Kind: Predict, Correct: []string{"a"}}).CheckChoice([]string{"a"}) {
		t.Error("a prediction has no right answer")
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1.3", 1.3, true},
		{"1,3", 1.3, true},
		{" -0,5 ", -0.5, true},
		{"−2", -2, true}, // U+2212, as word processors write it
		{"1 000", 1000, true},
		{"1\u00a0000,5", 1000.5, true},
		{"1e3", 1000, true},
		{"1,000.5", 0, false},
		{"1,2,3", 0, false},
		{"", 0, false},
		{"abc", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

package evaluate

import (
	"reflect"
	"strings"
	"testing"
)

// The hand-computed table of these tests: 13 examples of 4 classes.
//
//	          pred 0  pred 1  pred 2  pred 3 | support
//	truth 0      5       1       0       0   |   6
//	truth 1      2       3       0       0   |   5
//	truth 2      1       1       0       0   |   2   never predicted
//	truth 3      0       0       0       0   |   0   absent everywhere
//	column       8       5       0       0   |  13
//
//	accuracy = (5 + 3 + 0 + 0) / 13 = 8/13
//	class 0: TP 5, FP 2+1 = 3, FN 1  → precision 5/8, recall 5/6,
//	         F1 = 10 / (10 + 3 + 1) = 5/7 (= 2·(5/8)(5/6) / (5/8 + 5/6))
//	class 1: TP 3, FP 1+1 = 2, FN 2  → precision 3/5, recall 3/5, F1 6/10
//	class 2: TP 0, FP 0, FN 2        → precision 0/0 (undefined),
//	         recall 0/2, F1 = 0 / (0 + 0 + 2) = 0
//	class 3: TP 0, FP 0, FN 0        → precision 0/0, recall 0/0,
//	         F1 undefined (class_absent)
//	macro F1 = (5/7 + 3/5 + 0) / 3 = 46/105 (class 3 left out)
var (
	tableTruth = []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2}
	tablePred  = []int{0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1}
)

func TestNewConfusionCounts(t *testing.T) {
	c, err := NewConfusion(4, tableTruth, tablePred)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{
		{5, 1, 0, 0},
		{2, 3, 0, 0},
		{1, 1, 0, 0},
		{0, 0, 0, 0},
	}
	if !reflect.DeepEqual(c.Counts, want) {
		t.Errorf("counts %v, want %v", c.Counts, want)
	}
	if c.Total() != 13 {
		t.Errorf("total %d, want 13", c.Total())
	}
	if a := c.Accuracy(); a != (Rate{8, 13}) {
		t.Errorf("accuracy %v, want 8/13", a)
	}
}

func TestPerClass(t *testing.T) {
	c, err := NewConfusion(4, tableTruth, tablePred)
	if err != nil {
		t.Fatal(err)
	}
	want := []ClassScores{
		{Class: 0, Support: 6, Precision: Rate{5, 8}, Recall: Rate{5, 6}, F1: defined(5.0 / 7)},
		{Class: 1, Support: 5, Precision: Rate{3, 5}, Recall: Rate{3, 5}, F1: defined(0.6)},
		{Class: 2, Support: 2, Precision: Rate{0, 0}, Recall: Rate{0, 2}, F1: defined(0)},
		{Class: 3, Support: 0, Precision: Rate{0, 0}, Recall: Rate{0, 0}, F1: undefined(WhyClassAbsent)},
	}
	got := c.PerClass()
	if len(got) != len(want) {
		t.Fatalf("%d classes, want %d", len(got), len(want))
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Class != w.Class || g.Support != w.Support || g.Precision != w.Precision || g.Recall != w.Recall ||
			g.F1.Defined != w.F1.Defined || g.F1.Why != w.F1.Why || !near(g.F1.Value, w.F1.Value, 1e-12) {
			t.Errorf("class %d: got %+v, want %+v", k, g, w)
		}
	}
	m := c.MacroF1()
	if !m.Defined || !near(m.Value, 46.0/105, 1e-12) {
		t.Errorf("macro F1 %v, want 46/105 = %.6f", m, 46.0/105)
	}
}

func TestConfusionEdgeCases(t *testing.T) {
	tests := []struct {
		name       string
		classes    int
		truth      []int
		pred       []int
		accuracy   Rate
		macro      Number
		f1Defined  []bool
		precisions []Rate
	}{
		{
			// An empty group: every score is "not defined", none is NaN.
			name: "no examples", classes: 2,
			accuracy: Rate{0, 0}, macro: undefined(WhyNoExamples),
			f1Defined: []bool{false, false}, precisions: []Rate{{0, 0}, {0, 0}},
		},
		{
			// A group with one class, all predicted right:
			//	          pred 0  pred 1
			//	truth 0      0       0
			//	truth 1      0       3
			// class 0 is absent (F1 undefined), class 1 has F1 6/6 = 1.
			name: "one class, all right", classes: 2,
			truth: []int{1, 1, 1}, pred: []int{1, 1, 1},
			accuracy: Rate{3, 3}, macro: defined(1),
			f1Defined: []bool{false, true}, precisions: []Rate{{0, 0}, {3, 3}},
		},
		{
			// A group with one class and one mistake:
			//	          pred 0  pred 1
			//	truth 0      0       0
			//	truth 1      1       2
			// class 0: TP 0, FP 1, FN 0 → F1 0/1 = 0 (predicted, never true);
			// class 1: TP 2, FP 0, FN 1 → F1 4/5; macro (0 + 0.8)/2 = 0.4.
			name: "one class, one mistake", classes: 2,
			truth: []int{1, 1, 1}, pred: []int{1, 0, 1},
			accuracy: Rate{2, 3}, macro: defined(0.4),
			f1Defined: []bool{true, true}, precisions: []Rate{{0, 1}, {2, 2}},
		},
		{
			// The model always says 0 on a balanced set:
			//	          pred 0  pred 1
			//	truth 0      2       0
			//	truth 1      2       0
			// class 0: F1 4/(4+2) = 2/3; class 1 never predicted: F1 0/2 = 0,
			// so macro F1 is 1/3, not the 2/3 that dropping class 1 would give.
			name: "never predicts a class", classes: 2,
			truth: []int{0, 0, 1, 1}, pred: []int{0, 0, 0, 0},
			accuracy: Rate{2, 4}, macro: defined(1.0 / 3),
			f1Defined: []bool{true, true}, precisions: []Rate{{2, 4}, {0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewConfusion(tt.classes, tt.truth, tt.pred)
			if err != nil {
				t.Fatal(err)
			}
			if a := c.Accuracy(); a != tt.accuracy {
				t.Errorf("accuracy %v, want %v", a, tt.accuracy)
			}
			m := c.MacroF1()
			if m.Defined != tt.macro.Defined || m.Why != tt.macro.Why || !near(m.Value, tt.macro.Value, 1e-12) {
				t.Errorf("macro F1 %#v, want %#v", m, tt.macro)
			}
			for k, s := range c.PerClass() {
				if s.F1.Defined != tt.f1Defined[k] {
					t.Errorf("class %d: F1 %v, want defined=%v", k, s.F1, tt.f1Defined[k])
				}
				if s.Precision != tt.precisions[k] {
					t.Errorf("class %d: precision %v, want %v", k, s.Precision, tt.precisions[k])
				}
			}
		})
	}
}

func TestNewConfusionErrors(t *testing.T) {
	tests := []struct {
		name        string
		classes     int
		truth, pred []int
	}{
		{"no classes", 0, nil, nil},
		{"lengths differ", 2, []int{0, 1}, []int{0}},
		{"true label too big", 2, []int{0, 2}, []int{0, 1}},
		{"negative true label", 2, []int{-1}, []int{0}},
		{"predicted label too big", 3, []int{0}, []int{3}},
		{"negative predicted label", 3, []int{0}, []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewConfusion(tt.classes, tt.truth, tt.pred)
			if err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
				t.Errorf("error %v, want one starting with evaluate:", err)
			}
		})
	}
}

// A hand-made ragged matrix is read as if missing cells were 0, without a
// panic.
func TestConfusionRagged(t *testing.T) {
	c := Confusion{Counts: [][]int{{2, 1}, {1}}}
	if c.Total() != 4 || c.Accuracy() != (Rate{2, 4}) {
		t.Errorf("total %d accuracy %v, want 4 and 2/4", c.Total(), c.Accuracy())
	}
	if s := c.PerClass(); s[1].Recall != (Rate{0, 1}) || s[1].Precision != (Rate{0, 1}) {
		t.Errorf("class 1 of a ragged matrix: %+v", s[1])
	}
}

package evaluate

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestResiduals(t *testing.T) {
	// truth − pred: 3 − 1 = 2, 1 − 2 = −1, −0.5 − (−0.5) = 0.
	got, err := Residuals([]float64{3, 1, -0.5}, []float64{1, 2, -0.5})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{2, -1, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := Residuals(nil, nil); err != nil || len(got) != 0 {
		t.Errorf("Residuals of nothing = %v, %v; want empty, nil", got, err)
	}
	bad := []struct {
		name        string
		truth, pred []float64
	}{
		{"lengths differ", []float64{1, 2}, []float64{1}},
		{"NaN truth", []float64{math.NaN()}, []float64{1}},
		{"infinite prediction", []float64{1}, []float64{math.Inf(1)}},
	}
	for _, tt := range bad {
		if _, err := Residuals(tt.truth, tt.pred); err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
			t.Errorf("%s: error %v, want one starting with evaluate:", tt.name, err)
		}
	}
}

func TestCountFlips(t *testing.T) {
	tests := []struct {
		name            string
		before, after   []int
		pBefore, pAfter []float64
		want            Flips
	}{
		// Pairs 0 and 3 flip from 1 to 0. Changes of P: −0.4, −0.1, 0, −0.3;
		// mean −0.8/4 = −0.2: the change made the model less inclined to say yes.
		{"flips", []int{1, 0, 1, 1}, []int{0, 0, 1, 0},
			[]float64{0.8, 0.3, 0.9, 0.6}, []float64{0.4, 0.2, 0.9, 0.3},
			Flips{Count: 2, Total: 4, MeanChange: defined(-0.2)}},
		// Class labels, not only 0/1: 2 → 1 is a flip; P rises by 0.5 in one pair.
		{"classes", []int{2, 0}, []int{1, 0}, []float64{0.25, 0}, []float64{0.75, 0},
			Flips{Count: 1, Total: 2, MeanChange: defined(0.25)}},
		{"no probabilities", []int{1, 0, 1}, []int{1, 1, 1}, nil, nil,
			Flips{Count: 1, Total: 3, MeanChange: undefined(WhyNoProbabilities)}},
		{"no pairs", nil, nil, nil, nil, Flips{MeanChange: undefined(WhyNoExamples)}},
		{"no pairs, empty probabilities", []int{}, []int{}, []float64{}, []float64{},
			Flips{MeanChange: undefined(WhyNoExamples)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CountFlips(tt.before, tt.after, tt.pBefore, tt.pAfter)
			if err != nil {
				t.Fatal(err)
			}
			if got.Count != tt.want.Count || got.Total != tt.want.Total {
				t.Errorf("count %d of %d, want %d of %d", got.Count, got.Total, tt.want.Count, tt.want.Total)
			}
			checkNumber(t, "mean change", got.MeanChange, tt.want.MeanChange)
			if s := got.Share(); s != (Rate{tt.want.Count, tt.want.Total}) {
				t.Errorf("share %v", s)
			}
		})
	}
}

func TestCountFlipsErrors(t *testing.T) {
	tests := []struct {
		name            string
		before, after   []int
		pBefore, pAfter []float64
	}{
		{"decisions differ in length", []int{1, 0}, []int{1}, nil, nil},
		{"negative decision", []int{-1}, []int{0}, nil, nil},
		{"negative decision after", []int{1}, []int{-1}, nil, nil},
		{"only one side has probabilities", []int{1}, []int{0}, []float64{0.5}, nil},
		{"probabilities shorter", []int{1, 0}, []int{0, 0}, []float64{0.5}, []float64{0.5}},
		{"probability above 1", []int{1}, []int{0}, []float64{0.5}, []float64{1.5}},
		{"NaN probability", []int{1}, []int{0}, []float64{math.NaN()}, []float64{0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CountFlips(tt.before, tt.after, tt.pBefore, tt.pAfter)
			if err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
				t.Errorf("error %v, want one starting with evaluate:", err)
			}
		})
	}
}

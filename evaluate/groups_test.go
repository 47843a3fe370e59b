package evaluate

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// block is count rows of one group with the same true and predicted label.
type block struct{ group, truth, pred, count int }

// expand writes the blocks out as the three slices ByGroup reads.
func expand(blocks []block) (truth, pred, groups []int) {
	for _, b := range blocks {
		for range b.count {
			truth = append(truth, b.truth)
			pred = append(pred, b.pred)
			groups = append(groups, b.group)
		}
	}
	return truth, pred, groups
}

// The hand-computed groups of these tests; positive class 1, classes 0 and
// 2 both count as negative.
//
//	group     rows  TP FN FP TN   base  select  acc   TPR   FPR   FNR
//	city       10    4  1  1  4   5/10   5/10  8/10   4/5   1/5   1/5
//	village     8    1  3  0  4   4/8    1/8   5/8    1/4   0/4   3/4
//	empty       0    0  0  0  0   0/0    0/0   0/0    0/0   0/0   0/0
//	negatives   3    0  0  1  2   0/3    1/3   2/3    0/0   1/3   0/0
//
//	selection rates defined: 0.5, 0.125, 1/3
//	  → demographic-parity difference 0.5 − 0.125 = 0.375, ratio 0.125/0.5 = 0.25
//	TPR defined: 0.8, 0.25 → equal-opportunity difference 0.55
//	FPR defined: 0.2, 0, 1/3 → FPR gap 1/3
//	equalized-odds difference = max(0.55, 1/3) = 0.55
var (
	groupNames  = []string{"city", "village", "empty", "negatives"}
	groupBlocks = []block{
		{0, 1, 1, 4}, {0, 1, 0, 1}, {0, 0, 1, 1}, {0, 0, 0, 3}, {0, 2, 0, 1},
		{1, 1, 1, 1}, {1, 1, 2, 2}, {1, 1, 0, 1}, {1, 2, 2, 1}, {1, 0, 0, 3},
		{3, 0, 1, 1}, {3, 0, 0, 1}, {3, 2, 2, 1},
	}
)

func TestByGroup(t *testing.T) {
	truth, pred, groups := expand(groupBlocks)
	got, err := ByGroup(truth, pred, groups, groupNames, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []GroupMetrics{
		{Group: "city", Count: 10, BaseRate: Rate{5, 10}, SelectionRate: Rate{5, 10}, Accuracy: Rate{8, 10},
			TPR: Rate{4, 5}, FPR: Rate{1, 5}, FNR: Rate{1, 5}},
		{Group: "village", Count: 8, BaseRate: Rate{4, 8}, SelectionRate: Rate{1, 8}, Accuracy: Rate{5, 8},
			TPR: Rate{1, 4}, FPR: Rate{0, 4}, FNR: Rate{3, 4}},
		{Group: "empty"},
		{Group: "negatives", Count: 3, BaseRate: Rate{0, 3}, SelectionRate: Rate{1, 3}, Accuracy: Rate{2, 3},
			TPR: Rate{0, 0}, FPR: Rate{1, 3}, FNR: Rate{0, 0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// The rates of the empty group and the one-class group are undefined,
	// with the codes the package comment gives them.
	if n := got[2].Accuracy.Number(WhyEmptyGroup); n.Defined || n.Why != WhyEmptyGroup {
		t.Errorf("empty group accuracy %v", n)
	}
	if n := got[3].TPR.Number(WhyNoPositives); n.Defined || n.Why != WhyNoPositives {
		t.Errorf("TPR of a group without positives %v", n)
	}

	g := GapsOf(got)
	checkNumber(t, "demographic-parity difference", g.DemographicParityDiff, defined(0.375))
	checkNumber(t, "demographic-parity ratio", g.DemographicParityRatio, defined(0.25))
	checkNumber(t, "equal-opportunity difference", g.EqualOpportunityDiff, defined(0.55))
	checkNumber(t, "equalized-odds difference", g.EqualizedOddsDiff, defined(0.55))
}

// checkNumber fails t when got is not want (values to 1e-12).
func checkNumber(t *testing.T, what string, got, want Number) {
	t.Helper()
	if got.Defined != want.Defined || got.Why != want.Why || !near(got.Value, want.Value, 1e-12) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func TestGapsOf(t *testing.T) {
	// gm builds a group from its counts.
	gm := func(tp, fn, fp, tn int) GroupMetrics { return cells{tp: tp, fn: fn, fp: fp, tn: tn}.metrics("g") }
	two := undefined(WhyFewerThanTwoGroups)
	tests := []struct {
		name              string
		groups            []GroupMetrics
		dpDiff, ratio, eo Number
		odds              Number
	}{
		{"no groups", nil, two, two, two, two},
		// Only one group has any rows: nothing to compare.
		{"one defined group", []GroupMetrics{gm(2, 1, 1, 2), gm(0, 0, 0, 0)}, two, two, two, two},
		// Selection 0/4 and 0/2: equal (difference 0) but the ratio is 0/0.
		// TPR 0/2 and 0/1 → 0; FPR 0/2 and 0/1 → 0.
		{"nobody selected", []GroupMetrics{gm(0, 2, 0, 2), gm(0, 1, 0, 1)},
			defined(0), undefined(WhyZeroSelection), defined(0), defined(0)},
		// Selection 3/4 and 0/4 → difference 0.75, ratio 0; TPR 3/3 vs 0/4 → 1;
		// FPR 0/1 vs 0/0 (undefined) → FPR gap undefined, so equalized odds too.
		{"one group all positive", []GroupMetrics{gm(3, 0, 0, 1), gm(0, 4, 0, 0)},
			defined(0.75), defined(0), defined(1), two},
		// TPR only in the first group (the second has no positives), FPR in
		// both: 1/2 vs 1/4 → FPR gap 0.25; equal opportunity undefined, so
		// equalized odds too. Selection 3/4 and 1/4 → 0.5, ratio 1/3.
		{"one group all negative", []GroupMetrics{gm(2, 0, 1, 1), gm(0, 0, 1, 3)},
			defined(0.5), defined(1.0 / 3), two, two},
		// Equalized odds takes the larger gap: TPR 1/2 vs 1/2 → 0;
		// FPR 3/4 vs 1/4 → 0.5. Selection 4/6 vs 2/6 → 1/3, ratio 1/2.
		{"FPR gap larger", []GroupMetrics{gm(1, 1, 3, 1), gm(1, 1, 1, 3)},
			defined(1.0 / 3), defined(0.5), defined(0), defined(0.5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := GapsOf(tt.groups)
			checkNumber(t, "demographic-parity difference", g.DemographicParityDiff, tt.dpDiff)
			checkNumber(t, "demographic-parity ratio", g.DemographicParityRatio, tt.ratio)
			checkNumber(t, "equal-opportunity difference", g.EqualOpportunityDiff, tt.eo)
			checkNumber(t, "equalized-odds difference", g.EqualizedOddsDiff, tt.odds)
		})
	}
}

func TestByGroupErrors(t *testing.T) {
	names := []string{"a", "b"}
	tests := []struct {
		name                string
		truth, pred, groups []int
		names               []string
		positive            int
	}{
		{"pred shorter", []int{0, 1}, []int{0}, []int{0, 1}, names, 1},
		{"groups shorter", []int{0, 1}, []int{0, 1}, []int{0}, names, 1},
		{"group out of range", []int{0}, []int{0}, []int{2}, names, 1},
		{"negative group", []int{0}, []int{0}, []int{-1}, names, 1},
		{"no names", nil, nil, nil, nil, 1},
		{"negative positive class", []int{0}, []int{0}, []int{0}, names, -1},
		{"negative true label", []int{-1}, []int{0}, []int{0}, names, 1},
		{"negative prediction", []int{0}, []int{-2}, []int{0}, names, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ByGroup(tt.truth, tt.pred, tt.groups, tt.names, tt.positive)
			if err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
				t.Errorf("error %v, want one starting with evaluate:", err)
			}
		})
	}
}

// With no rows at all every group is listed, empty.
func TestByGroupNoRows(t *testing.T) {
	got, err := ByGroup(nil, nil, nil, []string{"a", "b"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []GroupMetrics{{Group: "a"}, {Group: "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name       string
		p          []float64
		groups     []int
		thresholds []float64
		want       []int
	}{
		// Per-group thresholds: group 0 at 0.5, group 1 at 0.7.
		{"per group", []float64{0.3, 0.6, 0.5, 0.69, 0.9}, []int{0, 0, 1, 1, 1}, []float64{0.5, 0.7},
			[]int{0, 1, 0, 0, 1}},
		// p equal to the threshold counts as positive.
		{"at the threshold", []float64{0.5, 0.7}, []int{0, 1}, []float64{0.5, 0.7}, []int{1, 1}},
		{"one for all", []float64{0.49, 0.5, 1}, []int{3, 0, 7}, []float64{0.5}, []int{0, 1, 1}},
		{"one for all, no groups", []float64{0.49, 0.5, 0}, nil, []float64{0.5}, []int{0, 1, 0}},
		{"above 1 selects nobody", []float64{1, 0.2}, nil, []float64{1.01}, []int{0, 0}},
		{"0 selects everybody", []float64{0, 0.2}, nil, []float64{0}, []int{1, 1}},
		{"no rows", nil, nil, []float64{0.5}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decide(tt.p, tt.groups, tt.thresholds)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecideErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name       string
		p          []float64
		groups     []int
		thresholds []float64
	}{
		{"no thresholds", []float64{0.5}, []int{0}, nil},
		{"NaN threshold", []float64{0.5}, []int{0}, []float64{nan}},
		{"infinite threshold", []float64{0.5}, []int{0}, []float64{inf}},
		{"probability above 1", []float64{1.2}, []int{0}, []float64{0.5}},
		{"negative probability", []float64{-0.1}, []int{0}, []float64{0.5}},
		{"NaN probability", []float64{nan}, []int{0}, []float64{0.5}},
		{"infinite probability", []float64{inf}, []int{0}, []float64{0.5}},
		{"groups shorter", []float64{0.5, 0.5}, []int{0}, []float64{0.5, 0.6}},
		{"no groups for two thresholds", []float64{0.5}, nil, []float64{0.5, 0.6}},
		{"group without threshold", []float64{0.5}, []int{2}, []float64{0.5, 0.6}},
		{"negative group", []float64{0.5}, []int{-1}, []float64{0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decide(tt.p, tt.groups, tt.thresholds)
			if err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
				t.Errorf("error %v, want one starting with evaluate:", err)
			}
		})
	}
}

// A hand-computed sweep of four rows in two groups, positive class 1:
//
//	row  P(1)  truth  group
//	 0   0.9     1      a
//	 1   0.4     1      a
//	 2   0.6     0      b
//	 3   0.2     0      b
//
// At 0.5: decisions 1 0 1 0 → a: TP 1, FN 1 (select 1/2, TPR 1/2);
// b: FP 1, TN 1 (select 1/2, FPR 1/2); accuracy 2/4; parity difference 0,
// ratio 1; TPR only in a, so equal opportunity is undefined.
// At 0.1 everybody is selected: accuracy 2/4, a TPR 2/2, b FPR 2/2.
// At 0.95 nobody is: accuracy 2/4, ratio undefined (zero_selection).
func TestSweepHand(t *testing.T) {
	p := []float64{0.9, 0.4, 0.6, 0.2}
	truth := []int{1, 1, 0, 0}
	groups := []int{0, 0, 1, 1}
	pts, err := Sweep(truth, p, groups, []string{"a", "b"}, 1, []float64{0.5, 0.1, 0.95})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 3 {
		t.Fatalf("%d points, want 3", len(pts))
	}
	tests := []struct {
		threshold    float64
		sa, sb       Rate // selection rates
		tprA, fprB   Rate
		dpDiff, dpRa Number
	}{
		{0.5, Rate{1, 2}, Rate{1, 2}, Rate{1, 2}, Rate{1, 2}, defined(0), defined(1)},
		{0.1, Rate{2, 2}, Rate{2, 2}, Rate{2, 2}, Rate{2, 2}, defined(0), defined(1)},
		{0.95, Rate{0, 2}, Rate{0, 2}, Rate{0, 2}, Rate{0, 2}, defined(0), undefined(WhyZeroSelection)},
	}
	for k, tt := range tests {
		pt := pts[k]
		if pt.Threshold != tt.threshold || pt.Accuracy != (Rate{2, 4}) {
			t.Errorf("point %d: threshold %v accuracy %v, want %v and 2/4", k, pt.Threshold, pt.Accuracy, tt.threshold)
		}
		a, b := pt.Groups[0], pt.Groups[1]
		if a.SelectionRate != tt.sa || b.SelectionRate != tt.sb || a.TPR != tt.tprA || b.FPR != tt.fprB {
			t.Errorf("point %d: groups %+v", k, pt.Groups)
		}
		checkNumber(t, "parity difference", pt.Gaps.DemographicParityDiff, tt.dpDiff)
		checkNumber(t, "parity ratio", pt.Gaps.DemographicParityRatio, tt.dpRa)
		checkNumber(t, "equal opportunity", pt.Gaps.EqualOpportunityDiff, undefined(WhyFewerThanTwoGroups))
	}
}

// On random scores, raising the threshold never raises a group's selection
// rate; 0 selects everybody and 1 nobody (Float64 is below 1); and each
// point agrees with Decide followed by ByGroup.
func TestSweepMonotonic(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 1))
	const n = 300
	names := []string{"a", "b", "c"}
	truth, groups, p := make([]int, n), make([]int, n), make([]float64, n)
	for i := range n {
		truth[i] = rng.IntN(3) // class 2 counts as negative
		groups[i] = rng.IntN(len(names))
		p[i] = rng.Float64()
	}
	ths := Thresholds(20)
	pts, err := Sweep(truth, p, groups, names, 1, ths)
	if err != nil {
		t.Fatal(err)
	}
	for k, pt := range pts {
		for g, m := range pt.Groups {
			if k == 0 && m.SelectionRate.Num != m.Count {
				t.Errorf("threshold 0, group %s: selected %v, want all", m.Group, m.SelectionRate)
			}
			if k == len(pts)-1 && m.SelectionRate.Num != 0 {
				t.Errorf("threshold 1, group %s: selected %v, want none", m.Group, m.SelectionRate)
			}
			if k > 0 && m.SelectionRate.Num > pts[k-1].Groups[g].SelectionRate.Num {
				t.Errorf("group %s: selection rose from %v at %v to %v at %v", m.Group,
					pts[k-1].Groups[g].SelectionRate, pts[k-1].Threshold, m.SelectionRate, pt.Threshold)
			}
		}
		dec, err := Decide(p, groups, []float64{pt.Threshold})
		if err != nil {
			t.Fatal(err)
		}
		pred := make([]int, n)
		for i, d := range dec {
			pred[i] = d // 1 is the positive class, 0 a negative one
		}
		want, err := ByGroup(truth, pred, groups, names, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pt.Groups, want) {
			t.Errorf("threshold %v: sweep %+v, Decide+ByGroup %+v", pt.Threshold, pt.Groups, want)
		}
	}
}

func TestSweepErrors(t *testing.T) {
	names := []string{"a"}
	tests := []struct {
		name       string
		truth      []int
		p          []float64
		groups     []int
		positive   int
		thresholds []float64
	}{
		{"p shorter", []int{0, 1}, []float64{0.5}, []int{0, 0}, 1, []float64{0.5}},
		{"bad probability", []int{0}, []float64{2}, []int{0}, 1, []float64{0.5}},
		{"bad threshold", []int{0}, []float64{0.5}, []int{0}, 1, []float64{math.Inf(-1)}},
		{"negative label", []int{-1}, []float64{0.5}, []int{0}, 1, []float64{0.5}},
		{"negative positive class", []int{0}, []float64{0.5}, []int{0}, -1, []float64{0.5}},
		{"group out of range", []int{0}, []float64{0.5}, []int{1}, 1, []float64{0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sweep(tt.truth, tt.p, tt.groups, names, tt.positive, tt.thresholds)
			if err == nil || !strings.HasPrefix(err.Error(), "evaluate: ") {
				t.Errorf("error %v, want one starting with evaluate:", err)
			}
		})
	}
}

func TestThresholds(t *testing.T) {
	if got, want := Thresholds(4), []float64{0, 0.25, 0.5, 0.75, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("Thresholds(4) = %v, want %v", got, want)
	}
	if got := Thresholds(0); got != nil {
		t.Errorf("Thresholds(0) = %v, want nil", got)
	}
}

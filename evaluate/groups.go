package evaluate

// This file scores a yes/no decision group by group, measures the gaps
// between the groups, and turns probabilities into decisions at one or
// several thresholds.

import (
	"fmt"
	"math"
)

// GroupMetrics are a binary decision's scores within one group (positive =
// the class called positive). Every rate is undefined in an empty group.
type GroupMetrics struct {
	Group         string `json:"group"`          // the group's name
	Count         int    `json:"count"`          // examples in the group
	BaseRate      Rate   `json:"base_rate"`      // truly positive / all in group
	SelectionRate Rate   `json:"selection_rate"` // predicted positive / all
	Accuracy      Rate   `json:"accuracy"`       // (TP + TN) / all
	TPR           Rate   `json:"tpr"`            // TP / (TP + FN)
	FPR           Rate   `json:"fpr"`            // FP / (FP + TN)
	FNR           Rate   `json:"fnr"`            // FN / (TP + FN)
}

// cells are the four counts of a binary decision in one group.
type cells struct{ tp, fp, tn, fn int }

// metrics turns the counts of group name into its scores.
func (c cells) metrics(name string) GroupMetrics {
	n := c.tp + c.fp + c.tn + c.fn
	pos, neg := c.tp+c.fn, c.fp+c.tn
	return GroupMetrics{
		Group:         name,
		Count:         n,
		BaseRate:      Rate{Num: pos, Den: n},
		SelectionRate: Rate{Num: c.tp + c.fp, Den: n},
		Accuracy:      Rate{Num: c.tp + c.tn, Den: n},
		TPR:           Rate{Num: c.tp, Den: pos},
		FPR:           Rate{Num: c.fp, Den: neg},
		FNR:           Rate{Num: c.fn, Den: pos},
	}
}

// checkGroups reports the first problem with groups (one per row, n rows)
// as indices into names.
func checkGroups(what string, n int, groups []int, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("evaluate: %s: no group names", what)
	}
	if len(groups) != n {
		return fmt.Errorf("evaluate: %s: %d rows but %d group indices", what, n, len(groups))
	}
	for i, g := range groups {
		if g < 0 || g >= len(names) {
			return fmt.Errorf("evaluate: %s: group %d of row %d is outside 0…%d", what, g, i, len(names)-1)
		}
	}
	return nil
}

// checkLabels reports the first negative label of labels (kind names them).
func checkLabels(what, kind string, labels []int) error {
	for i, l := range labels {
		if l < 0 {
			return fmt.Errorf("evaluate: %s: %s %d of row %d is negative", what, kind, l, i)
		}
	}
	return nil
}

// checkProbabilities reports the first entry of p that is not a
// probability (NaN, infinite, or outside [0,1]).
func checkProbabilities(what string, p []float64) error {
	for i, v := range p {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return fmt.Errorf("evaluate: %s: probability %v of row %d is not in [0,1]", what, v, i)
		}
	}
	return nil
}

// checkThresholds reports the first threshold that is NaN or infinite.
func checkThresholds(what string, t []float64) error {
	for i, v := range t {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("evaluate: %s: threshold %d is %v", what, i, v)
		}
	}
	return nil
}

// countGroups tallies the decisions: isPos(i) says whether row i is truly
// positive and said(i) whether it was predicted positive.
func countGroups(n int, groups []int, names []string, isPos, said func(i int) bool) []GroupMetrics {
	c := make([]cells, len(names))
	for i := range n {
		g := &c[groups[i]]
		switch t, p := isPos(i), said(i); {
		case t && p:
			g.tp++
		case t:
			g.fn++
		case p:
			g.fp++
		default:
			g.tn++
		}
	}
	out := make([]GroupMetrics, len(names))
	for g := range c {
		out[g] = c[g].metrics(names[g])
	}
	return out
}

// ByGroup scores pred against truth in each group: groups[i] indexes
// names, and positive is the class called positive (every other class
// counts as negative). A group with no rows is still listed (Count 0, every
// rate undefined). It fails when the slices differ in length, a label or
// positive is negative, names is empty, or a group index is out of range.
func ByGroup(truth, pred, groups []int, names []string, positive int) ([]GroupMetrics, error) {
	const what = "metrics by group"
	if len(truth) != len(pred) {
		return nil, fmt.Errorf("evaluate: %s: %d true labels but %d predictions", what, len(truth), len(pred))
	}
	if positive < 0 {
		return nil, fmt.Errorf("evaluate: %s: positive class %d is negative", what, positive)
	}
	if err := checkLabels(what, "true label", truth); err != nil {
		return nil, err
	}
	if err := checkLabels(what, "predicted label", pred); err != nil {
		return nil, err
	}
	if err := checkGroups(what, len(truth), groups, names); err != nil {
		return nil, err
	}
	return countGroups(len(truth), groups, names,
		func(i int) bool { return truth[i] == positive },
		func(i int) bool { return pred[i] == positive }), nil
}

// Gaps between groups: differences are max − min over the groups where the
// rate is defined; the ratio is min/max selection rate. Each is undefined
// (WhyFewerThanTwoGroups) when fewer than two groups have the rate.
type Gaps struct {
	DemographicParityDiff  Number `json:"demographic_parity_diff"`  // max − min selection rate, 0 … 1
	DemographicParityRatio Number `json:"demographic_parity_ratio"` // min / max selection rate, 0 … 1; WhyZeroSelection when max is 0
	EqualOpportunityDiff   Number `json:"equal_opportunity_diff"`   // max − min TPR, 0 … 1
	EqualizedOddsDiff      Number `json:"equalized_odds_diff"`      // max(TPR gap, FPR gap), 0 … 1
}

// extremes returns the smallest and largest defined rate picked from the
// groups, and how many groups have it defined.
func extremes(g []GroupMetrics, pick func(GroupMetrics) Rate) (lo, hi float64, n int) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, m := range g {
		if v, ok := pick(m).Value(); ok {
			lo, hi = min(lo, v), max(hi, v)
			n++
		}
	}
	return lo, hi, n
}

// spread returns max − min of the picked rate over the groups.
func spread(g []GroupMetrics, pick func(GroupMetrics) Rate) Number {
	lo, hi, n := extremes(g, pick)
	if n < 2 {
		return undefined(WhyFewerThanTwoGroups)
	}
	return defined(hi - lo)
}

// GapsOf measures the gaps between the groups' scores (see the package
// comment for what each gap means).
func GapsOf(g []GroupMetrics) Gaps {
	sel := func(m GroupMetrics) Rate { return m.SelectionRate }
	tpr := spread(g, func(m GroupMetrics) Rate { return m.TPR })
	fpr := spread(g, func(m GroupMetrics) Rate { return m.FPR })

	ratio := undefined(WhyFewerThanTwoGroups)
	if lo, hi, n := extremes(g, sel); n >= 2 {
		if hi == 0 {
			ratio = undefined(WhyZeroSelection)
		} else {
			ratio = defined(lo / hi)
		}
	}
	// Equalized odds asks for both gaps to be small; when one of them
	// cannot be measured the larger one is unknown too.
	odds := tpr
	switch {
	case !tpr.Defined:
	case !fpr.Defined:
		odds = fpr
	default:
		odds = defined(max(tpr.Value, fpr.Value))
	}
	return Gaps{
		DemographicParityDiff:  spread(g, sel),
		DemographicParityRatio: ratio,
		EqualOpportunityDiff:   tpr,
		EqualizedOddsDiff:      odds,
	}
}

// Decide turns P(positive) into decisions: 1 (positive) when p ≥ the
// threshold of the row's group, else 0. thresholds has one entry per group
// (groups[i] indexes it) or a single entry for all rows, in which case
// groups may be nil. Thresholds may lie outside [0,1] (above 1 nobody is
// selected, at 0 or below everybody is) but must be finite; every p must be
// a probability in [0,1].
func Decide(pPositive []float64, groups []int, thresholds []float64) ([]int, error) {
	const what = "decide"
	if len(thresholds) == 0 {
		return nil, fmt.Errorf("evaluate: %s: no thresholds", what)
	}
	if err := checkThresholds(what, thresholds); err != nil {
		return nil, err
	}
	if err := checkProbabilities(what, pPositive); err != nil {
		return nil, err
	}
	one := len(thresholds) == 1
	if !(one && groups == nil) {
		if len(groups) != len(pPositive) {
			return nil, fmt.Errorf("evaluate: %s: %d probabilities but %d group indices", what, len(pPositive), len(groups))
		}
		for i, g := range groups {
			if g < 0 || (!one && g >= len(thresholds)) {
				return nil, fmt.Errorf("evaluate: %s: group %d of row %d has no threshold (there are %d)", what, g, i, len(thresholds))
			}
		}
	}
	out := make([]int, len(pPositive))
	for i, p := range pPositive {
		t := thresholds[0]
		if !one {
			t = thresholds[groups[i]]
		}
		if p >= t {
			out[i] = 1
		}
	}
	return out, nil
}

// SweepPoint is a binary decision scored at one threshold, the same for
// every group.
type SweepPoint struct {
	Threshold float64        `json:"threshold"` // the decision is positive when P(positive) ≥ Threshold
	Accuracy  Rate           `json:"accuracy"`  // over all rows
	Groups    []GroupMetrics `json:"groups"`    // in the order of names
	Gaps      Gaps           `json:"gaps"`      // between Groups
}

// Sweep scores a binary decision at each threshold (same for every group):
// accuracy and gaps, for the trade-off plot. truth holds class labels and
// positive is the class pPositive is the probability of. The points come in
// the order of thresholds. It fails on the inputs ByGroup and Decide refuse.
func Sweep(truth []int, pPositive []float64, groups []int, names []string, positive int, thresholds []float64) ([]SweepPoint, error) {
	const what = "sweep"
	if len(truth) != len(pPositive) {
		return nil, fmt.Errorf("evaluate: %s: %d true labels but %d probabilities", what, len(truth), len(pPositive))
	}
	if positive < 0 {
		return nil, fmt.Errorf("evaluate: %s: positive class %d is negative", what, positive)
	}
	if err := checkLabels(what, "true label", truth); err != nil {
		return nil, err
	}
	if err := checkProbabilities(what, pPositive); err != nil {
		return nil, err
	}
	if err := checkThresholds(what, thresholds); err != nil {
		return nil, err
	}
	if err := checkGroups(what, len(truth), groups, names); err != nil {
		return nil, err
	}
	out := make([]SweepPoint, len(thresholds))
	for k, t := range thresholds {
		g := countGroups(len(truth), groups, names,
			func(i int) bool { return truth[i] == positive },
			func(i int) bool { return pPositive[i] >= t })
		var acc Rate
		for _, m := range g {
			acc.Num += m.Accuracy.Num
			acc.Den += m.Accuracy.Den
		}
		out[k] = SweepPoint{Threshold: t, Accuracy: acc, Groups: g, Gaps: GapsOf(g)}
	}
	return out, nil
}

// Thresholds returns steps+1 evenly spaced thresholds from 0 to 1 (i/steps
// for i = 0 … steps), e.g. 0, 0.25, 0.5, 0.75, 1 for 4 steps; nil when
// steps < 1.
func Thresholds(steps int) []float64 {
	if steps < 1 {
		return nil
	}
	out := make([]float64, steps+1)
	for i := range out {
		out[i] = float64(i) / float64(steps)
	}
	return out
}

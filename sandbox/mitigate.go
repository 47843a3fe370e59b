package sandbox

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Mitigations: what a student can do to the training data to counter a
// bias between groups, then train again and measure the gaps again.
//
// Both work on the cells of a table's training part: the rows of one group
// g (a value of the attribute TrainSpec.MitigateBy) and one class y. In
// biased data the cells are unequal — few village applicants were hired —
// and a model learns that group and class go together.
//
//   - Reweighting (Kamiran & Calders 2012, "Data preprocessing techniques
//     for classification without discrimination") keeps every row but
//     gives the rows of cell (g, y) the weight P(g)·P(y)/P(g,y), the count
//     the cell would have if group and class were independent divided by
//     the count it has. Rare cells count more, common ones less; in the
//     weighted data group and class are independent, and the total weight
//     is still the number of rows.
//   - Resampling (Kamiran & Calders' uniform sampling, same paper) brings
//     every cell to round(P(g)·P(y)·n) rows, the count it would have if
//     group and class were independent: a cell with fewer rows draws its
//     own rows again at random, one with more keeps a random choice of
//     them. Group and class become independent while the share of each
//     class (the overall rate of hiring) and of each group stays as it
//     was, and the data keeps about its size. Rare cells repeat rows;
//     common ones lose some.
//
// Neither changes the features: a model can still find the group through
// a proxy, and the test part keeps its bias, so the gaps are measured on
// data as it is.

// mitigate applies spec's mitigation to the training part of d.
func mitigate(spec TrainSpec, d *runData) error {
	if spec.Mitigation == "" {
		return nil
	}
	a, ok := d.rawTrain.Attribute(spec.MitigateBy)
	if !ok {
		return errorf(CodeUnknownAttribute, "mitigate_by", map[string]any{"name": spec.MitigateBy})
	}
	if d.rawTrain.IsRegression() {
		return errorf(CodeMitigationUnsupported, "mitigation", map[string]any{
			"mitigation": spec.Mitigation, "model": d.title, "reason": "not_classification"})
	}
	switch spec.Mitigation {
	case MitigateReweight:
		d.weights = reweigh(a.Of, d.rawTrain.Y, len(a.Values), len(d.rawTrain.Classes))
	case MitigateResample:
		idx := resample(a.Of, d.rawTrain.Y, len(a.Values), len(d.rawTrain.Classes), resampleRand(spec))
		// origTrain keeps the rows as they were: a proxy probe gives each
		// group the median of the other as it is in the data.
		d.rawTrain = d.rawTrain.Subset(idx)
	default:
		return fmt.Errorf("sandbox: unknown mitigation %q", spec.Mitigation)
	}
	return nil
}

// reweigh returns the Kamiran–Calders weight of every row: for a row of
// group g and class y, P(g)·P(y)/P(g,y) = count(g)·count(y)/(n·count(g,y)),
// with the shares counted over the rows given.
func reweigh(groups, labels []int, nGroups, nClasses int) []float64 {
	n := len(labels)
	byGroup := make([]int, nGroups)
	byClass := make([]int, nClasses)
	cell := make([][]int, nGroups)
	for g := range cell {
		cell[g] = make([]int, nClasses)
	}
	for i, y := range labels {
		byGroup[groups[i]]++
		byClass[y]++
		cell[groups[i]][y]++
	}
	w := make([]float64, n)
	for i, y := range labels {
		g := groups[i]
		// The row's own cell counts it, so count(g,y) ≥ 1.
		w[i] = float64(byGroup[g]) * float64(byClass[y]) / (float64(n) * float64(cell[g][y]))
	}
	return w
}

// resample returns row indices in which every (group, class) cell holds
// round(count(g)·count(y)/n) rows = round(P(g)·P(y)·n), the shares counted
// over the rows given (halves rounded away from zero): a cell with fewer
// rows keeps each of its own once and draws the rest from them at random
// with rng (with replacement); a cell with more keeps that many of its
// rows, chosen at random without replacement. An empty cell stays empty:
// there is no row to draw. The result is shuffled.
func resample(groups, labels []int, nGroups, nClasses int, rng *rand.Rand) []int {
	n := len(labels)
	byGroup := make([]int, nGroups)
	byClass := make([]int, nClasses)
	cells := make([][]int, nGroups*nClasses)
	for i, y := range labels {
		byGroup[groups[i]]++
		byClass[y]++
		k := groups[i]*nClasses + y
		cells[k] = append(cells[k], i)
	}
	var idx []int
	for k, c := range cells {
		if len(c) == 0 {
			continue
		}
		g, y := k/nClasses, k%nClasses
		want := int(math.Round(float64(byGroup[g]) * float64(byClass[y]) / float64(n)))
		if want <= len(c) {
			// A random choice of want rows: the first want of a
			// shuffled copy.
			pick := slices.Clone(c)
			rng.Shuffle(len(pick), func(i, j int) { pick[i], pick[j] = pick[j], pick[i] })
			idx = append(idx, pick[:want]...)
			continue
		}
		idx = append(idx, c...)
		for range want - len(c) {
			idx = append(idx, c[rng.IntN(len(c))])
		}
	}
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx
}
